// Which rules of a node hold for a case: two matchers behind one signature.
//  - MatchCompiled (match_compiled.cc) reads the compiled program
//    (eval/program.h): one AND of precomputed bitsets per tested fact, then
//    the residual conditions of the rules still in play.
//  - MatchInterpreted (match_interpreted.cc) evaluates each rule's condition
//    in order, recording each test when asked (the full trace) and marking
//    the tests it consulted (records).
// Both give the same rules for every case (tests/engine/eval/program_test.cc,
// and the differential fuzz target); the evaluator applies what they match
// the same way whichever ran, so every trace level routes by the same code.
#ifndef REFERRAL_ENGINE_EVAL_MATCH_H_
#define REFERRAL_ENGINE_EVAL_MATCH_H_

#include <cstdint>
#include <vector>

#include "case/case_values.h"
#include "eval/condition_eval.h"
#include "eval/program.h"
#include "eval/result.h"
#include "model/model.h"

namespace referral::internal {

struct MatchContext {
  const Model& model;
  const CaseValues& c;
  ConditionEval& conditions;
  // MatchCompiled: the program and the case's cells (CaseCells), and a
  // buffer for a node's rule bits.
  const Program* program = nullptr;
  const std::vector<int>* cells = nullptr;
  std::vector<uint64_t>* bits = nullptr;
  // MatchInterpreted: append every rule it evaluates, fired or not, with its
  // tests, to this trace (the full trace); null: record nothing.
  Result* record = nullptr;
};

// Sets `matched` to the rules of node `node` (model indices) whose
// conditions hold, in rule order; a `first` node stops at the first match, a
// `unique` node at the second (which the evaluator refuses).
using MatchFn = void (*)(MatchContext& ctx, int node, std::vector<int>* matched);

void MatchCompiled(MatchContext& ctx, int node, std::vector<int>* matched);
void MatchInterpreted(MatchContext& ctx, int node, std::vector<int>* matched);

// How many matches a node of this hit policy needs before its answer is known.
inline size_t MatchesNeeded(HitPolicy hit) {
  switch (hit) {
    case HitPolicy::kFirst: return 1;
    case HitPolicy::kUnique: return 2;
    case HitPolicy::kCollect: break;
  }
  return SIZE_MAX;
}

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_EVAL_MATCH_H_
