// The HTML report as a browser sees it: headless Chromium (Debian package
// `chromium`, installed by scripts/setup.sh) loads the file from disk, with
// networking off, and the rendered DOM must hold the tables and SVG charts;
// a screenshot must be drawn.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "support/browser.h"
#include "support/paths.h"
#include "support/process.h"
#include "tools/report_cli_support.h"

namespace fs = std::filesystem;
using referral::testing::Occurrences;
using referral::testing::RunProgram;
using referral::testing::RunReferral;
using referral::testing::report::Fresh;
using referral::testing::report::RoutedRecords;


TEST_CASE("headless Chromium renders the HTML report's tables and charts", "[cli][report][browser]") {
  auto version = RunProgram("chromium", {"--version"});
  if (version.exit_code != 0) FAIL("chromium is not installed: run scripts/setup.sh (Debian package `chromium`)");
  auto records = RoutedRecords("browser", 300);
  auto dir = Fresh("browser-out");
  const fs::path html = dir / "report.html";
  REQUIRE(RunReferral({"report", records, "--format", "html", "--output", html.string()}).exit_code == 0);
  const std::string url = "file://" + html.string();

  auto dom = RunProgram("chromium", referral::testing::ChromiumArgs(dir / "profile-dom", {"--dump-dom", url}));
  INFO(dom.err.substr(0, 2000));
  REQUIRE(dom.exit_code == 0);
  CHECK_THAT(dom.out, Catch::Contains("<html lang=\"es\">"));
  for (const char* id : {"summary", "by_category", "by_channel", "by_team", "by_source", "by_nationality", "by_locality",
                         "referrals_by_service", "referrals_by_basis", "outcomes", "duty_reviews",
                         "firing_by_locality", "firing_by_nationality"}) {
    CHECK_THAT(dom.out, Catch::Contains(std::string("<table id=\"") + id + "\""));
  }
  CHECK(Occurrences(dom.out, "<svg ") == 10);
  CHECK(Occurrences(dom.out, "<rect ") > 40);
  CHECK(Occurrences(dom.out, "<caption") == 13);
  CHECK_THAT(dom.out, Catch::Contains("<th scope=\"col\">Categoría</th>"));
  CHECK_THAT(dom.out, Catch::Contains("<title id=\"chart-1-t\">Niños, niñas y adolescentes identificados por categoría</title>"));
  CHECK(dom.out.find("<script") == std::string::npos);

  const fs::path png = dir / "report.png";
  auto shot = RunProgram("chromium",
                         referral::testing::ChromiumArgs(dir / "profile-shot", {"--window-size=1200,2000", "--screenshot=" + png.string(), url}));
  REQUIRE(shot.exit_code == 0);
  REQUIRE(fs::exists(png));
  CHECK(fs::file_size(png) > 20000);  // a drawn page, not a blank one
  std::ifstream in(png, std::ios::binary);
  char magic[8] = {};
  in.read(magic, 8);
  CHECK(std::string(magic + 1, 3) == "PNG");
}
