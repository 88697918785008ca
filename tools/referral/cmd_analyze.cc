// `referral analyze RULES`: exact static analysis; every finding with its
// place and, where one exists, an example case. Exit 0 when there is no error
// or warning (notes do not count), 3 otherwise.
#include <chrono>
#include <iostream>

#include "cli_common.h"
#include "commands.h"
#include "json_text.h"
#include "json_views.h"
#include "referral/analysis.h"

namespace referral::cli {

int RunAnalyze(const AnalyzeArgs& args) {
  const Lang lang = CliLang(args.lang, args.rules);
  auto rules = LoadRulesOrReport(args.rules, lang);
  if (!rules) return kExitFailed;
  auto start = std::chrono::steady_clock::now();
  AnalysisReport report = Analyze(*rules, {}, lang);
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  size_t counts[3] = {0, 0, 0};
  for (const auto& f : report.findings) ++counts[static_cast<int>(f.severity)];
  if (args.format == "json") {
    std::cout << JsonText(AnalysisJson(*rules, report), 2) << "\n";
  } else {
    for (const auto& f : report.findings) {
      Diagnostic d{f.code, f.severity, f.message, f.file, f.line, f.column, ""};
      std::cout << FormatDiagnostic(d) << "\n";
      if (!f.example_case.empty()) std::cout << "    " << MessageOf("cli.example", lang, {f.example_case}) << "\n";
    }
    if (!report.complete) std::cout << MessageOf("cli.incomplete", lang, {report.incomplete_reason}) << "\n";
    std::cout << MessageOf("cli.analyze_summary", lang,
                           {std::to_string(counts[0]), std::to_string(counts[1]), std::to_string(counts[2]),
                            std::to_string(report.regions), std::to_string(static_cast<long>(ms))})
              << "\n";
  }
  return counts[0] + counts[1] == 0 && report.complete ? kExitOk : kExitFailed;
}

}  // namespace referral::cli
