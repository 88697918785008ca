// Replay and tamper detection: every way of altering a record file is caught,
// with the line where it shows.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "referral/engine.h"
#include "referral/record.h"
#include "referral/testing.h"
#include "record/record_input.h"
#include "support/paths.h"
#include "util/sha256.h"

namespace fs = std::filesystem;

namespace {

referral::Ruleset Bogota() {
  auto rules = referral::LoadRuleset(referral::testing::SourcePath("rules/bogota"), nullptr);
  REQUIRE(rules.ok());
  return std::move(rules).value();
}

// Records of every Bogotá sample case.
fs::path SampleRecords(const referral::Ruleset& rules, const std::string& name) {
  fs::path dir = fs::temp_directory_path() / "referral-verify-tests";
  fs::create_directories(dir);
  fs::path path = dir / name;
  fs::remove(path);
  auto log = referral::RecordLog::Open(path);
  REQUIRE(log.ok());
  auto tests = referral::LoadTests(referral::FindTestFiles(referral::testing::SourcePath("rules/bogota")), nullptr);
  REQUIRE(tests.size() >= 40);
  for (const auto& t : tests) {
    if (t.expect.error) continue;  // a sample case that must be rejected makes no record
    auto d = referral::Decide(rules, t.case_json);
    REQUIRE(d.ok());
    REQUIRE((*log)->AppendDecision(rules, *d, t.case_json, referral::CaseFormat::kJson, "2026-03-01T10:00:00Z", nullptr).ok());
  }
  return path;
}

std::vector<std::string> ReadLines(const fs::path& p) {
  std::ifstream in(p);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

void WriteLines(const fs::path& p, const std::vector<std::string>& lines) {
  std::ofstream out(p, std::ios::trunc);
  for (const auto& l : lines) out << l << "\n";
}

std::vector<std::pair<long, std::string>> Problems(const referral::Ruleset& rules, const fs::path& path) {
  auto report = referral::VerifyRecords(path, [&](const std::string& digest) {
    return digest == rules.digest() ? &rules : nullptr;
  });
  std::vector<std::pair<long, std::string>> out;
  for (const auto& p : report.problems) out.push_back({p.line, p.code});
  return out;
}

using Problem = std::pair<long, std::string>;

}  // namespace

TEST_CASE("records of every Bogotá sample case replay clean", "[record][verify]") {
  auto rules = Bogota();
  auto path = SampleRecords(rules, "clean.jsonl");
  auto report = referral::VerifyRecords(path, [&](const std::string&) { return &rules; });
  CHECK(report.ok());
  CHECK(report.decisions == static_cast<long>(ReadLines(path).size()));
  CHECK(report.replayed == report.decisions);
  CHECK_FALSE(report.unreviewed_duties.empty());  // duty referrals wait for a person
}

TEST_CASE("each kind of tampering is caught at its line", "[record][verify]") {
  auto rules = Bogota();
  auto path = SampleRecords(rules, "tamper.jsonl");
  const auto original = ReadLines(path);
  REQUIRE(original.size() > 10);

  SECTION("an outcome altered in place") {
    auto lines = original;
    auto j = nlohmann::ordered_json::parse(lines[4]);
    j["referrals"] = nlohmann::ordered_json::array();
    lines[4] = j.dump();
    WriteLines(path, lines);
    CHECK(Problems(rules, path) == std::vector<Problem>{{5, "record.replay_differs"}, {6, "record.chain_broken"}});
  }
  SECTION("an input fact altered in place") {
    auto lines = original;
    auto j = nlohmann::ordered_json::parse(lines[2]);
    j["input"]["case_id"] = "someone-else";
    lines[2] = j.dump();
    WriteLines(path, lines);
    CHECK(Problems(rules, path) == std::vector<Problem>{{3, "record.altered"}, {4, "record.chain_broken"}});
  }
  SECTION("a record removed") {
    auto lines = original;
    lines.erase(lines.begin() + 3);
    WriteLines(path, lines);
    CHECK(Problems(rules, path) == std::vector<Problem>{{4, "record.chain_broken"}});
  }
  SECTION("two records swapped") {
    auto lines = original;
    std::swap(lines[5], lines[6]);
    WriteLines(path, lines);
    auto problems = Problems(rules, path);
    REQUIRE(problems.size() == 3);
    CHECK(problems[0] == Problem{6, "record.chain_broken"});
  }
  SECTION("a forged record inserted") {
    auto lines = original;
    lines.insert(lines.begin() + 2, lines[7]);
    WriteLines(path, lines);
    auto problems = Problems(rules, path);
    REQUIRE_FALSE(problems.empty());
    CHECK(problems[0] == Problem{3, "record.chain_broken"});
  }
  SECTION("the first record removed") {
    auto lines = original;
    lines.erase(lines.begin());
    WriteLines(path, lines);
    CHECK(Problems(rules, path) == std::vector<Problem>{{1, "record.chain_broken"}});
  }
  SECTION("a record from another rule set version") {
    auto other = referral::LoadRuleset(referral::testing::SourcePath("rules/example"), nullptr);
    REQUIRE(other.ok());
    auto report = referral::VerifyRecords(path, [&](const std::string& digest) {
      return digest == other->digest() ? &*other : nullptr;
    });
    REQUIRE(report.problems.size() == original.size());
    CHECK(report.problems[0].code == "record.unknown_digest");
  }
}

namespace {

// A record file with one duty decision (a child alone at the scene: ICBF)
// and a valid review of it; returns the lines and the decision id.
std::vector<std::string> DutyWithReview(const referral::Ruleset& rules, const fs::path& path, std::string* id,
                                        const char* decided_at = "2026-03-01T10:00:00Z") {
  const std::string alone =
      R"({"case_id":"solo-1","evaluation_date":"2026-03-01","identification_channel":"busqueda_activa",)"
      R"("identification_category":"mendicidad_propia","birth_date":"2019-03-01","age_documented":true,)"
      R"("caregiver_present":"ninguno"})";
  fs::remove(path);
  auto log = referral::RecordLog::Open(path);
  REQUIRE(log.ok());
  auto d = referral::Decide(rules, alone);
  REQUIRE(d.ok());
  REQUIRE((*log)->AppendDecision(rules, *d, alone, referral::CaseFormat::kJson, decided_at, id).ok());
  REQUIRE((*log)->AppendReview(rules, {*id, "profesional_sdis", "accept", "verificado"}, "2026-03-01T10:30:00Z",
                               nullptr).ok());
  return ReadLines(path);
}

// A review line as a careless or hostile writer might append it: chained
// correctly (so only the review checks can catch it).
std::string HashOf(const std::string& text) { return referral::internal::Sha256Hex(text); }

// Unless the line gives its own review_id, it gets the one that hashes its
// content, so verify's later checks (decision, time, role, reason) are reached.
std::string ChainedReview(const std::vector<std::string>& before, nlohmann::ordered_json review) {
  review["prev_hash"] = HashOf(before.back());
  auto text = [&](const char* key) { return review.value(key, std::string()); };
  if (!review.contains("review_id")) {
    review["review_id"] = referral::internal::ReviewId(text("decision_id"), text("role"), text("action"),
                                                       text("reason"), text("reviewed_at"), text("prev_hash"));
  }
  return review.dump();
}

}  // namespace

TEST_CASE("verify checks every review as strictly as a decision", "[record][verify]") {
  auto rules = Bogota();
  fs::path path = fs::temp_directory_path() / "referral-verify-tests" / "reviews.jsonl";
  std::string id;
  auto lines = DutyWithReview(rules, path, &id);
  REQUIRE(lines.size() == 2);
  auto clean = referral::VerifyRecords(path, [&](const std::string&) { return &rules; });
  CHECK(clean.ok());
  CHECK(clean.unreviewed_duties.empty());
  lines.pop_back();  // keep the decision only: its duties await review

  auto with = [&](const nlohmann::ordered_json& review) {
    auto all = lines;
    all.push_back(ChainedReview(lines, review));
    WriteLines(path, all);
    return referral::VerifyRecords(path, [&](const std::string&) { return &rules; });
  };
  SECTION("a bare line with a made-up action clears nothing") {
    auto report = with({{"record", "review"}, {"decision_id", id}, {"action", "pending_not_a_real_action"}});
    REQUIRE(report.problems.size() == 1);
    CHECK(report.problems[0].code == "record.bad_review");
    CHECK(report.problems[0].line == 2);
    CHECK_FALSE(report.unreviewed_duties.empty());
  }
  SECTION("a review written as the log writes it clears the duty (the checks below are reached)") {
    auto report = with({{"record", "review"}, {"decision_id", id}, {"role", "profesional_sdis"}, {"action", "accept"},
                        {"reason", "verificado"}, {"reviewed_at", "2026-03-01T11:00:00Z"}});
    CHECK(report.problems.empty());
    CHECK(report.unreviewed_duties.empty());
  }
  SECTION("a role or reason the rule set does not declare") {
    for (auto [role, reason] : {std::pair{"vecino", "verificado"}, std::pair{"profesional_sdis", "porque_si"}}) {
      INFO(role << " " << reason);
      auto report = with({{"record", "review"}, {"decision_id", id}, {"role", role}, {"action", "accept"},
                          {"reason", reason}, {"reviewed_at", "2026-03-01T11:00:00Z"}});
      REQUIRE(report.problems.size() == 1);
      CHECK(report.problems[0].code == "record.bad_review");
      CHECK(report.problems[0].line == 2);
      const std::string named = std::string(role) == "vecino" ? "role `vecino`" : "reason `porque_si`";
      CHECK(report.problems[0].message.find(named) != std::string::npos);
      CHECK_FALSE(report.unreviewed_duties.empty());
    }
  }
  SECTION("a review before its decision, or at an impossible time") {
    for (const char* at : {"2026-03-01T09:00:00Z", "2026-02-31T10:00:00Z", "2026-03-01T23:59:60+99:99"}) {
      INFO(at);
      auto report = with({{"record", "review"}, {"decision_id", id}, {"role", "profesional_sdis"},
                          {"action", "accept"}, {"reason", "verificado"}, {"reviewed_at", at}});
      REQUIRE(report.problems.size() == 1);
      CHECK(report.problems[0].code == "record.bad_review");
      CHECK_FALSE(report.unreviewed_duties.empty());
    }
  }
  SECTION("a review of a decision no earlier record holds") {
    auto report = with({{"record", "review"}, {"decision_id", std::string(32, '0')}, {"role", "profesional_sdis"},
                        {"action", "accept"}, {"reason", "verificado"}, {"reviewed_at", "2026-03-01T11:00:00Z"}});
    REQUIRE(report.problems.size() == 1);
    CHECK(report.problems[0].code == "record.unknown_decision");
    CHECK_FALSE(report.unreviewed_duties.empty());
  }
  SECTION("in Spanish, for Bogotá's auditors") {
    auto all = lines;
    all.push_back(ChainedReview(lines, {{"record", "review"}, {"decision_id", id}, {"role", "vecino"},
                                        {"action", "accept"}, {"reason", "verificado"},
                                        {"reviewed_at", "2026-03-01T11:00:00Z"}}));
    WriteLines(path, all);
    auto report = referral::VerifyRecords(std::vector<fs::path>{path}, [&](const std::string&) { return &rules; },
                                          referral::Lang::kEs);
    REQUIRE(report.problems.size() == 1);
    CHECK(report.problems[0].message == "el rol `vecino` no es un rol de revisión del conjunto `bogota` " +
                                            rules.version());
    REQUIRE_FALSE(report.unreviewed_duties.empty());
    CHECK_THAT(report.unreviewed_duties[0], Catch::StartsWith("línea 1: decisión " + id + ": "));
  }
  SECTION("a review whose id does not hash its content") {
    auto report = with({{"record", "review"}, {"review_id", std::string(32, 'a')}, {"decision_id", id},
                        {"role", "profesional_sdis"}, {"action", "accept"}, {"reason", "verificado"},
                        {"reviewed_at", "2026-03-01T11:00:00Z"}});
    REQUIRE(report.problems.size() == 1);
    CHECK(report.problems[0].code == "record.altered");
    CHECK_FALSE(report.unreviewed_duties.empty());
  }
  SECTION("an unknown field") {
    auto report = with({{"record", "review"}, {"review_id", std::string(32, 'a')}, {"decision_id", id},
                        {"role", "profesional_sdis"}, {"action", "accept"}, {"reason", "verificado"},
                        {"reviewed_at", "2026-03-01T11:00:00Z"}, {"note", "free text"}});
    REQUIRE(report.problems.size() == 1);
    CHECK(report.problems[0].code == "record.bad_review");
  }
}

TEST_CASE("verify flags a repeated decision id", "[record][verify]") {
  auto rules = Bogota();
  fs::path path = fs::temp_directory_path() / "referral-verify-tests" / "repeated-id.jsonl";
  std::string id;
  auto lines = DutyWithReview(rules, path, &id);
  // The same decision twice, both with the id the legacy scheme (before the
  // previous record's hash was part of it) gives: each id matches its own
  // content, and they are equal.
  auto j = nlohmann::ordered_json::parse(lines[0]);
  j["decision_id"] = HashOf(j["ruleset"]["digest"].get<std::string>() + "|" + j["input_digest"].get<std::string>() +
                            "|" + j["decided_at"].get<std::string>())
                         .substr(0, 32);
  std::vector<std::string> out = {j.dump()};
  j["prev_hash"] = HashOf(out[0]);
  out.push_back(j.dump());
  WriteLines(path, out);
  auto report = referral::VerifyRecords(path, [&](const std::string&) { return &rules; });
  REQUIRE(report.problems.size() == 1);
  CHECK(report.problems[0].code == "record.duplicate_id");
  CHECK(report.problems[0].line == 2);
}

TEST_CASE("verify links rotated files into one chain, and keeps replicas' chains apart", "[record][verify]") {
  auto rules = Bogota();
  fs::path dir = fs::temp_directory_path() / "referral-verify-tests";
  std::string id;
  auto lines = DutyWithReview(rules, dir / "whole.jsonl", &id);
  // The same chain cut in two files, given newest first.
  WriteLines(dir / "part-1.jsonl", {lines[0]});
  WriteLines(dir / "part-2.jsonl", {lines[1]});
  auto rotated = referral::VerifyRecords(std::vector<fs::path>{dir / "part-2.jsonl", dir / "part-1.jsonl"},
                                         [&](const std::string&) { return &rules; });
  CHECK(rotated.ok());
  CHECK(rotated.heads.size() == 1);
  CHECK(rotated.reviews == 1);
  CHECK(rotated.unreviewed_duties.empty());
  // The second part alone: its first record continues a file not given.
  auto alone = referral::VerifyRecords(dir / "part-2.jsonl", [&](const std::string&) { return &rules; });
  REQUIRE_FALSE(alone.problems.empty());
  CHECK(alone.problems[0].code == "record.chain_broken");
  // Two replicas: two chains, each clean, two heads.
  std::string other_id;
  DutyWithReview(rules, dir / "replica-b.jsonl", &other_id, "2026-03-01T10:00:05Z");
  auto replicas = referral::VerifyRecords(std::vector<fs::path>{dir / "whole.jsonl", dir / "replica-b.jsonl"},
                                          [&](const std::string&) { return &rules; });
  CHECK(replicas.ok());
  CHECK(replicas.heads.size() == 2);
  CHECK(replicas.decisions == 2);
  CHECK(replicas.reviews == 2);
  // A record copied from one replica's file into the other's is caught.
  auto b = ReadLines(dir / "replica-b.jsonl");
  auto copied = nlohmann::ordered_json::parse(lines[0]);
  copied["prev_hash"] = HashOf(b.back());
  b.push_back(copied.dump());
  WriteLines(dir / "replica-b.jsonl", b);
  auto mixed = referral::VerifyRecords(std::vector<fs::path>{dir / "whole.jsonl", dir / "replica-b.jsonl"},
                                       [&](const std::string&) { return &rules; });
  bool duplicate = false;
  for (const auto& p : mixed.problems) {
    duplicate = duplicate || (p.code == "record.duplicate_id" && p.file == (dir / "replica-b.jsonl").string());
  }
  CHECK(duplicate);
}
