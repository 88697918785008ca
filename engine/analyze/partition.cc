// Cell construction and per-test truth tables over cells.
#include "analyze/partition.h"

#include <algorithm>
#include <limits>
#include <set>

#include "util/date.h"

namespace referral::internal {

namespace {

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr size_t kMaxSetBits = 12;

// A derived age may be absent when it presumes minority (a minor of unknown age).
bool Nullable(const Fact& f) {
  if (f.derived) return f.age.majority_months > 0;
  return !f.required && !f.has_default;
}

// The value range the analysis assumes for an int or date fact.
std::pair<int64_t, int64_t> Domain(const Model& m, const Fact& f) {
  if (f.type == FactType::kDate) return {*ParseDate("1900-01-01"), *ParseDate("2999-12-31")};
  if (f.derived) {
    int64_t hi = f.age.estimate >= 0 && m.facts[f.age.estimate].max != kMax ? m.facts[f.age.estimate].max : 1500;
    return {0, std::max<int64_t>(hi, 1500)};
  }
  return {f.min, f.max};
}


}  // namespace

bool SameFact(const Fact& fa, const Fact& fb) {
  return fa.type == fb.type && fa.values == fb.values && fa.constants == fb.constants && fa.min == fb.min &&
         fa.max == fb.max && fa.derived == fb.derived && fa.required == fb.required &&
         fa.has_default == fb.has_default && fa.age.majority_months == fb.age.majority_months;
}

bool SameFacts(const Model& a, const Model& b, std::string* why) {
  if (a.facts.size() != b.facts.size()) {
    *why = "the rule sets declare different numbers of facts";
    return false;
  }
  for (const auto& fa : a.facts) {
    int i = b.FindFact(fa.name);
    if (i < 0) {
      *why = "fact `" + fa.name + "` is only in one rule set";
      return false;
    }
    if (!SameFact(fa, b.facts[i])) {
      *why = "fact `" + fa.name + "` differs between the rule sets";
      return false;
    }
  }
  return true;
}

Partition BuildPartition(const Model& m, const Model* also) {
  Partition p;
  const size_t n = m.facts.size();
  p.facts.resize(n);
  // Cut points and named set values, from every test (of both rule sets).
  std::vector<std::set<int64_t>> cuts(n);
  std::vector<uint64_t> named(n, 0);
  for (const Model* model : {&m, also}) {
    if (!model) continue;
    for (const auto& c : model->conditions) {
      if (c.kind != CondNode::Kind::kTest) continue;
      const Test& t = c.test;
      const int f = model == &m ? t.fact : m.FindFact(model->facts[t.fact].name);
      // A fact the other rule set lacks, or declares otherwise (its values and
      // masks are its own), adds no cut here.
      if (f < 0 || (model != &m && !SameFact(m.facts[f], model->facts[t.fact]))) continue;
      if (t.op == Test::Op::kRange) {
        if (t.lo != kMin) cuts[f].insert(t.lo);
        if (t.hi != kMax) cuts[f].insert(t.hi + 1);
      } else if (t.op != Test::Op::kInMask) {
        named[f] |= t.mask;
      }
    }
  }
  for (size_t f = 0; f < n; ++f) {
    const Fact& fact = m.facts[f];
    FactCells& fc = p.facts[f];
    fc.nullable = Nullable(fact);
    size_t base = 0;
    switch (fact.type) {
      case FactType::kBool: base = 2; break;
      case FactType::kEnum: base = fact.values.size(); break;
      case FactType::kString: base = fact.constants.size() + 1; break;
      case FactType::kInt:
      case FactType::kDate: {
        auto [lo, hi] = Domain(m, fact);
        fc.bounds.push_back(lo);
        for (int64_t c : cuts[f]) {
          if (c > lo && c <= hi) fc.bounds.push_back(c);
        }
        fc.bounds.push_back(hi == kMax ? kMax : hi + 1);
        base = fc.bounds.size() - 1;
        break;
      }
      case FactType::kSet: {
        for (size_t i = 0; i < fact.values.size(); ++i) {
          if ((named[f] >> i) & 1) fc.relevant.push_back(static_cast<int>(i));
        }
        fc.has_other = fc.relevant.size() < fact.values.size();
        size_t bits = fc.relevant.size() + (fc.has_other ? 1 : 0);
        if (bits > kMaxSetBits) {
          p.too_large = true;
          bits = kMaxSetBits;
        }
        base = size_t{1} << bits;
        break;
      }
    }
    fc.count = base + (fc.nullable ? 1 : 0);
  }
  p.test_true.resize(m.conditions.size());
  for (size_t c = 0; c < m.conditions.size(); ++c) {
    if (m.conditions[c].kind != CondNode::Kind::kTest) continue;
    const Test& t = m.conditions[c].test;
    const FactCells& fc = p.facts[t.fact];
    Cells cells(fc.count);
    const size_t real = fc.count - (fc.nullable ? 1 : 0);
    for (size_t i = 0; i < real; ++i) {
      int64_t v = 0;
      CellValue(m, p, t.fact, i, &v);
      cells[i] = t.Holds(v);
    }
    p.test_true[c] = std::move(cells);
  }
  return p;
}

bool CellValue(const Model& m, const Partition& p, int f, size_t cell, int64_t* value) {
  const Fact& fact = m.facts[f];
  const FactCells& fc = p.facts[f];
  if (fc.nullable && cell == fc.count - 1) return false;
  switch (fact.type) {
    case FactType::kBool:
    case FactType::kEnum:
      *value = static_cast<int64_t>(cell);
      return true;
    case FactType::kString:
      *value = cell < fact.constants.size() ? static_cast<int64_t>(cell) : -1;
      return true;
    case FactType::kInt:
    case FactType::kDate: {
      int64_t lo = fc.bounds[cell];
      int64_t hi = fc.bounds[cell + 1] == kMax ? kMax : fc.bounds[cell + 1] - 1;
      // The value nearest to one people recognise: 0, or 1 March 2026.
      int64_t preferred = fact.type == FactType::kDate ? *ParseDate("2026-03-01") : 0;
      *value = std::clamp(preferred, lo, hi);
      return true;
    }
    case FactType::kSet: {
      uint64_t mask = 0;
      for (size_t b = 0; b < fc.relevant.size(); ++b) {
        if ((cell >> b) & 1) mask |= uint64_t{1} << fc.relevant[b];
      }
      if (fc.has_other && ((cell >> fc.relevant.size()) & 1)) {
        for (size_t i = 0; i < fact.values.size(); ++i) {
          if (std::find(fc.relevant.begin(), fc.relevant.end(), static_cast<int>(i)) == fc.relevant.end()) {
            mask |= uint64_t{1} << i;
            break;
          }
        }
      }
      *value = static_cast<int64_t>(mask);
      return true;
    }
  }
  return false;
}

}  // namespace referral::internal
