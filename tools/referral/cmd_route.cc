// `referral route`: one case, or a JSON Lines batch in which every input line
// yields exactly one output line, in order: a decision or an error record.
#include <spdlog/spdlog.h>

#include <iostream>
#include <memory>
#include <optional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <fstream>

#include "batch.h"
#include "cli_common.h"
#include "commands.h"
#include "referral/engine.h"
#include "referral/explain.h"
#include "referral/record.h"

namespace referral::cli {

namespace {

// The decision time of a record: --now, else the clock.
std::string DecisionTime(const RouteArgs& args) { return args.now.empty() ? NowRfc3339() : args.now; }

// Records each decision in `log` (none when null) at --now or the clock.
Recorder RecorderFor(RecordLog* log, const RouteArgs& args) {
  if (!log) return {};
  return [log, &args](const Ruleset& rules, const Decision& d, std::string_view text, CaseFormat format) {
    std::string id;
    return log->AppendDecision(rules, d, text, format, DecisionTime(args), &id);
  };
}

int RouteBatch(const Ruleset& rules, const RouteArgs& args, RecordLog* log) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (args.input != "-") {
    file.open(args.input, std::ios::binary);
    if (!file) {
      std::cerr << "referral: cannot read `" << args.input << "`\n";
      return kExitCannotRun;
    }
    in = &file;
  }
  DecideOptions options;
  options.trace = ParseTrace(args.trace, TraceLevel::kRules);
  const Recorder record = RecorderFor(log, args);
  std::string line;
  long number = 0;
  long errors = 0;
  while (std::getline(*in, line)) {
    auto with = WithCapacity(line, args.capacity);
    if (!with) return kExitCannotRun;
    LineResult out = DecideLine(rules, *with, ++number, options, record);
    std::cout << out.text << "\n";
    errors += !out.ok;
  }
  std::cout.flush();
  if (errors) std::cerr << "referral: " << errors << " of " << number << " line(s) were rejected\n";
  return kExitOk;
}

}  // namespace

int RunRoute(const RouteArgs& args) {
  if (!args.now.empty() && !IsRfc3339(args.now)) {
    std::cerr << "referral: --now `" << args.now << "` is not an RFC 3339 time (e.g. 2026-03-01T10:00:00Z)\n";
    return kExitUsage;
  }
  auto rules = LoadRulesOrReport(args.rules, Lang::kEn);
  if (!rules) return kExitFailed;
  std::unique_ptr<RecordLog> log;
  if (!args.record.empty()) {
    bool repaired = false;
    auto opened = RecordLog::Open(args.record, &repaired);
    if (!opened.ok()) {
      std::cerr << "referral: " << opened.status().code() << ": " << opened.status().message() << "\n";
      return kExitCannotRun;
    }
    if (repaired) spdlog::warn("the record file ended with a torn record (a crash?); it was cut off");
    log = std::move(opened).value();
  }
  if (args.jsonl) return RouteBatch(*rules, args, log.get());
  auto text = ReadInput(args.input);
  if (!text) return kExitCannotRun;
  DecideOptions options;
  options.trace = ParseTrace(args.trace, TraceLevel::kFull);
  options.format = args.case_format == "yaml"   ? CaseFormat::kYaml
                   : args.case_format == "json" ? CaseFormat::kJson
                                                : FormatOf(args.input);
  if (!args.capacity.empty() && options.format == CaseFormat::kYaml) {
    std::cerr << "referral: --capacity needs a JSON case\n";
    return kExitUsage;
  }
  text = WithCapacity(*text, args.capacity);
  if (!text) return kExitCannotRun;
  if (args.format == "human") options.trace = TraceLevel::kFull;
  auto d = Decide(*rules, *text, options);
  if (!d.ok()) {
    std::cout << ErrorLine(d.status(), PeekCaseId(*text, options.format), 0) << "\n";
    return kExitCannotRun;
  }
  if (const Recorder record = RecorderFor(log.get(), args)) {
    Status s = record(*rules, *d, *text, options.format);
    if (!s.ok()) {
      std::cout << ErrorLine(s, d->case_id, 0) << "\n";
      return kExitCannotRun;
    }
  }
  if (args.format == "human") {
    std::cout << Explain(*rules, *d, ParseLang(args.lang, rules->language()));
  } else {
    std::cout << DecisionToJson(*d, options.trace != TraceLevel::kOff) << "\n";
  }
  return kExitOk;
}

}  // namespace referral::cli
