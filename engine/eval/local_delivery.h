// After the rules have chosen services: the R4 capacity fallback (a consent
// referral to a service the case says has no places moves down the service's
// fallback chain) and the directory (a locally delivered service resolves to
// the office serving the case's locality). Takes the merged, eligible
// referrals; changes them in place and adds warnings. Never removes a
// referral: a legal duty, or a service with no alternative, is kept.
#ifndef REFERRAL_ENGINE_EVAL_LOCAL_DELIVERY_H_
#define REFERRAL_ENGINE_EVAL_LOCAL_DELIVERY_H_

#include <functional>

#include "case/case_values.h"
#include "model/model.h"
#include "referral/decision.h"

namespace referral::internal {

// Whether condition `cond` holds for the case (-1 = always).
using HoldsFn = std::function<bool(int cond)>;

// Warnings: `capacity_fallback` (detail `FROM -> TO`), `capacity_duty_kept`
// and `capacity_no_alternative` (detail: the service).
void ApplyCapacityFallback(const Model& m, const CaseValues& c, const HoldsFn& holds, Decision* d);

// Sets Referral::office for every locally delivered service, when the case
// gives its area (the directory's area fact).
void ResolveOffices(const Model& m, const CaseValues& c, Decision* d);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_EVAL_LOCAL_DELIVERY_H_
