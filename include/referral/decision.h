// The result of routing one case: referrals, outcome, warnings, path, trace.
#ifndef REFERRAL_DECISION_H_
#define REFERRAL_DECISION_H_

#include "referral/export.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "referral/options.h"

namespace referral {

// The concrete office a locally delivered service resolves to for the case's
// locality (the rule set's directory).
struct Office {
  std::string id;
  std::string name;
  std::string address;
};

struct Referral {
  std::string service;      // catalogue id
  std::string priority;     // a priority level id of the rule set
  int priority_rank = 0;    // 1 = the rule set's most urgent level, 2 the next, ...
  std::string timeframe;    // the level's timeframe, or empty
  std::string legal_basis;  // `consent`, `legal_duty_...`, ...
  std::string citation;     // the service's legal citation, or empty
  bool requires_human_confirmation = false;
  std::vector<std::string> rules;  // every rule that asked for it, in firing order
  std::string because;  // the because-texts of those rules, in the rule set's language
                        // (empty with TraceLevel::kOff)
  Office office;              // id empty: no office (not delivered locally, or no locality given)
  std::string fallback_from;  // the service asked for, when it had no places and this one was chosen
};

struct Warning {
  std::string code;    // e.g. `age_presumed_lower_bound`
  std::string detail;  // e.g. the service or rule it concerns; may be empty
};

// One condition as the evaluator checked it.
struct ConditionCheck {
  std::string fact;       // fact or predicate name
  std::string test;       // the test, e.g. `in [venezolana, otra]`; empty if sensitive
  std::string actual;     // the case's value; empty if sensitive
  bool sensitive = false;
  bool absent = false;    // the case has no value for the fact
  bool result = false;    // the test's own result
  bool wanted = true;     // false when the test sits under an odd number of `not`
  std::string predicate;  // the innermost named predicate it belongs to, if any
  int condition = -1;     // the test's stable index in its rule set (for coverage)
};

// One rule (or a service's eligibility) as the evaluator saw it.
struct RuleTrace {
  std::string node;   // node id; for eligibility, empty
  std::string rule;   // rule id; for eligibility, the service id
  bool fired = false;
  std::vector<ConditionCheck> checks;  // in evaluation order (full trace only)
  std::string because_es;  // the rule's because-text with the case's values, when it fired
  std::string because_en;
};

enum class Outcome { kReferred, kNoReferral, kOutOfScope };

struct Decision {
  std::string case_id;
  Outcome outcome = Outcome::kNoReferral;
  std::string reason;         // empty when the rules give none
  bool follow_up = false;
  std::string outcome_rule;   // the rule, `scope` or `fallback` that set a non-referred outcome
  std::string outcome_because_es;  // its text, when the outcome is not `referred`
  std::string outcome_because_en;
  std::vector<Referral> referrals;   // one per service, most urgent first, then by id
  std::vector<Warning> warnings;
  std::vector<std::string> path;     // nodes evaluated, in order
  std::vector<std::string> fired_rules;
  std::vector<RuleTrace> trace;        // rules evaluated (per the trace level)
  std::vector<RuleTrace> eligibility;  // services' eligibility (full trace only)
  std::vector<std::pair<std::string, std::string>> facts;  // derived facts shown, e.g. age_months
  std::string ruleset_id;
  std::string ruleset_version;
  std::string ruleset_digest;
  std::string engine_version;
  TraceLevel trace_level = TraceLevel::kOff;  // the level it was decided with
  // Set once the decision is recorded (RecordLog): its record's id and time,
  // so a caller can link what it showed to the record and review it.
  std::string decision_id;
  std::string decided_at;
};

REFERRAL_API const char* OutcomeName(Outcome o);  // `referred`, `no_referral`, `out_of_scope`

// What a decision's JSON holds besides the decision itself.
struct DecisionJsonOptions {
  bool include_trace = true;     // the `trace` (and `eligibility`) keys
  std::string_view decision_id;  // with decided_at, once recorded (else the Decision's own)
  std::string_view decided_at;
  std::string_view explanation;  // a last key `explanation`, when not empty
};

// The decision as one line of JSON, keys in a fixed order: byte-identical for
// the same rule set and case.
REFERRAL_API std::string DecisionToJson(const Decision& d, bool include_trace = true);
REFERRAL_API std::string DecisionToJson(const Decision& d, const DecisionJsonOptions& options);

}  // namespace referral

#endif  // REFERRAL_DECISION_H_
