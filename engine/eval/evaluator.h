// Evaluates a validated case over the compiled graph and records its own
// trace while it decides: the trace is never recomputed afterwards, so it
// cannot disagree with the outcome.
#ifndef REFERRAL_ENGINE_EVAL_EVALUATOR_H_
#define REFERRAL_ENGINE_EVAL_EVALUATOR_H_

#include <cstdint>
#include <vector>

#include "case/case_values.h"
#include "model/model.h"
#include "referral/decision.h"
#include "referral/options.h"
#include "referral/status.h"

namespace referral::internal {

// Decides `c`. With `consulted` (by condition index), the evaluator also marks
// every test it actually looked at on the decision's path, evaluating each
// condition left to right and stopping where the answer is known (as the full
// trace does): scope, the rules of each reached node up to the one a
// first-hit node stops at, the eligibility of the services asked for, and the
// capacity fallback's alternatives. A decision depends only on the results of
// those tests, which is what a record keeps of a sensitive fact.
StatusOr<Decision> Evaluate(const Model& model, const CaseValues& c, TraceLevel trace,
                            std::vector<uint8_t>* consulted = nullptr);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_EVAL_EVALUATOR_H_
