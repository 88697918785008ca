// libFuzzer, differential: the analyzer (engine/analyze/, a symbolic
// implementation of routing over regions of the case space) against the
// engine (referral::Decide, which routes one case). From the input bytes, a
// random small rule set (random_ruleset.h, as fuzz_differential); then:
//
// 1. Route classes. internal::WalkRoutes (the analyzer's walk with routes
//    tracked, as `referral diff` uses it) splits the case space into classes
//    of regions that get the same referrals (service and priority) and the
//    same outcome rule. For every region of every class (up to a cap), the
//    analyzer's own example case (internal::ExampleCase) and a second point
//    the bytes pick inside the region (any cell of each fact, any value inside
//    an int or date cell, any unnamed set values for the "other" bit) are
//    decided by Decide (TraceLevel::kOff): the referrals must be exactly the
//    class's (service ids and priority ids); without referrals, the outcome
//    and outcome rule must be the class's (out_of_scope by `scope`, or
//    no_referral by the class's outcome rule, or by `fallback`).
// 2. Findings. Every finding of the public Analyze() that carries an example
//    case is decided (TraceLevel::kRules, for the fired rules) and must show
//    what the finding says: analyze.gap gets no referral and the fallback;
//    analyze.unique_overlap fails with eval.unique_violation;
//    analyze.eligibility_conflict does not refer to the excluded service;
//    a shadowed analyze.dead_rule does not fire.
// 3. Analyze() reports a gap exactly when a route class has no referral and
//    no outcome rule (both walks complete).
//
// Any difference, or a generated rule set or example case the engine refuses,
// aborts with both sides printed. The engine and the analyzer are not fixed
// here: a crash is a real disagreement to report.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "analyze/example_case.h"
#include "analyze/partition.h"
#include "analyze/route_walk.h"
#include "model/model.h"
#include "random_ruleset.h"
#include "referral/analysis.h"
#include "referral/engine.h"
#include "referral/ruleset.h"
#include "util/date.h"

namespace {

namespace fz = referral::fuzz;
namespace ri = referral::internal;

constexpr size_t kMaxRegions = 100'000;     // the walk's limit (the generated rule sets stay far below)
constexpr size_t kMaxRegionsChecked = 64;   // per class
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

// What routing gives a case, as both sides can state it.
struct Route {
  std::string outcome;       // referred | no_referral | out_of_scope | the error code
  std::string outcome_rule;  // only without referrals
  std::vector<std::pair<std::string, std::string>> referrals;  // service, priority; sorted
};

std::string Show(const Route& r) {
  std::string out = r.outcome;
  if (!r.outcome_rule.empty()) out += " rule=" + r.outcome_rule;
  out += " referrals=[";
  for (const auto& [s, p] : r.referrals) out += s + ":" + p + " ";
  return out + "]";
}

Route FromClass(const ri::Model& m, const ri::RouteClass& c) {
  Route r;
  if (c.outcome_rule == ri::RouteClass::kOutOfScope) {
    r.outcome = "out_of_scope";
    r.outcome_rule = "scope";
    return r;
  }
  for (size_t s = 0; s < c.priority.size(); ++s) {
    if (c.priority[s] >= 0) r.referrals.push_back({m.services[s].id, m.priorities[c.priority[s]].id});
  }
  std::sort(r.referrals.begin(), r.referrals.end());
  if (!r.referrals.empty()) {
    r.outcome = "referred";
  } else {
    r.outcome = "no_referral";
    r.outcome_rule = c.outcome_rule >= 0 ? m.rules[c.outcome_rule].id : "fallback";
  }
  return r;
}

Route FromDecision(const referral::StatusOr<referral::Decision>& d) {
  Route r;
  if (!d.ok()) {
    r.outcome = d.status().code();
    return r;
  }
  r.outcome = referral::OutcomeName(d->outcome);
  for (const auto& ref : d->referrals) r.referrals.push_back({ref.service, ref.priority});
  std::sort(r.referrals.begin(), r.referrals.end());
  if (r.referrals.empty()) r.outcome_rule = d->outcome_rule;
  return r;
}

[[noreturn]] void Fail(const std::string& what, const std::string& yaml, const std::string& detail) {
  fz::Fail("analyzer differential", what, yaml, detail);
}

// A point of `region` the bytes pick: per fact one of its cells, and inside
// an int or date cell any value; as a JSON case.
std::string PointIn(FuzzedDataProvider& bytes, const ri::Model& m, const ri::Partition& p, const ri::Region& region,
                    const std::string& case_id) {
  std::string json = "{\"case_id\": \"" + case_id + "\"";
  for (size_t f = 0; f < m.facts.size(); ++f) {
    const ri::Fact& fact = m.facts[f];
    const ri::FactCells& fc = p.facts[f];
    std::vector<size_t> cells;
    for (size_t c = region[f].find_first(); c != ri::Cells::npos; c = region[f].find_next(c)) cells.push_back(c);
    if (cells.empty()) return {};  // an empty region: nothing to pick (the analyzer never makes one)
    const size_t cell = cells[bytes.ConsumeIntegralInRange<size_t>(0, cells.size() - 1)];
    if (fc.nullable && cell == fc.count - 1) continue;  // absent
    std::string text;
    switch (fact.type) {
      case ri::FactType::kBool: text = cell ? "true" : "false"; break;
      case ri::FactType::kEnum: text = "\"" + fact.values[cell] + "\""; break;
      case ri::FactType::kString:
        text = "\"" + (cell < fact.constants.size() ? fact.constants[cell] : std::string("zz-not-a-constant")) + "\"";
        break;
      case ri::FactType::kInt:
      case ri::FactType::kDate: {
        const int64_t lo = fc.bounds[cell];
        const int64_t hi = fc.bounds[cell + 1] == kMax ? kMax : fc.bounds[cell + 1] - 1;
        const int64_t v = bytes.ConsumeIntegralInRange<int64_t>(lo, hi);
        text = fact.type == ri::FactType::kInt ? std::to_string(v) : "\"" + ri::FormatDate(v) + "\"";
        break;
      }
      case ri::FactType::kSet: {
        std::vector<std::string> members;
        for (size_t b = 0; b < fc.relevant.size(); ++b) {
          if ((cell >> b) & 1) members.push_back(fact.values[fc.relevant[b]]);
        }
        if (fc.has_other && ((cell >> fc.relevant.size()) & 1)) {
          std::vector<std::string> others;
          for (size_t i = 0; i < fact.values.size(); ++i) {
            if (std::find(fc.relevant.begin(), fc.relevant.end(), static_cast<int>(i)) == fc.relevant.end()) {
              others.push_back(fact.values[i]);
            }
          }
          // A non-empty subset of the values no test names.
          const size_t first = bytes.ConsumeIntegralInRange<size_t>(0, others.size() - 1);
          for (size_t i = 0; i < others.size(); ++i) {
            if (i == first || bytes.ConsumeBool()) members.push_back(others[i]);
          }
        }
        text = "[";
        for (size_t i = 0; i < members.size(); ++i) text += (i ? ", \"" : "\"") + members[i] + "\"";
        text += "]";
        break;
      }
    }
    json += ", \"" + fact.name + "\": " + text;
  }
  return json + "}";
}

// The n-th backquoted name in a finding's message (`rule`, `service`...).
std::string Quoted(const std::string& message, int n) {
  size_t at = 0;
  for (int k = 0;; ++k) {
    const size_t open = message.find('`', at);
    if (open == std::string::npos) return {};
    const size_t close = message.find('`', open + 1);
    if (close == std::string::npos) return {};
    if (k == n) return message.substr(open + 1, close - open - 1);
    at = close + 1;
  }
}

void CheckFinding(const referral::Ruleset& rules, const referral::Finding& f, const std::string& yaml) {
  referral::DecideOptions options;
  options.trace = referral::TraceLevel::kRules;
  const auto d = referral::Decide(rules, f.example_case, options);
  const Route got = FromDecision(d);
  const std::string detail = f.code + ": " + f.message + "\nexample: " + f.example_case + "\nengine: " + Show(got);
  const bool unique_violation = !d.ok() && d.status().code() == "eval.unique_violation";
  if (!d.ok() && !unique_violation) Fail("the engine refused the analyzer's example case", yaml, detail);
  if (f.code == "analyze.gap") {
    if (!d.ok() || !d->referrals.empty() || d->outcome_rule != "fallback") {
      Fail("a gap's example is not a gap for the engine", yaml, detail);
    }
  } else if (f.code == "analyze.unique_overlap") {
    if (!unique_violation) Fail("a unique overlap's example does not fail in the engine", yaml, detail);
  } else if (f.code == "analyze.eligibility_conflict") {
    const std::string service = Quoted(f.message, 1);
    if (d.ok()) {
      for (const auto& r : d->referrals) {
        if (r.service == service) Fail("an eligibility conflict's example is referred to the service", yaml, detail);
      }
    }
  } else if (f.code == "analyze.dead_rule") {
    const std::string rule = Quoted(f.message, 0);
    if (d.ok() && std::find(d->fired_rules.begin(), d->fired_rules.end(), rule) != d->fired_rules.end()) {
      Fail("a dead rule fires for its own example", yaml, detail);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider bytes(data, size);
  fz::Generator gen(bytes);
  const fz::Generated g = gen.Make();
  std::string yaml;
  const referral::Ruleset rules = fz::LoadGenerated("analyzer differential", g, &yaml);
  const ri::Model& m = referral::internal::ModelOf(rules);
  const ri::Partition p = ri::BuildPartition(m);
  bool walk_complete = false;
  const std::vector<ri::RouteClass> classes = ri::WalkRoutes(m, p, kMaxRegions, &walk_complete);

  // 1. Every class's regions, through the engine.
  referral::DecideOptions off;
  off.trace = referral::TraceLevel::kOff;
  bool class_gap = false;
  for (size_t ci = 0; ci < classes.size(); ++ci) {
    const ri::RouteClass& c = classes[ci];
    const Route want = FromClass(m, c);
    class_gap = class_gap || (c.outcome_rule == -1 && want.referrals.empty());
    if (c.regions.empty()) Fail("a route class without regions", yaml, "class " + std::to_string(ci) + ": " + Show(want));
    for (size_t ri = 0; ri < c.regions.size() && ri < kMaxRegionsChecked; ++ri) {
      const std::string id = "class" + std::to_string(ci) + "-region" + std::to_string(ri);
      for (std::string json : {ri::ExampleCase(m, p, c.regions[ri], id),
                               PointIn(bytes, m, p, c.regions[ri], id + "-point")}) {
        if (json.empty()) Fail("an empty region in a route class", yaml, id);
        const auto d = referral::Decide(rules, json, off);
        const Route got = FromDecision(d);
        if (!d.ok() && d.status().code() != "eval.unique_violation") {
          Fail("the engine refused an example case of a route class", yaml,
               json + "\n" + d.status().code() + ": " + d.status().message());
        }
        if (Show(got) != Show(want)) {
          Fail("analyzer and engine disagree on a route class", yaml,
               json + "\n" + id + "\nanalyzer: " + Show(want) + "\nengine:   " + Show(got));
        }
      }
    }
  }

  // 2. The findings' examples.
  const referral::AnalysisReport report = referral::Analyze(rules);
  bool finding_gap = false;
  for (const auto& f : report.findings) {
    finding_gap = finding_gap || f.code == "analyze.gap";
    if (!f.example_case.empty()) CheckFinding(rules, f, yaml);
  }

  // 3. The two walks agree on whether there is a gap.
  if (walk_complete && report.complete && finding_gap != class_gap) {
    std::string detail = std::string("Analyze reports a gap: ") + (finding_gap ? "yes" : "no") +
                         "; a route class has no referral and no outcome rule: " + (class_gap ? "yes" : "no") + "\n";
    for (const auto& c : classes) detail += Show(FromClass(m, c)) + "\n";
    Fail("Analyze and the route walk disagree on gaps", yaml, detail);
  }
  return 0;
}
