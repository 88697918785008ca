// The rule sets of the source tree, loaded once per test run.
#ifndef REFERRAL_TESTS_SUPPORT_RULESETS_H_
#define REFERRAL_TESTS_SUPPORT_RULESETS_H_

#include <string>

#include "referral/ruleset.h"

namespace referral::testing {

// The rule set at `path` (relative to the source tree, e.g. "rules/bogota"),
// loaded on first use and kept; the calling test fails if it does not load.
const Ruleset& LoadedRules(const std::string& path);

inline const Ruleset& BogotaRules() { return LoadedRules("rules/bogota"); }
inline const Ruleset& ExampleRules() { return LoadedRules("rules/example"); }

}  // namespace referral::testing

#endif  // REFERRAL_TESTS_SUPPORT_RULESETS_H_
