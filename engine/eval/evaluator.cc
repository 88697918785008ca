// The evaluator: scope, then nodes in topological order from the entry, each
// by its hit policy; referrals merged per service, eligibility applied,
// outcome chosen, referrals sorted.
#include "eval/evaluator.h"

#include <algorithm>

#include "analyze/region.h"
#include "diag/diag_sink.h"
#include "eval/local_delivery.h"
#include "eval/program.h"
#include "referral/engine.h"
#include "referral/version.h"
#include "util/date.h"
#include "util/utf8.h"

namespace referral::internal {

namespace {


class Evaluator {
 public:
  Evaluator(const Model& m, const CaseValues& c, TraceLevel level, std::vector<uint8_t>* consulted)
      : m_(m), c_(c), level_(level), consulted_(consulted) {}

  // Evaluates condition `cond` (-1 = always). With a full trace, appends each
  // test it ran to `checks`.
  bool Holds(int cond, std::vector<ConditionCheck>* checks) {
    if (cond < 0) return true;
    return Eval(cond, true, "", level_ == TraceLevel::kFull ? checks : nullptr);
  }

 private:
  bool Eval(int cond, bool wanted, const std::string& predicate, std::vector<ConditionCheck>* checks) {
    const CondNode& n = m_.conditions[cond];
    switch (n.kind) {
      case CondNode::Kind::kTrue:
        return true;
      case CondNode::Kind::kTest: {
        const int f = n.test.fact;
        const bool present = c_.present[f];
        const bool result = present && n.test.Holds(c_.values[f]);
        if (consulted_) (*consulted_)[cond] = 1;
        if (checks) {
          const Fact& fact = m_.facts[f];
          ConditionCheck check;
          check.fact = fact.name;
          check.sensitive = fact.sensitive;
          check.absent = !present;
          if (!fact.sensitive) {
            check.test = n.test.text;
            check.actual = FormatValue(m_, c_, f);
          }
          check.result = result;
          check.wanted = wanted;
          check.predicate = predicate;
          check.condition = cond;
          checks->push_back(std::move(check));
        }
        return result;
      }
      case CondNode::Kind::kAll:
        for (int child : n.children) {
          if (!Eval(child, wanted, predicate, checks)) return false;
        }
        return true;
      case CondNode::Kind::kAny:
        for (int child : n.children) {
          if (Eval(child, wanted, predicate, checks)) return true;
        }
        return false;
      case CondNode::Kind::kNot:
        return !Eval(n.children[0], !wanted, predicate, checks);
      case CondNode::Kind::kPredicate: {
        const Predicate& p = m_.predicates[n.predicate];
        const bool held = Eval(p.condition, wanted == n.predicate_value, p.name, checks);
        return held == n.predicate_value;
      }
    }
    return false;
  }

  const Model& m_;
  const CaseValues& c_;
  TraceLevel level_;
  std::vector<uint8_t>* consulted_;
};

// A because-text with each `{fact}` replaced by the case's value.
std::string Render(const std::string& text, const Model& m, const CaseValues& c) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t open = text.find('{', pos);
    size_t close = open == std::string::npos ? open : text.find('}', open);
    if (close == std::string::npos) {
      out.append(text, pos, std::string::npos);
      break;
    }
    out.append(text, pos, open - pos);
    int f = m.FindFact(text.substr(open + 1, close - open - 1));
    out += f >= 0 && !m.facts[f].sensitive ? FormatValue(m, c, f) : "?";
    pos = close + 1;
  }
  return out;
}

void RenderBoth(const Text& t, const Model& m, const CaseValues& c, std::string* es, std::string* en) {
  *es = Render(t.Get(Lang::kEs), m, c);
  *en = Render(t.Get(Lang::kEn), m, c);
}

RuleTrace Traced(const std::string& node, const std::string& rule) {
  RuleTrace t;
  t.node = node;
  t.rule = rule;
  return t;
}

struct Candidate {
  bool asked = false;
  int priority = 0;
  bool confirm = false;
  const std::string* legal_basis = nullptr;  // the first non-consent basis asked for, else `consent`
  std::vector<int> rules;                    // the rules that asked, in firing order
};

// What one decision needs besides its Decision, kept per thread and reused.
struct Scratch {
  std::vector<Candidate> candidates;  // by service
  std::vector<int> asked;             // services with a candidate
  std::vector<uint8_t> reached;       // by node
  std::vector<int> because_of;        // by rule: its trace entry, or -1
  std::vector<int> traced;            // rules whose because_of is set
  std::vector<int> cells;             // the case's cell per Program::cells
  std::vector<uint64_t> acc;          // a node's matching rules
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
    if (because_of.size() != m.rules.size()) because_of.assign(m.rules.size(), -1);
    for (int r : traced) because_of[r] = -1;
    traced.clear();
  }
};

// Over 25 years (300 months) is no age for a child identified in the street:
// a one-digit typo in a birth date (1922 for 2022) gives it, and would put a
// child out of scope as an adult without anyone noticing.
constexpr int64_t kImplausibleAgeMonths = 300;

// An out-of-scope outcome whose scope condition reads a derived age above
// kImplausibleAgeMonths gets the warning `age_implausible` (detail: the
// fact the age came from) and a follow-up, so that a person checks the date.
void FlagImplausibleAge(const Model& m, const CaseValues& c, Decision* d) {
  std::vector<bool> read(m.facts.size(), false);
  FactsRead(m, m.scope, &read);
  for (size_t f = 0; f < m.facts.size(); ++f) {
    const Fact& fact = m.facts[f];
    if (!fact.derived || !read[f] || !c.present[f] || c.values[f] <= kImplausibleAgeMonths) continue;
    const int from = fact.age.birth_date >= 0 && c.present[fact.age.birth_date] ? fact.age.birth_date
                                                                                  : static_cast<int>(f);
    d->warnings.push_back({"age_implausible", m.facts[from].name});
    d->follow_up = true;
  }
}

}  // namespace

StatusOr<Decision> Evaluate(const Model& m, const CaseValues& c, TraceLevel level,
                            std::vector<uint8_t>* consulted) {
  if (consulted) consulted->assign(m.conditions.size(), 0);
  Evaluator ev(m, c, level, consulted);
  Decision d;
  d.case_id = c.case_id;
  d.warnings = c.warnings;
  d.facts = c.derived;
  d.ruleset_id = m.id;
  d.ruleset_version = m.version;
  d.ruleset_digest = m.digest;
  d.engine_version = kEngineVersion;
  d.trace_level = level;
  const bool tracing = level != TraceLevel::kOff;
  const bool full = level == TraceLevel::kFull;

  if (m.scope >= 0) {
    RuleTrace t = Traced("", "scope");
    t.fired = ev.Holds(m.scope, &t.checks);
    const bool in_scope = t.fired;
    if (full) d.trace.push_back(std::move(t));
    if (!in_scope) {
      d.outcome = Outcome::kOutOfScope;
      d.reason = m.scope_reason;
      d.outcome_rule = "scope";
      if (tracing) RenderBoth(m.scope_because, m, c, &d.outcome_because_es, &d.outcome_because_en);
      FlagImplausibleAge(m, c, &d);
      return d;
    }
  }

  // Per-thread scratch, reused: after the first decisions on a thread, the
  // routing itself allocates nothing (the Decision it fills still does).
  thread_local Scratch scratch;
  scratch.Reset(m);
  std::vector<Candidate>& candidates = scratch.candidates;
  std::vector<uint8_t>& reached = scratch.reached;
  reached[m.entry] = 1;
  const Rule* outcome_rule = nullptr;
  bool confirm_all = c.confirm_all;  // e.g. a presumed minor of unknown age
  std::vector<int>& because_of = scratch.because_of;  // rule -> its trace entry (tracing only)
  // The compiled matching (eval/program.h) unless every condition must be
  // recorded: the full trace (and `consulted`) evaluates each rule's
  // condition itself, in order, stopping where the answer is known.
  const Program* program = full || consulted ? nullptr : m.program.get();
  if (program) CaseCells(*program, c, &scratch.cells);

  // Applies a rule that fired: its referrals, warnings, outcome and next nodes.
  auto fire = [&](const Rule& rule) {
    d.fired_rules.push_back(rule.id);
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
      cand.rules.push_back(static_cast<int>(&rule - m.rules.data()));
    }
    for (const auto& w : rule.warn) d.warnings.push_back({w, rule.id});
    if (rule.has_outcome && !outcome_rule) outcome_rule = &rule;
    confirm_all = confirm_all || rule.require_confirmation;
    for (int next : rule.next) reached[next] = 1;
  };
  auto unique_violation = [](const Node& node, const Rule& a, const Rule& b) {
    return Status::Error("eval.unique_violation", "node `" + node.id + "` allows one matching rule, but `" + a.id +
                                                      "` and `" + b.id + "` both match this case");
  };

  for (int node_index : m.node_order) {
    if (!reached[node_index]) continue;
    const Node& node = m.nodes[node_index];
    d.path.push_back(node.id);
    const Rule* first_fired = nullptr;
    if (program) {
      // Rules of the node the case can satisfy: one AND per tested fact,
      // then the residual conditions of the rules still in play.
      const Program::NodeProgram& np = program->nodes[node_index];
      std::vector<uint64_t>& acc = scratch.acc;
      acc.assign(np.all.begin(), np.all.end());
      for (const auto& col : np.columns) {
        const uint64_t* row = &col.table[static_cast<size_t>(scratch.cells[col.cells]) * np.words];
        for (int w = 0; w < np.words; ++w) acc[w] &= row[w];
      }
      for (const auto& [r, cond] : np.residual) {
        uint64_t& word = acc[r / 64];
        const uint64_t bit = uint64_t{1} << (r % 64);
        if ((word & bit) && !ev.Holds(cond, nullptr)) word &= ~bit;
      }
      for (int w = 0; w < np.words && !(node.hit == HitPolicy::kFirst && first_fired); ++w) {
        for (uint64_t bits = acc[w]; bits; bits &= bits - 1) {
          const int local = w * 64 + __builtin_ctzll(bits);
          const Rule& rule = m.rules[node.rules[local]];
          if (node.hit == HitPolicy::kUnique && first_fired) return unique_violation(node, *first_fired, rule);
          first_fired = &rule;
          if (tracing) {
            RuleTrace t = Traced(node.id, rule.id);
            t.fired = true;
            RenderBoth(rule.because, m, c, &t.because_es, &t.because_en);
            because_of[node.rules[local]] = static_cast<int>(d.trace.size());
            scratch.traced.push_back(node.rules[local]);
            d.trace.push_back(std::move(t));
          }
          fire(rule);
          if (node.hit == HitPolicy::kFirst) break;
        }
      }
      continue;
    }
    for (int r : node.rules) {
      const Rule& rule = m.rules[r];
      RuleTrace t = Traced(node.id, rule.id);
      t.fired = ev.Holds(rule.when, &t.checks);
      const bool fired = t.fired;
      if (fired && tracing) RenderBoth(rule.because, m, c, &t.because_es, &t.because_en);
      if (full || (tracing && fired)) {
        if (fired) {
          because_of[r] = static_cast<int>(d.trace.size());
          scratch.traced.push_back(r);
        }
        d.trace.push_back(std::move(t));
      }
      if (!fired) continue;
      if (node.hit == HitPolicy::kUnique && first_fired) return unique_violation(node, *first_fired, rule);
      first_fired = &rule;
      fire(rule);
      if (node.hit == HitPolicy::kFirst) break;
    }
  }

  // Eligibility of the services asked for (with the full trace: of every
  // service, for the explanation of those not chosen).
  std::vector<int>& asked = scratch.asked;
  std::sort(asked.begin(), asked.end());
  auto eligibility = [&](int s) {
    const Service& svc = m.services[s];
    if (svc.eligibility < 0) return;
    RuleTrace t = Traced("", svc.id);
    t.fired = ev.Holds(svc.eligibility, &t.checks);
    if (candidates[s].asked && !t.fired) {
      candidates[s].asked = false;
      d.warnings.push_back({"service_ineligible", svc.id});
    }
    if (full) d.eligibility.push_back(std::move(t));
  };
  if (full && !consulted) {
    for (size_t s = 0; s < m.services.size(); ++s) eligibility(static_cast<int>(s));
  } else {
    for (int s : asked) eligibility(s);
  }

  for (int s : asked) {
    const Candidate& cand = candidates[s];
    if (!cand.asked) continue;
    const Service& svc = m.services[s];
    Referral r;
    r.service = svc.id;
    r.priority = m.priorities[cand.priority].id;
    r.priority_rank = cand.priority + 1;
    r.timeframe = m.priorities[cand.priority].timeframe;
    r.legal_basis = *cand.legal_basis;
    r.citation = svc.citation;
    // Policy §10: a referral not made under consent requires human confirmation.
    r.requires_human_confirmation =
        svc.human_confirmation || cand.confirm || confirm_all || *cand.legal_basis != "consent";
    r.rules.reserve(cand.rules.size());
    for (int rule : cand.rules) r.rules.push_back(m.rules[rule].id);
    if (tracing) {
      // The because-texts of the rules that asked for it, in rule order.
      std::vector<int> in_order = cand.rules;
      std::sort(in_order.begin(), in_order.end());
      in_order.erase(std::unique(in_order.begin(), in_order.end()), in_order.end());
      for (int i : in_order) {
        if (because_of[i] < 0) continue;
        const RuleTrace& t = d.trace[because_of[i]];
        const std::string& text = m.language == Lang::kEs ? t.because_es : t.because_en;
        if (!text.empty()) r.because += (r.because.empty() ? "" : " ") + text;
      }
    }
    d.referrals.push_back(std::move(r));
  }
  // R4 and the directory, after the rules (eval/local_delivery.h).
  ApplyCapacityFallback(m, c, [&](int cond) { return ev.Holds(cond, nullptr); }, &d);
  ResolveOffices(m, c, &d);
  std::sort(d.referrals.begin(), d.referrals.end(), [](const Referral& a, const Referral& b) {
    return a.priority_rank != b.priority_rank ? a.priority_rank < b.priority_rank : a.service < b.service;
  });

  if (!d.referrals.empty()) {
    d.outcome = Outcome::kReferred;
  } else if (outcome_rule) {
    d.outcome = Outcome::kNoReferral;
    d.reason = outcome_rule->reason;
    d.follow_up = outcome_rule->follow_up;
    d.outcome_rule = outcome_rule->id;
    if (tracing) RenderBoth(outcome_rule->because, m, c, &d.outcome_because_es, &d.outcome_because_en);
  } else {
    d.outcome = Outcome::kNoReferral;
    d.reason = m.fallback_reason;
    d.follow_up = m.fallback_follow_up;
    d.outcome_rule = "fallback";
    if (tracing) RenderBoth(m.fallback_because, m, c, &d.outcome_because_es, &d.outcome_because_en);
  }
  return d;
}

}  // namespace referral::internal

namespace referral {

StatusOr<Decision> Decide(const Ruleset& rules, std::string_view case_text, const DecideOptions& options) {
  try {
    std::optional<int64_t> decision_day;
    if (!options.now.empty()) {
      auto now = internal::ParseRfc3339(options.now);
      if (!now) {
        return Status::Error("options.bad_now",
                             internal::RenderMessage("options.bad_now", options.lang,
                                                     {internal::Printable(internal::Truncated(options.now, 64))}),
                             "now");
      }
      decision_day = now->UtcDay();
    }
    auto c = internal::ReadCase(rules.model(), case_text, options.format, options.limits, decision_day, options.lang);
    if (!c.ok()) return c.status();
    return internal::Evaluate(rules.model(), *c, options.trace);
  } catch (const std::exception& e) {
    // Not expected; a decision must never escape as an exception.
    return Status::Error("internal.error", std::string("internal error: ") + e.what());
  }
}

}  // namespace referral
