// `referral test RULES [FILES]`: runs rule tests like a test runner; the
// closing line is `N passed, N failed`.
#include <algorithm>
#include <cstdio>
#include <iostream>

#include "cli_common.h"
#include "commands.h"
#include "json_text.h"
#include "json_views.h"
#include "referral/diagnostic.h"
#include "referral/explain.h"
#include "referral/testing.h"

namespace referral::cli {

int RunTest(const TestArgs& args) {
  const Lang diag_lang = CliLang(args.lang, args.rules);
  auto rules = LoadRulesOrReport(args.rules, diag_lang);
  if (!rules) return kExitFailed;
  // Everything after the rules load speaks the rule set's language unless
  // --lang or the locale says otherwise.
  const Lang lang = ParseLang(args.lang, rules->language());
  const auto say = [lang](std::string_view code, const std::vector<std::string>& a = {}) {
    return MessageOf(code, lang, a);
  };
  std::vector<std::filesystem::path> files;
  for (const auto& f : args.files) files.emplace_back(f);
  if (files.empty()) files = FindTestFiles(args.rules);
  // A malformed test (an unknown key, nothing to check) or an unreadable
  // file fails, counted with the others, each problem located.
  std::vector<TestRun> runs = RunTestFiles(*rules, files, lang);
  // --inherit: the base's tests too, against these rules (an overlay's).
  size_t inherited_from = runs.size();
  if (args.inherit) {
    std::vector<TestRun> inherited = RunInheritedTests(*rules, args.rules, lang);
    if (inherited.empty()) {
      std::cerr << "referral: " << say("test.not_overlay", {args.rules}) << "\n";
      return kExitUsage;
    }
    for (auto& r : inherited) runs.push_back(std::move(r));
  }
  if (runs.empty()) {
    std::cerr << "referral: " << say("test.none_found", {args.rules}) << "\n";
    return kExitCannotRun;
  }
  int passed = 0, failed = 0;
  CoverageCollector coverage(*rules);
  for (const TestRun& r : runs) {
    const TestRun& t = r;
    (r.passed ? passed : failed)++;
    if (r.decision) coverage.Add(*r.decision);
    if (args.format == "json") continue;
    std::string mark = r.passed ? "ok" : say("test.fail");
    mark.resize(std::max<size_t>(mark.size() + 1, 5), ' ');
    std::cout << mark << t.name << "  (" << t.file << ":" << t.line << ")\n";
    if (r.passed && !r.declared_difference.empty()) {
      std::cout << "     " << say("test.differs_as_declared", {r.declared_difference}) << "\n";
    }
    for (const auto& f : r.failures) std::cout << "     " << f << "\n";
    bool explain = args.explain == "all" || (args.explain == "failures" && !r.passed);
    if (explain && r.decision) {
      std::string text = Explain(*rules, *r.decision, ExplainOptions{lang, true});  // with rule ids and file:line
      std::string indented;
      for (size_t pos = 0; pos < text.size();) {
        size_t end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        indented += "     | " + text.substr(pos, end - pos) + "\n";
        pos = end + 1;
      }
      std::cout << indented;
    }
  }
  CoverageReport cov = coverage.Report();
  if (args.format == "json") {
    std::cout << JsonText(TestRunsJson(*rules, runs, args.coverage ? &cov : nullptr, false, lang), 2) << "\n";
  }
  if (args.coverage && args.format != "json") {
    auto percent = [lang](size_t a, size_t b) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%.1f", b == 0 ? 100.0 : 100.0 * static_cast<double>(a) / b);
      std::string out(buf);
      if (lang == Lang::kEs) std::replace(out.begin(), out.end(), '.', ',');  // 85,7 %
      return out;
    };
    std::cout << say("test.coverage", {std::to_string(cov.rules_fired), std::to_string(cov.rules_total),
                                       percent(cov.rules_fired, cov.rules_total), std::to_string(cov.conditions_both_ways),
                                       std::to_string(cov.conditions_total),
                                       percent(cov.conditions_both_ways, cov.conditions_total)})
              << "\n";
    auto at = [](const CoverageItem& i) {
      return i.file + ":" + std::to_string(i.line) + ":" + std::to_string(i.column);
    };
    for (const auto& i : cov.rules_never_fired) std::cout << "  " << say("test.never_fired", {at(i), i.what}) << "\n";
    for (const auto& i : cov.conditions_not_both_ways) {
      const char* seen = i.seen_true ? "test.only_true" : i.seen_false ? "test.only_false" : "test.never_evaluated";
      std::cout << "  " << say(seen, {at(i), i.what}) << "\n";
    }
    std::cout.flush();
  }
  if (args.inherit && args.format != "json") {
    int ok = 0, declared = 0, bad = 0;
    for (size_t i = inherited_from; i < runs.size(); ++i) {
      (!runs[i].passed ? bad : runs[i].declared_difference.empty() ? ok : declared)++;
    }
    std::cout << say("test.inherited_summary", {runs[inherited_from].inherited_from, std::to_string(ok),
                                                std::to_string(declared), std::to_string(bad)})
              << "\n";
  }
  // JSON alone on stdout for machines (its `passed` and `failed` say it).
  if (args.format != "json") std::cout << say("test.summary", {std::to_string(passed), std::to_string(failed)}) << "\n";
  return failed == 0 ? kExitOk : kExitFailed;
}

}  // namespace referral::cli
