// Decision records for auditors: one JSON object per line, hash-chained,
// appended whole or not at all; human reviews in the same chain; replay of
// every record by its rule set's digest. docs/records.md defines each field.
#ifndef REFERRAL_RECORD_H_
#define REFERRAL_RECORD_H_

#include "referral/export.h"

#include <filesystem>
#include <cstdint>
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

// Whether `text` is an RFC 3339 date-time naming a real instant (e.g.
// 2026-03-01T10:00:00Z): a real calendar day, hours 00-23, minutes and
// seconds 00-59 (no leap second), an offset within ±23:59.
REFERRAL_API bool IsRfc3339(std::string_view text);
// The current UTC time as RFC 3339, to the second.
REFERRAL_API std::string NowRfc3339();

// A human review of a decision (policy R-A1: the engine recommends, a person
// decides). `role` and `reason` are codes the rule set declares
// (`ruleset: reviews:`); free text stays in the case system.
struct Review {
  std::string decision_id;
  std::string role;    // e.g. `profesional_sdis`
  std::string action;  // accept | override | reject
  std::string reason;  // a reason code, e.g. `verificado`
};

// What recording a decision gave.
struct RecordReceipt {
  std::string decision_id;
  std::string decided_at;  // the recorded decision's time
  // The idempotency key was already recorded for this case under these
  // rules: nothing was appended, and the id and time are the first record's.
  bool repeated = false;
};

// When a record file is closed and a new one begun (docs/records.md,
// "Rotation"). The new file's first line is a `rotation` record naming the
// previous file and chained to its last record, so verify checks the files as
// one chain.
struct RecordRotation {
  int64_t max_bytes = 0;  // begin a new file before a line would take the file past this; 0: never
  bool daily = false;     // begin a new file when the UTC day of a record's time changes
};

// An append-only, hash-chained record file, shared safely by every writer
// (a sidecar, `referral review`, a batch): each append takes an exclusive
// lock on the file, first reads what other writers appended since (and cuts
// a line torn by a writer that crashed), then writes one whole line with a
// single write(2) and fsync(2). If the write fails (a full disk, a file-size
// limit), the file is cut back to its last whole record before the error is
// returned; if even that fails, the log refuses every later append
// (`record.unavailable`) rather than write after a torn line.
// Not thread-safe: share one RecordLog per process behind a mutex.
class REFERRAL_API RecordLog {
 public:
  // `repaired` (may be null) is set when a torn line was cut off.
  static StatusOr<std::unique_ptr<RecordLog>> Open(const std::filesystem::path& path, bool* repaired = nullptr,
                                                  const RecordRotation& rotation = {});
  ~RecordLog();
  RecordLog(const RecordLog&) = delete;
  RecordLog& operator=(const RecordLog&) = delete;

  // Appends the record of `decision`, which `rules` made for `case_text`
  // (the same text given to Decide). `decided_at` must be RFC 3339. With a
  // non-empty `idempotency_key` (a client's retry token), a key already
  // recorded for the same input under the same rules appends nothing and
  // gives the first record's id (`receipt->repeated`); the same key with
  // another case is `record.idempotency_conflict`. On failure nothing is
  // appended. Errors: `record.bad_time`, `record.digest_mismatch`,
  // `record.decision_mismatch` (the decision is not this case's under these
  // rules), `record.io` (the write failed; the file was restored),
  // `record.unavailable` (the file could not be restored, or changed under
  // the log: nothing more is written), `record.idempotency_conflict`,
  // `record.bad_idempotency_key` (not 1 to 200 printable ASCII characters).
  Status AppendDecision(const Ruleset& rules, const Decision& decision, std::string_view case_text,
                        CaseFormat format, std::string_view decided_at, std::string_view idempotency_key,
                        RecordReceipt* receipt);
  // As above, with no idempotency key; sets *decision_id (may be null).
  Status AppendDecision(const Ruleset& rules, const Decision& decision, std::string_view case_text,
                        CaseFormat format, std::string_view decided_at, std::string* decision_id);
  // Appends a review of a decision already in this file. The role and reason
  // must be among `rules`' declared ones, and `reviewed_at` not before the
  // decision. Errors: `record.unknown_decision`, `record.bad_review`,
  // `record.bad_time`, and the write errors of AppendDecision.
  Status AppendReview(const Ruleset& rules, const Review& review, std::string_view reviewed_at,
                      std::string* review_id);

  // OK when an append can be tried: no failed write left the log unusable
  // (`record.unavailable`) and the file is still writable (`record.io`). A
  // full disk shows only when a write fails.
  Status Ready() const;

  const std::string& head_hash() const { return head_; }  // hash of the last record

 private:
  struct Recorded;
  RecordLog();
  Status Append(const std::function<StatusOr<std::string>()>& make_line, std::string_view at);
  Status CatchUp(bool* cut);
  void Absorb(std::string_view line);
  void LoadEarlier(const std::string& previous_file);
  Status Follow();
  Status Rotate(std::string_view at);
  std::filesystem::path path_;
  RecordRotation rotation_;
  int64_t day_ = -1;  // UTC day (days since 1970) of the current file's first record; -1: none yet
  int fd_ = -1;
  int64_t size_ = 0;     // bytes of whole records this log has seen
  bool broken_ = false;  // a failed write could not be undone
  std::string head_;
  std::unique_ptr<Recorded> recorded_;
};

// One problem found by VerifyRecords, at a 1-based line of a record file.
struct RecordProblem {
  long line = 0;
  std::string code;  // record.bad_json, record.bad_record, record.torn, record.chain_broken,
                     // record.unknown_digest, record.altered, record.duplicate_id,
                     // record.replay_differs, record.unknown_decision, record.bad_review, record.io
  std::string message;
  std::string file;  // the record file it is in
};

struct VerifyReport {
  long records = 0;
  long decisions = 0;
  long reviews = 0;
  long replayed = 0;
  std::vector<RecordProblem> problems;
  std::vector<std::string> unreviewed_duties;  // "line N: decision ID: SERVICE"
  std::vector<std::string> heads;              // the last hash of each chain: compare with published anchors
  std::string head_hash;                       // the head when there is one chain, else empty
  bool ok() const { return problems.empty(); }
};

// Replays every record of the files at `paths`. Files link into chains: a
// file whose first record's prev_hash is another file's last record's hash
// continues it (a rotated sequence, in any order given); any other file
// starts a chain of its own (one per replica). Decision ids must be unique
// across all of them. `rules_for(digest)` returns the rule set with that
// digest, or null when none is known (then `record.unknown_digest`).
REFERRAL_API VerifyReport VerifyRecords(const std::vector<std::filesystem::path>& paths,
                                        const std::function<const Ruleset*(const std::string& digest)>& rules_for);
// The same, with each problem and duty awaiting review worded in `lang` (the
// form above words them in English).
REFERRAL_API VerifyReport VerifyRecords(const std::vector<std::filesystem::path>& paths,
                                        const std::function<const Ruleset*(const std::string& digest)>& rules_for,
                                        Lang lang);
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

// The case JSON that replays one decision record (a line of a record file)
// under `rules`, the rule set of the record's digest: the record's `input`,
// each sensitive fact a stand-in value that answers the tests the decision
// consulted as the record says (docs/records.md), so deciding it gives the
// recorded decision and explaining it shows no more than the record holds.
// Errors: `record.bad_json`, `record.bad_record` (not a decision record),
// `record.unknown_digest` (`rules` has another digest),
// `record.replay_differs` (the input does not fit the rules). Thread-safe.
REFERRAL_API StatusOr<std::string> ReplayInput(const Ruleset& rules, std::string_view record_line);

// Loads the archived rule set with `digest`, checking that its files still
// hash to it (`archive.corrupt` otherwise).
REFERRAL_API StatusOr<Ruleset> LoadArchived(const std::filesystem::path& archive, const std::string& digest);

}  // namespace referral

#endif  // REFERRAL_RECORD_H_
