// End-to-end: generated Bogotá cases routed with --record by the real
// program, then `referral report` in each format, with a period, and every
// error path with its exit code.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "support/paths.h"
#include "support/process.h"
#include "tools/report_cli_support.h"

namespace fs = std::filesystem;
using referral::testing::Lines;
using referral::testing::ReadText;
using referral::testing::RunProgram;
using referral::testing::RunReferral;
using referral::testing::report::Fresh;
using referral::testing::report::RoutedRecords;

TEST_CASE("gen_cases.py is deterministic and writes cases rules/bogota accepts", "[cli][report]") {
  auto dir = Fresh("generator");
  const std::string gen = referral::testing::SourcePath("tools/report/gen_cases.py");
  for (const char* name : {"a.jsonl", "b.jsonl"}) {
    REQUIRE(RunProgram("python3", {gen, "--count", "250", "--seed", "5", "--out", (dir / name).string()}).exit_code == 0);
  }
  const std::string a = ReadText((dir / "a.jsonl").string());
  CHECK(a == ReadText((dir / "b.jsonl").string()));
  CHECK(Lines(a).size() == 250);
  auto other = RunProgram("python3", {gen, "--count", "250", "--seed", "6"});
  CHECK(other.out != a);
  auto routed = RunReferral({"route", "--jsonl", (dir / "a.jsonl").string(), "--trace", "off"});
  REQUIRE(routed.exit_code == 0);
  CHECK(Lines(routed.out).size() == 250);
  CHECK(routed.out.find("\"error\"") == std::string::npos);
}

TEST_CASE("report prints every table as Markdown by default", "[cli][report]") {
  auto records = RoutedRecords("md", 300);
  auto r = RunReferral({"report", records});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  for (const char* title : {"## Resumen", "## Niños, niñas y adolescentes identificados por categoría",
                            "## Identificados por canal de identificación", "## Identificados por equipo",
                            "## Identificados por fuente del reporte", "## Identificados por nacionalidad",
                            "## Identificados por localidad", "## Remisiones por servicio", "## Remisiones por base legal",
                            "## Resultados y motivos", "## Remisiones por deber legal: revisión humana",
                            "## Reglas disparadas por localidad", "## Reglas disparadas por nacionalidad"}) {
    CHECK_THAT(r.out, Catch::Contains(std::string(title) + "\n\n|"));
  }
  CHECK_THAT(r.out, Catch::Contains("| **Total** | **300** | **100.0%** |"));
  CHECK_THAT(r.out, Catch::Contains("| <5 |"));  // a few hundred cases over 20 localidades: small cells
  CHECK(r.err.empty());
}

TEST_CASE("report tables speak in the rule set's labels, and CSV keeps the codes", "[cli][report]") {
  // Seen: "acompanamiento labores", "busqueda activa", SDIS_CENTRO_AMAR in tables people read.
  auto records = RoutedRecords("labels", 300);
  auto es = RunReferral({"report", records});
  REQUIRE(es.exit_code == 0);
  for (const char* label : {"| acompañamiento a adultos en labores |", "| búsqueda activa |", "| Centro Amar (diurno) – SDIS |",
                            "| consentimiento del cuidador |", "| remitido |", "| Ciudad Bolívar |"}) {
    CHECK_THAT(es.out, Catch::Contains(label));
  }
  for (const char* code : {"acompanamiento labores", "busqueda activa", "SDIS_CENTRO_AMAR", "| consent |", "| referred |"}) {
    CHECK(es.out.find(code) == std::string::npos);
  }
  auto en = RunReferral({"report", records, "--lang", "en", "--format", "html"});
  REQUIRE(en.exit_code == 0);
  CHECK_THAT(en.out, Catch::Contains(">accompanying adults at work<"));
  CHECK_THAT(en.out, Catch::Contains(">the caregiver&#39;s consent<"));
  auto csv = RunReferral({"report", records, "--format", "csv"});
  REQUIRE(csv.exit_code == 0);
  CHECK_THAT(csv.out, Catch::Contains("\nacompanamiento_labores,"));
  CHECK_THAT(csv.out, Catch::Contains("\nSDIS_CENTRO_AMAR,"));
  // A rule set that cannot be read: nothing is written.
  auto broken = RunReferral({"report", records, "--rules", "/nonexistent/rules"});
  CHECK(broken.exit_code == 3);
  CHECK(broken.out.empty());
}

TEST_CASE("report --format csv: one block per table", "[cli][report]") {
  auto records = RoutedRecords("csv", 300);
  auto r = RunReferral({"report", records, "--format", "csv", "--lang", "en"});
  REQUIRE(r.exit_code == 0);
  int blocks = 0;
  for (const auto& l : Lines(r.out)) blocks += l.rfind("table,", 0) == 0;
  CHECK(blocks == 13);
  CHECK_THAT(r.out, Catch::Contains("table,by_category,Children identified by category\nvalue,count,percent\n"));
  CHECK_THAT(r.out, Catch::Contains("\ntotal,300,100.0\n"));
}

TEST_CASE("report --format html --output writes one page and nothing to stdout", "[cli][report]") {
  auto records = RoutedRecords("html", 300);
  auto out = Fresh("html-out") / "report.html";
  auto r = RunReferral({"report", records, "--format", "html", "--output", out.string(), "--lang", "en"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.empty());
  const std::string html = ReadText(out.string());
  CHECK(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0) == 0);
  CHECK_THAT(html, Catch::Contains("<svg "));
  CHECK(html.find("<script") == std::string::npos);
}

TEST_CASE("report --from/--to counts only the decisions of those days", "[cli][report]") {
  auto dir = Fresh("period");
  const std::string records = (dir / "records.jsonl").string();
  const std::string gen = referral::testing::SourcePath("tools/report/gen_cases.py");
  for (auto [seed, now] : {std::pair<const char*, const char*>{"1", "2026-01-31T18:00:00Z"},
                           {"2", "2026-02-01T08:00:00Z"}, {"3", "2026-02-28T23:00:00Z"}}) {
    const std::string cases = (dir / (std::string(seed) + ".jsonl")).string();
    // Evaluated on or before the decision day: a later evaluation date is refused.
    REQUIRE(RunProgram("python3", {gen, "--count", "40", "--seed", seed, "--until", std::string(now).substr(0, 10),
                                   "--out", cases})
                .exit_code == 0);
    // Different seeds reuse case ids: make each batch's ids its own.
    std::string text = ReadText(cases);
    for (size_t at = text.find("\"gen-"); at != std::string::npos; at = text.find("\"gen-", at + 1)) {
      text.replace(at + 1, 3, std::string("g") + seed + "-");
    }
    std::ofstream(cases, std::ios::trunc) << text;
    REQUIRE(RunReferral({"route", "--jsonl", cases, "--trace", "off", "--record", records, "--now", now}).exit_code == 0);
  }
  auto feb = RunReferral({"report", records, "--from", "2026-02-01", "--to", "2026-02-28"});
  REQUIRE(feb.exit_code == 0);
  CHECK_THAT(feb.out, Catch::Contains("Periodo (fecha de decisión): 2026-02-01 – 2026-02-28"));
  CHECK_THAT(feb.out, Catch::Contains("Decisiones contadas: 80 "));
  CHECK_THAT(feb.out, Catch::Contains("40 fuera del periodo"));
  auto from_only = RunReferral({"report", records, "--from", "2026-02-02", "--lang", "en"});
  CHECK_THAT(from_only.out, Catch::Contains("Decisions counted: 40 "));
  auto all = RunReferral({"report", records});
  CHECK_THAT(all.out, Catch::Contains("Decisiones contadas: 120 "));
}

TEST_CASE("report errors: exit codes and messages", "[cli][report]") {
  auto records = RoutedRecords("errors", 60);
  SECTION("a missing file cannot run (1)") {
    auto r = RunReferral({"report", "/nonexistent/records.jsonl"});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("report.io: cannot read `/nonexistent/records.jsonl`"));
    CHECK(r.out.empty());
  }
  SECTION("bad dates are usage errors (2)") {
    for (const std::vector<std::string>& flags :
         {std::vector<std::string>{"--from", "2026-13-01"}, {"--to", "01/02/2026"}, {"--from", "2026-02-29"},
          {"--from", "2026-03-01", "--to", "2026-02-01"}}) {
      std::vector<std::string> args{"report", records};
      args.insert(args.end(), flags.begin(), flags.end());
      auto r = RunReferral(args);
      INFO(flags[0] << " " << flags[1]);
      CHECK(r.exit_code == 2);
      CHECK_THAT(r.err, Catch::Contains("report.bad_date"));
      CHECK(r.out.empty());
    }
  }
  SECTION("bad flags are usage errors (2)") {
    CHECK(RunReferral({"report", records, "--format", "pdf"}).exit_code == 2);
    CHECK(RunReferral({"report", records, "--lang", "fr"}).exit_code == 2);
    CHECK(RunReferral({"report"}).exit_code == 2);
  }
  SECTION("malformed lines are listed and skipped; the report is still written; exit 1") {
    {
      std::ofstream out(records, std::ios::app);
      out << "{torn line\n" << R"({"record":"decision","decision_id":"x"})" << "\n";
    }
    auto r = RunReferral({"report", records});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains(records + ":61: error[report.bad_json]: the line is not a JSON object"));
    CHECK_THAT(r.err, Catch::Contains(records + ":62: error[report.bad_record]: decision record: `decided_at`"));
    CHECK_THAT(r.err, Catch::Contains("2 malformed line(s) skipped; the report is incomplete"));
    CHECK_THAT(r.out, Catch::Contains("Líneas omitidas por mal formadas: 2 (el informe está incompleto)"));
    CHECK_THAT(r.out, Catch::Contains("Decisiones contadas: 60 "));
  }
  SECTION("an output that cannot be written cannot run (1)") {
    auto r = RunReferral({"report", records, "--output", "/nonexistent/dir/report.md"});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("no se puede escribir"));
  }
}
