// DiffCases and DiffSpace: the same change labels, from decided cases or from
// intersecting the route classes of both rule sets on a shared partition.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "analyze/example_case.h"
#include "analyze/partition.h"
#include "analyze/route_walk.h"
#include "referral/diff.h"
#include "referral/engine.h"

namespace referral {

namespace {

// A route: referrals by service with their priority, and the outcome.
struct Route {
  std::map<std::string, std::string> referrals;
  std::string outcome;  // e.g. "no_referral (sin_ruta)"
};

std::string Label(const Route& base, const Route& head) {
  std::string out;
  auto add = [&](const std::string& s) { out += (out.empty() ? "" : " ") + s; };
  for (const auto& [service, priority] : head.referrals) {
    auto it = base.referrals.find(service);
    if (it == base.referrals.end()) add("+" + service);
  }
  for (const auto& [service, priority] : base.referrals) {
    if (!head.referrals.count(service)) add("−" + service);
  }
  for (const auto& [service, priority] : head.referrals) {
    auto it = base.referrals.find(service);
    if (it != base.referrals.end() && it->second != priority) add(service + ": " + it->second + "→" + priority);
  }
  if (base.outcome != head.outcome) add("outcome: " + base.outcome + " → " + head.outcome);
  return out;
}

Route RouteOf(const Decision& d) {
  Route r;
  for (const auto& ref : d.referrals) r.referrals[ref.service] = ref.priority;
  r.outcome = std::string(OutcomeName(d.outcome)) + (d.reason.empty() ? "" : " (" + d.reason + ")");
  return r;
}

Route RouteOf(const internal::Model& m, const internal::RouteClass& c) {
  Route r;
  for (size_t s = 0; s < c.priority.size(); ++s) {
    if (c.priority[s] >= 0) r.referrals[m.services[s].id] = m.priorities[c.priority[s]].id;
  }
  if (c.outcome_rule == internal::RouteClass::kOutOfScope) {
    r.outcome = "out_of_scope" + (m.scope_reason.empty() ? std::string() : " (" + m.scope_reason + ")");
  } else if (!r.referrals.empty()) {
    r.outcome = "referred";
  } else if (c.outcome_rule >= 0) {
    const auto& reason = m.rules[c.outcome_rule].reason;
    r.outcome = "no_referral" + (reason.empty() ? std::string() : " (" + reason + ")");
  } else {
    r.outcome = "no_referral" + (m.fallback_reason.empty() ? std::string() : " (" + m.fallback_reason + ")");
  }
  return r;
}

void Sort(DiffReport& report) {
  std::sort(report.changes.begin(), report.changes.end(), [](const RouteChange& a, const RouteChange& b) {
    return a.count != b.count ? a.count > b.count : a.change < b.change;
  });
}

// Decides a case under both rule sets (as each reads it), counted in
// `report`'s total, and in `rejected` when either refuses it.
std::optional<std::pair<Decision, Decision>> DecideBoth(const Ruleset& base, const Ruleset& head,
                                                        const std::string& as_base, const std::string& as_head,
                                                        DiffReport& report) {
  DecideOptions options;
  options.trace = TraceLevel::kRules;
  ++report.total;
  auto b = Decide(base, as_base, options);
  auto h = Decide(head, as_head, options);
  if (!b.ok() || !h.ok()) {
    ++report.rejected;
    return std::nullopt;
  }
  return std::make_pair(std::move(b).value(), std::move(h).value());
}

// The group of a changed case's label (empty: unchanged, nullptr), counted.
RouteChange* GroupOf(std::map<std::string, RouteChange>& groups, const std::string& label, DiffReport& report) {
  if (label.empty()) return nullptr;
  ++report.changed;
  RouteChange& g = groups[label];
  g.change = label;
  ++g.count;
  return &g;
}

}  // namespace

DiffReport DiffCases(const Ruleset& base, const Ruleset& head, std::istream& cases) {
  DiffReport report;
  std::map<std::string, RouteChange> groups;
  std::map<std::string, long> more, less;
  std::string line;
  while (std::getline(cases, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto both = DecideBoth(base, head, line, line, report);
    if (!both) continue;
    const Decision* b = &both->first;
    const Decision* h = &both->second;
    std::set<std::string> fb(b->fired_rules.begin(), b->fired_rules.end());
    std::set<std::string> fh(h->fired_rules.begin(), h->fired_rules.end());
    for (const auto& r : fh) {
      if (!fb.count(r)) ++more[r];
    }
    for (const auto& r : fb) {
      if (!fh.count(r)) ++less[r];
    }
    RouteChange* g = GroupOf(groups, Label(RouteOf(*b), RouteOf(*h)), report);
    if (g && g->example_ids.size() < 5) g->example_ids.push_back(b->case_id);
  }
  for (auto& [label, g] : groups) report.changes.push_back(std::move(g));
  for (const auto& [r, n] : more) report.rules_fired_more.push_back({r, n});
  for (const auto& [r, n] : less) report.rules_fired_less.push_back({r, n});
  Sort(report);
  return report;
}

StatusOr<DiffReport> DiffSpace(const Ruleset& base, const Ruleset& head, size_t max_regions) {
  const internal::Model& mb = internal::ModelOf(base);
  const internal::Model& mh = internal::ModelOf(head);
  std::string why;
  bool same_order = mb.facts.size() == mh.facts.size();
  for (size_t f = 0; same_order && f < mb.facts.size(); ++f) same_order = mb.facts[f].name == mh.facts[f].name;
  if (!internal::SameFacts(mb, mh, &why) || !same_order) {
    return Status::Error("diff.facts_differ",
                         "a diff over the whole case space needs both rule sets to declare the same facts in the "
                         "same order (" + (why.empty() ? std::string("the order differs") : why) +
                             "); give cases (JSON Lines) to compare instead");
  }
  internal::Partition pb = internal::BuildPartition(mb, &mh);
  internal::Partition ph = internal::BuildPartition(mh, &mb);
  DiffReport report;
  report.over_space = true;
  // Walk the base rule set, then walk the head rule set starting from each
  // base route class: every resulting region has one base route and one head
  // route, so the changed regions come out directly, with no pairwise search.
  bool complete_b = true, complete_h = true;
  auto classes_b = internal::WalkRoutes(mb, pb, max_regions, &complete_b);
  std::vector<std::vector<internal::Region>> starts;
  std::vector<Route> routes_b;
  for (auto& c : classes_b) {
    routes_b.push_back(RouteOf(mb, c));
    starts.push_back(std::move(c.regions));
  }
  auto classes_h = internal::WalkRoutesFrom(mh, ph, std::move(starts), max_regions, &complete_h);
  report.complete = complete_b && complete_h;
  std::map<std::string, RouteChange> groups;
  int examples = 0;
  for (const auto& ch : classes_h) {
    std::string label = Label(routes_b[ch.origin], RouteOf(mh, ch));
    if (label.empty() || ch.regions.empty()) continue;
    report.changed += static_cast<long>(ch.regions.size());
    RouteChange& g = groups[label];
    g.change = label;
    if (g.count == 0) {
      g.example_case = internal::ExampleCase(mb, pb, ch.regions.front(), "diff-example-" + std::to_string(++examples));
    }
    g.count += static_cast<long>(ch.regions.size());
  }
  for (auto& [label, g] : groups) report.changes.push_back(std::move(g));
  Sort(report);
  return report;
}

namespace {

// One example case per region of `m`'s case space, cut by `other`'s tests on
// the facts both share alike.
std::vector<std::string> Probes(const internal::Model& m, const internal::Model& other, const std::string& prefix,
                                size_t max_regions, bool* complete) {
  const internal::Partition p = internal::BuildPartition(m, &other);
  std::vector<std::string> probes;
  for (const auto& c : internal::WalkRoutes(m, p, max_regions, complete)) {
    for (const auto& region : c.regions) {
      probes.push_back(internal::ExampleCase(m, p, region, prefix + std::to_string(probes.size() + 1)));
    }
  }
  return probes;
}

// The facts some condition of `m` reads: tested directly, or feeding a
// derived fact that is (an age's birth date...).
std::set<std::string> ReadFacts(const internal::Model& m) {
  std::set<int> read;
  for (const auto& c : m.conditions) {
    if (c.kind == internal::CondNode::Kind::kTest) read.insert(c.test.fact);
  }
  for (size_t d = 0; d < m.facts.size(); ++d) {
    if (!m.facts[d].derived || !read.count(static_cast<int>(d))) continue;
    for (int input : m.facts[d].age.Inputs()) read.insert(input);
  }
  std::set<std::string> names;
  for (int f : read) names.insert(m.facts[f].name);
  return names;
}

// Whether `fact` takes `value` (null: not given) as a case gives it.
bool Takes(const internal::Fact& fact, const nlohmann::json& value) {
  using internal::FactType;
  const auto listed = [&](const nlohmann::json& v) {
    return v.is_string() && std::find(fact.values.begin(), fact.values.end(), v.get<std::string>()) != fact.values.end();
  };
  if (value.is_null()) return !fact.required;
  switch (fact.type) {
    case FactType::kBool: return value.is_boolean();
    case FactType::kInt:
      return value.is_number_integer() && value.get<int64_t>() >= fact.min && value.get<int64_t>() <= fact.max;
    case FactType::kEnum: return listed(value);
    case FactType::kSet: return value.is_array() && std::all_of(value.begin(), value.end(), listed);
    case FactType::kString:
    case FactType::kDate: return value.is_string();
  }
  return false;
}

// `probe` (a case of `from`) as `to` reads it: each fact both declare takes
// the probe's value (or its absence); a fact only `to` declares keeps the
// value of `to`'s own example `filler`, and so does a fact declared otherwise
// whose value `to` cannot take, unless a condition reads it (`read`): then
// the two rule sets cannot see one child, and there is no case (nullopt).
std::optional<std::string> Convert(const nlohmann::json& probe, const internal::Model& from,
                                   const internal::Model& to, const nlohmann::json& filler,
                                   const std::set<std::string>& read) {
  nlohmann::json out = filler;
  for (const auto& fact : to.facts) {
    if (fact.derived || from.FindFact(fact.name) < 0) continue;
    const nlohmann::json value = probe.contains(fact.name) ? probe[fact.name] : nlohmann::json();
    if (Takes(fact, value)) {
      if (value.is_null()) {
        out.erase(fact.name);
      } else {
        out[fact.name] = value;
      }
    } else if (read.count(fact.name)) {
      return std::nullopt;
    }
  }
  out["case_id"] = probe["case_id"];
  return out.dump();
}

}  // namespace

DiffReport DiffSharedSpace(const Ruleset& base, const Ruleset& head, FactDifferences* differences,
                           size_t max_regions) {
  const internal::Model& mb = internal::ModelOf(base);
  const internal::Model& mh = internal::ModelOf(head);
  FactDifferences found;
  for (const auto& fact : mb.facts) {
    const int f = mh.FindFact(fact.name);
    if (f < 0) {
      found.only_in_base.push_back(fact.name);
    } else if (!internal::SameFact(fact, mh.facts[f])) {
      found.changed.push_back(fact.name);
    }
  }
  for (const auto& fact : mh.facts) {
    if (mb.FindFact(fact.name) < 0) found.only_in_head.push_back(fact.name);
  }
  if (differences) *differences = found;
  if (!found.any()) {
    auto exact = DiffSpace(base, head, max_regions);
    if (exact.ok()) return std::move(exact).value();  // else only the order differs
  }

  DiffReport report;
  report.over_space = true;
  bool complete_b = true, complete_h = true;
  const std::vector<std::string> from_base = Probes(mb, mh, "diff-base-", max_regions, &complete_b);
  const std::vector<std::string> from_head = Probes(mh, mb, "diff-head-", max_regions, &complete_h);
  report.complete = complete_b && complete_h;
  if (from_base.empty() || from_head.empty()) return report;
  const nlohmann::json filler_b = nlohmann::json::parse(from_base.front());
  const nlohmann::json filler_h = nlohmann::json::parse(from_head.front());
  std::set<std::string> read = ReadFacts(mb);
  read.merge(ReadFacts(mh));
  std::map<std::string, RouteChange> groups;
  for (const auto* probes : {&from_base, &from_head}) {
    const bool own_base = probes == &from_base;
    for (const auto& text : *probes) {
      const nlohmann::json probe = nlohmann::json::parse(text);
      const auto converted = own_base ? Convert(probe, mb, mh, filler_h, read) : Convert(probe, mh, mb, filler_b, read);
      if (!converted) {  // no one child both rule sets can see
        ++report.total;
        ++report.rejected;
        continue;
      }
      const std::string& as_base = own_base ? text : *converted;
      const std::string& as_head = own_base ? *converted : text;
      auto both = DecideBoth(base, head, as_base, as_head, report);
      if (!both) continue;
      RouteChange* g = GroupOf(groups, Label(RouteOf(both->first), RouteOf(both->second)), report);
      if (g && g->example_case.empty()) g->example_case = as_head;
    }
  }
  for (auto& [label, g] : groups) report.changes.push_back(std::move(g));
  Sort(report);
  return report;
}

}  // namespace referral
