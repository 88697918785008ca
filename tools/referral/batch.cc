// See batch.h.
#include "batch.h"

#include <nlohmann/json.hpp>

#include "json_text.h"
#include "referral/diagnostic.h"
#include "referral/engine.h"
#include "referral/result.h"

namespace referral::cli {

TraceLevel ParseTrace(const std::string& s, TraceLevel fallback) {
  if (s == "off") return TraceLevel::kOff;
  if (s == "rules") return TraceLevel::kRules;
  if (s == "full") return TraceLevel::kFull;
  return fallback;
}

nlohmann::ordered_json ErrorsJson(const Status& s) {
  auto errors = nlohmann::ordered_json::array();
  for (const ErrorDetail& e : s.errors()) {
    errors.push_back({{"code", e.code},
                      {"field", e.field.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(e.field)},
                      {"message", e.message}});
  }
  return errors;
}

std::string ErrorLine(const Status& s, const std::string& case_id, long line) {
  nlohmann::ordered_json j;
  if (line > 0) j["line"] = line;
  j["case_id"] = case_id.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(case_id);
  nlohmann::ordered_json errors = ErrorsJson(s);
  // `error` is the first of `errors`, for readers written before the list.
  j["error"] = errors.empty() ? nlohmann::ordered_json(nullptr) : errors[0];
  j["errors"] = std::move(errors);
  // A message quotes input only through Printable (valid UTF-8), but a field
  // is the input's own key: never let a stray byte abort the batch.
  return JsonText(j);
}

namespace {

std::string_view WithoutCr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

std::optional<LineResult> DecideLineInto(const Ruleset& rules, std::string_view line, long number,
                                         const DecideOptions& options, DecisionResult* result) {
  line = WithoutCr(line);
  if (line.find_first_not_of(" \t") == std::string_view::npos) {
    return LineResult{ErrorLine(Status::Error("case.empty_line", MessageOf("case.empty_line", options.lang)), "", number),
                      false, "case.empty_line"};
  }
  Status decided = DecideInto(rules, line, options, result);
  if (!decided.ok()) {
    return LineResult{ErrorLine(decided, PeekCaseId(line, options.format), number), false, decided.code()};
  }
  return std::nullopt;
}

LineResult FinishLine(const Ruleset& rules, const DecisionResult& result, std::string_view line, long number,
                      const DecideOptions& options, const Recorder& record) {
  line = WithoutCr(line);
  LineResult out{{}, true, OutcomeName(result.outcome())};
  DecisionJsonOptions json;
  json.include_trace = options.trace != TraceLevel::kOff;
  Decision recorded;  // with a recorder: the JSON's id and time are views into it
  if (record) {
    recorded = result.ToDecision();
    Status s = record(rules, recorded, line, options.format);
    // The decision stands, but without its record it is not given out.
    if (!s.ok()) return {ErrorLine(s, recorded.case_id, number), false, s.code()};
    json.decision_id = recorded.decision_id;
    json.decided_at = recorded.decided_at;
  }
  result.AppendJson(&out.text, json);
  return out;
}

LineResult DecideLine(const Ruleset& rules, std::string_view line, long number, const DecideOptions& options,
                      const Recorder& record) {
  // One result per thread, reused: once warm, a line costs no allocation
  // but its output text.
  thread_local DecisionResult result;
  if (auto error = DecideLineInto(rules, line, number, options, &result)) return std::move(*error);
  return FinishLine(rules, result, line, number, options, record);
}

}  // namespace referral::cli
