// The versioned JSON contracts: what goes in (a case) and what comes out (a
// decision, a record). docs/compatibility.md says what may change within a
// version. The decision and record schemas are files in docs/schema/; the case
// schema depends on the rule set's facts, so it is generated.
#ifndef REFERRAL_CONTRACTS_H_
#define REFERRAL_CONTRACTS_H_

#include <string>

#include "referral/export.h"
#include "referral/options.h"
#include "referral/ruleset.h"

namespace referral {

// Versions of the contracts, as in each schema's `$id` (urn:referral:NAME:vN).
inline constexpr int kCaseContractVersion = 1;
inline constexpr int kDecisionContractVersion = 1;
inline constexpr int kRecordContractVersion = 1;

// A JSON Schema (draft-07) of the cases `rules` accepts: `case_id` and every
// input fact with its type, range or values; required facts required; no
// other field; derived facts absent (they are computed). Sensitive facts carry
// `"x-sensitive": true`. Deterministic for a given rule set. Thread-safe.
REFERRAL_API std::string CaseJsonSchema(const Ruleset& rules);

// The same input facts described for a form a person fills in, as one JSON
// object: {"ruleset": {"id", "version", "digest", "title"}, "lang", "facts":
// [{"id", "type" (bool, int, enum, set, string, date), "label", "description",
// "required", "sensitive", "default" (the value a rule assumes when the fact
// is left out, or null), "min" and "max" (int), "values": [{"value", "label"}]
// (enum, set)}], "derived": [{"id", "label"}] (facts the engine computes, such
// as an age in months: never asked), "services": [{"id", "name",
// "legal_basis"}]}, labels in `lang`. Not a contract: the case schema above is. Thread-safe.
REFERRAL_API std::string CaseFormJson(const Ruleset& rules, Lang lang);

}  // namespace referral

#endif  // REFERRAL_CONTRACTS_H_
