// Reading record files for reports: the period, one decision per case, and
// malformed lines reported with their numbers without stopping the rest.
#include "report/record_reader.h"

#include <catch2/catch.hpp>
#include <sstream>

#include "engine/report/report_fixture.h"
#include "util/date.h"

using referral::internal::ParseDate;
using referral::internal::ReadReportRecords;
using referral::testing::DecisionLine;
using referral::testing::FakeDecision;
using referral::testing::ReviewLine;

namespace {

FakeDecision At(const std::string& id, const std::string& when) {
  FakeDecision d;
  d.id = id;
  d.decided_at = when;
  return d;
}

}  // namespace

TEST_CASE("the period filters by the day of decided_at, both ends included", "[report][reader]") {
  std::istringstream in(DecisionLine(At("a", "2026-01-31T23:59:59Z")) + "\n" +
                        DecisionLine(At("b", "2026-02-01T00:00:00Z")) + "\n" +
                        DecisionLine(At("c", "2026-02-28T12:00:00-05:00")) + "\n" +
                        DecisionLine(At("d", "2026-03-01T00:00:00Z")) + "\n");
  auto recs = ReadReportRecords(in, ParseDate("2026-02-01"), ParseDate("2026-02-28"));
  REQUIRE(recs.decisions.size() == 2);
  CHECK(recs.decisions[0].decision_id == "b");
  CHECK(recs.decisions[1].decision_id == "c");
  CHECK(recs.outside_period == 2);
  CHECK(recs.problems.empty());
}

TEST_CASE("a case decided again counts once, with its latest decision", "[report][reader]") {
  FakeDecision first = At("a", "2026-03-01T10:00:00Z"), again = At("b", "2026-03-02T10:00:00Z");
  first.case_id = again.case_id = "nino-1";
  first.facts["localidad"] = "bosa";
  again.facts["localidad"] = "suba";
  std::istringstream in(DecisionLine(first) + "\n" + DecisionLine(again) + "\n" + ReviewLine("b") + "\n");
  auto recs = ReadReportRecords(in, std::nullopt, std::nullopt);
  REQUIRE(recs.decisions.size() == 1);
  CHECK(recs.decisions[0].facts.at("localidad") == "suba");
  CHECK(recs.superseded == 1);
  CHECK(recs.reviews == 1);
  CHECK(recs.reviewed.count("b") == 1);
}

TEST_CASE("malformed lines are reported with their numbers and skipped", "[report][reader]") {
  FakeDecision no_time = At("t", "ayer");
  std::string no_input = DecisionLine(At("i", "2026-03-01T10:00:00Z"));
  no_input.replace(no_input.find("\"input\""), 7, "\"inpt\"");
  std::istringstream in(DecisionLine(At("ok1", "2026-03-01T10:00:00Z")) + "\n" +  // 1
                        "{not json\n" +                                            // 2
                        "[1,2]\n" +                                                // 3
                        R"({"record":"comment"})" + "\n" +                         // 4
                        DecisionLine(no_time) + "\n" +                             // 5
                        no_input + "\n" +                                          // 6
                        R"({"record":"review"})" + "\n" +                          // 7
                        "\n" +                                                     // 8
                        DecisionLine(At("ok2", "2026-03-01T11:00:00Z")) + "\n" +   // 9
                        R"({"record":"decision","decision_id":"z","decided_at":"2026-03-01T10:00:0)");  // 10: torn
  auto recs = ReadReportRecords(in, std::nullopt, std::nullopt);
  CHECK(recs.lines == 10);
  CHECK(recs.decisions.size() == 2);
  REQUIRE(recs.problems.size() == 8);
  std::vector<long> lines;
  for (const auto& p : recs.problems) lines.push_back(p.line);
  CHECK(lines == std::vector<long>{2, 3, 4, 5, 6, 7, 8, 10});
  CHECK(recs.problems[0].code == "report.bad_json");
  CHECK(recs.problems[2].code == "report.bad_record");
  CHECK_THAT(recs.problems[3].message, Catch::Contains("decided_at"));
  CHECK_THAT(recs.problems[4].message, Catch::Contains("input"));
  CHECK_THAT(recs.problems[5].message, Catch::Contains("decision_id"));
}

TEST_CASE("a referral or fired rule of the wrong shape makes the decision malformed", "[report][reader]") {
  std::string bad_ref = DecisionLine(At("r", "2026-03-01T10:00:00Z"));
  bad_ref.replace(bad_ref.find("\"referrals\":[]"), 14, "\"referrals\":[{\"service\":1}]");
  std::string bad_rule = DecisionLine(At("f", "2026-03-01T10:00:00Z"));
  bad_rule.replace(bad_rule.find("\"fired_rules\":[]"), 16, "\"fired_rules\":[7]");
  std::istringstream in(bad_ref + "\n" + bad_rule + "\n");
  auto recs = ReadReportRecords(in, std::nullopt, std::nullopt);
  CHECK(recs.decisions.empty());
  REQUIRE(recs.problems.size() == 2);
  CHECK_THAT(recs.problems[0].message, Catch::Contains("referral"));
  CHECK_THAT(recs.problems[1].message, Catch::Contains("fired rule"));
}
