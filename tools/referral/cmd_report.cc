// `referral report`: a programme report from a decision-record file
// (docs/reports.md). Malformed lines are listed with their numbers and
// skipped; the report is still written, and the exit code says it is partial.
#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>

#include "cli_common.h"
#include "commands.h"
#include "referral/report.h"

namespace referral::cli {

int RunReport(const ReportArgs& args) {
  std::vector<NamedInput> inputs;
  for (const auto& r : args.records) inputs.push_back({"a record file", r});
  for (auto& r : RuleInputs(args.rules)) inputs.push_back(std::move(r));
  if (OutputClashes("-o", args.output, inputs, CliLang(args.lang, args.rules))) return kExitUsage;
  // The rule set names the values, services and legal bases (CSV keeps codes).
  auto rules = LoadRulesOrReport(args.rules, CliLang(args.lang, args.rules));
  if (!rules) return kExitFailed;
  ReportOptions options;
  options.from = args.from;
  options.to = args.to;
  auto report = BuildReport(std::vector<std::filesystem::path>(args.records.begin(), args.records.end()), options);
  if (!report.ok()) {
    std::cerr << "referral: " << report.status().code() << ": " << report.status().message() << "\n";
    return report.status().code() == "report.io" ? kExitCannotRun : kExitUsage;
  }
  for (const auto& p : report->problems) {
    std::cerr << p.file << ":" << p.line << ": error[" << p.code << "]: " << p.message << "\n";
  }
  const ReportFormat format = args.format == "csv"    ? ReportFormat::kCsv
                              : args.format == "html" ? ReportFormat::kHtml
                                                      : ReportFormat::kMarkdown;
  if (!WriteOutput(args.output, RenderReport(*report, format, CliLang(args.lang, args.rules), *rules))) {
    return kExitCannotRun;
  }
  spdlog::debug("report: {} decision(s) from {} line(s)", report->decisions, report->lines);
  if (!report->problems.empty()) {
    std::cerr << "referral: " << report->problems.size() << " malformed line(s) skipped; the report is incomplete\n";
    return kExitCannotRun;
  }
  return kExitOk;
}

}  // namespace referral::cli
