// RecordLog: append-only, hash-chained, crash-safe decision and review records.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <nlohmann/json.hpp>

#include "case/case_values.h"
#include "record/record_input.h"
#include "referral/record.h"
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

bool IsRfc3339(std::string_view t) {
  // YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)
  auto digits = [&](size_t at, size_t n) {
    if (at + n > t.size()) return false;
    for (size_t i = at; i < at + n; ++i) {
      if (t[i] < '0' || t[i] > '9') return false;
    }
    return true;
  };
  if (t.size() < 20 || !digits(0, 4) || t[4] != '-' || !digits(5, 2) || t[7] != '-' || !digits(8, 2) ||
      (t[10] != 'T' && t[10] != 't') || !digits(11, 2) || t[13] != ':' || !digits(14, 2) || t[16] != ':' ||
      !digits(17, 2)) {
    return false;
  }
  size_t i = 19;
  if (i < t.size() && t[i] == '.') {
    ++i;
    size_t start = i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
    if (i == start) return false;
  }
  bool zone = (i + 1 == t.size() && (t[i] == 'Z' || t[i] == 'z')) ||
              (i + 6 == t.size() && (t[i] == '+' || t[i] == '-') && digits(i + 1, 2) && t[i + 3] == ':' &&
               digits(i + 4, 2));
  if (!zone) return false;
  int month = (t[5] - '0') * 10 + (t[6] - '0'), day = (t[8] - '0') * 10 + (t[9] - '0');
  int hour = (t[11] - '0') * 10 + (t[12] - '0'), minute = (t[14] - '0') * 10 + (t[15] - '0');
  int second = (t[17] - '0') * 10 + (t[18] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60;
}

std::string NowRfc3339() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

StatusOr<std::unique_ptr<RecordLog>> RecordLog::Open(const std::filesystem::path& path, bool* repaired) {
  std::unique_ptr<RecordLog> log(new RecordLog());
  log->fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (log->fd_ < 0) return Errno("cannot open `" + path.string() + "`");
  if (::flock(log->fd_, LOCK_EX | LOCK_NB) != 0) {
    return Status::Error("record.locked", "`" + path.string() + "` is being written by another process");
  }
  // Read the whole file: the last complete line gives the chain's head, and
  // decision ids let reviews be checked.
  std::string content;
  char buf[1 << 16];
  if (::lseek(log->fd_, 0, SEEK_SET) < 0) return Errno("cannot read `" + path.string() + "`");
  for (;;) {
    ssize_t n = ::read(log->fd_, buf, sizeof buf);
    if (n < 0) return Errno("cannot read `" + path.string() + "`");
    if (n == 0) break;
    content.append(buf, static_cast<size_t>(n));
  }
  if (repaired) *repaired = false;
  if (!content.empty() && content.back() != '\n') {
    // A crash cut the last write short: drop the torn line, keep whole records.
    size_t keep = content.rfind('\n');
    keep = keep == std::string::npos ? 0 : keep + 1;
    if (::ftruncate(log->fd_, static_cast<off_t>(keep)) != 0) return Errno("cannot repair `" + path.string() + "`");
    content.resize(keep);
    if (repaired) *repaired = true;
  }
  log->head_ = kGenesis;
  size_t pos = 0;
  while (pos < content.size()) {
    size_t end = content.find('\n', pos);
    std::string_view line(content.data() + pos, end - pos);
    log->head_ = Hash(line);
    auto j = nlohmann::json::parse(line.begin(), line.end(), nullptr, false);
    if (j.is_object() && j.value("record", "") == "decision" && j.contains("decision_id") &&
        j["decision_id"].is_string()) {
      log->decision_ids_.push_back(j["decision_id"].get<std::string>());
    }
    pos = end + 1;
  }
  return log;
}

RecordLog::~RecordLog() {
  if (fd_ >= 0) ::close(fd_);
}

Status RecordLog::AppendLine(const std::string& line) {
  std::string out = line + "\n";
  // One write(2) of the whole line; if a crash tears it, the next Open cuts it.
  size_t written = 0;
  while (written < out.size()) {
    ssize_t n = ::write(fd_, out.data() + written, out.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Errno("cannot append a record");
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd_) != 0) return Errno("cannot sync the record file");
  head_ = Hash(line);
  return Status::Ok();
}

Status RecordLog::AppendDecision(const Ruleset& rules, const Decision& d, std::string_view case_text,
                                 CaseFormat format, std::string_view decided_at, std::string* decision_id) {
  if (!IsRfc3339(decided_at)) {
    return Status::Error("record.bad_time", "decision time `" + std::string(decided_at) + "` is not RFC 3339", "now");
  }
  if (d.ruleset_digest != rules.digest()) {
    return Status::Error("record.digest_mismatch", "the decision was not made by this rule set");
  }
  auto c = internal::ReadCase(rules.model(), case_text, format);
  if (!c.ok()) return c.status();
  ojson input = internal::RecordInput(rules.model(), *c);
  const std::string input_digest = Hash(input.dump());
  const std::string id = Hash(d.ruleset_digest + "|" + input_digest + "|" + std::string(decided_at)).substr(0, 32);
  ojson j;
  j["record"] = "decision";
  j["decision_id"] = id;
  j["decided_at"] = decided_at;
  j["ruleset"] = {{"id", d.ruleset_id}, {"version", d.ruleset_version}, {"digest", d.ruleset_digest}};
  j["engine_version"] = d.engine_version;
  j["input_digest"] = input_digest;
  j["input"] = std::move(input);
  ojson outcome = internal::RecordOutcome(d);
  for (auto it = outcome.begin(); it != outcome.end(); ++it) j[it.key()] = std::move(it.value());
  j["path"] = d.path;
  j["prev_hash"] = head_;
  Status s = AppendLine(j.dump());
  if (!s.ok()) return s;
  decision_ids_.push_back(id);
  if (decision_id) *decision_id = id;
  return Status::Ok();
}

Status RecordLog::AppendReview(const Review& review, std::string_view reviewed_at, std::string* review_id) {
  if (!IsRfc3339(reviewed_at)) {
    return Status::Error("record.bad_time", "review time `" + std::string(reviewed_at) + "` is not RFC 3339", "now");
  }
  if (review.action != "accept" && review.action != "override" && review.action != "reject") {
    return Status::Error("record.bad_review", "action `" + review.action + "` must be accept, override or reject",
                         "action");
  }
  if (review.role.empty() || review.reason.empty()) {
    return Status::Error("record.bad_review", "a review needs a role and a reason code",
                         review.role.empty() ? "role" : "reason");
  }
  if (std::find(decision_ids_.begin(), decision_ids_.end(), review.decision_id) == decision_ids_.end()) {
    return Status::Error("record.unknown_decision", "no decision `" + review.decision_id + "` in this record file",
                         "decision");
  }
  const std::string id = Hash(review.decision_id + "|" + review.role + "|" + review.action + "|" + review.reason +
                              "|" + std::string(reviewed_at) + "|" + head_)
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
  Status s = AppendLine(j.dump());
  if (s.ok() && review_id) *review_id = id;
  return s;
}

}  // namespace referral
