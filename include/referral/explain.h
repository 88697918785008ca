// Renders a decision for people, from the trace the evaluator recorded.
#ifndef REFERRAL_EXPLAIN_H_
#define REFERRAL_EXPLAIN_H_

#include <string>

#include "referral/decision.h"
#include "referral/options.h"
#include "referral/ruleset.h"

namespace referral {

// The explanation in `lang`: the outcome; for each referral, the rules, their
// because-texts and each condition with the case's value; for each service not
// chosen, the first condition that kept the case from it. Sensitive facts show
// only the result of the condition on them. Needs a decision made with the
// full trace (otherwise it says that the trace is missing).
// `rules` must be the rule set that made `decision`. Thread-safe.
std::string Explain(const Ruleset& rules, const Decision& decision, Lang lang);

}  // namespace referral

#endif  // REFERRAL_EXPLAIN_H_
