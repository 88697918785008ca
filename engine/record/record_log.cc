// RecordLog: append-only, hash-chained, crash-safe decision and review records.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <utility>
#include <nlohmann/json.hpp>

#include "case/case_values.h"
#include "eval/evaluator.h"
#include "record/record_input.h"
#include "referral/record.h"
#include "util/date.h"
#include "util/json_text.h"
#include "util/sha256.h"

namespace referral {

namespace {

using ojson = nlohmann::ordered_json;

const std::string kGenesis(64, '0');

using internal::Sha256Hex;

Status Errno(const std::string& what) {
  return Status::Error("record.io", what + ": " + std::strerror(errno));
}

}  // namespace

bool IsRfc3339(std::string_view t) { return internal::ParseRfc3339(t).has_value(); }

std::string NowRfc3339() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

// What the chain holds so far, for checking appends against it.
struct RecordLog::Recorded {
  struct Decided {
    std::string decided_at;
    std::string input_digest;
    std::string ruleset_digest;
  };
  std::map<std::string, Decided> decisions;        // by decision id
  std::map<std::string, std::string> idempotency;  // key digest -> decision id
  std::set<std::pair<dev_t, ino_t>> files;         // files of the chain read so far

  // What later appends check against: decision ids, their times, inputs and
  // idempotency keys.
  void Remember(const nlohmann::json& j) {
    auto str = [&](const char* key) {
      return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
    };
    if (str("record") != "decision" || str("decision_id").empty()) return;
    const std::string id = str("decision_id");
    std::string digest;
    if (j.contains("ruleset") && j["ruleset"].is_object()) {
      const auto& r = j["ruleset"];
      if (r.contains("digest") && r["digest"].is_string()) digest = r["digest"].get<std::string>();
    }
    decisions[id] = {str("decided_at"), str("input_digest"), digest};
    const std::string key = str("idempotency_key_sha256");
    if (!key.empty()) idempotency.emplace(key, id);
  }
};

RecordLog::RecordLog() : recorded_(std::make_unique<Recorded>()) {}

RecordLog::~RecordLog() {
  if (fd_ >= 0) ::close(fd_);
}

Status RecordLog::Ready() const {
  if (broken_ || fd_ < 0) {
    return Status::Error("record.unavailable",
                         "a failed write to `" + path_.string() + "` could not be undone: nothing more is recorded");
  }
  if (::access(path_.c_str(), W_OK) != 0) {
    return Status::Error("record.io", "`" + path_.string() + "` is not writable: " + std::strerror(errno));
  }
  return Status::Ok();
}

namespace {

// Takes the exclusive lock of `fd`, waiting for other writers.
bool Lock(int fd) {
  while (::flock(fd, LOCK_EX) != 0) {
    if (errno != EINTR) return false;
  }
  return true;
}

// The UTC day of an RFC 3339 time, or -1.
int64_t UtcDay(std::string_view at) {
  auto t = internal::ParseRfc3339(at);
  return t ? t->UtcDay() : -1;
}

// The digest a record keeps of a client's idempotency key (the key itself
// may be anything the client chose).
std::string KeyDigest(std::string_view key) { return Sha256Hex("referral-idempotency|" + std::string(key)); }

}  // namespace

StatusOr<std::unique_ptr<RecordLog>> RecordLog::Open(const std::filesystem::path& path, bool* repaired,
                                                     const RecordRotation& rotation) {
  std::unique_ptr<RecordLog> log(new RecordLog());
  log->path_ = path;
  log->rotation_ = rotation;
  log->head_ = kGenesis;
  log->fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (log->fd_ < 0) return Errno("cannot open `" + path.string() + "`");
  if (!Lock(log->fd_)) return Errno("cannot lock `" + path.string() + "`");
  Status s = log->Follow();
  if (s.ok()) s = log->CatchUp(repaired);
  ::flock(log->fd_, LOCK_UN);
  if (!s.ok()) return s;
  return log;
}

// Under the lock: if the path now names another file (a writer rotated it),
// moves to that file, locked, and reads it from its start.
Status RecordLog::Follow() {
  for (int attempt = 0; attempt < 100; ++attempt) {
    struct stat held {}, named {};
    if (::fstat(fd_, &held) != 0) return Errno("cannot read `" + path_.string() + "`");
    if (::stat(path_.c_str(), &named) == 0 && named.st_dev == held.st_dev && named.st_ino == held.st_ino) {
      return Status::Ok();
    }
    // The file held was rotated away under its lock, so it is final: read its
    // last records before leaving it.
    Status tail = CatchUp(nullptr);
    if (!tail.ok()) return tail;
    int next = ::open(path_.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (next < 0) return Errno("cannot open `" + path_.string() + "`");
    if (!Lock(next)) {
      ::close(next);
      return Errno("cannot lock `" + path_.string() + "`");
    }
    ::close(fd_);  // releases the old file's lock
    fd_ = next;
    size_ = 0;
    day_ = -1;
  }
  return Status::Error("record.unavailable", "`" + path_.string() + "` keeps changing under the writer");
}

// Under the lock: closes the current file and begins a new one at the same
// path, whose first line is a `rotation` record chained to the last record.
// The old file keeps its records under a dated name. If the new file cannot
// be made, records go on in the current one (nothing is lost).
Status RecordLog::Rotate(std::string_view at) {
  const std::filesystem::path dir = path_.parent_path().empty() ? "." : path_.parent_path();
  std::string stamp = NowRfc3339();
  stamp.erase(std::remove(stamp.begin(), stamp.end(), ':'), stamp.end());
  stamp.erase(std::remove(stamp.begin(), stamp.end(), '-'), stamp.end());
  std::filesystem::path rotated;
  for (int n = 1;; ++n) {
    rotated = dir / (path_.stem().string() + "." + stamp + (n > 1 ? "-" + std::to_string(n) : "") +
                     path_.extension().string());
    if (!std::filesystem::exists(rotated)) break;
  }
  ojson j;
  j["record"] = "rotation";
  j["previous_file"] = rotated.filename().string();
  j["rotated_at"] = at;
  j["prev_hash"] = head_;
  const std::string line = internal::JsonText(j) + "\n";
  const std::filesystem::path temp = dir / ("." + path_.filename().string() + ".rotating-" + std::to_string(::getpid()));
  int t = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (t < 0) return Status::Ok();
  const bool written = ::write(t, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(t) == 0;
  ::close(t);
  // The path always names a whole file: the old one is linked under its new
  // name first, then the new one replaces it in one rename.
  if (!written || ::link(path_.c_str(), rotated.c_str()) != 0) {
    ::unlink(temp.c_str());
    return Status::Ok();
  }
  if (::rename(temp.c_str(), path_.c_str()) != 0) {
    ::unlink(rotated.c_str());
    ::unlink(temp.c_str());
    return Status::Ok();
  }
  int d = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (d >= 0) {
    ::fsync(d);
    ::close(d);
  }
  Status s = Follow();
  if (!s.ok()) return s;
  return CatchUp(nullptr);
}

// Reads what other writers appended since this log last looked (under the
// lock). A torn last line (a writer died mid-write) is cut off; a file that
// shrank was changed by something other than a RecordLog: nothing more is
// written to it.
Status RecordLog::CatchUp(bool* cut) {
  if (cut) *cut = false;
  struct stat st {};
  if (::fstat(fd_, &st) != 0) return Errno("cannot read `" + path_.string() + "`");
  const int64_t size = st.st_size;
  if (size < size_) {
    broken_ = true;
    return Status::Error("record.unavailable", "`" + path_.string() +
                                                   "` shrank while it was being written (changed by hand?); no "
                                                   "more records are written to it: check it with `referral verify`");
  }
  if (size_ == 0) recorded_->files.insert({st.st_dev, st.st_ino});
  if (size == size_) return Status::Ok();
  std::string added(static_cast<size_t>(size - size_), '\0');
  size_t got = 0;
  while (got < added.size()) {
    ssize_t n = ::pread(fd_, added.data() + got, added.size() - got, static_cast<off_t>(size_ + got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Errno("cannot read `" + path_.string() + "`");
    got += static_cast<size_t>(n);
  }
  const size_t whole = added.rfind('\n') == std::string::npos ? 0 : added.rfind('\n') + 1;
  if (whole < added.size()) {
    // A crash cut a write short: drop the torn line, keep whole records.
    if (::ftruncate(fd_, static_cast<off_t>(size_ + static_cast<int64_t>(whole))) != 0 || ::fsync(fd_) != 0) {
      broken_ = true;
      return Errno("cannot cut the torn last line of `" + path_.string() + "`");
    }
    if (cut) *cut = true;
  }
  size_t pos = 0;
  while (pos < whole) {
    size_t end = added.find('\n', pos);
    Absorb(std::string_view(added.data() + pos, end - pos));
    pos = end + 1;
  }
  size_ += static_cast<int64_t>(whole);
  return Status::Ok();
}

void RecordLog::Absorb(std::string_view line) {
  head_ = Sha256Hex(line);
  auto j = nlohmann::json::parse(line.begin(), line.end(), nullptr, false);
  if (!j.is_object()) return;
  if (day_ < 0) {
    for (const char* key : {"decided_at", "reviewed_at", "rotated_at"}) {
      if (j.contains(key) && j[key].is_string()) day_ = UtcDay(j[key].get<std::string>());
    }
  }
  if (j.value("record", "") == "rotation" && j.contains("previous_file") && j["previous_file"].is_string()) {
    LoadEarlier(j["previous_file"].get<std::string>());
  }
  recorded_->Remember(j);
}

// The decisions of the files before a rotation (named by each file's first
// line, back to the chain's start or a file already read), oldest first: a
// review or an idempotency key may name a decision of an earlier file.
void RecordLog::LoadEarlier(const std::string& previous_file) {
  const std::filesystem::path dir = path_.parent_path().empty() ? "." : path_.parent_path();
  std::vector<std::string> texts;
  for (std::filesystem::path p = dir / previous_file; texts.size() < 100000;) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0 || !recorded_->files.insert({st.st_dev, st.st_ino}).second) break;
    std::ifstream in(p, std::ios::binary);
    texts.emplace_back((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto first = nlohmann::json::parse(texts.back().substr(0, texts.back().find('\n')), nullptr, false);
    if (!first.is_object() || first.value("record", "") != "rotation" || !first.contains("previous_file") ||
        !first["previous_file"].is_string()) {
      break;
    }
    p = dir / first["previous_file"].get<std::string>();
  }
  for (auto it = texts.rbegin(); it != texts.rend(); ++it) {
    std::istringstream lines(*it);
    for (std::string line; std::getline(lines, line);) {
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_object()) recorded_->Remember(j);
    }
  }
}

// Under the file's lock: catch up with other writers, build the line (empty:
// nothing to append), write it whole or restore the file.
Status RecordLog::Append(const std::function<StatusOr<std::string>()>& make_line, std::string_view at) {
  if (broken_) {
    return Status::Error("record.unavailable", "an earlier write to `" + path_.string() +
                                                   "` failed and could not be undone; no more records are "
                                                   "written to it");
  }
  if (!Lock(fd_)) return Errno("cannot lock `" + path_.string() + "`");
  struct Unlock {
    RecordLog* log;
    ~Unlock() { ::flock(log->fd_, LOCK_UN); }  // whichever file it holds by then
  } unlock{this};
  Status caught = Follow();
  if (caught.ok()) caught = CatchUp(nullptr);
  if (!caught.ok()) return caught;
  const int64_t day = UtcDay(at);
  if (size_ > 0 && ((rotation_.max_bytes > 0 && size_ >= rotation_.max_bytes) ||
                    (rotation_.daily && day_ >= 0 && day >= 0 && day != day_))) {
    Status rotated = Rotate(at);
    if (!rotated.ok()) return rotated;
  }
  auto line = make_line();
  if (!line.ok()) return line.status();
  if (line->empty()) return Status::Ok();
  const std::string out = *line + "\n";
  size_t written = 0;
  int error = 0;
  while (written < out.size()) {
    ssize_t n = ::write(fd_, out.data() + written, out.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error = n < 0 ? errno : EIO;
      break;
    }
    written += static_cast<size_t>(n);
  }
  if (error == 0 && ::fsync(fd_) != 0) error = errno;
  if (error != 0) {
    // Nothing after a torn line, ever: cut the file back to its last whole
    // record before anyone writes again.
    if (::ftruncate(fd_, static_cast<off_t>(size_)) != 0 || ::fsync(fd_) != 0) {
      broken_ = true;
      return Status::Error("record.unavailable", "cannot append to `" + path_.string() + "` (" +
                                                     std::strerror(error) +
                                                     ") nor restore it; no more records are written to it");
    }
    return Status::Error("record.io", "cannot append a record to `" + path_.string() + "`: " + std::strerror(error) +
                                          " (nothing was recorded; the file still ends with a whole record)");
  }
  Absorb(*line);
  size_ += static_cast<int64_t>(out.size());
  return Status::Ok();
}

Status RecordLog::AppendDecision(const Ruleset& rules, const Decision& d, std::string_view case_text,
                                 CaseFormat format, std::string_view decided_at, std::string* decision_id) {
  RecordReceipt receipt;
  Status s = AppendDecision(rules, d, case_text, format, decided_at, {}, &receipt);
  if (s.ok() && decision_id) *decision_id = receipt.decision_id;
  return s;
}

Status RecordLog::AppendDecision(const Ruleset& rules, const Decision& d, std::string_view case_text,
                                 CaseFormat format, std::string_view decided_at, std::string_view idempotency_key,
                                 RecordReceipt* receipt) {
  if (!IsRfc3339(decided_at)) {
    return Status::Error("record.bad_time", "decision time `" + std::string(decided_at) + "` is not RFC 3339", "now");
  }
  if (d.ruleset_digest != rules.digest()) {
    return Status::Error("record.digest_mismatch", "the decision was not made by this rule set");
  }
  if (!idempotency_key.empty() &&
      (idempotency_key.size() > 200 || std::any_of(idempotency_key.begin(), idempotency_key.end(), [](char ch) {
         return static_cast<unsigned char>(ch) < 0x21 || static_cast<unsigned char>(ch) > 0x7e;
       }))) {
    return Status::Error("record.bad_idempotency_key", "an idempotency key is 1 to 200 printable ASCII characters",
                         "idempotency_key");
  }
  auto c = internal::ReadCase(internal::ModelOf(rules), case_text, format);
  if (!c.ok()) return c.status();
  // Decide again, noting every test the decision consults: a record keeps a
  // sensitive fact only as the results of those tests.
  std::vector<uint8_t> consulted;
  auto again = internal::EvaluateDecision(internal::ModelOf(rules), *c, TraceLevel::kOff, &consulted);
  if (!again.ok() || internal::RecordOutcome(*again) != internal::RecordOutcome(d)) {
    return Status::Error("record.decision_mismatch", "the decision is not the one these rules make for this case");
  }
  ojson input = internal::RecordInput(internal::ModelOf(rules), *c, consulted);
  const std::string input_digest = Sha256Hex(internal::JsonText(input));
  const std::string key = idempotency_key.empty() ? std::string() : KeyDigest(idempotency_key);
  RecordReceipt out;
  Status s = Append([&]() -> StatusOr<std::string> {
    if (!key.empty()) {
      auto seen = recorded_->idempotency.find(key);
      if (seen != recorded_->idempotency.end()) {
        const Recorded::Decided& first = recorded_->decisions[seen->second];
        if (first.input_digest != input_digest || first.ruleset_digest != d.ruleset_digest) {
          return Status::Error("record.idempotency_conflict",
                               "idempotency key already used for decision `" + seen->second +
                                   "` of another case or rule set; use a new key for a new request",
                               "idempotency_key");
        }
        out = {seen->second, first.decided_at, true};
        return std::string();
      }
    }
    // Unique within the chain: the previous record's hash is part of the id,
    // so the same case decided twice in one second gets two ids.
    const std::string id = internal::DecisionId(d.ruleset_digest, input_digest, decided_at, head_);
    ojson j;
    j["record"] = "decision";
    j["decision_id"] = id;
    j["decided_at"] = decided_at;
    j["ruleset"] = {{"id", d.ruleset_id}, {"version", d.ruleset_version}, {"digest", d.ruleset_digest}};
    j["engine_version"] = d.engine_version;
    j["input_digest"] = input_digest;
    j["input"] = input;
    ojson outcome = internal::RecordOutcome(d);
    for (auto it = outcome.begin(); it != outcome.end(); ++it) j[it.key()] = std::move(it.value());
    j["path"] = d.path;
    if (!key.empty()) j["idempotency_key_sha256"] = key;
    j["prev_hash"] = head_;
    out = {id, std::string(decided_at), false};
    return internal::JsonText(j);
  }, decided_at);
  if (!s.ok()) return s;
  if (receipt) *receipt = std::move(out);
  return Status::Ok();
}

Status RecordLog::AppendReview(const Ruleset& rules, const Review& review, std::string_view reviewed_at,
                               std::string* review_id) {
  auto at = internal::ParseRfc3339(reviewed_at);
  if (!at) {
    return Status::Error("record.bad_time", "review time `" + std::string(reviewed_at) + "` is not RFC 3339", "now");
  }
  if (review.action != "accept" && review.action != "override" && review.action != "reject") {
    return Status::Error("record.bad_review", "action `" + review.action + "` must be accept, override or reject",
                         "action");
  }
  auto declared = [](const std::vector<std::string>& list, const std::string& code) {
    return std::find(list.begin(), list.end(), code) != list.end();
  };
  auto listed = [](const std::vector<std::string>& list) {
    std::string out;
    for (const auto& code : list) out += (out.empty() ? "" : ", ") + code;
    return out.empty() ? std::string("(none declared)") : out;
  };
  if (!declared(rules.review_roles(), review.role)) {
    return Status::Error("record.bad_review", "role `" + review.role + "` is not a review role of rule set `" +
                                                  rules.id() + "`; expected one of: " + listed(rules.review_roles()),
                         "role");
  }
  if (!declared(rules.review_reasons(), review.reason)) {
    return Status::Error("record.bad_review", "reason `" + review.reason + "` is not a reason code of rule set `" +
                                                  rules.id() + "`; expected one of: " +
                                                  listed(rules.review_reasons()),
                         "reason");
  }
  std::string id;
  Status s = Append([&]() -> StatusOr<std::string> {
    auto decided = recorded_->decisions.find(review.decision_id);
    if (decided == recorded_->decisions.end()) {
      return Status::Error("record.unknown_decision", "no decision `" + review.decision_id + "` in this record file",
                           "decision");
    }
    auto decided_at = internal::ParseRfc3339(decided->second.decided_at);
    if (decided_at && *at < *decided_at) {
      return Status::Error("record.bad_time", "review time `" + std::string(reviewed_at) +
                                                  "` is before the decision (" + decided->second.decided_at + ")",
                           "now");
    }
    id = internal::ReviewId(review.decision_id, review.role, review.action, review.reason, reviewed_at, head_);
    ojson j;
    j["record"] = "review";
    j["review_id"] = id;
    j["decision_id"] = review.decision_id;
    j["role"] = review.role;
    j["action"] = review.action;
    j["reason"] = review.reason;
    j["reviewed_at"] = reviewed_at;
    j["prev_hash"] = head_;
    return internal::JsonText(j);
  }, reviewed_at);
  if (s.ok() && review_id) *review_id = id;
  return s;
}

}  // namespace referral
