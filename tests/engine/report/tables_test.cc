// BuildReport: what each table counts, percentages, reviews of duty
// referrals, the period, errors, and that the protected tables of a large
// varied file publish no count that can be worked out again.
#include <catch2/catch.hpp>
#include <random>

#include "engine/report/report_fixture.h"
#include "engine/report/suppression_check.h"
#include "referral/report.h"

using referral::BuildReport;
using referral::Report;
using referral::ReportCell;
using referral::ReportOptions;
using referral::ReportTable;
using referral::Shown;
using referral::testing::DecisionLine;
using referral::testing::FakeDecision;
using referral::testing::ReviewLine;
using referral::testing::WriteRecords;

namespace {

const ReportTable& Table(const Report& r, const std::string& id) {
  for (const auto& t : r.tables) {
    if (t.id == id) return t;
  }
  FAIL("no table " << id);
  throw;
}

const std::vector<ReportCell>& Row(const ReportTable& t, const std::string& key) {
  for (const auto& row : t.rows) {
    if (row[0].text == key) return row;
  }
  FAIL("no row " << key << " in " << t.id);
  throw;
}

FakeDecision Child(int i, const std::string& category, const std::string& locality) {
  FakeDecision d;
  d.id = "d" + std::to_string(i);
  d.facts["identification_category"] = category;
  d.facts["localidad"] = locality;
  d.facts["nationality"] = "colombiana";
  return d;
}

}  // namespace

TEST_CASE("children are counted by each reported fact, with one-decimal percentages", "[report][tables]") {
  std::vector<std::string> lines;
  for (int i = 0; i < 7; ++i) {
    FakeDecision d = Child(i, i < 3 ? "mendicidad_propia" : "acompanamiento_labores", "kennedy");
    if (i == 0) d.facts.erase("localidad");  // not recorded
    lines.push_back(DecisionLine(d));
  }
  auto r = BuildReport(WriteRecords("counts.jsonl", lines), {});
  REQUIRE(r.ok());
  CHECK(r->decisions == 7);
  const auto& cat = Table(*r, "by_category");
  CHECK_FALSE(cat.is_protected);
  // By count, largest first; then the total.
  CHECK(cat.rows[0][0].text == "acompanamiento_labores");
  CHECK(cat.rows[0][1].count == 4);
  CHECK(referral::FormatPercent(cat.rows[0][2].count, cat.rows[0][2].base) == "57.1%");
  CHECK(Row(cat, "mendicidad_propia")[1].count == 3);
  CHECK(cat.total_row);
  CHECK(cat.rows.back()[1].count == 7);
  const auto& loc = Table(*r, "by_locality");
  CHECK(loc.is_protected);
  CHECK(Row(loc, "kennedy")[1].count == 6);
  CHECK(Row(loc, "")[1].shown == Shown::kSmall);  // 1 not recorded: "<5"
  CHECK(Row(loc, "kennedy")[1].shown == Shown::kHidden);  // else 7 - 6 would give it away
  CHECK(Row(loc, "kennedy")[2].shown == Shown::kHidden);  // and so would its percentage
}

TEST_CASE("percentages round half up to one decimal", "[report][tables]") {
  CHECK(referral::FormatPercent(43, 100) == "43.0%");
  CHECK(referral::FormatPercent(519, 1000) == "51.9%");
  CHECK(referral::FormatPercent(1, 8) == "12.5%");
  CHECK(referral::FormatPercent(1, 16) == "6.3%");  // 6.25
  CHECK(referral::FormatPercent(1, 3) == "33.3%");
  CHECK(referral::FormatPercent(2, 3) == "66.7%");
  CHECK(referral::FormatPercent(0, 9) == "0.0%");
  CHECK(referral::FormatPercent(982, 982) == "100.0%");
  CHECK(referral::FormatPercent(125, 982) == "12.7%");
}

TEST_CASE("referrals by service and basis, outcomes, and duty referrals awaiting review", "[report][tables]") {
  FakeDecision duty = Child(1, "mendicidad_propia", "bosa");
  duty.referrals = {{"ICBF_PARD", "legal_duty_art51_ley1098"}, {"SALUD_AFILIACION", "consent"}};
  duty.fired_rules = {"R1.deber_de_proteccion", "R1.mendicidad_ajena", "R3.afiliacion_salud"};
  FakeDecision reviewed = Child(2, "mendicidad_propia", "bosa");
  reviewed.referrals = {{"ICBF_PARD", "legal_duty_art51_ley1098"}};
  FakeDecision none = Child(3, "acompanamiento_labores", "bosa");
  none.outcome = "no_referral";
  none.reason = "rechaza_servicios";
  auto r = BuildReport(WriteRecords("services.jsonl", {DecisionLine(duty), DecisionLine(reviewed), DecisionLine(none),
                                                       ReviewLine("d2")}),
                       {});
  REQUIRE(r.ok());
  const auto& services = Table(*r, "referrals_by_service");
  CHECK(services.rows[0][0].text == "ICBF_PARD");
  CHECK(services.rows[0][1].text == "legal_duty_art51_ley1098");
  CHECK(services.rows[0][2].count == 2);
  CHECK(services.rows.back()[2].count == 3);  // all referrals
  const auto& basis = Table(*r, "referrals_by_basis");
  CHECK(Row(basis, "consent")[1].count == 1);
  const auto& outcomes = Table(*r, "outcomes");
  CHECK(Row(outcomes, "no_referral")[1].text == "rechaza_servicios");
  CHECK(Row(outcomes, "referred")[2].count == 2);
  const auto& summary = Table(*r, "summary");
  CHECK(Row(summary, "no_referral")[1].count == 1);
  CHECK(referral::FormatPercent(Row(summary, "no_referral")[2].count, Row(summary, "no_referral")[2].base) == "33.3%");
  CHECK(Row(summary, "with_duty")[1].count == 2);
  CHECK(Row(summary, "duty_awaiting_review")[1].count == 1);
  const auto& duties = Table(*r, "duty_reviews");
  CHECK(Row(duties, "ICBF_PARD")[2].count == 2);
  CHECK(Row(duties, "ICBF_PARD")[3].count == 1);  // reviewed
  CHECK(Row(duties, "ICBF_PARD")[4].count == 1);  // awaiting
  CHECK(duties.rows.size() == 2);                 // consent referrals are not duties
  const auto& firing = Table(*r, "firing_by_locality");
  CHECK(firing.columns == std::vector<std::string>{"rule", "bosa", "total"});
  CHECK(Row(firing, "R1.mendicidad_ajena")[2].count == 1);
}

TEST_CASE("the period and bad options", "[report][tables]") {
  FakeDecision jan = Child(1, "mendicidad_propia", "bosa"), feb = Child(2, "mendicidad_propia", "bosa");
  jan.decided_at = "2026-01-15T10:00:00Z";
  feb.decided_at = "2026-02-15T10:00:00Z";
  auto path = WriteRecords("period.jsonl", {DecisionLine(jan), DecisionLine(feb)});
  ReportOptions only_feb;
  only_feb.from = "2026-02-01";
  only_feb.to = "2026-02-28";
  auto r = BuildReport(path, only_feb);
  REQUIRE(r.ok());
  CHECK(r->decisions == 1);
  CHECK(r->outside_period == 1);
  for (auto [from, to] : {std::pair<const char*, const char*>{"2026-02-30", ""}, {"", "2026/02/01"},
                          {"2026-03-01", "2026-02-01"}, {"yesterday", ""}}) {
    ReportOptions bad;
    bad.from = from;
    bad.to = to;
    auto e = BuildReport(path, bad);
    REQUIRE_FALSE(e.ok());
    CHECK(e.status().code() == "report.bad_date");
  }
  auto missing = BuildReport("/nonexistent/records.jsonl", {});
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == "report.io");
  ReportOptions tiny;
  tiny.threshold = 2;
  CHECK(BuildReport(path, tiny).status().code() == "report.bad_threshold");
}

TEST_CASE("an empty record file gives empty tables, not a crash", "[report][tables]") {
  auto r = BuildReport(WriteRecords("empty.jsonl", {}), {});
  REQUIRE(r.ok());
  CHECK(r->decisions == 0);
  for (auto f : {referral::ReportFormat::kMarkdown, referral::ReportFormat::kCsv, referral::ReportFormat::kHtml}) {
    CHECK_FALSE(referral::RenderReport(*r, f, referral::Lang::kEs).empty());
  }
}

// A reader's view of a published line: how each cell shows, and its sum.
void RequireLineSafe(const std::vector<long>& counts, const std::vector<Shown>& shown, long floor, long sum) {
  for (size_t i = 0; i < counts.size(); ++i) {
    if (shown[i] == Shown::kValue) continue;
    auto values = referral::testing::PossibleValues(counts, shown, floor, sum, 5, i);
    CHECK(values.count(counts[i]) == 1);
    CHECK(values.size() >= 2);
  }
}

TEST_CASE("no suppressed count of a protected table can be recomputed from the others and the totals",
          "[report][tables][suppression]") {
  std::mt19937 rng(7);
  const std::vector<std::string> localities{"santa_fe", "kennedy", "bosa", "usme", "sumapaz", "suba", "chapinero"};
  const std::vector<std::string> nationalities{"colombiana", "venezolana", "otra", "doble"};
  const std::vector<std::string> rules{"R0", "R1.a", "R1.b", "R2", "R3"};
  std::vector<std::string> lines;
  for (int i = 0; i < 300; ++i) {
    // Two rare localities and a rare nationality, so the one-way tables have small cells too.
    const unsigned l = rng() % 100;
    FakeDecision d = Child(i, "mendicidad_propia", l < 1 ? "sumapaz" : l < 3 ? "usme" : localities[l % 5]);
    const unsigned n = rng() % 100;
    d.facts["nationality"] = n < 2 ? "desconocida" : nationalities[n < 60 ? 0 : n < 85 ? 1 : 2 + n % 2];
    for (const auto& rule : rules) {
      if (rng() % 4 == 0) d.fired_rules.push_back(rule);
    }
    lines.push_back(DecisionLine(d));
  }
  auto r = BuildReport(WriteRecords("varied.jsonl", lines), {});
  REQUIRE(r.ok());
  int hidden = 0;
  for (const char* id : {"by_locality", "by_nationality"}) {
    const auto& t = Table(*r, id);
    REQUIRE_FALSE(t.withheld);
    std::vector<long> counts;
    std::vector<Shown> shown;
    for (size_t i = 0; i + 1 < t.rows.size(); ++i) {
      counts.push_back(t.rows[i][1].count);
      shown.push_back(t.rows[i][1].shown);
      hidden += shown.back() != Shown::kValue;
      CHECK(t.rows[i][2].shown == shown.back());  // a percentage hides with its count
    }
    RequireLineSafe(counts, shown, 1, t.rows.back()[1].count);
  }
  for (const char* id : {"firing_by_locality", "firing_by_nationality"}) {
    const auto& t = Table(*r, id);
    REQUIRE_FALSE(t.withheld);
    for (size_t i = 1; i < t.rows.size(); ++i) {  // row 0: the cases per value
      std::vector<long> counts;
      std::vector<Shown> shown;
      for (size_t c = 1; c + 1 < t.columns.size(); ++c) {
        counts.push_back(t.rows[i][c].count);
        shown.push_back(t.rows[i][c].shown);
        hidden += shown.back() != Shown::kValue;
      }
      INFO(id << " " << t.rows[i][0].text);
      RequireLineSafe(counts, shown, 0, t.rows[i].back().count);
    }
    // The cases per value are shown exactly as the distribution shows them.
    const auto& dist = Table(*r, std::string(id) == "firing_by_locality" ? "by_locality" : "by_nationality");
    for (size_t c = 1; c + 1 < t.columns.size(); ++c) CHECK(t.rows[0][c].shown == Row(dist, t.columns[c])[1].shown);
  }
  CHECK(hidden > 5);  // the file is varied enough to exercise suppression
}
