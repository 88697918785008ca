// Rule test files (engine/load/test_files.cc): an expected referral may state
// the terms it must be made on (legal basis, human confirmation), in
// `referrals` and in `includes`, and RunTest checks them.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "referral/ruleset.h"
#include "referral/testing.h"
#include "support/paths.h"

namespace referral {
namespace {

namespace fs = std::filesystem;

std::vector<TestCase> LoadText(const std::string& text, std::vector<Diagnostic>* diags) {
  fs::path dir = fs::temp_directory_path() / ("referral-test-files-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::path file = dir / "terms.test.yaml";
  std::ofstream(file, std::ios::trunc) << text;
  return LoadTests({file}, diags);
}

const char* kCase =
    "{case_id: t, evaluation_date: 2026-03-01, age_documented: true, birth_date: 2017-01-10, "
    "category: rights_violation, consent: refuses, health_affiliation: contributory}";

}  // namespace

TEST_CASE("an expected referral may state its legal basis and confirmation, and they are checked",
          "[testing][load]") {
  std::vector<Diagnostic> diags;
  auto tests = LoadText(std::string("tests:\n"
                                    "  - name: right\n"
                                    "    case: ") + kCase + "\n"
                                    "    expect:\n"
                                    "      referrals:\n"
                                    "        - {service: ICBF_PARD, priority: urgent, legal_basis: legal_duty_art51_ley1098,\n"
                                    "           requires_human_confirmation: true}\n"
                                    "  - name: wrong\n"
                                    "    case: " + kCase + "\n"
                                    "    expect:\n"
                                    "      includes:\n"
                                    "        - {service: ICBF_PARD, legal_basis: consent, requires_human_confirmation: false}\n",
                        &diags);
  for (const auto& d : diags) UNSCOPED_INFO(FormatDiagnostic(d));
  REQUIRE(diags.empty());
  REQUIRE(tests.size() == 2);
  REQUIRE(tests[0].expect.terms.size() == 1);
  CHECK(tests[0].expect.terms[0].service == "ICBF_PARD");
  CHECK(tests[0].expect.terms[0].legal_basis == std::optional<std::string>("legal_duty_art51_ley1098"));
  CHECK(tests[0].expect.terms[0].requires_human_confirmation == std::optional<bool>(true));
  CHECK(tests[1].expect.includes == std::vector<std::string>{"ICBF_PARD"});

  auto rules = LoadRuleset(testing::SourcePath("rules/example"), nullptr);
  REQUIRE(rules.ok());
  auto right = RunTest(*rules, tests[0]);
  for (const auto& f : right.failures) UNSCOPED_INFO(f);
  CHECK(right.passed);
  auto wrong = RunTest(*rules, tests[1]);
  CHECK_FALSE(wrong.passed);
  REQUIRE(wrong.failures.size() == 2);
  CHECK(wrong.failures[0] == "ICBF_PARD: legal_basis: expected consent, got legal_duty_art51_ley1098");
  CHECK(wrong.failures[1] == "ICBF_PARD: requires_human_confirmation: expected false");
}

TEST_CASE("`includes` may check a referral's priority too", "[testing][load]") {
  // 0.1 refused `priority` in `includes`; a policy officer asked for it.
  std::vector<Diagnostic> diags;
  auto tests = LoadText(std::string("tests:\n  - case: ") + kCase +
                            "\n    expect:\n      includes: [{service: ICBF_PARD, priority: standard}]\n",
                        &diags);
  CHECK(diags.empty());
  auto rules = LoadRuleset(testing::SourcePath("rules/example"), nullptr);
  REQUIRE(rules.ok());
  const auto dir = testing::FreshDir("test-files", "includes-priority");
  testing::WriteText(dir / "p.test.yaml", std::string("tests:\n  - case: ") + kCase +
                                                "\n    expect:\n      includes: [{service: ICBF_PARD, priority: standard}]\n");
  auto runs = RunTestFiles(*rules, {dir / "p.test.yaml"}, Lang::kEn);
  REQUIRE(runs.size() == 1);
  CHECK_FALSE(runs[0].passed);
  REQUIRE(runs[0].failures.size() == 1);
  CHECK(runs[0].failures[0] == "ICBF_PARD: priority: expected standard, got urgent");
}

TEST_CASE("a second document in a test file is refused, not ignored with its tests", "[testing][load]") {
  // Seen: the tests after `---` were never read, and `referral test` passed.
  std::vector<Diagnostic> diags;
  auto tests = LoadText(std::string("tests:\n  - case: ") + kCase + "\n    expect: {outcome: referred}\n---\n" +
                            "tests:\n  - case: " + kCase + "\n    expect: {outcome: no_referral}\n",
                        &diags);
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].code == "yaml.second_document");
  CHECK(diags[0].line == 4);
  CHECK(tests.size() == 1);  // the first document's test is still read
}

}  // namespace referral
