// `referral route`: one case, or a JSON Lines batch in which every input line
// yields exactly one output line, in order: a decision or an error record.
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <iostream>
#include <iterator>
#include <memory>
#include <mutex>
#include <optional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <fstream>
#include <thread>
#include <vector>

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

// The lines of an input, read in blocks of 64 KiB: a case per line, and
// reading a character at a time from the stream cost more than deciding.
class LineSource {
 public:
  explicit LineSource(std::istream& in) : buf_(in.rdbuf()), block_(1 << 16) {}
  // Reads one line (without its newline) of at most `max` bytes; a longer
  // line is consumed to its end and reported by *too_long. False at end of
  // input.
  bool Next(size_t max, std::string* line, bool* too_long) {
    line->clear();
    *too_long = false;
    bool any = false;
    for (;;) {
      if (pos_ == end_ && !Fill()) return any;
      any = true;
      const char* start = block_.data() + pos_;
      const auto* newline = static_cast<const char*>(std::memchr(start, '\n', end_ - pos_));
      const size_t n = newline ? static_cast<size_t>(newline - start) : end_ - pos_;
      const size_t room = line->size() < max ? max - line->size() : 0;
      line->append(start, std::min(n, room));
      *too_long = *too_long || n > room;
      pos_ += n;
      if (newline) {
        ++pos_;
        return true;
      }
    }
  }

 private:
  bool Fill() {
    const std::streamsize got = buf_ ? buf_->sgetn(block_.data(), static_cast<std::streamsize>(block_.size())) : 0;
    pos_ = 0;
    end_ = got > 0 ? static_cast<size_t>(got) : 0;
    return end_ > 0;
  }
  std::streambuf* buf_;
  std::vector<char> block_;
  size_t pos_ = 0, end_ = 0;
};

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
    std::cerr << "referral: " << MessageOf("cli.cannot_write", CommandLang(), {path, std::strerror(errno)}) << "\n";
    return false;
  }
  int fd_ = -1;
  std::string path_;
};

// A batch on several threads: the calling thread reads chunks of lines,
// `jobs` workers decide them, and the calling thread writes each chunk's
// lines in input order as soon as it and every chunk before it are decided.
// Workers never record: with a record file they only decide, and the calling
// thread records and renders each decision in input order (one writer, as the
// hash chain needs). At most 4 chunks per worker are in flight.
class ParallelBatch {
 public:
  static constexpr size_t kChunkLines = 256;
  // A chunk also ends past this many bytes, so that long lines keep the
  // memory in flight near 4 x jobs x (1 MiB + the longest line allowed).
  static constexpr size_t kChunkBytes = 1024 * 1024;

  ParallelBatch(const Ruleset& rules, const DecideOptions& options, const RouteArgs& args, const Recorder& record,
                int jobs)
      : rules_(rules), options_(options), args_(args), record_(record), max_in_flight_(4 * static_cast<size_t>(jobs)) {
    for (int i = 0; i < jobs; ++i) workers_.emplace_back([this] { Work(); });
  }
  ~ParallelBatch() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    work_cv_.notify_all();
    for (auto& t : workers_) t.join();
  }

  // Reads `in` to its end (skipping the first `done` lines) and writes every
  // answer to `out`, in order. Returns the exit code; *number and *errors
  // count the lines read and the error records written.
  int Run(LineSource& in, long done, BatchOutput& out, long* number, long* errors) {
    bool eof = false;
    while (!eof) {
      std::shared_ptr<Chunk> chunk = Take();
      chunk->first = *number + 1;
      bool too_long = false;
      size_t bytes = 0;
      while (chunk->count < kChunkLines && bytes < kChunkBytes) {
        if (chunk->lines.size() <= chunk->count) {
          chunk->lines.emplace_back();
          chunk->too_long.push_back(false);
        }
        if (!in.Next(options_.limits.max_case_bytes + 1, &chunk->lines[chunk->count], &too_long)) {
          eof = true;
          break;
        }
        if (++*number <= done) {
          chunk->first = *number + 1;
          continue;
        }
        chunk->too_long[chunk->count] = too_long;
        bytes += chunk->lines[chunk->count].size() + 1;
        // --capacity is read once, here, before any worker merges it: the
        // file is read on one thread, and a file that cannot be read ends
        // the batch at its first decided line, as on one thread.
        if (!too_long && !args_.capacity.empty() && !capacity_read_) {
          if (!WithCapacity("{}", args_.capacity)) {
            chunk->fatal_at = chunk->count;
            eof = true;
            break;
          }
          capacity_read_ = true;
        }
        ++chunk->count;
      }
      if (chunk->count == 0 && chunk->fatal_at == kNone) {
        Recycle(std::move(chunk));
        continue;
      }
      {
        std::lock_guard<std::mutex> lock(mu_);
        in_order_.push_back(chunk);
        todo_.push_back(chunk);
      }
      work_cv_.notify_one();
      // Write what is ready; wait while the window is full.
      if (int code = Emit(out, errors, /*drain=*/false); code != kExitOk) return code;
    }
    return Emit(out, errors, /*drain=*/true);
  }

 private:
  static constexpr size_t kNone = static_cast<size_t>(-1);
  struct Chunk {
    long first = 0;                       // the number of its first line
    size_t count = 0;                     // lines in use (the vectors are reused)
    size_t fatal_at = kNone;              // the batch stops before this line (--capacity unreadable)
    std::vector<std::string> lines;       // as read; then with --capacity merged
    std::vector<char> too_long;
    std::vector<LineResult> results;
    std::vector<char> pending;            // with --record: decided, to record and render in order
    std::vector<DecisionResult> decided;  // with --record
    std::exception_ptr failed;
    bool ready = false;
  };

  std::shared_ptr<Chunk> Take() {
    if (free_.empty()) return std::make_shared<Chunk>();
    std::shared_ptr<Chunk> c = std::move(free_.back());
    free_.pop_back();
    return c;
  }
  void Recycle(std::shared_ptr<Chunk> c) {
    c->count = 0;
    c->fatal_at = kNone;
    c->failed = nullptr;
    c->ready = false;
    free_.push_back(std::move(c));
  }

  void Work() {
    for (;;) {
      std::shared_ptr<Chunk> chunk;
      {
        std::unique_lock<std::mutex> lock(mu_);
        work_cv_.wait(lock, [this] { return stop_ || !todo_.empty(); });
        if (stop_) return;
        chunk = std::move(todo_.front());
        todo_.pop_front();
      }
      try {
        Decide(*chunk);
      } catch (...) {
        chunk->failed = std::current_exception();
      }
      {
        std::lock_guard<std::mutex> lock(mu_);
        chunk->ready = true;
      }
      ready_cv_.notify_all();
    }
  }

  void Decide(Chunk& c) {
    c.results.resize(std::max(c.results.size(), c.count));
    if (record_) {
      c.pending.assign(c.count, 0);
      while (c.decided.size() < c.count) c.decided.emplace_back();
    }
    for (size_t i = 0; i < c.count; ++i) {
      const long number = c.first + static_cast<long>(i);
      if (c.too_long[i]) {
        c.results[i] = {ErrorLine(Status::Error("limit.case_size",
                                                MessageOf("limit.line_size", options_.lang,
                                                          {std::to_string(options_.limits.max_case_bytes)})),
                                  "", number),
                        false,
                        "limit.case_size"};
        continue;
      }
      if (!args_.capacity.empty()) {
        auto with = WithCapacity(c.lines[i], args_.capacity);  // read before: cannot fail
        if (with) c.lines[i] = std::move(*with);
      }
      if (!record_) {
        c.results[i] = DecideLine(rules_, c.lines[i], number, options_, {});
      } else if (auto error = DecideLineInto(rules_, c.lines[i], number, options_, &c.decided[i])) {
        c.results[i] = std::move(*error);
      } else {
        c.pending[i] = 1;
      }
    }
  }

  // Writes the chunks at the front that are decided, in order; waits for the
  // front one while the window is full, or until all are written with `drain`.
  int Emit(BatchOutput& out, long* errors, bool drain) {
    for (;;) {
      std::shared_ptr<Chunk> chunk;
      {
        std::unique_lock<std::mutex> lock(mu_);
        if (in_order_.empty()) return kExitOk;
        if (!in_order_.front()->ready) {
          if (!drain && in_order_.size() < max_in_flight_) return kExitOk;
          ready_cv_.wait(lock, [this] { return in_order_.front()->ready; });
        }
        chunk = std::move(in_order_.front());
        in_order_.pop_front();
      }
      if (chunk->failed) std::rethrow_exception(chunk->failed);
      for (size_t i = 0; i < chunk->count; ++i) {
        LineResult& result = chunk->results[i];
        if (record_ && chunk->pending[i]) {
          result = FinishLine(rules_, chunk->decided[i], chunk->lines[i], chunk->first + static_cast<long>(i),
                              options_, record_);
        }
        if (!out.Write(std::move(result.text))) return kExitCannotRun;
        *errors += !result.ok;
      }
      if (chunk->fatal_at != kNone) return kExitCannotRun;
      Recycle(std::move(chunk));
    }
  }

  const Ruleset& rules_;
  const DecideOptions& options_;
  const RouteArgs& args_;
  const Recorder& record_;
  const size_t max_in_flight_;
  bool capacity_read_ = false;
  std::vector<std::shared_ptr<Chunk>> free_;  // the calling thread's only

  std::mutex mu_;
  std::condition_variable work_cv_;   // todo_ or stop_
  std::condition_variable ready_cv_;  // a chunk is decided
  std::deque<std::shared_ptr<Chunk>> in_order_;  // every chunk in flight, in input order
  std::deque<std::shared_ptr<Chunk>> todo_;      // those no worker has taken yet
  bool stop_ = false;
  std::vector<std::thread> workers_;  // last: joined before the rest goes
};

int RouteBatch(const Ruleset& rules, const RouteArgs& args, RecordLog* log) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (args.input != "-") {
    file.open(args.input, std::ios::binary);
    if (!file) {
      std::cerr << "referral: " << MessageOf("cli.cannot_read", CommandLang(), {args.input}) << "\n";
      return kExitCannotRun;
    }
    in = &file;
  }
  DecideOptions options;
  options.trace = ParseTrace(args.trace, TraceLevel::kRules);
  options.limits = CliCaseLimits();
  options.now = DecisionTime(args);  // evaluation dates after it are refused
  options.lang = CliLang(args.lang, args.rules);  // of error messages
  const Recorder record = RecorderFor(log, args);
  BatchOutput out;
  long done = 0;
  if (!args.out.empty() && !out.Open(args.out, args.resume, &done)) return kExitCannotRun;
  if (done > 0) spdlog::info("resuming after {} line(s) already answered", done);
  long number = 0;
  long errors = 0;
  const int jobs = args.jobs > 0 ? args.jobs : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  if (jobs > 1) {
    spdlog::info("deciding on {} threads", jobs);
    LineSource lines(*in);
    int code = ParallelBatch(rules, options, args, record, jobs).Run(lines, done, out, &number, &errors);
    if (code != kExitOk) return code;
  } else {
    std::string line;
    bool too_long = false;
    LineSource lines(*in);
    while (lines.Next(options.limits.max_case_bytes + 1, &line, &too_long)) {
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
  }
  if (!out.Finish()) return kExitCannotRun;
  if (errors) std::cerr << "referral: " << errors << " of " << number << " line(s) were rejected\n";
  return kExitOk;
}

}  // namespace

int RunRoute(const RouteArgs& args) {
  if (!args.now.empty() && !IsRfc3339(args.now)) {
    std::cerr << "referral: " << MessageOf("cli.bad_now", CliLang(args.lang, args.rules), {args.now}) << "\n";
    return kExitUsage;
  }
  if ((!args.out.empty() && !args.jsonl) || (args.resume && args.out.empty())) {
    std::cerr << "referral: " << MessageOf("cli.out_needs_jsonl", CliLang(args.lang, args.rules)) << "\n";
    return kExitUsage;
  }
  if (args.jobs < 0 || args.jobs > 256 || (args.jobs != 1 && !args.jsonl)) {
    std::cerr << "referral: " << MessageOf("cli.bad_jobs", CliLang(args.lang, args.rules), {std::to_string(args.jobs)}) << "\n";
    return kExitUsage;
  }
  // Before anything is opened for writing (the record file too: opening it
  // may cut a torn line): an output over an input would destroy it.
  std::vector<NamedInput> inputs = {
      {"the input", args.input}, {"the record file", args.record}, {"the capacity file", args.capacity}};
  for (auto& r : RuleInputs(args.rules)) inputs.push_back(std::move(r));
  if (OutputClashes("--out", args.out, inputs, CliLang(args.lang, args.rules))) return kExitUsage;
  // The record file is written too: appending to a case, capacity or rule
  // file would spoil it.
  inputs.erase(inputs.begin() + 1);
  if (OutputClashes("--record", args.record, inputs, CliLang(args.lang, args.rules))) return kExitUsage;
  auto rules = LoadRulesOrReport(args.rules, CliLang(args.lang, args.rules));
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
  options.lang = CliLang(args.lang, args.rules);  // of error messages
  options.trace = ParseTrace(args.trace, TraceLevel::kFull);
  options.format = args.case_format == "yaml"   ? CaseFormat::kYaml
                   : args.case_format == "json" ? CaseFormat::kJson
                                                : FormatOf(args.input);
  if (!args.capacity.empty() && options.format == CaseFormat::kYaml) {
    std::cerr << "referral: " << MessageOf("cli.capacity_needs_json", CommandLang()) << "\n";
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
    // Deadlines from the decision time (the record's, else --now or the clock).
    std::cout << Explain(*rules, *d, ExplainOptions{lang, false, d->decided_at.empty() ? options.now : d->decided_at});
    if (!d->decision_id.empty()) {
      std::cout << MessageOf("cli.record", lang, {d->decision_id, d->decided_at}) << "\n";
    }
  } else {
    std::cout << DecisionToJson(*d, options.trace != TraceLevel::kOff) << "\n";
  }
  return kExitOk;
}

}  // namespace referral::cli
