// Record files for report tests: decision and review lines written as
// `referral route --record` writes them (only the fields reports read are
// filled in), into a fresh temporary folder.
#ifndef REFERRAL_TESTS_ENGINE_REPORT_REPORT_FIXTURE_H_
#define REFERRAL_TESTS_ENGINE_REPORT_REPORT_FIXTURE_H_

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace referral::testing {

struct FakeDecision {
  std::string id;
  std::string case_id;
  std::string decided_at = "2026-03-01T10:00:00Z";
  nlohmann::ordered_json facts = nlohmann::ordered_json::object();
  std::string outcome = "referred";
  std::string reason;  // empty: null
  std::vector<std::pair<std::string, std::string>> referrals;  // service, legal basis
  std::vector<std::string> fired_rules;
};

inline std::string DecisionLine(const FakeDecision& d) {
  nlohmann::ordered_json j;
  j["record"] = "decision";
  j["decision_id"] = d.id;
  j["decided_at"] = d.decided_at;
  j["ruleset"] = {{"id", "bogota"}, {"version", "2026.1.0"}, {"digest", std::string(64, 'a')}};
  nlohmann::ordered_json input = {{"case_id", d.case_id.empty() ? "c-" + d.id : d.case_id}};
  for (auto it = d.facts.begin(); it != d.facts.end(); ++it) input[it.key()] = it.value();
  j["input"] = input;
  j["outcome"] = d.outcome;
  j["reason"] = d.reason.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(d.reason);
  auto refs = nlohmann::ordered_json::array();
  for (const auto& [service, basis] : d.referrals) refs.push_back({{"service", service}, {"legal_basis", basis}});
  j["referrals"] = refs;
  j["fired_rules"] = d.fired_rules;
  j["prev_hash"] = std::string(64, '0');
  return j.dump();
}

inline std::string ReviewLine(const std::string& decision_id) {
  return nlohmann::ordered_json{{"record", "review"}, {"review_id", "r-" + decision_id}, {"decision_id", decision_id},
                                {"role", "profesional_sdis"}, {"action", "accept"}, {"reason", "verificado"},
                                {"reviewed_at", "2026-03-02T10:00:00Z"}, {"prev_hash", std::string(64, '0')}}
      .dump();
}

inline std::filesystem::path WriteRecords(const std::string& name, const std::vector<std::string>& lines) {
  auto dir = std::filesystem::temp_directory_path() / "referral-report-tests";
  std::filesystem::create_directories(dir);
  auto path = dir / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  for (const auto& l : lines) out << l << "\n";
  return path;
}

}  // namespace referral::testing

#endif  // REFERRAL_TESTS_ENGINE_REPORT_REPORT_FIXTURE_H_
