// A condition evaluated on one case, left to right, stopping where the
// answer is known: the one evaluation every matcher, the scope, eligibility
// and the capacity fallback share. It can record each test it ran (the full
// trace) and mark each test it looked at (what a record keeps of a
// sensitive fact).
#ifndef REFERRAL_ENGINE_EVAL_CONDITION_EVAL_H_
#define REFERRAL_ENGINE_EVAL_CONDITION_EVAL_H_

#include <cstdint>
#include <vector>

#include "case/case_values.h"
#include "eval/result.h"
#include "model/model.h"

namespace referral::internal {

class ConditionEval {
 public:
  // `checks` receives recorded tests; `consulted` (by condition index,
  // sized to the model's conditions) is marked for every test looked at.
  // Either may be null.
  ConditionEval(const Model& m, const CaseValues& c, std::vector<ResultCheck>* checks,
                std::vector<uint8_t>* consulted)
      : m_(m), c_(c), checks_(checks), consulted_(consulted) {}

  // Whether condition `cond` holds (-1: always).
  bool Holds(int cond) { return cond < 0 || Eval(cond, true, -1, false); }
  // The same, appending each test it runs to the checks; returns their span.
  bool Record(int cond, Span* recorded);

 private:
  bool Eval(int cond, bool wanted, int predicate, bool record);

  const Model& m_;
  const CaseValues& c_;
  std::vector<ResultCheck>* checks_;
  std::vector<uint8_t>* consulted_;
};

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_EVAL_CONDITION_EVAL_H_
