// ResultFromDecision: the index result of a Decision made elsewhere (the
// public Decision a host kept, a recorded one), so that the renderers that
// read results (the explanation, the graph's highlight) serve it too.
#include <algorithm>

#include "decision/render.h"

namespace referral::internal {

namespace {

// Whether condition `target` is in the tree under `cond` (predicates followed).
bool Contains(const Model& m, int cond, int target, int depth = 0) {
  if (cond < 0 || depth > 64) return false;
  if (cond == target) return true;
  const CondNode& n = m.conditions[cond];
  if (n.kind == CondNode::Kind::kPredicate) {
    return n.predicate >= 0 && Contains(m, m.predicates[n.predicate].condition, target, depth + 1);
  }
  return std::any_of(n.children.begin(), n.children.end(),
                     [&](int child) { return Contains(m, child, target, depth + 1); });
}

// The rule a trace entry shows: its node's rule of that id, the version whose
// condition holds the entry's first check when there are several.
int RuleOf(const Model& m, int node, std::string_view id, const std::vector<ConditionCheck>& checks) {
  const std::vector<int> rules = m.FindRules(node, id);
  if (rules.empty()) return -1;
  if (rules.size() > 1 && !checks.empty()) {
    for (int r : rules) {
      if (Contains(m, m.rules[r].when, checks.front().condition)) return r;
    }
  }
  return rules.front();
}

int PredicateOf(const Model& m, const std::string& name) {
  if (name.empty()) return -1;
  for (size_t p = 0; p < m.predicates.size(); ++p) {
    if (m.predicates[p].name == name) return static_cast<int>(p);
  }
  return -1;
}

}  // namespace

void ResultFromDecision(const Model& m, const Decision& d, Result* r) {
  r->Clear();
  r->outcome = d.outcome;
  r->follow_up = d.follow_up;
  r->trace = d.trace_level;
  for (const auto& id : d.path) {
    if (int n = m.FindNode(id); n >= 0) r->path.push_back(n);
  }

  // The trace first: it tells a rule's versions apart.
  std::vector<int> fired;  // rule indices of the fired entries, in order
  auto entries = [&](const std::vector<RuleTrace>& list, std::vector<ResultTrace>* to, bool eligibility) {
    for (const RuleTrace& t : list) {
      ResultTrace e;
      e.fired = t.fired;
      if (eligibility) {
        e.kind = ResultTrace::Kind::kEligibility;
        e.index = m.FindService(t.rule);
      } else if (t.node.empty()) {
        e.kind = ResultTrace::Kind::kScope;
      } else {
        e.kind = ResultTrace::Kind::kRule;
        e.index = RuleOf(m, m.FindNode(t.node), t.rule, t.checks);
        if (e.fired && e.index >= 0) fired.push_back(e.index);
      }
      e.checks.begin = static_cast<uint32_t>(r->checks.size());
      for (const ConditionCheck& c : t.checks) {
        r->checks.push_back({c.condition, PredicateOf(m, c.predicate), c.result, c.wanted});
      }
      e.checks.end = static_cast<uint32_t>(r->checks.size());
      to->push_back(e);
    }
  };
  entries(d.trace, &r->rules_trace, false);
  entries(d.eligibility, &r->eligibility, true);

  // A fired rule by id: the fired trace entry's version, else the first rule
  // of that id on the path (a decision without a trace).
  auto rule_by_id = [&](const std::string& id) {
    for (int k : fired) {
      if (m.rules[k].id == id) return k;
    }
    for (int n : r->path) {
      if (auto rules = m.FindRules(n, id); !rules.empty()) return rules.front();
    }
    return -1;
  };
  for (const auto& id : d.fired_rules) {
    if (int k = rule_by_id(id); k >= 0) r->fired_rules.push_back(k);
  }
  if (d.outcome_rule == "scope") {
    r->source = OutcomeSource::kScope;
  } else if (d.outcome_rule == "fallback") {
    r->source = OutcomeSource::kFallback;
  } else if (!d.outcome_rule.empty()) {
    r->outcome_rule = rule_by_id(d.outcome_rule);
    if (r->outcome_rule >= 0) r->source = OutcomeSource::kRule;
  }

  for (const Referral& x : d.referrals) {
    ResultReferral ref;
    ref.service = m.FindService(x.service);
    if (ref.service < 0) continue;
    for (size_t p = 0; p < m.priorities.size(); ++p) {
      if (m.priorities[p].id == x.priority) ref.priority = static_cast<int>(p);
    }
    ref.legal_basis = &x.legal_basis;
    ref.confirm = x.requires_human_confirmation;
    ref.rules.begin = static_cast<uint32_t>(r->rule_refs.size());
    for (const auto& id : x.rules) {
      if (int k = rule_by_id(id); k >= 0) r->rule_refs.push_back(k);
    }
    ref.rules.end = static_cast<uint32_t>(r->rule_refs.size());
    ref.because = {ref.rules.end, ref.rules.end};  // the Decision's own text stands
    for (size_t o = 0; o < m.offices.size() && !x.office.id.empty(); ++o) {
      if (m.offices[o].id == x.office.id) ref.office = static_cast<int>(o);
    }
    ref.fallback_from = x.fallback_from.empty() ? -1 : m.FindService(x.fallback_from);
    r->referrals.push_back(ref);
  }
  for (const Warning& w : d.warnings) r->warnings.push_back({w.code, w.detail, -1});
}

}  // namespace referral::internal
