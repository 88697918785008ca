// The evaluator (eval/evaluator.h): routing around the matchers.
#include "eval/evaluator.h"

#include <algorithm>

#include "analyze/region.h"
#include "decision/render.h"
#include "eval/condition_eval.h"
#include "eval/local_delivery.h"
#include "eval/match.h"
#include "eval/program.h"

namespace referral::internal {

namespace {

struct Candidate {
  bool asked = false;
  int priority = 0;
  bool confirm = false;
  const std::string* legal_basis = nullptr;  // the first non-consent basis asked for, else `consent`
  std::vector<int> rules;                    // the rules that asked, in firing order
};

// What one decision needs besides its Result, kept per thread and reused:
// after the first decisions on a thread, routing allocates nothing.
struct Scratch {
  std::vector<Candidate> candidates;  // by service
  std::vector<int> asked;             // services with a candidate
  std::vector<uint8_t> reached;       // by node
  std::vector<int> cells;             // the case's cell per Program::cells
  std::vector<uint64_t> bits;         // a node's matching rules
  std::vector<int> matched;           // a node's matching rules, by index
  void Reset(const Model& m) {
    if (candidates.size() != m.services.size()) candidates.assign(m.services.size(), Candidate{});
    for (int s : asked) {
      candidates[s].asked = false;
      candidates[s].confirm = false;
      candidates[s].legal_basis = nullptr;
      candidates[s].rules.clear();
    }
    asked.clear();
    reached.assign(m.nodes.size(), 0);
  }
};

// Over 25 years (300 months) is no age for a child identified in the street:
// a one-digit typo in a birth date (1922 for 2022) gives it, and would put a
// child out of scope as an adult without anyone noticing.
constexpr int64_t kImplausibleAgeMonths = 300;

// An out-of-scope outcome whose scope condition reads a derived age above
// kImplausibleAgeMonths gets the warning `age_implausible` (detail: the
// fact the age came from) and a follow-up, so that a person checks the date.
void FlagImplausibleAge(const Model& m, const CaseValues& c, Result* r) {
  std::vector<bool> read(m.facts.size(), false);
  FactsRead(m, m.scope, &read);
  for (size_t f = 0; f < m.facts.size(); ++f) {
    const Fact& fact = m.facts[f];
    if (!fact.derived || !read[f] || !c.present[f] || c.values[f] <= kImplausibleAgeMonths) continue;
    const int from = fact.age.birth_date >= 0 && c.present[fact.age.birth_date] ? fact.age.birth_date
                                                                                  : static_cast<int>(f);
    r->warnings.push_back({"age_implausible", m.facts[from].name});
    r->follow_up = true;
  }
}

Status UniqueViolation(const Model& m, const Node& node, int a, int b) {
  return Status::Error("eval.unique_violation", "node `" + node.id + "` allows one matching rule, but `" +
                                                    m.rules[a].id + "` and `" + m.rules[b].id +
                                                    "` both match this case");
}

}  // namespace

Status Evaluate(const Model& m, const CaseValues& c, TraceLevel level, Result* out,
                std::vector<uint8_t>* consulted) {
  Result& d = *out;
  d.Clear();
  d.trace = level;
  if (consulted) consulted->assign(m.conditions.size(), 0);
  const bool tracing = level != TraceLevel::kOff;
  const bool full = level == TraceLevel::kFull;
  ConditionEval conditions(m, c, full ? &d.checks : nullptr, consulted);

  if (m.scope >= 0) {
    ResultTrace t;
    t.kind = ResultTrace::Kind::kScope;
    t.fired = conditions.Record(m.scope, &t.checks);
    if (full) d.rules_trace.push_back(t);
    if (!t.fired) {
      d.outcome = Outcome::kOutOfScope;
      d.source = OutcomeSource::kScope;
      FlagImplausibleAge(m, c, &d);
      return Status::Ok();
    }
  }

  thread_local Scratch scratch;
  scratch.Reset(m);
  std::vector<Candidate>& candidates = scratch.candidates;
  std::vector<uint8_t>& reached = scratch.reached;
  reached[m.entry] = 1;
  int outcome_rule = -1;
  bool confirm_all = c.confirm_all;  // e.g. a presumed minor of unknown age

  // The compiled matching unless every test must be recorded or marked:
  // the full trace (and `consulted`) evaluates each rule's condition itself,
  // in order, stopping where the answer is known.
  MatchContext ctx{m, c, conditions};
  MatchFn match = MatchInterpreted;
  if (!full && !consulted && m.program) {
    match = MatchCompiled;
    ctx.program = m.program.get();
    CaseCells(*ctx.program, c, &scratch.cells);
    ctx.cells = &scratch.cells;
    ctx.bits = &scratch.bits;
  } else if (full) {
    ctx.record = &d;
  }

  // Applies a rule that fired: its referrals, warnings, outcome and next nodes.
  auto fire = [&](int r) {
    const Rule& rule = m.rules[r];
    d.fired_rules.push_back(r);
    for (const ReferTo& to : rule.refer) {
      Candidate& cand = candidates[to.service];
      if (!cand.asked) scratch.asked.push_back(to.service);
      if (!cand.asked || to.priority < cand.priority) cand.priority = to.priority;
      cand.asked = true;
      cand.confirm = cand.confirm || to.confirm;
      // A referral may be made under another basis than its service's
      // (`legal_basis` in `refer`); a non-consent basis wins the merge.
      const std::string& basis = to.legal_basis.empty() ? m.services[to.service].legal_basis : to.legal_basis;
      if (cand.legal_basis == nullptr || (*cand.legal_basis == "consent" && basis != "consent")) {
        cand.legal_basis = &basis;
      }
      cand.rules.push_back(r);
    }
    for (const auto& w : rule.warn) d.warnings.push_back({w, rule.id});
    if (rule.has_outcome && outcome_rule < 0) outcome_rule = r;
    confirm_all = confirm_all || rule.require_confirmation;
    for (int next : rule.next) reached[next] = 1;
  };

  std::vector<int>& matched = scratch.matched;
  for (int node_index : m.node_order) {
    if (!reached[node_index]) continue;
    const Node& node = m.nodes[node_index];
    d.path.push_back(node_index);
    match(ctx, node_index, &matched);
    if (node.hit == HitPolicy::kUnique && matched.size() > 1) {
      return UniqueViolation(m, node, matched[0], matched[1]);
    }
    for (int r : matched) {
      if (tracing && !ctx.record) d.rules_trace.push_back({ResultTrace::Kind::kRule, r, true, {}});
      fire(r);
    }
  }

  // Eligibility of the services asked for (with the full trace: of every
  // service, for the explanation of those not chosen).
  std::vector<int>& asked = scratch.asked;
  std::sort(asked.begin(), asked.end());
  auto eligibility = [&](int s) {
    const Service& svc = m.services[s];
    if (svc.eligibility < 0) return;
    ResultTrace t;
    t.kind = ResultTrace::Kind::kEligibility;
    t.index = s;
    t.fired = conditions.Record(svc.eligibility, &t.checks);
    if (candidates[s].asked && !t.fired) {
      candidates[s].asked = false;
      d.warnings.push_back({"service_ineligible", svc.id});
    }
    if (full) d.eligibility.push_back(t);
  };
  if (full && !consulted) {
    for (size_t s = 0; s < m.services.size(); ++s) eligibility(static_cast<int>(s));
  } else {
    for (int s : asked) eligibility(s);
  }

  for (int s : asked) {
    const Candidate& cand = candidates[s];
    if (!cand.asked) continue;
    ResultReferral r;
    r.service = s;
    r.priority = cand.priority;
    r.legal_basis = cand.legal_basis;
    // Policy §10: a referral not made under consent requires human confirmation.
    r.confirm = m.services[s].human_confirmation || cand.confirm || confirm_all || *cand.legal_basis != "consent";
    r.rules.begin = static_cast<uint32_t>(d.rule_refs.size());
    d.rule_refs.insert(d.rule_refs.end(), cand.rules.begin(), cand.rules.end());
    r.rules.end = static_cast<uint32_t>(d.rule_refs.size());
    if (tracing) {
      // The because-texts of the rules that asked for it, in rule order.
      r.because.begin = r.rules.end;
      d.rule_refs.insert(d.rule_refs.end(), cand.rules.begin(), cand.rules.end());
      auto first = d.rule_refs.begin() + r.because.begin;
      std::sort(first, d.rule_refs.end());
      d.rule_refs.erase(std::unique(first, d.rule_refs.end()), d.rule_refs.end());
      r.because.end = static_cast<uint32_t>(d.rule_refs.size());
    } else {
      r.because = {r.rules.end, r.rules.end};
    }
    d.referrals.push_back(r);
  }
  // R4 and the directory, after the rules (eval/local_delivery.h).
  ApplyCapacityFallback(m, c, conditions, &d);
  ResolveOffices(m, c, &d);
  std::sort(d.referrals.begin(), d.referrals.end(), [&](const ResultReferral& a, const ResultReferral& b) {
    return a.priority != b.priority ? a.priority < b.priority : m.services[a.service].id < m.services[b.service].id;
  });

  if (!d.referrals.empty()) {
    d.outcome = Outcome::kReferred;
  } else if (outcome_rule >= 0) {
    d.outcome = Outcome::kNoReferral;
    d.source = OutcomeSource::kRule;
    d.outcome_rule = outcome_rule;
    d.follow_up = m.rules[outcome_rule].follow_up;
  } else {
    d.outcome = Outcome::kNoReferral;
    d.source = OutcomeSource::kFallback;
    d.follow_up = m.fallback_follow_up;
  }
  return Status::Ok();
}

StatusOr<Decision> EvaluateDecision(const Model& m, const CaseValues& c, TraceLevel trace,
                                    std::vector<uint8_t>* consulted) {
  Result r;
  Status s = Evaluate(m, c, trace, &r, consulted);
  if (!s.ok()) return s;
  return ToDecision(m, c, r);
}

}  // namespace referral::internal
