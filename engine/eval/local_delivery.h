// After the rules have chosen services: the R4 capacity fallback (a consent
// referral to a service the case says has no places moves down the service's
// fallback chain) and the directory (a locally delivered service resolves to
// the office serving the case's locality). Takes the merged, eligible
// referrals of a Result; changes them in place and adds warnings. Never
// removes a referral: a legal duty, or a service with no alternative, is kept.
#ifndef REFERRAL_ENGINE_EVAL_LOCAL_DELIVERY_H_
#define REFERRAL_ENGINE_EVAL_LOCAL_DELIVERY_H_

#include "case/case_values.h"
#include "eval/condition_eval.h"
#include "eval/result.h"
#include "model/model.h"

namespace referral::internal {

// Warnings: `capacity_fallback` (detail `FROM -> TO`), `capacity_duty_kept`
// and `capacity_no_alternative` (detail: the service). An alternative's
// eligibility is evaluated through `conditions` (so a record marks it).
void ApplyCapacityFallback(const Model& m, const CaseValues& c, ConditionEval& conditions, Result* r);

// Sets the office of every locally delivered referral, when the case gives
// its area (the directory's area fact).
void ResolveOffices(const Model& m, const CaseValues& c, Result* r);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_EVAL_LOCAL_DELIVERY_H_
