// The rule sets' own sample cases, run through the library: every Bogotá
// sample case gets exactly the referrals its test file expects.
#include <catch2/catch.hpp>

#include "referral/ruleset.h"
#include "referral/testing.h"
#include "support/paths.h"

namespace {

void RunAll(const std::string& rules_dir, size_t at_least) {
  std::vector<referral::Diagnostic> diags;
  auto rules = referral::LoadRuleset(referral::testing::SourcePath(rules_dir), &diags);
  REQUIRE(rules.ok());
  auto files = referral::FindTestFiles(referral::testing::SourcePath(rules_dir));
  auto tests = referral::LoadTests(files, &diags);
  for (const auto& d : diags) UNSCOPED_INFO(referral::FormatDiagnostic(d));
  CHECK(diags.empty());
  REQUIRE(tests.size() >= at_least);
  for (const auto& t : tests) {
    auto result = referral::RunTest(*rules, t);
    INFO(t.file << ":" << t.line << " " << t.name);
    for (const auto& f : result.failures) UNSCOPED_INFO(f);
    CHECK(result.passed);
  }
}

}  // namespace

TEST_CASE("every Bogotá sample case gets the referrals it expects", "[testing][bogota]") {
  RunAll("rules/bogota", 40);
}

TEST_CASE("every example sample case gets the referrals it expects", "[testing]") {
  RunAll("rules/example", 8);
}

TEST_CASE("a test that expects the wrong referrals fails and says why", "[testing]") {
  auto rules = referral::LoadRuleset(referral::testing::SourcePath("rules/example"), nullptr);
  REQUIRE(rules.ok());
  referral::TestCase t;
  t.name = "wrong on purpose";
  t.case_json = R"({"case_id":"w","evaluation_date":"2026-03-01","age_documented":true,"birth_date":"2023-01-10","category":"own_begging","consent":"accepts","health_affiliation":"contributory"})";
  t.expect.referrals = std::vector<std::pair<std::string, std::string>>{{"KINDERGARTEN", "urgent"}};
  t.expect.excludes = {"KINDERGARTEN"};
  t.expect.outcome = "no_referral";
  auto result = referral::RunTest(*rules, t);
  CHECK_FALSE(result.passed);
  REQUIRE(result.failures.size() == 3);
  CHECK_THAT(result.failures[0], Catch::Contains("outcome: expected no_referral, got referred"));
  CHECK_THAT(result.failures[1], Catch::Contains("KINDERGARTEN/urgent") && Catch::Contains("KINDERGARTEN/standard"));
  CHECK_THAT(result.failures[2], Catch::Contains("expected no referral to KINDERGARTEN"));
  // In Spanish: the words translated, the codes as the test file has them.
  auto es = referral::RunTest(*rules, t, referral::Lang::kEs);
  REQUIRE(es.failures.size() == 3);
  CHECK(es.failures[0] == "resultado: se esperaba `no_referral`, se obtuvo `referred`");
  CHECK_THAT(es.failures[1], Catch::StartsWith("remisiones: se esperaba `KINDERGARTEN/urgent`; se obtuvo `"));
  CHECK(es.failures[2] == "no se esperaba una remisión a `KINDERGARTEN`");
}

TEST_CASE("test files are found under tests/ and as *.test.yaml, in a stable order", "[testing]") {
  auto files = referral::FindTestFiles(referral::testing::SourcePath("rules/bogota"));
  REQUIRE(files.size() >= 6);
  CHECK(std::is_sorted(files.begin(), files.end(), [](const auto& a, const auto& b) {
    return a.generic_string() < b.generic_string();
  }));
  for (const auto& f : files) CHECK(f.generic_string().find("/tests/") != std::string::npos);
}

TEST_CASE("coverage counts the rules that fired and the tests seen both ways", "[testing][coverage]") {
  auto rules = referral::LoadRuleset(referral::testing::SourcePath("rules/example"), nullptr);
  REQUIRE(rules.ok());
  referral::CoverageCollector coverage(*rules);
  auto empty = coverage.Report();
  CHECK(empty.rules_fired == 0);
  CHECK(empty.rules_never_fired.size() == empty.rules_total);
  CHECK(empty.conditions_both_ways == 0);

  auto tests = referral::LoadTests(referral::FindTestFiles(referral::testing::SourcePath("rules/example")), nullptr);
  for (const auto& t : tests) {
    auto r = referral::RunTest(*rules, t);
    if (r.decision) coverage.Add(*r.decision);
  }
  auto report = coverage.Report();
  CHECK(report.rules_total == 14);
  CHECK(report.rules_fired == 12);
  std::vector<std::string> never;
  for (const auto& i : report.rules_never_fired) never.push_back(i.what);
  // No example test leaves consent unrecorded, or sends a school-age child
  // who begs without accompanying work.
  CHECK(never == std::vector<std::string>{"C4.not_obtained", "O3.own_begging_school_age"});
  REQUIRE(report.rules_never_fired.size() == 2);
  CHECK(report.rules_never_fired[0].line == 36);
  CHECK(report.conditions_both_ways > 0);
  CHECK(report.conditions_both_ways + report.conditions_not_both_ways.size() == report.conditions_total);
  for (const auto& i : report.conditions_not_both_ways) {
    CHECK_FALSE(i.file.empty());
    CHECK(i.line > 0);
    CHECK_FALSE((i.seen_true && i.seen_false));
  }
}
