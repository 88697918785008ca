// End-to-end: the real `referral` program on real rule files.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/paths.h"
#include "support/process.h"

using referral::testing::Lines;
using referral::testing::RunReferral;

namespace {
const char* kGirl = "rules/bogota/samples/nina-venezolana-3-anos.json";
}

TEST_CASE("check accepts the shipped rule sets and prints their digest", "[cli]") {
  for (const char* rules : {"rules/bogota", "rules/example"}) {
    auto r = RunReferral({"check", rules});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::StartsWith("ok: ") && Catch::Contains("sha256 "));
  }
}

TEST_CASE("route prints one JSON decision with referrals, outcome and digest", "[cli]") {
  auto r = RunReferral({"route", "--rules", "rules/bogota", kGirl});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["case_id"] == "muestra-nina-venezolana-3");
  CHECK(j["outcome"] == "referred");
  std::vector<std::string> services;
  for (const auto& ref : j["referrals"]) services.push_back(ref["service"]);
  // REGISTRO_DOCUMENTACION: the sample does not say has_civil_registration, which
  // policy §9.1 reads as false (docs/bogota-decisions.md D6).
  CHECK(services == std::vector<std::string>{"SDIS_CENTRO_ABRAZAR", "SDIS_JARDIN_DIURNO", "REGISTRO_DOCUMENTACION",
                                             "SDIS_CDS_MIGRANTES"});
  CHECK(j["referrals"][0]["legal_basis"] == "consent");
  CHECK(j["ruleset"]["id"] == "bogota");
  CHECK(j["ruleset"]["digest"].get<std::string>().size() == 64);
  CHECK(j["derived"]["age_months"] == "39");
  CHECK(j["trace"].is_array());
}

TEST_CASE("route gives byte-identical output on repeated runs and from stdin", "[cli]") {
  auto a = RunReferral({"route", "--rules", "rules/bogota", kGirl});
  auto b = RunReferral({"route", "--rules", "rules/bogota", kGirl});
  auto c = RunReferral({"route", "--rules", "rules/bogota", "-"}, referral::testing::ReadText(
                                                                      referral::testing::SourcePath(kGirl)));
  REQUIRE(a.exit_code == 0);
  CHECK(a.out == b.out);
  CHECK(a.out == c.out);
}

TEST_CASE("route reads a YAML case by its extension", "[cli]") {
  auto r = RunReferral({"route", "--rules", "rules/example", "--case-format", "yaml", "-"},
                       "case_id: y-1\nevaluation_date: 2026-03-01\nage_documented: true\n"
                       "birth_date: 2023-01-10\ncategory: own_begging\nconsent: accepts\n"
                       "health_affiliation: contributory\n");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["referrals"][0]["service"] == "KINDERGARTEN");
}

TEST_CASE("explain prints the Spanish explanation by default and English on request", "[cli]") {
  auto es = RunReferral({"explain", "--rules", "rules/bogota", kGirl});
  INFO(es.out << es.err);
  REQUIRE(es.exit_code == 0);
  CHECK_THAT(es.out, Catch::StartsWith("Caso muestra-nina-venezolana-3 — Rutas de remisión Por la Niñez – Bogotá"));
  CHECK_THAT(es.out, Catch::Contains("\nQué hacer:\nRemitir a 4 servicios:\n1. Centro Abrazar Las Cruces"));
  CHECK_THAT(es.out, Catch::Contains("✓ nacionalidad: venezolana — es venezolana u otra"));
  // The technical trace only with --detail.
  CHECK(es.out.find("Servicios no elegidos") == std::string::npos);
  CHECK(es.out.find("SDIS_CENTRO_ABRAZAR") == std::string::npos);
  auto detail = RunReferral({"explain", "--rules", "rules/bogota", kGirl, "--detail"});
  REQUIRE(detail.exit_code == 0);
  CHECK_THAT(detail.out, Catch::StartsWith(es.out.substr(0, es.out.find("Por qué:"))));
  CHECK_THAT(detail.out, Catch::Contains("\nDetalle técnico:\n"));
  CHECK_THAT(detail.out, Catch::Contains("✓ [migrante] nationality en [venezolana, otra] (valor: venezolana)"));
  CHECK_THAT(detail.out, Catch::Contains("Servicios no elegidos"));
  CHECK_THAT(detail.out, Catch::Contains("age_months en 60..215 (valor: 39)"));
  auto en = RunReferral({"explain", "--rules", "rules/bogota", kGirl, "--lang", "en", "--detail"});
  REQUIRE(en.exit_code == 0);
  CHECK_THAT(en.out, Catch::Contains("\nWhat to do:\nRefer to 4 services:\n"));
  CHECK_THAT(en.out, Catch::Contains("nationality in [venezolana, otra] (value: venezolana)"));
  CHECK_THAT(en.out, Catch::Contains("Services not chosen"));
  // The same what-to-do as JSON, for systems that render it themselves.
  auto json = RunReferral({"explain", "--rules", "rules/bogota", kGirl, "--format", "json"});
  REQUIRE(json.exit_code == 0);
  auto j = nlohmann::json::parse(json.out);
  CHECK(j["summary"]["headline"] == "Remitir a 4 servicios:");
  CHECK(j["summary"]["actions"][0]["name"] == "Centro Abrazar Las Cruces (Santa Fe) – SDIS");
  CHECK(j["summary"]["actions"][0]["deadline"].is_string());  // from the clock
}

TEST_CASE("explain never shows a sensitive value, only the condition's result", "[cli]") {
  const std::string c = R"({"case_id":"s-1","evaluation_date":"2026-03-01","age_documented":true,)"
                        R"("birth_date":"2016-01-01","identification_channel":"busqueda_activa",)"
                        R"("identification_category":"mendicidad_propia","caregiver_present":"madre",)"
                        R"("health_affiliation":"ninguna","ethnic_group":"embera","pregnant":false,)"
                        R"("caregiver_consent":"acepta"})";
  for (const char* cmd : {"explain", "route"}) {
    auto r = RunReferral({cmd, "--rules", "rules/bogota", "-"}, c);
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("embera") == std::string::npos);
    CHECK(r.out.find("valor: ninguna") == std::string::npos);
    CHECK(r.out.find("\"ninguna\"") == std::string::npos);
    // The condition is shown: by its label in the explanation, its name in the decision.
    CHECK(r.out.find(std::string(cmd) == "explain" ? "afiliación en salud: dato sensible" : "health_affiliation") !=
          std::string::npos);
  }
}

TEST_CASE("test runs a rule set's tests like a test runner", "[cli]") {
  auto r = RunReferral({"test", "rules/example"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  auto lines = Lines(r.out);
  REQUIRE_FALSE(lines.empty());
  CHECK(lines.back() == "8 passed, 0 failed");
  auto json = RunReferral({"test", "rules/example", "--format", "json"});
  REQUIRE(json.exit_code == 0);
  auto j = nlohmann::json::parse(json.out.substr(0, json.out.rfind("}") + 1));
  CHECK(j["passed"] == 8);
  CHECK(j["failed"] == 0);
}

TEST_CASE("a failing rule test exits 3 and shows expected, got and the explanation", "[cli]") {
  auto dir = std::filesystem::temp_directory_path() / "referral-cli-test-fail";
  std::filesystem::create_directories(dir);
  auto file = dir / "wrong.test.yaml";
  {
    std::ofstream out(file);
    out << "tests:\n  - name: wrong on purpose\n    case: {case_id: w, evaluation_date: 2026-03-01, "
           "age_documented: true, birth_date: 2023-01-10, category: own_begging, consent: accepts}\n"
           "    expect: {referrals: [ICBF_PARD]}\n";
  }
  auto r = RunReferral({"test", "rules/example", file.string()});
  CHECK(r.exit_code == 3);
  CHECK_THAT(r.out, Catch::Contains("FAIL wrong on purpose"));
  CHECK_THAT(r.out, Catch::Contains("referrals: expected ICBF_PARD; got "));
  CHECK_THAT(r.out, Catch::Contains("| Case w"));
  CHECK(Lines(r.out).back() == "0 passed, 1 failed");
  std::filesystem::remove_all(dir);
}

TEST_CASE("the program reports its version", "[cli]") {
  auto r = RunReferral({"--version"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::StartsWith("referral 0."));
}

TEST_CASE("without --rules the program uses the default rule set, rules/bogota", "[cli]") {
  auto check = RunReferral({"check"});
  CHECK(check.exit_code == 0);
  CHECK_THAT(check.out, Catch::StartsWith("ok: bogota "));
  auto route = RunReferral({"route", kGirl});
  REQUIRE(route.exit_code == 0);
  CHECK(nlohmann::json::parse(route.out)["ruleset"]["id"] == "bogota");
}

TEST_CASE("a no-referral decision carries its explanation in both languages", "[cli]") {
  auto r = RunReferral({"route", "--rules", "rules/example", "-"},
                       R"({"case_id":"n-1","evaluation_date":"2026-03-01","age_documented":true,)"
                       R"("birth_date":"2015-05-01","category":"work_accompaniment","consent":"refuses"})");
  REQUIRE(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["outcome"] == "no_referral");
  CHECK(j["reason"] == "refuses_services");
  CHECK(j["follow_up"] == true);
  CHECK(j["because"]["es"] == "La familia rechaza los servicios.");
  CHECK(j["because"]["en"] == "The family refuses services.");
}

TEST_CASE("test --coverage names the rules no test fired and the one-sided conditions", "[cli][coverage]") {
  auto r = RunReferral({"test", "rules/example", "--coverage", "--explain", "none"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("coverage: rules fired 12/14 (85.7%)"));
  CHECK_THAT(r.out, Catch::Contains("never fired: rules/example/nodes.yaml:36:9 rule C4.not_obtained"));
  CHECK_THAT(r.out, Catch::Contains("only false: rules/example/nodes.yaml:55:38 hours_per_week > 15"));
  // Bogotá's rule set speaks Spanish: so does its test run, unless told otherwise.
  auto bogota = RunReferral({"test", "rules/bogota", "--coverage", "--explain", "none"});
  CHECK(bogota.exit_code == 0);
  CHECK_THAT(bogota.out, Catch::Contains("cobertura: reglas aplicadas 45/45 (100,0 %)"));
  CHECK_THAT(Lines(bogota.out).back(), Catch::EndsWith("aprobada(s), 0 fallida(s)"));
  auto english = RunReferral({"test", "rules/bogota", "--coverage", "--explain", "none", "--lang", "en"});
  CHECK_THAT(english.out, Catch::Contains("coverage: rules fired 45/45 (100.0%)"));
  CHECK_THAT(Lines(english.out).back(), Catch::EndsWith("passed, 0 failed"));
  auto json = RunReferral({"test", "rules/example", "--coverage", "--format", "json"});
  auto j = nlohmann::json::parse(json.out.substr(0, json.out.rfind('}') + 1));
  CHECK(j["coverage"]["rules_fired"] == 12);
  CHECK(j["coverage"]["rules_never_fired"].size() == 2);
}

TEST_CASE("without --lang, messages follow the user's locale, else the rule set's language", "[cli][lang]") {
  const std::string bad = R"({"case_id":"l-1","evaluation_date":"2026-03-01","edad":3})";
  // Bogotá declares `language: es`: with no locale that says otherwise, its
  // case errors are Spanish.
  auto plain = RunReferral({"route", "--rules", "rules/bogota", "-"}, bad);
  CHECK_THAT(plain.out + plain.err, Catch::Contains("campo desconocido `edad`"));
  auto en = RunReferral({"route", "--rules", "rules/bogota", "-"}, bad, {"LANG=en_US.UTF-8"});
  CHECK_THAT(en.out + en.err, Catch::Contains("unknown field `edad`"));
  auto es = RunReferral({"route", "--rules", "rules/bogota", "-"}, bad, {"LANG=es_CO.UTF-8"});
  CHECK_THAT(es.out + es.err, Catch::Contains("campo desconocido `edad`"));
  // LC_ALL comes first; --lang wins over both.
  auto all = RunReferral({"route", "--rules", "rules/bogota", "-"}, bad, {"LANG=es_CO.UTF-8", "LC_ALL=en_US.UTF-8"});
  CHECK_THAT(all.out + all.err, Catch::Contains("unknown field `edad`"));
  auto flag = RunReferral({"route", "--rules", "rules/bogota", "--lang", "en", "-"}, bad, {"LANG=es_CO.UTF-8"});
  CHECK_THAT(flag.out + flag.err, Catch::Contains("unknown field `edad`"));
  // A locale in neither language (or C) leaves it to the rule set.
  auto other = RunReferral({"route", "--rules", "rules/bogota", "-"}, bad, {"LANG=fr_FR.UTF-8"});
  CHECK_THAT(other.out + other.err, Catch::Contains("campo desconocido `edad`"));
  auto example = RunReferral({"route", "--rules", "rules/example", "-"}, R"({"case_id":"l-1","edad":3})", {"LANG=C"});
  CHECK_THAT(example.out + example.err, Catch::Contains("unknown field `edad`"));
  auto check = RunReferral({"check", "tests/fixtures/broken_rules/20_unknown_service.yaml"}, "", {"LANG=es_ES.UTF-8"});
  CHECK_THAT(check.out + check.err, Catch::Contains("servicio desconocido `ICBF_PRAD`"));
}

TEST_CASE("rules that do not load are reported in the language they declare", "[cli][lang]") {
  using referral::testing::FreshDir;
  using referral::testing::ReadText;
  using referral::testing::SourcePath;
  using referral::testing::WriteText;
  // The fixture declares `language: en`; the same mistake in a rule set that
  // declares `es`: its diagnostics, the count and the log line are Spanish
  // with no --lang and a locale in neither language.
  const auto dir = FreshDir("cli", "declared-language");
  const std::string english = ReadText(SourcePath("tests/fixtures/broken_rules/20_unknown_service.yaml"));
  std::string spanish = english;
  const size_t at = spanish.find("language: en");
  REQUIRE(at != std::string::npos);
  spanish.replace(at, 12, "language: es");
  WriteText(dir / "es.yaml", spanish);
  WriteText(dir / "en.yaml", english);
  auto es = RunReferral({"check", (dir / "es.yaml").string()}, "", {"LANG=C"});
  CHECK(es.exit_code == 3);
  CHECK_THAT(es.out, Catch::Contains("servicio desconocido `ICBF_PRAD`") && Catch::Contains("errores: 1"));
  auto analyze = RunReferral({"analyze", (dir / "es.yaml").string()}, "", {"LANG=C"});
  CHECK_THAT(analyze.err, Catch::Contains("servicio desconocido `ICBF_PRAD`") && Catch::Contains("no son válidas"));
  auto en = RunReferral({"check", (dir / "en.yaml").string()}, "", {"LANG=C"});
  CHECK(en.exit_code == 3);
  CHECK_THAT(en.out, Catch::Contains("unknown service `ICBF_PRAD`") && Catch::Contains("errors: 1"));
  // The program's own lines about the files it reads follow the same rule.
  auto missing = RunReferral({"route", "--rules", "rules/bogota", (dir / "no-such-case.json").string()}, "", {"LANG=C"});
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.err, Catch::Contains("no se puede leer `"));
  auto now = RunReferral({"route", "--rules", "rules/bogota", "--now", "ayer", kGirl}, "", {"LANG=C"});
  CHECK(now.exit_code == 2);
  CHECK_THAT(now.err, Catch::Contains("--now `ayer` no es una fecha y hora RFC 3339"));
  auto now_en = RunReferral({"route", "--rules", "rules/example", "--now", "ayer", kGirl}, "", {"LANG=C"});
  CHECK_THAT(now_en.err, Catch::Contains("--now `ayer` is not an RFC 3339 time"));
}

TEST_CASE("referral test counts a malformed test as failed, in the text, the JSON and the exit code",
          "[cli][testing]") {
  // Seen: a misspelt `referals:` printed an error, then `ok` and "2 passed,
  // 0 failed", and the JSON said `failed: 0`; only the exit code told.
  using referral::testing::FreshDir;
  using referral::testing::WriteText;
  const auto dir = FreshDir("cli", "malformed-test");
  const std::string girl = "{case_id: n, evaluation_date: 2026-03-01, identification_channel: movilizacion_territorial, "
                           "identification_category: mendicidad_propia, birth_date: 2022-11-20, age_documented: true, "
                           "caregiver_present: madre, caregiver_consent: acepta}";
  WriteText(dir / "m.test.yaml", "tests:\n"
                                 "  - name: misspelt\n"
                                 "    case: " + girl + "\n"
                                 "    expect:\n"
                                 "      referals: [SDIS_JARDIN_DIURNO]\n"
                                 "  - name: right\n"
                                 "    case: " + girl + "\n"
                                 "    expect: {includes: [SDIS_JARDIN_DIURNO]}\n");
  const std::string file = (dir / "m.test.yaml").string();
  auto text = RunReferral({"test", "rules/bogota", file, "--lang", "en", "--explain", "none"});
  CHECK(text.exit_code == 3);
  CHECK_THAT(text.out, Catch::Contains("FAIL misspelt  (" + file + ":2)") &&
                           Catch::Contains(file + ":5:7: error[yaml.unknown_key]") &&
                           Catch::Contains("ok   right"));
  CHECK_THAT(Lines(text.out).back(), Catch::Equals("1 passed, 1 failed"));
  auto json = RunReferral({"test", "rules/bogota", file, "--format", "json"});
  CHECK(json.exit_code == 3);
  auto j = nlohmann::json::parse(json.out);
  CHECK(j["passed"] == 1);
  CHECK(j["failed"] == 1);
  CHECK(j["tests"][0]["passed"] == false);
  CHECK(j["tests"][0]["line"] == 2);
  CHECK_THAT(j["tests"][0]["failures"][0].get<std::string>(), Catch::Contains("`referals`"));
}
