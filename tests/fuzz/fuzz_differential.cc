// libFuzzer, differential: from the input bytes, a random small rule set and
// random cases (random_ruleset.h). The engine's decision (outcome, referrals
// with priorities, fired rules, outcome rule) must equal that of the
// deliberately naive reference evaluator below, written from docs/rules.md
// ("Conditions", "Evaluation") and sharing no code with engine/eval. Any
// difference, or a generated rule set or case the engine refuses, aborts with
// both sides printed.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "random_ruleset.h"
#include "referral/engine.h"
#include "referral/ruleset.h"

using namespace referral::fuzz;  // NOLINT(google-build-using-namespace): one TU

namespace {

// --- The reference evaluator -------------------------------------------------

bool Holds(const Cond* c, const std::vector<Value>& v) {
  if (c == nullptr) return true;
  switch (c->kind) {
    case Cond::kAll:
      for (const auto& k : c->kids) {
        if (!Holds(k.get(), v)) return false;
      }
      return true;
    case Cond::kAny:
      for (const auto& k : c->kids) {
        if (Holds(k.get(), v)) return true;
      }
      return false;
    case Cond::kNot: return !Holds(c->kids[0].get(), v);
    default: break;
  }
  const Value& x = v[c->fact];
  if (!x.present) return false;  // a test on an absent fact never holds
  switch (c->kind) {
    case Cond::kRange: return x.i >= c->lo && x.i <= c->hi;
    case Cond::kEq:
    case Cond::kIn: return std::find(c->names.begin(), c->names.end(), x.s) != c->names.end();
    case Cond::kSetAny:
      for (const auto& n : c->names) {
        if (x.members.count(n)) return true;
      }
      return false;
    case Cond::kSetAll:
      for (const auto& n : c->names) {
        if (!x.members.count(n)) return false;
      }
      return true;
    case Cond::kSetEmpty: return x.members.empty();
    default: return false;
  }
}

struct Expected {
  bool unique_violation = false;
  std::string outcome;  // referred | no_referral | out_of_scope
  std::string outcome_rule;
  std::string reason;
  std::vector<std::pair<std::string, std::string>> referrals;  // service, priority
  std::vector<std::string> fired;
};

Expected Reference(const Generated& g, const std::vector<Value>& v) {
  Expected e;
  if (g.scope && !Holds(g.scope.get(), v)) {
    e.outcome = "out_of_scope";
    e.outcome_rule = "scope";
    e.reason = "outside";
    return e;
  }
  std::vector<bool> reached(g.nodes.size(), false);
  reached[0] = true;
  std::map<int, int> best;  // service -> most urgent priority asked
  const Rule* outcome_rule = nullptr;
  for (size_t n = 0; n < g.nodes.size(); ++n) {
    if (!reached[n]) continue;
    int fired_here = 0;
    for (const Rule& r : g.nodes[n].rules) {
      if (!Holds(r.when.get(), v)) continue;
      if (++fired_here > 1 && g.nodes[n].hit == "unique") {
        e.unique_violation = true;
        return e;
      }
      e.fired.push_back(r.id);
      for (const Refer& to : r.refer) {
        auto it = best.find(to.service);
        if (it == best.end() || to.priority < it->second) best[to.service] = to.priority;
      }
      for (int m : r.next) reached[m] = true;
      if (r.outcome && !outcome_rule) outcome_rule = &r;
      if (g.nodes[n].hit == "first") break;
    }
  }
  std::vector<std::pair<int, std::string>> sorted;
  for (auto [s, p] : best) {
    if (!Holds(g.services[s].eligibility.get(), v)) continue;  // ineligible: dropped
    sorted.push_back({p, "S" + std::to_string(s)});
  }
  std::sort(sorted.begin(), sorted.end());
  for (auto& [p, s] : sorted) e.referrals.push_back({s, kPriorities[p]});
  if (!e.referrals.empty()) {
    e.outcome = "referred";
  } else if (outcome_rule) {
    e.outcome = "no_referral";
    e.outcome_rule = outcome_rule->id;
    e.reason = outcome_rule->reason;
  } else {
    e.outcome = "no_referral";
    e.outcome_rule = "fallback";
    e.reason = "fell_through";
  }
  return e;
}

Expected FromEngine(const referral::Decision& d) {
  Expected e;
  e.outcome = referral::OutcomeName(d.outcome);
  if (e.outcome != "referred") {
    e.outcome_rule = d.outcome_rule;
    e.reason = d.reason;
  }
  for (const auto& r : d.referrals) e.referrals.push_back({r.service, r.priority});
  e.fired = d.fired_rules;
  return e;
}

std::string Show(const Expected& e) {
  if (e.unique_violation) return "eval.unique_violation";
  std::string out = e.outcome + " rule=" + e.outcome_rule + " reason=" + e.reason + " referrals=[";
  for (const auto& [s, p] : e.referrals) out += s + ":" + p + " ";
  out += "] fired=[" + Join(e.fired) + "]";
  return out;
}

[[noreturn]] void Fail(const std::string& what, const std::string& yaml, const std::string& detail) {
  referral::fuzz::Fail("differential", what, yaml, detail);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  Generator gen(in);
  const Generated g = gen.Make();
  std::string yaml;
  const referral::Ruleset rules = LoadGenerated("differential", g, &yaml);
  const int n_cases = in.ConsumeIntegralInRange(1, 4);
  for (int k = 0; k < n_cases; ++k) {
    std::vector<Value> values;
    const std::string json = RandomCase(gen, g, k, &values);
    const Expected want = Reference(g, values);
    std::string first;
    for (auto level : {referral::TraceLevel::kOff, referral::TraceLevel::kRules, referral::TraceLevel::kFull}) {
      referral::DecideOptions options;
      options.trace = level;
      auto d = referral::Decide(rules, json, options);
      std::string got;
      if (!d.ok()) {
        if (d.status().code() != "eval.unique_violation") {
          Fail("the engine refused a generated case", yaml, json + "\n" + d.status().code() + ": " + d.status().message());
        }
        got = "eval.unique_violation";
      } else {
        got = Show(FromEngine(*d));
      }
      if (got != Show(want)) Fail("engine and reference disagree", yaml, json + "\nengine:    " + got + "\nreference: " + Show(want));
    }
  }
  return 0;
}
