// The state behind referral::DecisionResult (include/referral/result.h).
#ifndef REFERRAL_ENGINE_DECISION_RESULT_IMPL_H_
#define REFERRAL_ENGINE_DECISION_RESULT_IMPL_H_

#include <optional>

#include "case/case_values.h"
#include "eval/result.h"
#include "referral/result.h"

namespace referral {

struct DecisionResult::Impl {
  std::optional<Ruleset> rules;  // set while it holds a decision
  internal::CaseValues c;
  internal::Result r;
};

// The library's access to a DecisionResult's state.
struct ResultAccess {
  static DecisionResult::Impl& Of(DecisionResult& d) { return *d.impl_; }
  static const DecisionResult::Impl& Of(const DecisionResult& d) { return *d.impl_; }
};

}  // namespace referral

#endif  // REFERRAL_ENGINE_DECISION_RESULT_IMPL_H_
