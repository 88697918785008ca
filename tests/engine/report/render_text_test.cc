// Markdown and CSV output: the documented layout, and suppressed cells
// shown as "<5" or "x" with their percentages hidden too.
#include <catch2/catch.hpp>

#include "engine/report/report_fixture.h"
#include "referral/report.h"
#include "support/process.h"

using referral::Lang;
using referral::RenderReport;
using referral::ReportFormat;
using referral::testing::DecisionLine;
using referral::testing::FakeDecision;
using referral::testing::Lines;

namespace {

referral::Report Sample() {
  std::vector<std::string> lines;
  for (int i = 0; i < 12; ++i) {
    FakeDecision d;
    d.id = "d" + std::to_string(i);
    d.facts["identification_category"] = i < 9 ? "mendicidad_propia" : "activacion_ruta";
    d.facts["localidad"] = i < 10 ? "santa_fe" : i < 11 ? "usme" : "sumapaz";
    d.facts["nationality"] = "venezolana";
    d.referrals = {{"SDIS_CENTRO_ABRAZAR", "consent"}};
    d.fired_rules = {"R2.pi.abrazar"};
    lines.push_back(DecisionLine(d));
  }
  auto r = referral::BuildReport(referral::testing::WriteRecords("render.jsonl", lines), {});
  REQUIRE(r.ok());
  return *r;
}

}  // namespace

TEST_CASE("Markdown: one table per section, totals in bold, the suppression note", "[report][render]") {
  const std::string md = RenderReport(Sample(), ReportFormat::kMarkdown, Lang::kEs);
  CHECK_THAT(md, Catch::Contains("# Informe del programa Por la Niñez"));
  CHECK_THAT(md, Catch::Contains("## Niños, niñas y adolescentes identificados por categoría\n\n"
                                 "| Categoría | n | % |\n|---|---:|---:|\n| mendicidad propia | 9 | 75.0% |\n"
                                 "| activacion ruta | 3 | 25.0% |\n| **Total** | **12** | **100.0%** |\n"));
  // usme 1 and sumapaz 1 would sum to 2, their least: santa_fe is hidden too.
  CHECK_THAT(md, Catch::Contains("| santa fe | x | x |\n| sumapaz | <5 | <5 |\n| usme | <5 | <5 |\n"));
  CHECK_THAT(md, Catch::Contains("Tabla protegida"));
  const std::string en = RenderReport(Sample(), ReportFormat::kMarkdown, Lang::kEn);
  CHECK_THAT(en, Catch::Contains("## Children identified by category"));
  CHECK_THAT(en, Catch::Contains("*Protected table: \"<5\" is a count from 0 to 4;"));
}

TEST_CASE("CSV: a block per table, keys in the header, plain numbers for spreadsheets", "[report][render]") {
  const std::string csv = RenderReport(Sample(), ReportFormat::kCsv, Lang::kEn);
  auto lines = Lines(csv);
  int blocks = 0;
  for (const auto& l : lines) blocks += l.rfind("table,", 0) == 0;
  CHECK(blocks == 13);
  CHECK_THAT(csv, Catch::Contains("table,by_category,Children identified by category\nvalue,count,percent\n"
                                  "mendicidad_propia,9,75.0\nactivacion_ruta,3,25.0\ntotal,12,100.0\n\n"));
  CHECK_THAT(csv, Catch::Contains("santa_fe,x,x\nsumapaz,<5,<5\nusme,<5,<5\ntotal,12,100.0\n"));
  // A count and its rate: two columns each; the cases row leaves the rate empty.
  CHECK_THAT(csv, Catch::Contains("table,firing_by_locality,Rules fired by locality\n"
                                  "rule,santa_fe,santa_fe_pct,sumapaz,sumapaz_pct,usme,usme_pct,total,total_pct\n"
                                  "cases,x,,<5,,<5,,12,\n"
                                  "R2.pi.abrazar,10,x,<5,<5,<5,<5,12,100.0\n"));
  CHECK_THAT(csv, Catch::Contains("table,referrals_by_service,Referrals by service\nservice,legal_basis,count,percent\n"
                                  "SDIS_CENTRO_ABRAZAR,consent,12,100.0\ntotal,,12,\n"));
}
