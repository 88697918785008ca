// End-to-end: other territories. `referral` on rules/maicao (an overlay on
// rules/bogota), --print-merged, the directory and --capacity.
#include <catch2/catch.hpp>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "support/paths.h"
#include "support/process.h"

using referral::testing::RunReferral;

TEST_CASE("Maicao passes check, its own tests and the analysis with no gap", "[cli][maicao]") {
  auto check = RunReferral({"check", "rules/maicao"});
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);
  CHECK_THAT(check.out, Catch::Contains("ok: maicao 2026.1.0"));
  auto test = RunReferral({"test", "rules/maicao"});
  INFO(test.out);
  CHECK(test.exit_code == 0);
  CHECK_THAT(test.out, Catch::Contains(" 0 fallida(s)"));
  auto analyze = RunReferral({"analyze", "rules/maicao"});
  INFO(analyze.out);
  CHECK(analyze.exit_code == 0);
  CHECK(analyze.out.find("analyze.gap") == std::string::npos);
  CHECK_THAT(analyze.out, Catch::Contains("0 error(es), 0 advertencia(s)"));
}

TEST_CASE("explain names the file of each fired rule and the office", "[cli][maicao]") {
  auto r = RunReferral(
      {"explain", "--rules", "rules/maicao", "rules/maicao/samples/nina-venezolana-paraguachon.json", "--detail"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  // What to do names the office; the technical detail, each rule's file.
  CHECK_THAT(r.out, Catch::Contains("1. Centro de Desarrollo Infantil (CDI) – ICBF, modalidad institucional\n"));
  CHECK_THAT(r.out, Catch::Contains("   Oficina: CDI Paraguachón (ejemplo) — Corregimiento de Paraguachón – dirección por confirmar.\n"));
  CHECK_THAT(r.out, Catch::Contains("1. ICBF_CDI — Centro de Desarrollo Infantil (CDI) – ICBF, modalidad institucional"));
  CHECK_THAT(r.out, Catch::Contains("oficina: CDI Paraguachón (ejemplo) — Corregimiento de Paraguachón – dirección por confirmar [mai-cdi-paraguachon]"));
  CHECK_THAT(r.out, Catch::Contains("regla MAI.pi.migrante_cdi (nodo oferta_primera_infancia, maicao/oferta.yaml:"));
  CHECK_THAT(r.out, Catch::Contains("regla R3.registro_civil (nodo complementos, bogota/complementos.yaml:"));
}

TEST_CASE("check --print-merged prints YAML that loads as the same rule set", "[cli][maicao]") {
  auto r = RunReferral({"check", "rules/maicao", "--print-merged"});
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("# from rules/maicao/servicios.yaml:"));
  CHECK(r.out.find("SDIS_CENTRO_ABRAZAR:") == std::string::npos);
  const std::string path = "/tmp/referral-merged-maicao-" + std::to_string(::getpid()) + ".yaml";
  std::ofstream(path) << r.out;
  auto check = RunReferral({"check", path});
  CHECK(check.exit_code == 0);
  auto a = RunReferral({"route", "--rules", "rules/maicao", "rules/maicao/samples/nina-venezolana-paraguachon.json",
                        "--trace", "off"});
  auto b = RunReferral({"route", "--rules", path, "rules/maicao/samples/nina-venezolana-paraguachon.json",
                        "--trace", "off"});
  std::remove(path.c_str());
  REQUIRE(a.exit_code == 0);
  REQUIRE(b.exit_code == 0);
  auto ja = nlohmann::json::parse(a.out), jb = nlohmann::json::parse(b.out);
  CHECK(ja["referrals"] == jb["referrals"]);
}

TEST_CASE("a broken overlay fails check with the overlay's file and line", "[cli][maicao]") {
  auto r = RunReferral({"check", "tests/fixtures/overlays/unknown_rule"});
  CHECK(r.exit_code == 3);
  CHECK_THAT(r.out, Catch::Contains("tests/fixtures/overlays/unknown_rule/ruleset.yaml:10:13: error[overlay.unknown_rule]"));
}

TEST_CASE("route --capacity falls back and says so, and the decision names the office", "[cli][capacity]") {
  const std::string cap = "/tmp/referral-capacity-" + std::to_string(::getpid()) + ".json";
  std::ofstream(cap) << R"({"SDIS_JARDIN_DIURNO": 0, "SDIS_CENTRO_AMAR": 4})";
  const std::string kase = R"({"case_id":"cupos","evaluation_date":"2026-03-01","identification_channel":"busqueda_activa","localidad":"kennedy","identification_category":"mendicidad_propia","age_documented":true,"birth_date":"2022-11-01","has_civil_registration":true,"nationality":"colombiana","caregiver_present":"madre","activity":"pide_dinero","caregiver_consent":"acepta"})";
  auto r = RunReferral({"route", "--capacity", cap, "--trace", "off", "-"}, kase);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["referrals"].size() == 1);
  CHECK(j["referrals"][0]["service"] == "SDIS_CENTRO_AMAR");
  CHECK(j["referrals"][0]["fallback_from"] == "SDIS_JARDIN_DIURNO");
  CHECK(j["referrals"][0]["office"]["id"] == "amar-kennedy-corabastos");
  CHECK(j["warnings"][0]["code"] == "capacity_fallback");
  CHECK(j["warnings"][0]["detail"] == "SDIS_JARDIN_DIURNO -> SDIS_CENTRO_AMAR");
  auto es = RunReferral({"explain", "--capacity", cap, "-"}, kase);
  CHECK_THAT(es.out, Catch::Contains("1. Centro Amar (diurno) – SDIS\n"));
  CHECK_THAT(es.out, Catch::Contains("   En lugar de Jardín infantil diurno – SDIS, que no tiene cupos.\n"));
  // The reason given is the one for the service asked for, and says so.
  CHECK_THAT(es.out, Catch::Contains("1. Centro Amar (diurno) – SDIS, en lugar de Jardín infantil diurno – SDIS (que no "
                                     "tiene cupos). Motivo de la remisión a Jardín infantil diurno – SDIS: "));
  auto detail = RunReferral({"explain", "--capacity", cap, "--detail", "-"}, kase);
  CHECK_THAT(detail.out, Catch::Contains("sin cupos en SDIS_JARDIN_DIURNO; remitido a SDIS_CENTRO_AMAR"));
  auto en = RunReferral({"explain", "--capacity", cap, "--lang", "en", "--detail", "-"}, kase);
  CHECK_THAT(en.out, Catch::Contains("   Instead of Daytime early-childhood centre (jardín) – SDIS, which has no places.\n"));
  CHECK_THAT(en.out, Catch::Contains("no places at SDIS_JARDIN_DIURNO; referred to SDIS_CENTRO_AMAR"));
  // The case's own capacity wins over the file's.
  std::string with = kase;
  with.insert(with.size() - 1, R"(,"capacity":{"SDIS_JARDIN_DIURNO":3})");
  auto own = RunReferral({"route", "--capacity", cap, "--trace", "off", "-"}, with);
  CHECK(nlohmann::json::parse(own.out)["referrals"][0]["service"] == "SDIS_JARDIN_DIURNO");
  std::remove(cap.c_str());
}

TEST_CASE("referral test runs a rule that changes on a date", "[cli][effective]") {
  auto r = RunReferral({"test", "tests/fixtures/effective"});
  INFO(r.out);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("4 passed, 0 failed"));
}

TEST_CASE("a record of a decision with --capacity replays to the same fallback", "[cli][capacity][records]") {
  const std::string tag = std::to_string(::getpid());
  const std::string cap = "/tmp/referral-capacity-rec-" + tag + ".json";
  const std::string rec = "/tmp/referral-capacity-rec-" + tag + ".jsonl";
  std::ofstream(cap) << R"({"SDIS_JARDIN_DIURNO": 0})";
  const std::string kase = R"({"case_id":"cupos-rec","evaluation_date":"2026-03-01","identification_channel":"busqueda_activa","localidad":"bosa","identification_category":"mendicidad_propia","age_documented":true,"birth_date":"2022-11-01","has_civil_registration":true,"nationality":"colombiana","caregiver_present":"madre","activity":"pide_dinero","caregiver_consent":"acepta"})";
  auto r = RunReferral({"route", "--capacity", cap, "--record", rec, "--now", "2026-03-01T10:00:00Z", "-"}, kase);
  REQUIRE(r.exit_code == 0);
  auto v = RunReferral({"verify", rec, "--rules", "rules/bogota"});
  INFO(v.out << v.err);
  CHECK(v.exit_code == 0);
  CHECK_THAT(v.out, Catch::Contains("1 reproducida(s); 0 problema(s)"));
  std::remove(cap.c_str());
  std::remove(rec.c_str());
}

namespace {

// A town's overlay in a folder of its own (outside the project), extending
// `base` by name: its T2 refers young children to the day centre, as the
// town has no kindergarten yet. `declarations` is its tests/town.yaml.
std::filesystem::path TownOverlay(const std::string& name, const std::string& declarations) {
  const auto dir = referral::testing::FreshDir("territories", name) / "town";
  std::filesystem::create_directories(dir / "tests");
  referral::testing::WriteText(dir / "ruleset.yaml",
                               "ruleset: {extends: base, id: town, version: 1.0.0}\n"
                               "nodes:\n"
                               "  triage:\n"
                               "    override: update\n"
                               "    rules:\n"
                               "      - id: T2\n"
                               "        override: replace\n"
                               "        when: {age_months: ..59}\n"
                               "        refer: [{service: CENTRE, priority: standard}]\n");
  if (!declarations.empty()) referral::testing::WriteText(dir / "tests" / "town.yaml", declarations);
  return dir;
}

}  // namespace

TEST_CASE("an overlay outside the project extends its base by name and runs the base's tests with its declared "
          "differences",
          "[cli][overlay]") {
  const std::string path = referral::testing::SourcePath("tests/fixtures/inherit");
  // Declared: the kindergarten test differs on purpose. It passes, saying why.
  const auto town = TownOverlay("declared", "inherited:\n"
                                            "  - test: \"a young child: kindergarten\"\n"
                                            "    differs: the town has no kindergarten yet\n");
  auto check = RunReferral({"--rules-path", path, "check", town.string()});
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);
  auto run = RunReferral({"--rules-path", path, "test", town.string(), "--inherit", "--explain", "none"});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("ok   a young child: kindergarten") &&
                          Catch::Contains("differs as declared: the town has no kindergarten yet") &&
                          Catch::Contains("inherited from " + path + "/base: 2 passed, 1 differ as declared, 0 failed"));
  // REFERRAL_RULES_PATH does the same as --rules-path.
  auto env = RunReferral({"test", town.string(), "--inherit", "--format", "json"}, "", {"REFERRAL_RULES_PATH=" + path});
  CHECK(env.exit_code == 0);
  auto j = nlohmann::json::parse(env.out);
  CHECK(j["failed"] == 0);
  CHECK(j["tests"][1]["declared_difference"] == "the town has no kindergarten yet");
  CHECK(j["tests"][1]["inherited_from"] == path + "/base");

  // Not declared: the difference fails the run.
  const auto undeclared = TownOverlay("undeclared", "");
  auto fails = RunReferral({"--rules-path", path, "test", undeclared.string(), "--inherit", "--explain", "none"});
  CHECK(fails.exit_code == 3);
  CHECK_THAT(fails.out, Catch::Contains("FAIL a young child: kindergarten") &&
                            Catch::Contains("2 passed, 0 differ as declared, 1 failed"));

  // A declaration that no longer differs, or names no base test, fails too.
  const auto stale = TownOverlay("stale", "inherited:\n"
                                          "  - {test: \"an older child: day centre\", differs: not any more}\n"
                                          "  - {test: \"a test that is not there\", differs: typo}\n");
  auto old = RunReferral({"--rules-path", path, "test", stale.string(), "--inherit", "--explain", "none"});
  CHECK(old.exit_code == 3);
  CHECK_THAT(old.out, Catch::Contains("declared to differ from the base (not any more), but it gives the base's result") &&
                          Catch::Contains("`inherited` names test `a test that is not there`, which the base"));

  // A rule set that extends nothing has nothing to inherit.
  auto plain = RunReferral({"test", "rules/bogota", "--inherit"});
  CHECK(plain.exit_code == 2);
  CHECK_THAT(plain.err, Catch::Contains("no extiende ninguna base"));
}

TEST_CASE("referral init --extends writes a starting overlay that checks, inherits the base's tests, and, with its "
          "own areas, a directory for them",
          "[cli][overlay]") {
  const std::string rules = referral::testing::SourcePath("rules");
  // Seen: replacing `localidad` with Soacha's comunas gave 60 directory.unknown_area
  // errors inside Bogotá's directorio.yaml, and no hint to give the overlay its own.
  const auto root = referral::testing::FreshDir("territories", "init");
  const std::string plain = (root / "girardot").string();
  auto init = RunReferral({"--rules-path", rules, "init", plain, "--extends", "bogota"});
  INFO(init.out << init.err);
  REQUIRE(init.exit_code == 0);
  CHECK_THAT(init.out, Catch::Contains(plain + "/ruleset.yaml") && Catch::Contains(plain + "/tests/heredadas.yaml") &&
                          Catch::Contains("ahora: `referral check " + plain + "`"));
  CHECK_THAT(referral::testing::ReadText(plain + "/ruleset.yaml"),
             Catch::Contains("extends: bogota") && Catch::Contains("id: girardot") &&
                 Catch::Contains("# Superposición de `bogota` para `girardot`"));
  auto check = RunReferral({"--rules-path", rules, "check", plain});
  CHECK(check.exit_code == 0);
  // It changes nothing yet: every one of Bogotá's tests passes against it.
  auto inherit = RunReferral({"--rules-path", rules, "test", plain, "--inherit", "--explain", "none"});
  INFO(inherit.out);
  CHECK(inherit.exit_code == 0);
  CHECK_THAT(inherit.out, Catch::Contains(": 110 aprobada(s), 0 difieren como se declaró, 0 fallida(s)"));

  // Its own areas: the area fact replaced and a directory that serves them, so it checks.
  const std::string soacha = (root / "soacha").string();
  auto areas = RunReferral({"--rules-path", rules, "init", soacha, "--extends", "bogota", "--areas",
                            "comuna_1,comuna_2,comuna_3"});
  INFO(areas.out << areas.err);
  REQUIRE(areas.exit_code == 0);
  CHECK_THAT(referral::testing::ReadText(soacha + "/hechos.yaml"),
             Catch::Contains("localidad:") && Catch::Contains("override: replace") &&
                 Catch::Contains("values: [comuna_1, comuna_2, comuna_3]"));
  CHECK_THAT(referral::testing::ReadText(soacha + "/directorio.yaml"),
             Catch::Contains("service: SDIS_JARDIN_DIURNO") && Catch::Contains("basis: assumption"));
  auto soacha_check = RunReferral({"--rules-path", rules, "check", soacha});
  INFO(soacha_check.out);
  CHECK(soacha_check.exit_code == 0);
  auto route = RunReferral({"--rules-path", rules, "route", "--rules", soacha, "-"},
                           R"({"case_id":"s1","evaluation_date":"2026-03-01","identification_channel":"busqueda_activa",)"
                           R"("identification_category":"mendicidad_propia","birth_date":"2023-01-10","age_documented":true,)"
                           R"("caregiver_present":"madre","caregiver_consent":"acepta","localidad":"comuna_2"})");
  CHECK_THAT(route.out, Catch::Contains(R"("id":"soacha-sdis_jardin_diurno")"));

  // Never over an existing file; a base that is nowhere is said so.
  auto again = RunReferral({"--rules-path", rules, "init", soacha, "--extends", "bogota"});
  CHECK(again.exit_code == 2);
  CHECK_THAT(again.err, Catch::Contains("exists already"));
  auto missing = RunReferral({"init", (root / "x").string(), "--extends", "bogotaa"}, "", {"REFERRAL_RULES_PATH=" + rules});
  CHECK(missing.exit_code == 3);
  CHECK_THAT(missing.err, Catch::Contains("init.base_not_found") && Catch::Contains(rules + "/bogotaa"));
}

TEST_CASE("referral diff compares a base and its overlay over the facts they share and names the ones that differ",
          "[cli][overlay][diff]") {
  // Seen: `referral diff --base rules/bogota --head rules/soacha` was refused
  // with `diff.facts_differ`, since the overlay has its own areas.
  const std::string rules = referral::testing::SourcePath("rules");
  const std::string soacha = (referral::testing::FreshDir("territories", "diff") / "soacha").string();
  REQUIRE(RunReferral({"--rules-path", rules, "init", soacha, "--extends", "bogota", "--areas", "comuna_1,comuna_2"})
              .exit_code == 0);
  // Soacha treats child-labour risk as urgent.
  referral::testing::WriteText(soacha + "/cambios.yaml",
                               "nodes:\n"
                               "  oferta_escolar:\n"
                               "    override: update\n"
                               "    rules:\n"
                               "      - id: R2.es.centro_amar\n"
                               "        override: replace\n"
                               "        when: {edad_escolar: true, riesgo_trabajo_infantil: true}\n"
                               "        refer: [{service: SDIS_CENTRO_AMAR, priority: urgente}]\n"
                               "        basis: {status: assumption}\n");
  // Its own display name for a base service: the id stays, so records and
  // reports compare across territories; people read Soacha's name.
  referral::testing::WriteText(soacha + "/servicios.yaml",
                               "services:\n"
                               "  SDIS_CENTRO_AMAR:\n"
                               "    override: update\n"
                               "    name: {es: \"Centro Amar de Soacha\", en: \"Soacha Amar centre\"}\n");
  auto changed = RunReferral({"--rules-path", rules, "diff", "--base", "rules/bogota", "--head", soacha,
                              "--format", "json", "--fail-on-change"});
  INFO(changed.out << changed.err);
  CHECK(changed.exit_code == 3);
  auto j = nlohmann::json::parse(changed.out);
  CHECK(j["facts_differ"]["only_in_base"].empty());
  CHECK(j["facts_differ"]["only_in_head"].empty());
  CHECK(j["facts_differ"]["changed"] == nlohmann::json::array({"localidad"}));
  CHECK(j["rejected"].is_null());  // every example was decided by both
  REQUIRE(j["changes"].size() == 1);
  CHECK(j["changes"][0]["change"] == "SDIS_CENTRO_AMAR: prioritaria→urgente");
  // The example is a case Soacha's rules read, with one of its own areas.
  const std::string example = j["changes"][0]["example_case"].dump();
  auto route = RunReferral({"--rules-path", rules, "route", "--rules", soacha, "-"}, example);
  CHECK_THAT(route.out, Catch::Contains(R"("service":"SDIS_CENTRO_AMAR","priority":"urgente")"));
  CHECK_THAT(example, Catch::Contains(R"("localidad":"comuna_)"));
  auto explained = RunReferral({"--rules-path", rules, "explain", "--rules", soacha, "-"}, example);
  CHECK_THAT(explained.out, Catch::Contains("1. Centro Amar de Soacha\n"));
}

TEST_CASE("a base reached through a symbolic link out of the rules root is refused with the form to write instead",
          "[cli][overlay]") {
  // Seen: the refusal suggested `../bogota`, exactly what was written.
  const std::string rules = referral::testing::SourcePath("rules");
  const auto root = referral::testing::FreshDir("territories", "symlink");
  std::filesystem::create_symlink(rules + "/bogota", root / "bogota");
  std::filesystem::create_directories(root / "soacha");
  referral::testing::WriteText(root / "soacha" / "ruleset.yaml",
                               "ruleset: {extends: ../bogota, id: soacha, version: 0.1.0}\n");
  auto linked = RunReferral({"check", (root / "soacha").string(), "--lang", "en"});
  CHECK(linked.exit_code == 3);
  CHECK_THAT(linked.out, Catch::Contains("error[overlay.symlink_escapes_root]: `extends: ../bogota` leads through a "
                                         "symbolic link to `" + rules + "/bogota`, outside the rules root `" + root.string() +
                                         "`, so it is not followed; name the base instead: `extends: "
                                         "bogota` with `referral --rules-path " + rules + "`"));
  // What it says works.
  referral::testing::WriteText(root / "soacha" / "ruleset.yaml", "ruleset: {extends: bogota, id: soacha, version: 0.1.0}\n");
  std::filesystem::remove(root / "bogota");
  CHECK(RunReferral({"--rules-path", rules, "check", (root / "soacha").string()}).exit_code == 0);
}

TEST_CASE("a base pinned to a version is found in an archive or a folder of that version, with one digest",
          "[cli][overlay]") {
  // Wanted: `extends: bogota@2026.1.0`, resolved from an archive without copying.
  const std::string rules = referral::testing::SourcePath("rules");
  const auto root = referral::testing::FreshDir("territories", "pinned");
  const std::string archive = (root / "archive").string();
  REQUIRE(RunReferral({"archive", "rules/bogota", archive}).exit_code == 0);
  const std::string version = "2026.1.0";
  REQUIRE_THAT(referral::testing::ReadText(referral::testing::SourcePath("rules/bogota/ruleset.yaml")),
               Catch::Contains("version: " + version));
  const auto town = root / "soacha";
  std::filesystem::create_directories(town);
  referral::testing::WriteText(town / "ruleset.yaml",
                               "ruleset: {extends: bogota@" + version + ", id: soacha, version: 0.1.0}\n");
  auto from_archive = RunReferral({"--rules-path", archive, "check", town.string(), "--lang", "en"});
  INFO(from_archive.out << from_archive.err);
  CHECK(from_archive.exit_code == 0);
  auto from_folder = RunReferral({"--rules-path", rules, "check", town.string(), "--lang", "en"});
  CHECK(from_folder.exit_code == 0);
  const auto digest = [](const std::string& out) { return out.substr(out.find("sha256 ")); };
  CHECK(digest(from_archive.out) == digest(from_folder.out));  // the same files, the same digest
  // It routes from the archive as from the folder.
  const std::string sample = referral::testing::ReadText(
      referral::testing::SourcePath("rules/bogota/samples/nina-venezolana-3-anos.json"));
  auto routed = RunReferral({"--rules-path", archive, "route", "--rules", town.string(), "-"}, sample);
  CHECK(routed.exit_code == 0);
  CHECK_THAT(routed.out, Catch::Contains(R"("outcome":"referred")"));
  // The archive keeps Bogotá's tests: --inherit runs them from there.
  auto inherited = RunReferral({"--rules-path", archive, "test", town.string(), "--inherit", "--explain", "none"});
  INFO(inherited.out << inherited.err);
  CHECK(inherited.exit_code == 0);
  CHECK_THAT(inherited.out, Catch::Contains("/rules/: 110 aprobada(s), 0 difieren como se declaró, 0 fallida(s)"));

  // Another version is in neither: the folder's header says 2026.1.0.
  referral::testing::WriteText(town / "ruleset.yaml", "ruleset: {extends: bogota@2025.9.0, id: soacha, version: 0.1.0}\n");
  auto missing = RunReferral({"--rules-path", archive, "--rules-path", rules, "check", town.string(), "--lang", "en"});
  CHECK(missing.exit_code == 3);
  CHECK_THAT(missing.out, Catch::Contains("error[overlay.pinned_base_not_found]: base rule set `bogota` at version "
                                          "2025.9.0 was not found; looked in `" + archive + "/bogota`, `" + archive +
                                          "/*/manifest.json`, `" + rules + "/bogota`"));
}

TEST_CASE("an overlay that replaces the area fact but keeps its base's directory gets one error saying what to do",
          "[cli][overlay]") {
  // Seen: 60 directory.unknown_area errors, all inside Bogotá's directorio.yaml.
  const std::string rules = referral::testing::SourcePath("rules");
  const auto dir = referral::testing::FreshDir("territories", "kept-directory") / "soacha";
  std::filesystem::create_directories(dir);
  referral::testing::WriteText(dir / "ruleset.yaml", "ruleset: {extends: bogota, id: soacha, version: 0.1.0}\n");
  referral::testing::WriteText(dir / "hechos.yaml", "facts:\n"
                                                    "  localidad:\n"
                                                    "    override: replace\n"
                                                    "    type: enum\n"
                                                    "    values: [comuna_1, comuna_2]\n"
                                                    "    default: null\n");
  auto check = RunReferral({"--rules-path", rules, "check", dir.string()});
  INFO(check.out);
  CHECK(check.exit_code == 3);
  CHECK(referral::testing::Occurrences(check.out, "error[") == 1);
  CHECK_THAT(check.out, Catch::Contains((dir / "hechos.yaml").string() + ":2:3: error[directory.base_areas]") &&
                            Catch::Contains("bogota/directorio.yaml") && Catch::Contains("referral init"));
}
