// The rule sets' own sample cases, run through the library: every Bogotá
// sample case gets exactly the referrals its test file expects.
#include <catch2/catch.hpp>

#include "referral/ruleset.h"
#include "referral/testing.h"
#include "support/paths.h"
#include "support/rulesets.h"

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

namespace {

// `text` as a test file, run against Bogotá's rules.
std::vector<referral::TestRun> RunText(const std::string& name, const std::string& text,
                                       referral::Lang lang = referral::Lang::kEn) {
  const auto dir = referral::testing::FreshDir("test-runner", name);
  referral::testing::WriteText(dir / "t.test.yaml", text);
  return referral::RunTestFiles(referral::testing::BogotaRules(), {dir / "t.test.yaml"}, lang);
}

const std::string kGirlCase =
    "{case_id: n, evaluation_date: 2026-03-01, identification_channel: movilizacion_territorial,\n"
    "       identification_category: mendicidad_propia, birth_date: 2022-11-20, age_documented: true,\n"
    "       nationality: venezolana, migration_intent: permanencia, migratory_document: no_aplica,\n"
    "       caregiver_present: madre, caregiver_consent: acepta, localidad: chapinero,\n"
    "       capacity: {SDIS_JARDIN_DIURNO: 0}}";

}  // namespace

TEST_CASE("a test can only pass by checking something: a misspelt key or an empty expect fails it",
          "[testing]") {
  // Seen: `referals:` printed an error, yet the test showed `ok`, and one with
  // no `expect` passed with no warning.
  auto runs = RunText("misspelt", "tests:\n"
                                  "  - name: misspelt\n"
                                  "    case: " + kGirlCase + "\n"
                                  "    expect:\n"
                                  "      referals: [SDIS_CENTRO_AMAR]\n"
                                  "  - name: nothing\n"
                                  "    case: " + kGirlCase + "\n"
                                  "  - name: fine\n"
                                  "    case: " + kGirlCase + "\n"
                                  "    expect: {outcome: referred}\n");
  REQUIRE(runs.size() == 3);
  CHECK_FALSE(runs[0].passed);
  REQUIRE(runs[0].failures.size() == 1);
  CHECK_THAT(runs[0].failures[0], Catch::Contains("t.test.yaml:9:7: error[yaml.unknown_key]") &&
                                      Catch::Contains("`referals`") && Catch::Contains("not run"));
  CHECK_FALSE(runs[0].decision);
  CHECK_FALSE(runs[1].passed);
  REQUIRE(runs[1].failures.size() == 1);
  CHECK_THAT(runs[1].failures[0], Catch::Contains("error[test.nothing_checked]") && Catch::Contains("`nothing`"));
  CHECK(runs[2].passed);
  // In Spanish for Bogotá's officers.
  auto es = RunText("misspelt-es", "tests:\n  - name: nada\n    case: " + kGirlCase + "\n", referral::Lang::kEs);
  REQUIRE(es.size() == 1);
  CHECK_THAT(es[0].failures[0], Catch::Contains("la prueba está mal escrita") && Catch::Contains("no comprueba nada"));
}

TEST_CASE("a test can assert every term of a referral, warnings given and not, fired rules and the path",
          "[testing]") {
  const std::string right =
      "tests:\n"
      "  - name: every term\n"
      "    case: " + kGirlCase + "\n"
      "    expect:\n"
      "      referrals:\n"
      "        - SDIS_CENTRO_ABRAZAR\n"
      "        - {service: SDIS_CENTRO_AMAR, priority: prioritaria, timeframe: 1_day, legal_basis: consent,\n"
      "           requires_human_confirmation: false, office: amar-usaquen, fallback_from: SDIS_JARDIN_DIURNO}\n"
      "        - {service: REGISTRO_DOCUMENTACION, office: null, fallback_from: null}\n"
      "        - SDIS_CDS_MIGRANTES\n"
      "      warnings: [capacity_fallback]\n"
      "      absent_warnings: [age_implausible]\n"
      "      fired_rules: [C.acepta, R2.pi.abrazar_y_jardin]\n"
      "      path: [triaje, consentimiento, oferta_primera_infancia, oferta_escolar, complementos]\n";
  auto ok = RunText("every-term", right);
  REQUIRE(ok.size() == 1);
  for (const auto& f : ok[0].failures) UNSCOPED_INFO(f);
  CHECK(ok[0].passed);

  const std::string wrong =
      "tests:\n"
      "  - name: every term wrong\n"
      "    case: " + kGirlCase + "\n"
      "    expect:\n"
      "      includes:\n"
      "        - {service: SDIS_CENTRO_AMAR, priority: urgente, timeframe: 1_hour, legal_basis: legal_duty_x,\n"
      "           requires_human_confirmation: true, office: amar-kennedy, fallback_from: null}\n"
      "      absent_warnings: [capacity_fallback]\n"
      "      fired_rules: [R1.no_such_rule]\n"
      "      path: [triaje]\n";
  auto bad = RunText("every-term-wrong", wrong);
  REQUIRE(bad.size() == 1);
  CHECK_FALSE(bad[0].passed);
  const std::vector<std::string> want = {
      "SDIS_CENTRO_AMAR: priority: expected urgente, got prioritaria",
      "SDIS_CENTRO_AMAR: timeframe: expected 1_hour, got 1_day",
      "SDIS_CENTRO_AMAR: legal_basis: expected legal_duty_x, got consent",
      "SDIS_CENTRO_AMAR: office: expected amar-kennedy, got amar-usaquen",
      "SDIS_CENTRO_AMAR: fallback_from: expected (none), got SDIS_JARDIN_DIURNO",
      "SDIS_CENTRO_AMAR: requires_human_confirmation: expected true",
      "expected no warning capacity_fallback",
      "expected rule R1.no_such_rule to fire; fired: R5.mendicidad_propia_sola, C.acepta, R2.pi.abrazar_y_jardin, "
      "R3.registro_civil, R3.centro_migrantes",
      "path: expected triaje; got triaje, consentimiento, oferta_primera_infancia, oferta_escolar, complementos"};
  CHECK(bad[0].failures == want);
}

TEST_CASE("a test may pin the decision time", "[testing]") {
  // Decided at 2026-02-01, an evaluation date of 2026-03-01 is in the future.
  auto runs = RunText("now", "tests:\n"
                             "  - name: pinned before the evaluation\n"
                             "    now: 2026-02-01T00:00:00Z\n"
                             "    case: " + kGirlCase + "\n"
                             "    expect: {error: case.future_evaluation_date}\n"
                             "  - name: pinned after\n"
                             "    now: 2026-03-01T15:00:00Z\n"
                             "    case: " + kGirlCase + "\n"
                             "    expect: {outcome: referred}\n"
                             "  - name: not a time\n"
                             "    now: mañana\n"
                             "    case: " + kGirlCase + "\n"
                             "    expect: {outcome: referred}\n");
  REQUIRE(runs.size() == 3);
  CHECK(runs[0].passed);
  CHECK(runs[1].passed);
  CHECK_FALSE(runs[2].passed);
  REQUIRE(runs[2].failures.size() == 1);
  CHECK_THAT(runs[2].failures[0], Catch::Contains("error[test.bad_now]") && Catch::Contains("`mañana`"));
}

TEST_CASE("a test file that cannot be parsed is one failed run, named after the file", "[testing]") {
  auto runs = RunText("unparsed", "tests:\n  - name: [unclosed\n");
  REQUIRE(runs.size() == 1);
  CHECK_FALSE(runs[0].passed);
  CHECK_THAT(runs[0].name, Catch::EndsWith("t.test.yaml"));
  CHECK_THAT(runs[0].failures[0], Catch::Contains("error[yaml.syntax]"));
}
