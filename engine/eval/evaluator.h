// Evaluates a validated case over the rule set's nodes and records its own
// trace while it decides: the trace is never recomputed afterwards, so it
// cannot disagree with the outcome. Its only output is a Result
// (eval/result.h), indices into the model; decision/render.h turns it into
// the public Decision and the decision JSON.
#ifndef REFERRAL_ENGINE_EVAL_EVALUATOR_H_
#define REFERRAL_ENGINE_EVAL_EVALUATOR_H_

#include <cstdint>
#include <vector>

#include "case/case_values.h"
#include "eval/result.h"
#include "model/model.h"
#include "referral/decision.h"
#include "referral/options.h"
#include "referral/status.h"

namespace referral::internal {

// Decides `c` into `*out` (cleared first; its capacity is reused).
// Scope, then the nodes in topological order from the entry, each by its hit
// policy (eval/match.h picks the rules); referrals merged per service,
// eligibility applied, the capacity fallback and offices (eval/local_delivery.h),
// outcome chosen, referrals sorted. The `off` and `rules` levels match with
// the compiled program, `full` with the interpreted matcher recording every
// test; the routing around them is the same code.
//
// With `consulted` (by condition index), the evaluator also marks every test
// it actually looked at on the decision's path, evaluating each condition
// left to right and stopping where the answer is known (as the full trace
// does): scope, the rules of each reached node up to the one a first-hit node
// stops at, the eligibility of the services asked for, and the capacity
// fallback's alternatives. A decision depends only on the results of those
// tests, which is what a record keeps of a sensitive fact.
//
// Fails only with `eval.unique_violation`.
Status Evaluate(const Model& model, const CaseValues& c, TraceLevel trace, Result* out,
                std::vector<uint8_t>* consulted = nullptr);

// Evaluate, rendered as the public Decision (decision/render.h).
StatusOr<Decision> EvaluateDecision(const Model& model, const CaseValues& c, TraceLevel trace,
                                    std::vector<uint8_t>* consulted = nullptr);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_EVAL_EVALUATOR_H_
