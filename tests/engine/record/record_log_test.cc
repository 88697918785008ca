// Decision records: what they keep, what they hide, how they chain, and that
// a torn last line is cut off so the file holds whole records only.
#include "referral/record.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "referral/engine.h"
#include "support/paths.h"

namespace fs = std::filesystem;

namespace {

const char* kCase = R"({"case_id":"r-1","evaluation_date":"2026-03-01","identification_channel":"busqueda_activa",)"
                    R"("identification_category":"mendicidad_propia","age_documented":true,"birth_date":"2022-12-01",)"
                    R"("nationality":"venezolana","migration_intent":"permanencia","caregiver_present":"madre",)"
                    R"("ethnic_group":"embera","health_affiliation":"ninguna","pregnant":false,)"
                    R"("localidad":"chapinero","identifying_team":"estrategia_movil","caregiver_consent":"acepta"})";

referral::Ruleset Bogota() {
  auto rules = referral::LoadRuleset(referral::testing::SourcePath("rules/bogota"), nullptr);
  REQUIRE(rules.ok());
  return std::move(rules).value();
}

fs::path TempFile(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / "referral-record-tests";
  fs::create_directories(dir);
  fs::path p = dir / name;
  fs::remove(p);
  return p;
}

std::vector<std::string> ReadLines(const fs::path& p) {
  std::ifstream in(p);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

std::string Record(const referral::Ruleset& rules, const fs::path& path, const std::string& c, const char* now) {
  auto d = referral::Decide(rules, c);
  REQUIRE(d.ok());
  auto log = referral::RecordLog::Open(path);
  REQUIRE(log.ok());
  std::string id;
  auto s = (*log)->AppendDecision(rules, *d, c, referral::CaseFormat::kJson, now, &id);
  INFO(s.message());
  REQUIRE(s.ok());
  return id;
}

}  // namespace

TEST_CASE("a record keeps the facts rules read and report facts, never a sensitive value", "[record]") {
  auto rules = Bogota();
  auto path = TempFile("keep.jsonl");
  Record(rules, path, kCase, "2026-03-01T10:00:00Z");
  auto lines = ReadLines(path);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].find("embera") == std::string::npos);
  CHECK(lines[0].find("ninguna") == std::string::npos);
  auto j = nlohmann::json::parse(lines[0]);
  CHECK(j["record"] == "decision");
  CHECK(j["decided_at"] == "2026-03-01T10:00:00Z");
  CHECK(j["ruleset"]["digest"] == rules.digest());
  CHECK(j["prev_hash"] == std::string(64, '0'));
  const auto& input = j["input"];
  CHECK(input["nationality"] == "venezolana");
  CHECK(input["localidad"] == "chapinero");              // a report fact no rule reads
  CHECK(input["identifying_team"] == "estrategia_movil");  // likewise
  CHECK(input["ethnic_group"]["redacted"] == true);
  CHECK(input["ethnic_group"]["tests"].is_array());
  CHECK_FALSE(input.contains("identification_date"));      // neither read nor reported
  CHECK(j["referrals"][0]["service"] == "SDIS_CENTRO_ABRAZAR");
}

TEST_CASE("the same input, rules and time give byte-identical records", "[record]") {
  auto rules = Bogota();
  auto a = TempFile("same-a.jsonl"), b = TempFile("same-b.jsonl");
  std::string id_a = Record(rules, a, kCase, "2026-03-01T10:00:00Z");
  std::string id_b = Record(rules, b, kCase, "2026-03-01T10:00:00Z");
  CHECK(id_a == id_b);
  CHECK(ReadLines(a) == ReadLines(b));
  auto c = TempFile("same-c.jsonl");
  CHECK(Record(rules, c, kCase, "2026-03-01T10:00:01Z") != id_a);  // the time is part of the id
}

TEST_CASE("records chain: each holds the hash of the one before", "[record]") {
  auto rules = Bogota();
  auto path = TempFile("chain.jsonl");
  Record(rules, path, kCase, "2026-03-01T10:00:00Z");
  Record(rules, path, kCase, "2026-03-01T10:05:00Z");
  auto lines = ReadLines(path);
  REQUIRE(lines.size() == 2);
  auto log = referral::RecordLog::Open(path);
  REQUIRE(log.ok());
  auto second = nlohmann::json::parse(lines[1]);
  CHECK(second["prev_hash"] != std::string(64, '0'));
  auto report = referral::VerifyRecords(path, [&](const std::string&) { return &rules; });
  CHECK(report.ok());
  CHECK(report.head_hash == (*log)->head_hash());
}

TEST_CASE("a torn last line is cut off when the file is opened again", "[record]") {
  auto rules = Bogota();
  auto path = TempFile("torn.jsonl");
  Record(rules, path, kCase, "2026-03-01T10:00:00Z");
  {
    std::ofstream out(path, std::ios::app | std::ios::binary);
    out << R"({"record":"decision","decision_id":"half-writ)";  // a crash mid-write
  }
  bool repaired = false;
  auto log = referral::RecordLog::Open(path, &repaired);
  REQUIRE(log.ok());
  CHECK(repaired);
  log->reset();
  auto lines = ReadLines(path);
  CHECK(lines.size() == 1);
  Record(rules, path, kCase, "2026-03-01T10:05:00Z");
  CHECK(referral::VerifyRecords(path, [&](const std::string&) { return &rules; }).ok());
}

TEST_CASE("reviews join the chain and must name a decision in the file", "[record]") {
  auto rules = Bogota();
  auto path = TempFile("review.jsonl");
  std::string id = Record(rules, path, kCase, "2026-03-01T10:00:00Z");
  auto log = referral::RecordLog::Open(path);
  REQUIRE(log.ok());
  std::string review_id;
  CHECK((*log)->AppendReview({id, "profesional_sdis", "accept", "verificado"}, "2026-03-01T11:00:00Z", &review_id).ok());
  CHECK(review_id.size() == 32);
  auto unknown = (*log)->AppendReview({"nope", "profesional_sdis", "accept", "x"}, "2026-03-01T11:00:00Z", nullptr);
  CHECK(unknown.code() == "record.unknown_decision");
  auto bad = (*log)->AppendReview({id, "profesional_sdis", "approve", "x"}, "2026-03-01T11:00:00Z", nullptr);
  CHECK(bad.code() == "record.bad_review");
  auto late = (*log)->AppendReview({id, "profesional_sdis", "accept", "x"}, "yesterday", nullptr);
  CHECK(late.code() == "record.bad_time");
  CHECK(ReadLines(path).size() == 2);  // the refused reviews wrote nothing
}

TEST_CASE("RFC 3339 times are checked", "[record]") {
  CHECK(referral::IsRfc3339("2026-03-01T10:00:00Z"));
  CHECK(referral::IsRfc3339("2026-03-01T10:00:00.123-05:00"));
  CHECK_FALSE(referral::IsRfc3339("2026-03-01 10:00:00"));
  CHECK_FALSE(referral::IsRfc3339("2026-13-01T10:00:00Z"));
  CHECK_FALSE(referral::IsRfc3339("2026-03-01T10:00:00"));
  CHECK(referral::IsRfc3339(referral::NowRfc3339()));
}
