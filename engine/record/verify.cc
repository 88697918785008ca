// VerifyRecords: walk the chain, recompute what each record claims, replay
// every decision with the rule set of its own digest.
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "record/record_input.h"
#include "referral/engine.h"
#include "referral/record.h"
#include "util/sha256.h"

namespace referral {

namespace {

using ojson = nlohmann::ordered_json;

std::string Hash(std::string_view text) {
  internal::Sha256 sha;
  sha.Update(text);
  return sha.HexDigest();
}

// The parts of a decision a replay must reproduce, as the record holds them.
ojson RecordedOutcome(const ojson& j) {
  ojson out;
  for (const char* key : {"outcome", "reason", "follow_up", "referrals", "fired_rules", "warnings"}) {
    out[key] = j.contains(key) ? j[key] : ojson(nullptr);
  }
  return out;
}

std::string Str(const ojson& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

}  // namespace

VerifyReport VerifyRecords(const std::filesystem::path& path,
                           const std::function<const Ruleset*(const std::string&)>& rules_for) {
  VerifyReport report;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    report.problems.push_back({0, "record.io", "cannot read `" + path.string() + "`"});
    return report;
  }
  auto problem = [&](long line, const char* code, std::string message) {
    report.problems.push_back({line, code, std::move(message)});
  };
  std::string expected_prev(64, '0');
  std::map<std::string, std::vector<std::pair<long, std::string>>> duties;  // decision -> (line, service)
  std::set<std::string> decisions, reviewed;
  std::string line;
  long number = 0;
  while (std::getline(in, line)) {
    ++number;
    ++report.records;
    const std::string this_hash = Hash(line);
    ojson j = ojson::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      problem(number, "record.bad_json", "the line is not a JSON record");
      expected_prev = this_hash;
      continue;
    }
    if (Str(j, "prev_hash") != expected_prev) {
      problem(number, "record.chain_broken",
              number == 1 ? "the first record does not start the chain (records before it were removed?)"
                          : "prev_hash does not match the record before it: a record was altered, removed, "
                            "inserted or reordered");
    }
    expected_prev = this_hash;
    const std::string kind = Str(j, "record");
    if (kind == "review") {
      ++report.reviews;
      const std::string id = Str(j, "decision_id");
      if (!decisions.count(id)) {
        problem(number, "record.unknown_decision", "review of decision `" + id + "`, which no earlier record holds");
      }
      reviewed.insert(id);
      continue;
    }
    if (kind != "decision") {
      problem(number, "record.bad_json", "unknown record type `" + kind + "`");
      continue;
    }
    ++report.decisions;
    const std::string id = Str(j, "decision_id");
    decisions.insert(id);
    const ojson& ruleset = j.contains("ruleset") ? j["ruleset"] : ojson::object();
    const std::string digest = Str(ruleset, "digest");
    const ojson input = j.contains("input") ? j["input"] : ojson(nullptr);
    const std::string input_digest = Hash(input.dump());
    if (input_digest != Str(j, "input_digest") ||
        Hash(digest + "|" + input_digest + "|" + Str(j, "decided_at")).substr(0, 32) != id) {
      problem(number, "record.altered", "decision `" + id + "`: its id or input digest does not match its content");
    }
    if (j.contains("referrals") && j["referrals"].is_array()) {
      for (const auto& r : j["referrals"]) {
        if (Str(r, "legal_basis") != "consent") duties[id].push_back({number, Str(r, "service")});
      }
    }
    const Ruleset* rules = rules_for(digest);
    if (!rules) {
      problem(number, "record.unknown_digest",
              "decision `" + id + "` was made under rule set digest " + digest + ", which is not available");
      continue;
    }
    std::string error;
    std::string replay = internal::ReplayCase(rules->model(), input, &error);
    if (!error.empty()) {
      problem(number, "record.replay_differs", "decision `" + id + "`: cannot rebuild its case: " + error);
      continue;
    }
    DecideOptions options;
    options.trace = TraceLevel::kRules;
    auto d = Decide(*rules, replay, options);
    ++report.replayed;
    if (!d.ok()) {
      problem(number, "record.replay_differs", "decision `" + id + "`: replay rejects the case: " + d.status().message());
      continue;
    }
    ojson want = RecordedOutcome(j), got = internal::RecordOutcome(*d);
    if (want != got) {
      problem(number, "record.replay_differs",
              "decision `" + id + "`: replay gives " + got.dump() + " but the record says " + want.dump());
    }
  }
  for (const auto& [id, list] : duties) {
    if (reviewed.count(id)) continue;
    for (const auto& [at, service] : list) {
      report.unreviewed_duties.push_back("line " + std::to_string(at) + ": decision " + id + ": " + service);
    }
  }
  report.head_hash = expected_prev;
  return report;
}

}  // namespace referral
