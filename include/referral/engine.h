// Routing a case: validate it against the rule set's facts, then decide.
#ifndef REFERRAL_ENGINE_H_
#define REFERRAL_ENGINE_H_

#include "referral/export.h"

#include <string_view>

#include "referral/decision.h"
#include "referral/options.h"
#include "referral/ruleset.h"
#include "referral/status.h"

namespace referral {

// Decides one case given as a JSON (or, with options.format, YAML) object.
// A malformed case returns a non-OK status whose code is `case.*` and whose
// field names the offending input field; its errors() list every problem of
// the case at once (docs/diagnostics.md, "Case errors"). A case is one JSON
// value or YAML document of UTF-8 text with each key once. With
// options.now, an evaluation date more than a day after it is
// `case.future_evaluation_date`. A `unique` hit policy broken by the case
// returns `eval.unique_violation`. Never throws for bad input.
// Thread-safe: a Ruleset may be shared by any number of threads.
REFERRAL_API StatusOr<Decision> Decide(const Ruleset& rules, std::string_view case_text,
                          const DecideOptions& options = {});

// Best effort: the `case_id` string of a case text, or empty. For echoing the
// id in an error record when the case itself is invalid: only an id Decide
// would accept (given once, without control characters) in a text that is
// one value of UTF-8 within the default limits.
REFERRAL_API std::string PeekCaseId(std::string_view case_text, CaseFormat format);

}  // namespace referral

#endif  // REFERRAL_ENGINE_H_
