#include "eval/condition_eval.h"

namespace referral::internal {

bool ConditionEval::Record(int cond, Span* recorded) {
  recorded->begin = recorded->end = static_cast<uint32_t>(checks_ ? checks_->size() : 0);
  if (cond < 0) return true;
  const bool held = Eval(cond, true, -1, checks_ != nullptr);
  if (checks_) recorded->end = static_cast<uint32_t>(checks_->size());
  return held;
}

bool ConditionEval::Eval(int cond, bool wanted, int predicate, bool record) {
  const CondNode& n = m_.conditions[cond];
  switch (n.kind) {
    case CondNode::Kind::kTrue:
      return true;
    case CondNode::Kind::kTest: {
      const int f = n.test.fact;
      const bool result = c_.present[f] && n.test.Holds(c_.values[f]);
      if (consulted_) (*consulted_)[cond] = 1;
      if (record) checks_->push_back({cond, predicate, result, wanted});
      return result;
    }
    case CondNode::Kind::kAll:
      for (int child : n.children) {
        if (!Eval(child, wanted, predicate, record)) return false;
      }
      return true;
    case CondNode::Kind::kAny:
      for (int child : n.children) {
        if (Eval(child, wanted, predicate, record)) return true;
      }
      return false;
    case CondNode::Kind::kNot:
      return !Eval(n.children[0], !wanted, predicate, record);
    case CondNode::Kind::kPredicate: {
      const Predicate& p = m_.predicates[n.predicate];
      const bool held = Eval(p.condition, wanted == n.predicate_value, n.predicate, record);
      return held == n.predicate_value;
    }
  }
  return false;
}

}  // namespace referral::internal
