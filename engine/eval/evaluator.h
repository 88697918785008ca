// Evaluates a validated case over the compiled graph and records its own
// trace while it decides: the trace is never recomputed afterwards, so it
// cannot disagree with the outcome.
#ifndef REFERRAL_ENGINE_EVAL_EVALUATOR_H_
#define REFERRAL_ENGINE_EVAL_EVALUATOR_H_

#include "case/case_values.h"
#include "model/model.h"
#include "referral/decision.h"
#include "referral/options.h"
#include "referral/status.h"

namespace referral::internal {

StatusOr<Decision> Evaluate(const Model& model, const CaseValues& c, TraceLevel trace);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_EVAL_EVALUATOR_H_
