// One JSON Lines input line in, exactly one output line out: a decision or an
// error record. Shared by `referral route --jsonl` and `referral serve`'s
// /v1/decide/batch, so both answer a batch the same way.
#ifndef REFERRAL_TOOLS_BATCH_H_
#define REFERRAL_TOOLS_BATCH_H_

#include <functional>
#include <optional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "referral/decision.h"
#include "referral/options.h"
#include "referral/result.h"
#include "referral/ruleset.h"
#include "referral/status.h"

namespace referral::cli {

// Writes the record of a decision (e.g. to a RecordLog) and sets its
// `decision_id` and `decided_at`; an error keeps the decision from being
// given out. May be empty: no records.
using Recorder = std::function<Status(const Ruleset& rules, Decision& d, std::string_view text, CaseFormat format)>;

// {"line": N (when > 0), "case_id": …|null, "error": {"code", "field", "message"},
//  "errors": [{"code", "field", "message"}, …]}: every problem of the status
// (Status::errors()), `error` being the first, as before the list existed.
std::string ErrorLine(const Status& s, const std::string& case_id, long line);

// Status::errors() as a JSON array of {"code", "field" (null when empty), "message"}.
nlohmann::ordered_json ErrorsJson(const Status& s);

struct LineResult {
  std::string text;  // the output line, without the newline
  bool ok = false;   // false: an error record
  std::string code;  // the error's code, or the decision's outcome
};

// Decides one batch line (`number` is 1-based, for the error record).
LineResult DecideLine(const Ruleset& rules, std::string_view line, long number, const DecideOptions& options,
                      const Recorder& record);

// DecideLine in two halves, for a batch decided on several threads but
// recorded in order on one: DecideLineInto decides into `*result` and gives
// the line's error record, or nothing when `*result` holds a decision, which
// FinishLine then records (when `record` is set) and renders. Same output as
// DecideLine.
std::optional<LineResult> DecideLineInto(const Ruleset& rules, std::string_view line, long number,
                                         const DecideOptions& options, DecisionResult* result);
LineResult FinishLine(const Ruleset& rules, const DecisionResult& result, std::string_view line, long number,
                      const DecideOptions& options, const Recorder& record);

TraceLevel ParseTrace(const std::string& s, TraceLevel fallback);

}  // namespace referral::cli

#endif  // REFERRAL_TOOLS_BATCH_H_
