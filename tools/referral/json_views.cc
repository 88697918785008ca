#include "json_views.h"

#include "cli_common.h"

namespace referral::cli {

const char* SeverityName(Severity s) {
  return s == Severity::kError ? "error" : s == Severity::kWarning ? "warning" : "note";
}

ojson RulesetJson(const Ruleset& rules) {
  return {{"id", rules.id()}, {"version", rules.version()}, {"digest", rules.digest()}};
}

ojson AnalysisJson(const Ruleset& rules, const AnalysisReport& report) {
  size_t counts[3] = {0, 0, 0};
  for (const auto& f : report.findings) ++counts[static_cast<int>(f.severity)];
  ojson out;
  out["ruleset"] = RulesetJson(rules);
  out["complete"] = report.complete;
  if (!report.complete) out["incomplete_reason"] = report.incomplete_reason;
  out["regions"] = report.regions;
  auto list = ojson::array();
  for (const auto& f : report.findings) {
    ojson j = {{"code", f.code}, {"severity", SeverityName(f.severity)}, {"message", f.message},
               {"file", f.file}, {"line", f.line}, {"column", f.column}};
    j["example_case"] = f.example_case.empty() ? ojson(nullptr) : ojson::parse(f.example_case);
    list.push_back(std::move(j));
  }
  out["findings"] = std::move(list);
  out["errors"] = counts[0];
  out["warnings"] = counts[1];
  out["notes"] = counts[2];
  return out;
}

ojson TestRunsJson(const Ruleset& rules, const std::vector<TestRun>& runs, const CoverageReport* coverage,
                   bool explain_failures, Lang lang) {
  int passed = 0, failed = 0;
  auto results = ojson::array();
  for (const TestRun& r : runs) {
    (r.passed ? passed : failed)++;
    ojson j = {{"name", r.name}, {"file", r.file}, {"line", r.line}, {"passed", r.passed}, {"failures", r.failures}};
    if (!r.inherited_from.empty()) j["inherited_from"] = r.inherited_from;
    if (!r.declared_difference.empty()) j["declared_difference"] = r.declared_difference;
    if (explain_failures && !r.passed && r.decision) {
      j["explanation"] = Explain(rules, *r.decision, ExplainOptions{lang, true});  // with rule ids and file:line
    }
    results.push_back(std::move(j));
  }
  ojson out;
  if (coverage != nullptr) {
    auto items = [](const std::vector<CoverageItem>& list) {
      auto a = ojson::array();
      for (const auto& i : list) {
        a.push_back({{"what", i.what}, {"file", i.file}, {"line", i.line}, {"seen_true", i.seen_true},
                     {"seen_false", i.seen_false}});
      }
      return a;
    };
    out["coverage"] = {{"rules_total", coverage->rules_total},
                       {"rules_fired", coverage->rules_fired},
                       {"rules_never_fired", items(coverage->rules_never_fired)},
                       {"conditions_total", coverage->conditions_total},
                       {"conditions_both_ways", coverage->conditions_both_ways},
                       {"conditions_not_both_ways", items(coverage->conditions_not_both_ways)}};
  }
  out["ruleset"] = RulesetJson(rules);
  out["tests"] = std::move(results);
  out["passed"] = passed;
  out["failed"] = failed;
  return out;
}

ojson DiffJson(const Ruleset& base, const Ruleset& head, const DiffReport& report,
               const FactDifferences& differences) {
  ojson j;
  j["base"] = RulesetJson(base);
  j["head"] = RulesetJson(head);
  j["over_space"] = report.over_space;
  j["complete"] = report.complete;
  if (differences.any()) {
    j["facts_differ"] = {{"only_in_base", differences.only_in_base},
                         {"only_in_head", differences.only_in_head},
                         {"changed", differences.changed}};
  }
  if (report.over_space && report.rejected) j["rejected"] = report.rejected;
  if (!report.over_space) {
    j["cases"] = report.total;
    j["rejected"] = report.rejected;
  }
  j["changed"] = report.changed;
  auto changes = ojson::array();
  for (const auto& c : report.changes) {
    ojson cj = {{"change", c.change}, {"count", c.count}};
    if (!c.example_ids.empty()) cj["example_ids"] = c.example_ids;
    if (!c.example_case.empty()) cj["example_case"] = ojson::parse(c.example_case);
    changes.push_back(std::move(cj));
  }
  j["changes"] = std::move(changes);
  auto rules = [](const std::vector<std::pair<std::string, long>>& list) {
    ojson o = ojson::object();
    for (const auto& [r, n] : list) o[r] = n;
    return o;
  };
  if (!report.over_space) {
    j["rules_fired_more"] = rules(report.rules_fired_more);
    j["rules_fired_less"] = rules(report.rules_fired_less);
  }
  return j;
}

ojson VerifyJson(const VerifyReport& report, bool ok) {
  ojson j;
  j["ok"] = ok;
  j["records"] = report.records;
  j["decisions"] = report.decisions;
  j["reviews"] = report.reviews;
  j["replayed"] = report.replayed;
  auto problems = ojson::array();
  for (const auto& p : report.problems) {
    problems.push_back({{"file", p.file}, {"line", p.line}, {"code", p.code}, {"message", p.message}});
  }
  j["problems"] = std::move(problems);
  j["unreviewed_duties"] = report.unreviewed_duties;
  j["head_hash"] = report.head_hash;
  j["heads"] = report.heads;
  return j;
}

ojson WhyNotJson(const WhyNotAnswer& answer) {
  ojson j = {{"service", answer.service}, {"already", answer.already}, {"found", answer.found}};
  auto changes = ojson::array();
  for (const auto& c : answer.changes) {
    ojson cj = {{"fact", c.fact}, {"sensitive", c.sensitive}};
    if (!c.sensitive) {
      cj["from"] = c.from.empty() ? ojson(nullptr) : ojson(c.from);
      cj["to"] = c.to.empty() ? ojson(nullptr) : ojson(c.to);
    }
    if (!c.via.empty()) cj["via"] = c.via;
    changes.push_back(std::move(cj));
  }
  j["changes"] = std::move(changes);
  if (!answer.reason.empty()) j["reason"] = answer.reason;
  return j;
}

std::string ExplainedDecisionJson(const DecisionResult& result, const ExplainOptions& options) {
  const std::string explanation = Explain(result, options);  // the options hold a view of it
  DecisionJsonOptions json;
  json.include_trace = false;
  json.explanation = explanation;
  std::string line;
  result.AppendJson(&line, json);
  return WithSummary(std::move(line), ExplainSummaryJson(result, options));
}

}  // namespace referral::cli
