// `referral book` as reviewers get it: Markdown on standard output, one HTML
// page as headless Chromium draws it (every stage, rule and service on the
// page), and the mistakes a user can make, each a clear error with nothing
// written.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "support/browser.h"
#include "support/paths.h"
#include "support/process.h"
#include "tools/report_cli_support.h"

namespace fs = std::filesystem;
using referral::testing::ChromiumArgs;
using referral::testing::Occurrences;
using referral::testing::ReadText;
using referral::testing::RunProgram;
using referral::testing::RunReferral;
using referral::testing::SourcePath;
using referral::testing::report::Fresh;

TEST_CASE("book prints the rule set as Markdown in its language, or in English", "[cli][book]") {
  auto es = RunReferral({"book", "rules/bogota"});
  INFO(es.err);
  REQUIRE(es.exit_code == 0);
  CHECK(es.out.rfind("# Rutas de remisión Por la Niñez – Bogotá\n", 0) == 0);
  CHECK_THAT(es.out, Catch::Contains("\n## Etapa 1: triaje — "));
  CHECK_THAT(es.out, Catch::Contains("\n## Catálogo de servicios\n"));
  auto en = RunReferral({"book", "rules/bogota", "--lang", "en"});
  REQUIRE(en.exit_code == 0);
  CHECK_THAT(en.out, Catch::Contains("\n## Stage 1: triaje — "));
  auto maicao = RunReferral({"book", "rules/maicao"});
  REQUIRE(maicao.exit_code == 0);
  CHECK_THAT(maicao.out, Catch::Contains("### Regla MAI.pi.migrante_cdi\n"));
  CHECK_THAT(maicao.out, Catch::Contains("- Escrita en: maicao/oferta.yaml:"));
}

TEST_CASE("book mistakes: invalid rules, an output over a rule file, a format that is none", "[cli][book]") {
  auto broken = RunReferral({"book", "tests/fixtures/broken_rules/20_unknown_service.yaml"});
  CHECK(broken.exit_code == 3);
  CHECK(broken.out.empty());
  CHECK_THAT(broken.err, Catch::Contains("error[rule.unknown_service]"));
  const std::string nodes = SourcePath("rules/example/nodes.yaml");
  const std::string before = ReadText(nodes);
  auto clash = RunReferral({"book", SourcePath("rules/example"), "-o", nodes});
  CHECK(clash.exit_code == 2);
  CHECK_THAT(clash.err, Catch::Contains("file.output_is_input"));
  CHECK(ReadText(nodes) == before);  // the rule file is untouched
  auto format = RunReferral({"book", "rules/bogota", "--format", "pdf"});
  CHECK(format.exit_code == 2);
}

// The part of `text` from `heading` to the next heading of any level.
std::string SectionOf(const std::string& text, const std::string& heading) {
  const size_t at = text.find(heading);
  if (at == std::string::npos) return {};
  const size_t end = text.find("\n#", at + heading.size());
  return text.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

TEST_CASE("book puts each analysis finding under the rule or service it concerns", "[cli][book]") {
  auto es = RunReferral({"book", "rules/bogota"});
  REQUIRE(es.exit_code == 0);
  // rules/bogota's one warning from `referral analyze`, where a committee reads it.
  CHECK_THAT(es.out, Catch::Contains("\nAnálisis: 1 hallazgo(s) de `referral analyze`, cada uno bajo la regla o el "
                                     "servicio al que se refiere.\n"));
  CHECK_THAT(SectionOf(es.out, "### Creciendo Juntos – SDIS (SDIS_CRECIENDO_JUNTOS)\n"),
             Catch::Contains("- Hallazgo del análisis (analyze.unused_service): ninguna regla remite al servicio "
                             "`SDIS_CRECIENDO_JUNTOS`"));
  auto clean = RunReferral({"book", "rules/maicao"});
  REQUIRE(clean.exit_code == 0);
  CHECK_THAT(clean.out, Catch::Contains("\nAnálisis: `referral analyze` no encuentra vacíos, solapamientos, reglas "
                                        "inalcanzables ni problemas de consentimiento.\n"));
  CHECK(clean.out.find("Hallazgo del análisis") == std::string::npos);
}

TEST_CASE("book --base marks what is new or changed since an earlier version, and lists what was removed",
          "[cli][book]") {
  const fs::path head = referral::testing::CopyOfRules("rules/bogota", "book-base");
  auto edit = [&](const std::string& file, const std::string& from, const std::string& to) {
    std::string text = ReadText((head / file).string());
    const size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    std::ofstream(head / file, std::ios::trunc) << text;
  };
  // A definition and a because-text changed, a rule added, a service removed
  // (no rule refers to it), and lines moved: moving is no change.
  edit("predicados.yaml", "when: {age_months: 168..215}", "when: {age_months: 156..215}");
  edit("triaje.yaml", "no se abre PARD por defecto;", "no se abre PARD;");
  edit("triaje.yaml", "      - id: R0.sin_deber",
       "      - id: R6.prueba_nueva\n        when: {gestante: true}\n        next: [consentimiento]\n\n"
       "      - id: R0.sin_deber");
  {
    std::string services = ReadText((head / "servicios.yaml").string());
    const size_t from = services.find("  SDIS_CRECIENDO_JUNTOS:");
    REQUIRE(from != std::string::npos);
    const size_t to = services.find("\n  ", services.find("human_confirmation", from));
    services.erase(from, to + 1 - from);
    std::ofstream(head / "servicios.yaml", std::ios::trunc) << services;
  }
  auto md = RunReferral({"book", head.string(), "--base", "rules/bogota"});
  INFO(md.err);
  REQUIRE(md.exit_code == 0);
  CHECK_THAT(md.out, Catch::Contains("\n## Cambios desde la versión 2026.1.0 ("));
  CHECK_THAT(md.out, Catch::Contains("\n1 nuevo(s), 2 cambiado(s), 1 quitado(s).\n"));
  CHECK_THAT(md.out, Catch::Contains("\n- Quitado: Creciendo Juntos – SDIS (SDIS_CRECIENDO_JUNTOS)\n"));
  CHECK_THAT(md.out, Catch::Contains("- «adolescente de 14 años o más»: edad entre 13 años y 17 años y 11 meses. (cambiado)\n"
                                     "- Antes: «adolescente de 14 años o más»: edad entre 14 años y 17 años y 11 meses.\n"));
  CHECK_THAT(SectionOf(md.out, "### Regla R5.mendicidad_propia_sola (cambiado)\n"),
             Catch::Contains("- Antes: Motivo: Mendicidad propia sin indicios") &&
                 Catch::Contains("no se abre PARD por defecto;"));
  CHECK_THAT(md.out, Catch::Contains("\n### Regla R6.prueba_nueva (nuevo)\n"));
  CHECK_THAT(md.out, Catch::Contains("\n### Regla R0.sin_deber\n"));  // moved down, not changed
  CHECK(Occurrences(md.out, "(cambiado)") == 2);
  // IDIPRON takes adolescents from 14: the widened definition now sends it
  // cases it excludes, and the analysis says so under the rule.
  CHECK_THAT(SectionOf(md.out, "### Regla R1.vida_en_calle_idipron\n"),
             Catch::Contains("- Hallazgo del análisis (analyze.eligibility_conflict): la regla "
                             "`R1.vida_en_calle_idipron` puede remitir un caso a `IDIPRON`"));
  // The same rule set as its own base: nothing marked.
  auto same = RunReferral({"book", "rules/bogota", "--base", "rules/bogota"});
  REQUIRE(same.exit_code == 0);
  CHECK_THAT(same.out, Catch::Contains("\n0 nuevo(s), 0 cambiado(s), 0 quitado(s).\n"));
  CHECK(same.out.find("(cambiado)") == std::string::npos);
  // HTML marks them for the eye; -o over a file of the base is refused.
  auto html = RunReferral({"book", head.string(), "--base", "rules/bogota", "--format", "html", "--lang", "en"});
  REQUIRE(html.exit_code == 0);
  CHECK_THAT(html.out, Catch::Contains("<h3 id=\"rule-R6.prueba_nueva\" class=\"new\">Rule R6.prueba_nueva (new)</h3>"));
  CHECK_THAT(html.out, Catch::Contains("<li id=\"def-adolescente_14_o_mas\" class=\"changed\">"));
  // The because-text changed in Spanish only: the English book shows no change there.
  CHECK_THAT(html.out, Catch::Contains("<h3 id=\"rule-R5.mendicidad_propia_sola\">Rule R5.mendicidad_propia_sola</h3>"));
  const std::string base_file = (head / "ruleset.yaml").string();
  const std::string before = ReadText(base_file);
  auto clash = RunReferral({"book", "rules/bogota", "--base", head.string(), "-o", base_file});
  CHECK(clash.exit_code == 2);
  CHECK(ReadText(base_file) == before);
  auto broken = RunReferral({"book", "rules/bogota", "--base", "tests/fixtures/broken_rules/20_unknown_service.yaml"});
  CHECK(broken.exit_code == 3);
  CHECK(broken.out.empty());
}

TEST_CASE("headless Chromium draws the HTML book with every rule and service", "[cli][book][browser]") {
  if (RunProgram("chromium", {"--version"}).exit_code != 0) {
    FAIL("chromium is not installed: run scripts/setup.sh (Debian package `chromium`)");
  }
  auto dir = Fresh("book-browser");
  const fs::path html = dir / "book.html";
  auto written = RunReferral({"book", "rules/bogota", "--format", "html", "-o", html.string()});
  REQUIRE(written.exit_code == 0);
  CHECK(written.out.empty());
  const std::string url = "file://" + html.string();
  auto dom = RunProgram("chromium", ChromiumArgs(dir / "profile-dom", {"--dump-dom", url}));
  REQUIRE(dom.exit_code == 0);
  CHECK_THAT(dom.out, Catch::Contains("<html lang=\"es\">"));
  // Every rule of rules/bogota has its heading on the page, and every service.
  const std::string yaml = ReadText(SourcePath("rules/bogota/triaje.yaml")) +
                           ReadText(SourcePath("rules/bogota/proteccion.yaml")) +
                           ReadText(SourcePath("rules/bogota/consentimiento.yaml")) +
                           ReadText(SourcePath("rules/bogota/oferta_primera_infancia.yaml")) +
                           ReadText(SourcePath("rules/bogota/oferta_escolar.yaml")) +
                           ReadText(SourcePath("rules/bogota/complementos.yaml"));
  int rules = 0;
  for (size_t at = 0; (at = yaml.find("- id: ", at)) != std::string::npos; ++rules) {
    at += 6;
    const std::string id = yaml.substr(at, yaml.find_first_of("\n ", at) - at);
    INFO(id);
    CHECK_THAT(dom.out, Catch::Contains("<h3 id=\"rule-" + id));
  }
  CHECK(rules > 40);
  CHECK(Occurrences(dom.out, "<section class=\"stage\"") == 7);  // triaje … complementos
  CHECK(Occurrences(dom.out, "<h3 id=\"service-") == 19);
  const fs::path png = dir / "book.png";
  auto shot = RunProgram("chromium", ChromiumArgs(dir / "profile-shot", {"--window-size=1000,1400",
                                                                         "--screenshot=" + png.string(), url}));
  REQUIRE(shot.exit_code == 0);
  CHECK(fs::file_size(png) > 20000);  // a drawn page, not a blank one
}
