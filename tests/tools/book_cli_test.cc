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
