// Decision records for auditors: one JSON object per line, hash-chained,
// appended whole or not at all; human reviews in the same chain; replay of
// every record by its rule set's digest. docs/records.md defines each field.
#ifndef REFERRAL_RECORD_H_
#define REFERRAL_RECORD_H_

#include "referral/export.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "referral/decision.h"
#include "referral/options.h"
#include "referral/ruleset.h"
#include "referral/status.h"

namespace referral {

// Whether `text` is an RFC 3339 date-time (e.g. 2026-03-01T10:00:00Z).
REFERRAL_API bool IsRfc3339(std::string_view text);
// The current UTC time as RFC 3339, to the second.
REFERRAL_API std::string NowRfc3339();

// A human review of a decision (policy R-A1: the engine recommends, a person
// decides). `reason` is a code; free text stays in the case system.
struct Review {
  std::string decision_id;
  std::string role;    // e.g. `profesional_sdis`
  std::string action;  // accept | override | reject
  std::string reason;  // a reason code
};

// An append-only record file. Opening repairs a torn last line left by a
// crash (it is cut off, so the file ends with whole records) and takes an
// exclusive lock, so one writer appends at a time. Each append writes one
// whole line with a single write(2) and fsync(2).
// Not thread-safe: share one RecordLog per file behind a mutex.
class REFERRAL_API RecordLog {
 public:
  // `repaired` (may be null) is set when a torn line was cut off.
  static StatusOr<std::unique_ptr<RecordLog>> Open(const std::filesystem::path& path, bool* repaired = nullptr);
  ~RecordLog();
  RecordLog(const RecordLog&) = delete;
  RecordLog& operator=(const RecordLog&) = delete;

  // Appends the record of `decision`, which `rules` made for `case_text`
  // (the same text given to Decide). `decided_at` must be RFC 3339. Sets
  // *decision_id. On failure nothing is appended.
  Status AppendDecision(const Ruleset& rules, const Decision& decision, std::string_view case_text,
                        CaseFormat format, std::string_view decided_at, std::string* decision_id);
  // Appends a review of a decision already in this file. Errors:
  // `record.unknown_decision`, `record.bad_review`.
  Status AppendReview(const Review& review, std::string_view reviewed_at, std::string* review_id);

  const std::string& head_hash() const { return head_; }  // hash of the last record

 private:
  RecordLog() = default;
  Status AppendLine(const std::string& line);
  int fd_ = -1;
  std::string head_;
  std::vector<std::string> decision_ids_;
};

// One problem found by VerifyRecords, at a 1-based line of the record file.
struct RecordProblem {
  long line = 0;
  std::string code;  // record.bad_json, record.chain_broken, record.unknown_digest,
                     // record.digest_mismatch, record.altered, record.replay_differs,
                     // record.unknown_decision
  std::string message;
};

struct VerifyReport {
  long records = 0;
  long decisions = 0;
  long reviews = 0;
  long replayed = 0;
  std::vector<RecordProblem> problems;
  std::vector<std::string> unreviewed_duties;  // "line N: decision ID: SERVICE"
  std::string head_hash;                       // compare with a published anchor
  bool ok() const { return problems.empty(); }
};

// Replays every record of `path`. `rules_for(digest)` returns the rule set
// with that digest, or null when none is known (then `record.unknown_digest`).
REFERRAL_API VerifyReport VerifyRecords(const std::filesystem::path& path,
                           const std::function<const Ruleset*(const std::string& digest)>& rules_for);

// Stores the rule files of `rules` (loaded from `rules_path`) under
// `archive/<digest>/` with a manifest; an overlay with its bases, laid out as
// below its rules root (docs/records.md, "Archive"). Archiving the same digest
// again is a no-op; archiving a different digest under an id and version
// already archived is `archive.version_conflict`; files changed since `rules`
// was loaded are `archive.changed`. On failure nothing is left behind (no
// staging folder; the archive folder only if it existed before).
REFERRAL_API Status ArchiveRuleset(const Ruleset& rules, const std::filesystem::path& rules_path,
                      const std::filesystem::path& archive);

// Loads the archived rule set with `digest`, checking that its files still
// hash to it (`archive.corrupt` otherwise).
REFERRAL_API StatusOr<Ruleset> LoadArchived(const std::filesystem::path& archive, const std::string& digest);

}  // namespace referral

#endif  // REFERRAL_RECORD_H_
