// Effective dates: `effective_from` / `effective_to` of rules and services are
// compiled into a date test on the rule set's date fact, and-ed into the
// rule's `when` (or the service's eligibility). The evaluator, the analyzer
// and the explanation then see it like any other condition, so the analysis
// stays exact and the trace shows which version applied.
#include <algorithm>

#include "load/readers.h"
#include "util/date.h"

namespace referral::internal {

namespace {

int DateFact(LoadContext& ctx, const Location& at) {
  if (ctx.model.date_fact >= 0) return ctx.model.date_fact;
  const std::string name = ctx.date_fact_name.empty() ? "evaluation_date" : ctx.date_fact_name;
  auto it = ctx.fact_index.find(name);
  if (it == ctx.fact_index.end() || ctx.model.facts[it->second].type != FactType::kDate) {
    ctx.diags.Error(ctx.date_fact_name.empty() ? at : ctx.date_fact_loc, "ruleset.no_date_fact", {name});
    ctx.model.date_fact = -2;  // reported once
    return -2;
  }
  ctx.model.date_fact = it->second;
  return it->second;
}

std::string Label(const Effective& e) {
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  return (e.from == kMin ? "" : FormatDate(e.from)) + ".." + (e.to == kMax ? "" : FormatDate(e.to));
}

}  // namespace

void ResolveDateFact(LoadContext& ctx) {
  // Named in the header: checked, and an evaluation date (never in the future),
  // whether or not any rule or service is dated.
  if (!ctx.date_fact_name.empty()) DateFact(ctx, ctx.date_fact_loc);
}

void ReadEffective(LoadContext& ctx, const std::string& key, const YamlRef& v, Effective* e) {
  auto s = ctx.String(v, key);
  if (!s) {
    e->bad = true;
    return;
  }
  auto d = ParseDate(*s);
  if (!d) {
    ctx.diags.Error(v.loc, "ruleset.bad_date", {*s});
    e->bad = true;
    return;
  }
  e->given = true;
  if (e->loc.line == 0) e->loc = v.loc;
  (key == "effective_from" ? e->from : e->to) = *d;
  if (e->from > e->to) {
    ctx.diags.Error(v.loc, "rule.bad_effective_range", {Label(*e)});
    e->bad = true;
  }
  e->label = Label(*e);
}

int EffectiveCondition(LoadContext& ctx, const Effective& e, const Location& at) {
  if (!e.given || e.bad) return -1;
  int f = DateFact(ctx, at);
  if (f < 0) return -1;
  CondNode n;
  n.kind = CondNode::Kind::kTest;
  n.test.fact = f;
  n.test.op = Test::Op::kRange;
  n.test.lo = e.from;
  n.test.hi = e.to;
  n.test.text = "in " + e.label;
  n.loc = e.loc;
  ctx.model.conditions.push_back(std::move(n));
  return static_cast<int>(ctx.model.conditions.size()) - 1;
}

int AndCondition(LoadContext& ctx, int a, int b) {
  if (a < 0) return b;
  if (b < 0) return a;
  CondNode n;
  n.kind = CondNode::Kind::kAll;
  n.children = {a, b};
  n.loc = ctx.model.conditions[a].loc;
  ctx.model.conditions.push_back(std::move(n));
  return static_cast<int>(ctx.model.conditions.size()) - 1;
}

void CheckRuleVersion(LoadContext& ctx, const std::string& id, Effective e, const Location& at,
                      std::set<std::string>& rule_ids) {
  auto& versions = ctx.rule_versions[id];
  e.loc = at;
  for (const auto& v : versions) {
    if (!v.given && !e.given) {
      ctx.diags.Error(at, "rule.duplicate_id", {id});
      break;
    }
    if (e.from <= v.to && v.from <= e.to) {
      ctx.diags.Error(at, "rule.overlapping_versions",
                      {id, e.given ? e.label : "..", v.given ? v.label : "..",
                       v.loc.file + ":" + std::to_string(v.loc.line)});
      break;
    }
  }
  versions.push_back(e);
  rule_ids.insert(id);
}

void NameRuleVersions(LoadContext& ctx) {
  for (auto& rule : ctx.model.rules) {
    auto it = ctx.rule_versions.find(rule.id);
    if (it == ctx.rule_versions.end() || it->second.size() < 2 || rule.effective.empty()) continue;
    rule.id += "@" + (rule.effective.rfind("..", 0) == 0 ? rule.effective : rule.effective.substr(0, 10));
  }
}

}  // namespace referral::internal
