// RecordLog: append-only, hash-chained, crash-safe decision and review records.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>

#include "case/case_values.h"
#include "eval/evaluator.h"
#include "record/record_input.h"
#include "referral/record.h"
#include "util/date.h"
#include "util/sha256.h"

namespace referral {

namespace {

using ojson = nlohmann::ordered_json;

const std::string kGenesis(64, '0');

std::string Hash(std::string_view text) {
  internal::Sha256 sha;
  sha.Update(text);
  return sha.HexDigest();
}

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
};

RecordLog::RecordLog() : recorded_(std::make_unique<Recorded>()) {}

RecordLog::~RecordLog() {
  if (fd_ >= 0) ::close(fd_);
}

namespace {

// Holds the file's exclusive lock for one append (or one catch-up).
class FileLock {
 public:
  explicit FileLock(int fd) : fd_(fd) {
    while (::flock(fd_, LOCK_EX) != 0) {
      if (errno != EINTR) {
        ok_ = false;
        break;
      }
    }
  }
  ~FileLock() {
    if (ok_) ::flock(fd_, LOCK_UN);
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  bool ok() const { return ok_; }

 private:
  int fd_;
  bool ok_ = true;
};

// The digest a record keeps of a client's idempotency key (the key itself
// may be anything the client chose).
std::string KeyDigest(std::string_view key) { return Hash("referral-idempotency|" + std::string(key)); }

}  // namespace

StatusOr<std::unique_ptr<RecordLog>> RecordLog::Open(const std::filesystem::path& path, bool* repaired) {
  std::unique_ptr<RecordLog> log(new RecordLog());
  log->path_ = path;
  log->head_ = kGenesis;
  log->fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (log->fd_ < 0) return Errno("cannot open `" + path.string() + "`");
  FileLock lock(log->fd_);
  if (!lock.ok()) return Errno("cannot lock `" + path.string() + "`");
  Status s = log->CatchUp(repaired);
  if (!s.ok()) return s;
  return log;
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
  head_ = Hash(line);
  auto j = nlohmann::json::parse(line.begin(), line.end(), nullptr, false);
  if (!j.is_object() || j.value("record", "") != "decision" || !j.contains("decision_id") ||
      !j["decision_id"].is_string()) {
    return;
  }
  auto str = [&](const char* key) {
    return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
  };
  const std::string id = str("decision_id");
  std::string digest;
  if (j.contains("ruleset") && j["ruleset"].is_object()) {
    const auto& r = j["ruleset"];
    if (r.contains("digest") && r["digest"].is_string()) digest = r["digest"].get<std::string>();
  }
  recorded_->decisions[id] = {str("decided_at"), str("input_digest"), digest};
  const std::string key = str("idempotency_key_sha256");
  if (!key.empty()) recorded_->idempotency.emplace(key, id);
}

// Under the file's lock: catch up with other writers, build the line (empty:
// nothing to append), write it whole or restore the file.
Status RecordLog::Append(const std::function<StatusOr<std::string>()>& make_line) {
  if (broken_) {
    return Status::Error("record.unavailable", "an earlier write to `" + path_.string() +
                                                   "` failed and could not be undone; no more records are "
                                                   "written to it");
  }
  FileLock lock(fd_);
  if (!lock.ok()) return Errno("cannot lock `" + path_.string() + "`");
  Status caught = CatchUp(nullptr);
  if (!caught.ok()) return caught;
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
  auto c = internal::ReadCase(rules.model(), case_text, format);
  if (!c.ok()) return c.status();
  // Decide again, noting every test the decision consults: a record keeps a
  // sensitive fact only as the results of those tests.
  std::vector<uint8_t> consulted;
  auto again = internal::Evaluate(rules.model(), *c, TraceLevel::kOff, &consulted);
  if (!again.ok() || internal::RecordOutcome(*again) != internal::RecordOutcome(d)) {
    return Status::Error("record.decision_mismatch", "the decision is not the one these rules make for this case");
  }
  ojson input = internal::RecordInput(rules.model(), *c, consulted);
  const std::string input_digest = Hash(input.dump());
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
    const std::string id =
        Hash(d.ruleset_digest + "|" + input_digest + "|" + std::string(decided_at) + "|" + head_).substr(0, 32);
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
    return j.dump();
  });
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
    id = Hash(review.decision_id + "|" + review.role + "|" + review.action + "|" + review.reason + "|" +
              std::string(reviewed_at) + "|" + head_)
             .substr(0, 32);
    ojson j;
    j["record"] = "review";
    j["review_id"] = id;
    j["decision_id"] = review.decision_id;
    j["role"] = review.role;
    j["action"] = review.action;
    j["reason"] = review.reason;
    j["reviewed_at"] = reviewed_at;
    j["prev_hash"] = head_;
    return j.dump();
  });
  if (s.ok() && review_id) *review_id = id;
  return s;
}

}  // namespace referral
