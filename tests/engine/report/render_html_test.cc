// The HTML page: self-contained (no script, nothing fetched), accessible
// (language, title, captions, header cells, labelled charts).
#include <catch2/catch.hpp>

#include "engine/report/report_fixture.h"
#include "referral/report.h"
#include "support/paths.h"

using referral::testing::DecisionLine;
using referral::testing::FakeDecision;
using referral::testing::Occurrences;

TEST_CASE("the HTML report is one self-contained, accessible page", "[report][render]") {
  std::vector<std::string> lines;
  for (int i = 0; i < 20; ++i) {
    FakeDecision d;
    d.id = "h" + std::to_string(i);
    d.facts["identification_category"] = i % 2 ? "mendicidad_propia" : "acompanamiento_labores";
    d.facts["localidad"] = i < 18 ? "kennedy" : "bosa";
    d.facts["nationality"] = "colombiana";
    d.referrals = {{i % 3 ? "SED_MATRICULA" : "ICBF_PARD", i % 3 ? "consent" : "legal_duty_art51_ley1098"}};
    d.fired_rules = {"R0.sin_deber"};
    lines.push_back(DecisionLine(d));
  }
  auto r = referral::BuildReport(referral::testing::WriteRecords("html.jsonl", lines), {});
  REQUIRE(r.ok());
  const std::string html = referral::RenderReport(*r, referral::ReportFormat::kHtml, referral::Lang::kEs);
  CHECK(html.rfind("<!DOCTYPE html>\n<html lang=\"es\">", 0) == 0);
  CHECK_THAT(html, Catch::Contains("<title>Informe del programa Por la Niñez</title>"));
  CHECK(Occurrences(html, "<table ") == 13);
  CHECK(Occurrences(html, "<caption") == 13);
  CHECK(Occurrences(html, "<th scope=\"col\">") > 30);
  CHECK_THAT(html, Catch::Contains("<th scope=\"row\">acompanamiento labores</th>"));
  CHECK(Occurrences(html, "<svg ") == 10);  // every table with a count column but the summary and firing rates
  CHECK(Occurrences(html, "role=\"img\"") == 10);
  CHECK(Occurrences(html, "aria-labelledby=\"chart-") == 10);
  CHECK_THAT(html, Catch::Contains("fill=\"#d9822b\""));  // a duty referral's bar, coloured as in the graph
  // Nothing runs, nothing is fetched: the only URL is the SVG namespace.
  CHECK(html.find("<script") == std::string::npos);
  CHECK(Occurrences(html, "http") == Occurrences(html, "xmlns=\"http://www.w3.org/2000/svg\""));
  CHECK(html.find(" src=") == std::string::npos);
  CHECK(html.find("url(") == std::string::npos);
  const std::string en = referral::RenderReport(*r, referral::ReportFormat::kHtml, referral::Lang::kEn);
  CHECK_THAT(en, Catch::Contains("<html lang=\"en\">"));
  CHECK_THAT(en, Catch::Contains(">Referrals by service</h2>"));
}
