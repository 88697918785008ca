// See program.h. Compiling: split each rule's condition into literals (one
// test on one fact, possibly negated) and residual sub-conditions; cut every
// fact a literal tests into cells on which each literal is constant; fill each
// node's per-fact, per-cell rule bitsets.
#include "eval/program.h"

#include <algorithm>
#include <limits>
#include <map>

namespace referral::internal {

namespace {

struct Literal {
  const Test* test;
  bool negated;
};

struct Split {
  std::vector<Literal> literals;
  std::vector<int> residual;  // condition indices that must also hold
};

bool Intervals(const Fact& f) { return f.type != FactType::kEnum && f.type != FactType::kString; }

bool IsSetFact(const Model& m, int fact) { return m.facts[fact].type == FactType::kSet; }

// Adds the literals of `cond` (negated when `negated`) to `out`; false when
// it is not a conjunction of single-fact tests (then `out` is unusable).
bool TryLiterals(const Model& m, int cond, bool negated, std::vector<Literal>* out) {
  const CondNode& n = m.conditions[cond];
  switch (n.kind) {
    case CondNode::Kind::kTrue:
      return !negated;
    case CondNode::Kind::kTest:
      // Cells cut numbers at range bounds and name enum/string values; set
      // tests (2^n values) stay residual.
      if (IsSetFact(m, n.test.fact)) return false;
      if ((n.test.op == Test::Op::kRange) != Intervals(m.facts[n.test.fact])) return false;
      out->push_back({&n.test, negated});
      return true;
    case CondNode::Kind::kNot:
      return TryLiterals(m, n.children[0], !negated, out);
    case CondNode::Kind::kAll:
    case CondNode::Kind::kAny: {
      // all (or not any) is a conjunction; a one-child any (or not all) too.
      const bool conjunction = (n.kind == CondNode::Kind::kAll) != negated;
      if (!conjunction && n.children.size() != 1) return false;
      for (int child : n.children) {
        if (!TryLiterals(m, child, negated, out)) return false;
      }
      return true;
    }
    case CondNode::Kind::kPredicate:
      return TryLiterals(m, m.predicates[n.predicate].condition, negated != !n.predicate_value, out);
  }
  return false;
}

// The top level of a rule's condition: a conjunction whose parts are either
// literals or residual sub-conditions.
void SplitCondition(const Model& m, int cond, Split* s) {
  if (cond < 0) return;
  const CondNode& n = m.conditions[cond];
  if (n.kind == CondNode::Kind::kAll) {
    for (int child : n.children) SplitCondition(m, child, s);
    return;
  }
  if (n.kind == CondNode::Kind::kPredicate && n.predicate_value) {
    SplitCondition(m, m.predicates[n.predicate].condition, s);
    return;
  }
  std::vector<Literal> lits;
  if (TryLiterals(m, cond, false, &lits)) {
    s->literals.insert(s->literals.end(), lits.begin(), lits.end());
  } else {
    s->residual.push_back(cond);
  }
}

// A value inside cell `k` (k >= 1) of `c`.
int64_t Representative(const Program::Cells& c, int k) {
  if (!c.intervals) return k - c.offset;
  if (c.bounds.empty()) return 0;
  return k == 1 ? c.bounds[0] - 1 : c.bounds[k - 2];
}

bool LiteralIn(const Literal& l, const Program::Cells& c, int k) {
  if (k == 0) return l.negated;  // a test on an absent fact never holds
  return l.test->Holds(Representative(c, k)) != l.negated;
}

}  // namespace

Program CompileProgram(const Model& m) {
  Program p;
  std::vector<Split> splits(m.rules.size());
  for (size_t r = 0; r < m.rules.size(); ++r) SplitCondition(m, m.rules[r].when, &splits[r]);

  // Cells of every fact a literal tests.
  std::map<int, std::vector<int64_t>> bounds;  // fact -> interval bounds (intervals facts)
  for (const auto& s : splits) {
    for (const auto& l : s.literals) {
      auto& b = bounds[l.test->fact];
      if (!Intervals(m.facts[l.test->fact]) || l.test->op != Test::Op::kRange) continue;
      if (l.test->lo != std::numeric_limits<int64_t>::min()) b.push_back(l.test->lo);
      if (l.test->hi != std::numeric_limits<int64_t>::max()) b.push_back(l.test->hi + 1);
    }
  }
  std::vector<int> cells_of(m.facts.size(), -1);
  for (auto& [fact, b] : bounds) {
    const Fact& f = m.facts[fact];
    Program::Cells c;
    c.fact = fact;
    c.intervals = Intervals(f);
    if (c.intervals) {
      std::sort(b.begin(), b.end());
      b.erase(std::unique(b.begin(), b.end()), b.end());
      c.bounds = b;
      c.count = static_cast<int>(b.size()) + 2;
    } else {
      c.offset = f.type == FactType::kString ? 2 : 1;
      c.count = static_cast<int>((f.type == FactType::kString ? f.constants.size() : f.values.size()) + c.offset);
    }
    cells_of[fact] = static_cast<int>(p.cells.size());
    p.cells.push_back(std::move(c));
  }

  p.nodes.resize(m.nodes.size());
  for (size_t n = 0; n < m.nodes.size(); ++n) {
    const Node& node = m.nodes[n];
    Program::NodeProgram& np = p.nodes[n];
    const int rules = static_cast<int>(node.rules.size());
    np.words = (rules + 63) / 64;
    np.all.assign(np.words, 0);
    for (int r = 0; r < rules; ++r) np.all[r / 64] |= uint64_t{1} << (r % 64);
    std::map<int, int> column_of;  // cells index -> column
    for (int r = 0; r < rules; ++r) {
      for (const auto& l : splits[node.rules[r]].literals) {
        const int ci = cells_of[l.test->fact];
        if (column_of.emplace(ci, static_cast<int>(np.columns.size())).second) {
          Program::Column col;
          col.cells = ci;
          for (int k = 0; k < p.cells[ci].count; ++k) col.table.insert(col.table.end(), np.all.begin(), np.all.end());
          np.columns.push_back(std::move(col));
        }
        Program::Column& col = np.columns[column_of[ci]];
        const Program::Cells& c = p.cells[ci];
        for (int k = 0; k < c.count; ++k) {
          if (!LiteralIn(l, c, k)) col.table[k * np.words + r / 64] &= ~(uint64_t{1} << (r % 64));
        }
      }
      for (int cond : splits[node.rules[r]].residual) np.residual.push_back({r, cond});
    }
  }
  return p;
}

void CaseCells(const Program& p, const CaseValues& c, std::vector<int>* cells) {
  cells->resize(p.cells.size());
  for (size_t i = 0; i < p.cells.size(); ++i) {
    const Program::Cells& pc = p.cells[i];
    if (!c.present[pc.fact]) {
      (*cells)[i] = 0;
      continue;
    }
    const int64_t v = c.values[pc.fact];
    if (pc.intervals) {
      (*cells)[i] = 1 + static_cast<int>(std::upper_bound(pc.bounds.begin(), pc.bounds.end(), v) - pc.bounds.begin());
    } else {
      (*cells)[i] = static_cast<int>(v) + pc.offset;  // enum 0..n-1, string -1..n-1
    }
  }
}

}  // namespace referral::internal
