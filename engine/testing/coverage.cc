// CoverageCollector: from the evaluator's own traces, which rules fired and
// which condition tests were seen true and false.
#include <algorithm>
#include <set>

#include "model/model.h"
#include "referral/testing.h"

namespace referral {

namespace {
// The condition tests a rule set's rules and predicates can evaluate.
std::set<int> ReachableTests(const internal::Model& m) {
  std::set<int> out;
  std::vector<int> stack;
  for (const auto& r : m.rules) {
    if (r.when >= 0) stack.push_back(r.when);
  }
  std::set<int> seen_predicates;
  while (!stack.empty()) {
    int c = stack.back();
    stack.pop_back();
    const auto& n = m.conditions[c];
    if (n.kind == internal::CondNode::Kind::kTest) out.insert(c);
    if (n.kind == internal::CondNode::Kind::kPredicate && seen_predicates.insert(n.predicate).second) {
      stack.push_back(m.predicates[n.predicate].condition);
    }
    for (int child : n.children) stack.push_back(child);
  }
  return out;
}
}  // namespace

CoverageCollector::CoverageCollector(const Ruleset& rules)
    : rules_(rules),
      seen_true_(internal::ModelOf(rules).conditions.size(), 0),
      seen_false_(internal::ModelOf(rules).conditions.size(), 0) {}

void CoverageCollector::Add(const Decision& d) {
  fired_.insert(fired_.end(), d.fired_rules.begin(), d.fired_rules.end());
  for (const auto& t : d.trace) {
    if (t.node.empty()) continue;  // scope and eligibility are not rules
    for (const auto& c : t.checks) {
      if (c.condition < 0 || static_cast<size_t>(c.condition) >= seen_true_.size()) continue;
      (c.result ? seen_true_ : seen_false_)[c.condition] = 1;
    }
  }
}

CoverageReport CoverageCollector::Report() const {
  const internal::Model& m = internal::ModelOf(rules_);
  CoverageReport report;
  std::set<std::string> fired(fired_.begin(), fired_.end());
  report.rules_total = m.rules.size();
  for (const auto& r : m.rules) {
    if (fired.count(r.id)) {
      ++report.rules_fired;
    } else {
      report.rules_never_fired.push_back({r.id, r.loc.file, r.loc.line, r.loc.column, false, false});
    }
  }
  for (int c : ReachableTests(m)) {
    ++report.conditions_total;
    const auto& n = m.conditions[c];
    if (seen_true_[c] && seen_false_[c]) {
      ++report.conditions_both_ways;
      continue;
    }
    const auto& fact = m.facts[n.test.fact];
    report.conditions_not_both_ways.push_back({fact.name + " " + (fact.sensitive ? "(sensitive test)" : n.test.text),
                                               n.loc.file, n.loc.line, n.loc.column, seen_true_[c] != 0,
                                               seen_false_[c] != 0});
  }
  std::sort(report.conditions_not_both_ways.begin(), report.conditions_not_both_ways.end(),
            [](const CoverageItem& a, const CoverageItem& b) {
              return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
            });
  return report;
}

}  // namespace referral
