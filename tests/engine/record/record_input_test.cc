// What a record keeps of a sensitive fact: only the results of the tests the
// decision consulted (Ley 1581 art. 4: finalidad, necesidad), and nothing for
// a fact it never looked at; replay still gives the same decision.
#include "record/record_input.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "model/model.h"
#include "referral/engine.h"
#include "referral/record.h"
#include "support/cases.h"
#include "support/paths.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

referral::Ruleset Bogota() {
  auto rules = referral::LoadRuleset(referral::testing::SourcePath("rules/bogota"), nullptr);
  REQUIRE(rules.ok());
  return std::move(rules).value();
}

fs::path TempFile(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / "referral-record-input-tests";
  fs::create_directories(dir);
  fs::path p = dir / name;
  fs::remove(p);
  return p;
}

std::vector<json> Records(const fs::path& p) {
  std::ifstream in(p);
  std::vector<json> out;
  for (std::string l; std::getline(in, l);) out.push_back(json::parse(l));
  return out;
}

// The conditions that test fact `name`, in the rule set's order (the order
// of a record's `tests`).
std::vector<int> TestsOn(const referral::internal::Model& m, const std::string& name) {
  std::vector<int> out;
  const int f = m.FindFact(name);
  for (size_t c = 0; c < m.conditions.size(); ++c) {
    if (m.conditions[c].kind == referral::internal::CondNode::Kind::kTest && m.conditions[c].test.fact == f) {
      out.push_back(static_cast<int>(c));
    }
  }
  return out;
}

// The tests the full trace shows the decision looked at, with their results:
// every check of the rules and scope it evaluated, and of the eligibility of
// the services it asked for (those referred, and those dropped as
// ineligible). Independent of the evaluator's own `consulted` marks.
std::map<int, bool> SeenInTrace(const referral::Decision& d) {
  std::set<std::string> asked;
  for (const auto& r : d.referrals) asked.insert(r.service);
  for (const auto& w : d.warnings) {
    if (w.code == "service_ineligible") asked.insert(w.detail);
  }
  std::map<int, bool> seen;
  for (const auto& t : d.trace) {
    for (const auto& c : t.checks) seen[c.condition] = c.result;
  }
  for (const auto& t : d.eligibility) {
    if (!asked.count(t.rule)) continue;
    for (const auto& c : t.checks) seen[c.condition] = c.result;
  }
  return seen;
}

// A 15-year-old whose caregiver refused: the triage finds no duty, consent
// is refused, and no rule on pregnancy, health or ethnicity is reached.
const char* kRefused =
    R"({"case_id":"c-rechaza-15","evaluation_date":"2026-03-01","identification_channel":"movilizacion_territorial",)"
    R"("identification_category":"mendicidad_propia","birth_date":"2010-11-01","age_documented":true,)"
    R"("caregiver_present":"madre","caregiver_consent":"rechaza","pregnant":true,"health_affiliation":"ninguna",)"
    R"("ethnic_group":"embera","activity":"pide_dinero"})";

}  // namespace

TEST_CASE("a refused-consent case records nothing of pregnancy, health affiliation or ethnicity", "[record][privacy]") {
  auto rules = Bogota();
  auto d = referral::Decide(rules, kRefused);
  REQUIRE(d.ok());
  REQUIRE(d->path == std::vector<std::string>{"triaje", "consentimiento"});
  REQUIRE(d->fired_rules == std::vector<std::string>{"R5.mendicidad_propia_sola", "C.rechaza"});
  auto path = TempFile("refused.jsonl");
  auto log = referral::RecordLog::Open(path);
  REQUIRE(log.ok());
  REQUIRE((*log)->AppendDecision(rules, *d, kRefused, referral::CaseFormat::kJson, "2026-03-01T10:00:00Z", nullptr).ok());
  auto records = Records(path);
  REQUIRE(records.size() == 1);
  const json& input = records[0]["input"];
  CHECK_FALSE(input.contains("pregnant"));
  CHECK_FALSE(input.contains("health_affiliation"));
  CHECK_FALSE(input.contains("ethnic_group"));
  // The triage did look at violence indicators (a duty of protection): those
  // results stay, and only those.
  REQUIRE(input.contains("violence_indicators"));
  CHECK(input["violence_indicators"]["redacted"] == true);
  auto report = referral::VerifyRecords(path, [&](const std::string&) { return &rules; });
  CHECK(report.ok());
  CHECK(report.replayed == 1);
}

TEST_CASE("a pregnant adolescent referred for it keeps that one result, and nothing else sensitive it did not consult",
          "[record][privacy]") {
  auto rules = Bogota();
  std::string c = kRefused;
  c.replace(c.find("\"rechaza\""), 9, "\"acepta\"");
  auto d = referral::Decide(rules, c);
  REQUIRE(d.ok());
  auto path = TempFile("accepted.jsonl");
  auto log = referral::RecordLog::Open(path);
  REQUIRE(log.ok());
  REQUIRE((*log)->AppendDecision(rules, *d, c, referral::CaseFormat::kJson, "2026-03-01T10:00:00Z", nullptr).ok());
  const json input = Records(path)[0]["input"];
  const auto seen = SeenInTrace(*referral::Decide(rules, c)  /* full trace */);
  for (const char* fact : {"pregnant", "health_affiliation", "ethnic_group", "violence_indicators"}) {
    INFO(fact);
    const auto on = TestsOn(referral::internal::ModelOf(rules), fact);
    bool any_seen = false;
    for (int t : on) any_seen = any_seen || seen.count(t);
    CHECK(input.contains(fact) == any_seen);
  }
  CHECK(referral::VerifyRecords(path, [&](const std::string&) { return &rules; }).ok());
}

TEST_CASE("property: every sensitive result a record keeps was consulted, with its true result, and replay agrees",
          "[record][privacy]") {
  auto rules = Bogota();
  const auto& m = referral::internal::ModelOf(rules);
  auto path = TempFile("property.jsonl");
  auto log = referral::RecordLog::Open(path);
  REQUIRE(log.ok());
  std::vector<std::string> sensitive;
  for (const auto& f : m.facts) {
    if (f.sensitive) sensitive.push_back(f.name);
  }
  REQUIRE(sensitive.size() == 4);
  long kept = 0, dropped = 0, recorded = 0;
  for (const std::string& c : referral::testing::SyntheticCases(400, 20261203, "prop-")) {
    auto full = referral::Decide(rules, c)  /* full trace */;
    if (!full.ok()) continue;  // a generated case the contract rejects makes no record
    auto d = referral::Decide(rules, c);
    REQUIRE(d.ok());
    REQUIRE((*log)->AppendDecision(rules, *d, c, referral::CaseFormat::kJson, "2026-03-01T10:00:00Z", nullptr).ok());
    ++recorded;
    std::ifstream in(path);
    std::string last;
    for (std::string l; std::getline(in, l);) last = l;
    const json input = json::parse(last)["input"];
    const auto seen = SeenInTrace(*full);
    for (const auto& fact : sensitive) {
      INFO(c << "\n" << fact);
      const auto on = TestsOn(m, fact);
      if (!input.contains(fact)) {
        for (int t : on) CHECK_FALSE(seen.count(t));  // nothing consulted, nothing kept
        dropped += 1;
        continue;
      }
      const json& tests = input[fact]["tests"];
      REQUIRE(tests.size() == on.size());
      for (size_t i = 0; i < on.size(); ++i) {
        if (tests[i].is_null()) {
          CHECK_FALSE(seen.count(on[i]));
          continue;
        }
        REQUIRE(seen.count(on[i]));
        CHECK(tests[i].get<bool>() == seen.at(on[i]));
        ++kept;
      }
    }
  }
  CHECK(recorded > 200);
  CHECK(kept > 0);
  CHECK(dropped > 0);
  auto report = referral::VerifyRecords(path, [&](const std::string&) { return &rules; });
  CHECK(report.problems.empty());
  CHECK(report.replayed == recorded);
}

TEST_CASE("ReplayInput gives the case a record replays, and refuses a line that is not a decision of these rules",
          "[record]") {
  const referral::Ruleset rules = Bogota();
  const fs::path log_path = TempFile("replay-input.jsonl");
  auto log = referral::RecordLog::Open(log_path);
  REQUIRE(log.ok());
  const std::string girl = referral::testing::ReadText(
      referral::testing::SourcePath("rules/bogota/samples/nina-venezolana-3-anos.json"));
  auto decision = referral::Decide(rules, girl);
  REQUIRE(decision.ok());
  referral::RecordReceipt receipt;
  REQUIRE((*log)->AppendDecision(rules, *decision, girl, referral::CaseFormat::kJson, "2026-03-01T10:00:00Z", "",
                                 &receipt)
              .ok());
  std::ifstream in(log_path);
  std::string line;
  std::getline(in, line);

  auto replay = referral::ReplayInput(rules, line);
  REQUIRE(replay.ok());
  auto again = referral::Decide(rules, *replay);
  REQUIRE(again.ok());
  CHECK(again->referrals.size() == decision->referrals.size());
  // A sensitive fact is a stand-in, never the case's own value.
  CHECK(json::parse(*replay)["case_id"] == "muestra-nina-venezolana-3");

  CHECK(referral::ReplayInput(rules, "not json").status().code() == "record.bad_json");
  CHECK(referral::ReplayInput(rules, R"({"record": "review"})").status().code() == "record.bad_record");
  json other = json::parse(line);
  other["ruleset"]["digest"] = std::string(64, '0');
  CHECK(referral::ReplayInput(rules, other.dump()).status().code() == "record.unknown_digest");
  json broken = json::parse(line);
  broken["input"]["pregnant"] = {{"redacted", true}, {"tests", {true, true, true, true, true, true, true}}};
  CHECK(referral::ReplayInput(rules, broken.dump()).status().code() == "record.replay_differs");
}
