// Parses record lines with nlohmann/json (no exceptions) and checks the
// fields reports use; anything else in a record is ignored.
#include "report/record_reader.h"

#include <nlohmann/json.hpp>
#include <unordered_map>

#include "referral/record.h"
#include "util/date.h"

namespace referral::internal {

namespace {

using json = nlohmann::json;

bool IsString(const json& j, const char* key) { return j.contains(key) && j[key].is_string(); }

// Fills *d from a decision record; returns the reason it cannot, or empty.
std::string ParseDecision(const json& j, ReportDecision* d, int64_t* day) {
  if (!IsString(j, "decision_id") || j["decision_id"].get<std::string>().empty()) return "no `decision_id`";
  d->decision_id = j["decision_id"];
  if (!IsString(j, "decided_at") || !IsRfc3339(j["decided_at"].get<std::string>())) {
    return "`decided_at` is not an RFC 3339 time";
  }
  auto parsed = ParseDate(j["decided_at"].get<std::string>().substr(0, 10));
  if (!parsed) return "`decided_at` does not name a real day";
  *day = *parsed;
  if (!j.contains("input") || !j["input"].is_object()) return "no `input` object";
  const json& input = j["input"];
  if (!IsString(input, "case_id")) return "the input has no `case_id`";
  d->case_id = input["case_id"];
  for (auto it = input.begin(); it != input.end(); ++it) {
    if (it.value().is_string() && it.key() != "case_id") d->facts[it.key()] = it.value();
  }
  if (!IsString(j, "outcome")) return "no `outcome`";
  d->outcome = j["outcome"];
  if (j.contains("reason") && j["reason"].is_string()) d->reason = j["reason"];
  if (!j.contains("referrals") || !j["referrals"].is_array()) return "no `referrals` list";
  for (const auto& r : j["referrals"]) {
    if (!r.is_object() || !IsString(r, "service") || !IsString(r, "legal_basis")) {
      return "a referral without `service` or `legal_basis`";
    }
    d->referrals.push_back({r["service"], r["legal_basis"]});
  }
  if (!j.contains("fired_rules") || !j["fired_rules"].is_array()) return "no `fired_rules` list";
  for (const auto& r : j["fired_rules"]) {
    if (!r.is_string()) return "a fired rule that is not a string";
    d->fired_rules.push_back(r);
  }
  if (j.contains("ruleset") && j["ruleset"].is_object()) {
    const json& rs = j["ruleset"];
    d->ruleset = (IsString(rs, "id") ? rs["id"].get<std::string>() : "?") + " " +
                 (IsString(rs, "version") ? rs["version"].get<std::string>() : "?");
  }
  return {};
}

}  // namespace

ReportRecords ReadReportRecords(std::istream& in, std::optional<int64_t> from, std::optional<int64_t> to) {
  ReportRecords out;
  std::unordered_map<std::string, size_t> by_case;  // case id -> index in out.decisions
  std::vector<bool> dropped;
  std::string text;
  while (std::getline(in, text)) {
    const long line = ++out.lines;
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      out.problems.push_back({line, "report.bad_json", "the line is not a JSON object", {}});
      continue;
    }
    const std::string kind = IsString(j, "record") ? j["record"].get<std::string>() : std::string();
    if (kind == "review") {
      if (!IsString(j, "decision_id")) {
        out.problems.push_back({line, "report.bad_record", "a review without `decision_id`", {}});
        continue;
      }
      ++out.reviews;
      out.reviewed.insert(j["decision_id"].get<std::string>());
      continue;
    }
    if (kind == "rotation") continue;  // the first line of a rotated file: a link, nothing to count
    if (kind != "decision") {
      out.problems.push_back({line, "report.bad_record", "not a decision or review record", {}});
      continue;
    }
    ReportDecision d;
    d.line = line;
    int64_t day = 0;
    std::string why = ParseDecision(j, &d, &day);
    if (!why.empty()) {
      out.problems.push_back({line, "report.bad_record", "decision record: " + why, {}});
      continue;
    }
    if ((from && day < *from) || (to && day > *to)) {
      ++out.outside_period;
      continue;
    }
    // A case decided again supersedes its earlier decision: children are counted once.
    auto [it, fresh] = by_case.emplace(d.case_id, out.decisions.size());
    if (!fresh) {
      dropped[it->second] = true;
      ++out.superseded;
      it->second = out.decisions.size();
    }
    out.decisions.push_back(std::move(d));
    dropped.push_back(false);
  }
  std::vector<ReportDecision> kept;
  for (size_t i = 0; i < out.decisions.size(); ++i) {
    if (!dropped[i]) kept.push_back(std::move(out.decisions[i]));
  }
  out.decisions = std::move(kept);
  return out;
}

}  // namespace referral::internal
