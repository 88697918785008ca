// What the evaluator produces: one decision as indices into the rule set
// that made it (services, priorities, rules, nodes, offices, conditions),
// with no text of its own. Every document renders from (rule set, case,
// result): the public Decision (decision/render.h), the decision JSON, records,
// explanations, why-not, graph highlighting and the sidecar's answers, so no
// reader maps ids back to indices by searching. A Result is cleared, not
// freed, between decisions: a caller that reuses one stops allocating once
// its vectors have grown to the largest decision seen.
#ifndef REFERRAL_ENGINE_EVAL_RESULT_H_
#define REFERRAL_ENGINE_EVAL_RESULT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "referral/decision.h"
#include "referral/options.h"

namespace referral::internal {

// A half-open range of a Result's flat vectors.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool empty() const { return begin == end; }
};

struct ResultReferral {
  int service = -1;
  int priority = -1;                         // Model::priorities
  const std::string* legal_basis = nullptr;  // the model's text: the service's, or a `refer`'s own
  bool confirm = false;                      // requires human confirmation
  Span rules;    // Result::rule_refs: every rule that asked for it, in firing order
  Span because;  // Result::rule_refs: the rules whose because-texts make its `because`, in order
  int office = -1;         // Model::offices; -1: none
  int fallback_from = -1;  // the service asked for, when this one replaced it for lack of places
};

// A warning the evaluation raised (the case's own come first, from
// CaseValues::warnings). Both texts are the model's or static: `detail` is
// a rule, service or fact id; for `capacity_fallback`, `detail -> to`.
struct ResultWarning {
  std::string_view code;
  std::string_view detail;
  int to = -1;  // capacity_fallback: the service chosen instead
};

// One test as the evaluator checked it (full trace).
struct ResultCheck {
  int condition = -1;  // a test node of Model::conditions
  int predicate = -1;  // the innermost named predicate it belongs to, or -1
  bool result = false;
  bool wanted = true;  // false under an odd number of `not`
};

// The scope, one rule, or one service's eligibility as the evaluator saw it.
struct ResultTrace {
  enum class Kind : uint8_t { kScope, kRule, kEligibility };
  Kind kind = Kind::kRule;
  int index = -1;  // rule (kRule) or service (kEligibility)
  bool fired = false;
  Span checks;     // Result::checks (full trace only)
};

// Who set a decision's outcome when nothing was referred.
enum class OutcomeSource : uint8_t { kNone, kScope, kRule, kFallback };

struct Result {
  Outcome outcome = Outcome::kNoReferral;
  OutcomeSource source = OutcomeSource::kNone;
  int outcome_rule = -1;  // source kRule: the rule
  bool follow_up = false;
  TraceLevel trace = TraceLevel::kOff;
  std::vector<ResultReferral> referrals;  // one per service, most urgent first, then by id
  std::vector<ResultWarning> warnings;    // after the case's own
  std::vector<int> path;                  // nodes, in evaluation order
  std::vector<int> fired_rules;           // in firing order
  std::vector<ResultTrace> rules_trace;   // per the trace level: scope (full), then rules
  std::vector<ResultTrace> eligibility;   // full trace only
  std::vector<ResultCheck> checks;
  std::vector<int> rule_refs;             // the referrals' rule lists

  // Empties every vector, keeping its capacity.
  void Clear() {
    outcome = Outcome::kNoReferral;
    source = OutcomeSource::kNone;
    outcome_rule = -1;
    follow_up = false;
    trace = TraceLevel::kOff;
    referrals.clear();
    warnings.clear();
    path.clear();
    fired_rules.clear();
    rules_trace.clear();
    eligibility.clear();
    checks.clear();
    rule_refs.clear();
  }
};

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_EVAL_RESULT_H_
