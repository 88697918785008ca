// Replay and tamper detection: every way of altering a record file is caught,
// with the line where it shows.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "referral/engine.h"
#include "referral/record.h"
#include "referral/testing.h"
#include "support/paths.h"

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
