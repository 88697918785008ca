// `referral route`: one case, or a JSON Lines batch in which every input line
// yields exactly one output line, in order: a decision or an error record.
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <fstream>

#include "batch.h"
#include "cli_common.h"
#include "commands.h"
#include "referral/diagnostic.h"
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
  return [log, &args](const Ruleset& rules, Decision& d, std::string_view text, CaseFormat format) {
    RecordReceipt receipt;
    Status s = log->AppendDecision(rules, d, text, format, DecisionTime(args), {}, &receipt);
    d.decision_id = receipt.decision_id;
    d.decided_at = receipt.decided_at;
    return s;
  };
}

// Reads one line (without its newline) of at most `max` bytes; a longer line
// is consumed to its end and reported by *too_long. False at end of input.
bool ReadBoundedLine(std::istream& in, size_t max, std::string* line, bool* too_long) {
  line->clear();
  *too_long = false;
  std::streambuf* buf = in.rdbuf();
  bool any = false;
  for (;;) {
    const int c = buf->sbumpc();
    if (c == std::char_traits<char>::eof()) return any;
    any = true;
    if (c == '\n') return true;
    if (line->size() < max) {
      line->push_back(static_cast<char>(c));
    } else {
      *too_long = true;
    }
  }
}

// Where batch output goes: standard output, or a file written a whole line
// per write(2) and synced at the end, so that a crash leaves complete lines
// and at most one torn last line (which --resume cuts).
class BatchOutput {
 public:
  ~BatchOutput() {
    if (fd_ >= 0) close(fd_);
  }
  // Opens `path`; with `resume`, cuts a torn last line and counts the complete
  // ones in *done. False (printed) on failure.
  bool Open(const std::string& path, bool resume, long* done) {
    *done = 0;
    // 0640, as records: decisions carry case ids and the facts they consulted.
    fd_ = open(path.c_str(), O_WRONLY | O_CREAT | (resume ? 0 : O_TRUNC) | O_CLOEXEC, 0640);
    if (fd_ < 0) return Fail(path);
    if (resume) {
      std::ifstream existing(path, std::ios::binary);
      std::string text((std::istreambuf_iterator<char>(existing)), std::istreambuf_iterator<char>());
      const size_t keep = text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1;
      for (size_t i = 0; i < keep; ++i) *done += text[i] == '\n';
      if (keep < text.size()) spdlog::warn("the output file ended with a torn line (a crash?); it was cut off");
      if (ftruncate(fd_, static_cast<off_t>(keep)) != 0) return Fail(path);
    }
    if (lseek(fd_, 0, SEEK_END) < 0) return Fail(path);
    path_ = path;
    return true;
  }
  bool Write(std::string line) {
    line += '\n';
    if (fd_ < 0) {
      std::cout.write(line.data(), static_cast<std::streamsize>(line.size()));
      return static_cast<bool>(std::cout);
    }
    for (size_t at = 0; at < line.size();) {
      ssize_t n = write(fd_, line.data() + at, line.size() - at);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return Fail(path_);
      at += static_cast<size_t>(n);
    }
    return true;
  }
  bool Finish() {
    if (fd_ < 0) {
      std::cout.flush();
      return static_cast<bool>(std::cout);
    }
    return fsync(fd_) == 0 || Fail(path_);
  }

 private:
  static bool Fail(const std::string& path) {
    std::cerr << "referral: cannot write `" << path << "`: " << std::strerror(errno) << "\n";
    return false;
  }
  int fd_ = -1;
  std::string path_;
};

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
  options.limits = CliCaseLimits();
  options.now = DecisionTime(args);  // evaluation dates after it are refused
  options.lang = ParseLang(args.lang, Lang::kEn);  // of error messages
  const Recorder record = RecorderFor(log, args);
  BatchOutput out;
  long done = 0;
  if (!args.out.empty() && !out.Open(args.out, args.resume, &done)) return kExitCannotRun;
  if (done > 0) spdlog::info("resuming after {} line(s) already answered", done);
  std::string line;
  bool too_long = false;
  long number = 0;
  long errors = 0;
  while (ReadBoundedLine(*in, options.limits.max_case_bytes + 1, &line, &too_long)) {
    if (++number <= done) continue;
    LineResult result;
    if (too_long) {
      result.text = ErrorLine(
          Status::Error("limit.case_size", MessageOf("limit.line_size", options.lang,
                                                     {std::to_string(options.limits.max_case_bytes)})),
          "", number);
    } else {
      auto with = WithCapacity(line, args.capacity);
      if (!with) return kExitCannotRun;
      result = DecideLine(rules, *with, number, options, record);
    }
    if (!out.Write(std::move(result.text))) return kExitCannotRun;
    errors += !result.ok;
  }
  if (!out.Finish()) return kExitCannotRun;
  if (errors) std::cerr << "referral: " << errors << " of " << number << " line(s) were rejected\n";
  return kExitOk;
}

}  // namespace

int RunRoute(const RouteArgs& args) {
  if (!args.now.empty() && !IsRfc3339(args.now)) {
    std::cerr << "referral: --now `" << args.now << "` is not an RFC 3339 time (e.g. 2026-03-01T10:00:00Z)\n";
    return kExitUsage;
  }
  if ((!args.out.empty() && !args.jsonl) || (args.resume && args.out.empty())) {
    std::cerr << "referral: --out needs --jsonl, and --resume needs --out\n";
    return kExitUsage;
  }
  // Before anything is opened for writing (the record file too: opening it
  // may cut a torn line): an output over an input would destroy it.
  std::vector<NamedInput> inputs = {
      {"the input", args.input}, {"the record file", args.record}, {"the capacity file", args.capacity}};
  for (auto& r : RuleInputs(args.rules)) inputs.push_back(std::move(r));
  if (OutputClashes("--out", args.out, inputs, ParseLang(args.lang, Lang::kEn))) return kExitUsage;
  auto rules = LoadRulesOrReport(args.rules, Lang::kEn);
  if (!rules) return kExitFailed;
  std::unique_ptr<RecordLog> log;
  if (!args.record.empty()) {
    bool repaired = false;
    std::string error;
    auto rotation = ParseRotation(args.rotate, &error);
    if (!rotation) {
      std::cerr << "referral: " << error << "\n";
      return kExitUsage;
    }
    auto opened = RecordLog::Open(args.record, &repaired, *rotation);
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
  options.limits = CliCaseLimits();
  options.now = DecisionTime(args);  // evaluation dates after it are refused
  options.lang = ParseLang(args.lang, Lang::kEn);  // of error messages
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
    const Lang lang = ParseLang(args.lang, rules->language());
    std::cout << Explain(*rules, *d, lang);
    if (!d->decision_id.empty()) {
      std::cout << (lang == Lang::kEs ? "Registro: " : "Record: ") << d->decision_id << " (" << d->decided_at << ")\n";
    }
  } else {
    std::cout << DecisionToJson(*d, options.trace != TraceLevel::kOff) << "\n";
  }
  return kExitOk;
}

}  // namespace referral::cli
