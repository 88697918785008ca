// Exact splitting of regions by conditions.
#include "analyze/region.h"

namespace referral::internal {

Region FullRegion(const Partition& p) {
  Region r;
  r.reserve(p.facts.size());
  for (const auto& fc : p.facts) {
    Cells all(fc.count);
    all.set();
    r.push_back(std::move(all));
  }
  return r;
}

void Split(const Model& m, const Partition& p, int cond, const Region& r, SplitResult* out) {
  const CondNode& n = m.conditions[cond];
  switch (n.kind) {
    case CondNode::Kind::kTrue:
      out->holds.push_back(r);
      return;
    case CondNode::Kind::kTest: {
      const int f = n.test.fact;
      Cells yes = r[f] & p.test_true[cond];
      Cells no = r[f] - p.test_true[cond];
      if (yes.any()) {
        out->holds.push_back(r);
        out->holds.back()[f] = std::move(yes);
      }
      if (no.any()) {
        out->fails.push_back(r);
        out->fails.back()[f] = std::move(no);
      }
      return;
    }
    case CondNode::Kind::kNot: {
      SplitResult inner;
      Split(m, p, n.children[0], r, &inner);
      for (auto& x : inner.holds) out->fails.push_back(std::move(x));
      for (auto& x : inner.fails) out->holds.push_back(std::move(x));
      return;
    }
    case CondNode::Kind::kPredicate: {
      const Predicate& pred = m.predicates[n.predicate];
      SplitResult inner;
      Split(m, p, pred.condition, r, &inner);
      auto& yes = n.predicate_value ? inner.holds : inner.fails;
      auto& no = n.predicate_value ? inner.fails : inner.holds;
      for (auto& x : yes) out->holds.push_back(std::move(x));
      for (auto& x : no) out->fails.push_back(std::move(x));
      return;
    }
    case CondNode::Kind::kAll:
    case CondNode::Kind::kAny: {
      // all: holds where every child holds; fails where the first failing
      // child fails. any is the mirror image.
      const bool all = n.kind == CondNode::Kind::kAll;
      std::vector<Region> pending = {r};
      for (int child : n.children) {
        std::vector<Region> next;
        for (const auto& region : pending) {
          SplitResult part;
          Split(m, p, child, region, &part);
          auto& go_on = all ? part.holds : part.fails;
          auto& done = all ? part.fails : part.holds;
          for (auto& x : done) (all ? out->fails : out->holds).push_back(std::move(x));
          for (auto& x : go_on) next.push_back(std::move(x));
        }
        pending = std::move(next);
        if (pending.empty()) break;
      }
      for (auto& x : pending) (all ? out->holds : out->fails).push_back(std::move(x));
      return;
    }
  }
}

void FactsRead(const Model& m, int cond, std::vector<bool>* facts) {
  if (cond < 0) return;
  const CondNode& n = m.conditions[cond];
  if (n.kind == CondNode::Kind::kTest) (*facts)[n.test.fact] = true;
  if (n.kind == CondNode::Kind::kPredicate) FactsRead(m, m.predicates[n.predicate].condition, facts);
  for (int c : n.children) FactsRead(m, c, facts);
}

}  // namespace referral::internal
