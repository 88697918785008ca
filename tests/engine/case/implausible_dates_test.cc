// Implausible dates are never a quiet route change (issue 15, item 3): an
// evaluation date after the decision time is refused, and an out-of-scope
// outcome reached through an age no child has is flagged for a person.
#include <catch2/catch.hpp>

#include <string>

#include "referral/engine.h"
#include "referral/ruleset.h"
#include "referral/testing.h"
#include "support/paths.h"
#include "support/rulesets.h"

namespace referral {
namespace {

const Ruleset& Bogota() { return testing::BogotaRules(); }

// The Bogotá sample case (a documented 3-year-old) with other dates.
std::string Sample(const std::string& evaluation_date, const std::string& birth_date = "2022-12-01") {
  std::string s = testing::ReadText(testing::SourcePath("rules/bogota/samples/nina-venezolana-3-anos.json"));
  s.replace(s.find("2026-03-01"), 10, evaluation_date);
  s.replace(s.find("2022-12-01"), 10, birth_date);
  return s;
}

StatusOr<Decision> At(const std::string& now, const std::string& text) {
  DecideOptions options;
  options.now = now;
  return Decide(Bogota(), text, options);
}

TEST_CASE("an evaluation date more than a day after the decision time is refused", "[case][dates]") {
  // Seen: 2062-03-01 made a 3-year-old out of scope (an adult), silently.
  auto typo = At("2026-03-01T10:00:00Z", Sample("2062-03-01"));
  REQUIRE_FALSE(typo.ok());
  CHECK(typo.status().code() == "case.future_evaluation_date");
  CHECK(typo.status().field() == "evaluation_date");
  CHECK(typo.status().message() ==
        "field `evaluation_date`: 2062-03-01 is more than a day after the decision time (2026-03-01); an "
        "evaluation date cannot be in the future: check it");
  // A day of slack for time zones and clocks; two days is refused.
  CHECK(At("2026-03-01T23:59:59Z", Sample("2026-03-02")).ok());
  CHECK(At("2026-03-01T00:00:00-05:00", Sample("2026-03-02")).ok());  // 05:00 UTC
  CHECK(At("2026-03-01T10:00:00Z", Sample("2026-03-03")).status().code() == "case.future_evaluation_date");
  CHECK(At("2026-03-01T10:00:00Z", Sample("2020-01-01", "2017-01-01")).ok());  // the past is fine
  // With no decision time (replays, rule tests), nothing is compared.
  CHECK(Decide(Bogota(), Sample("2062-03-01")).ok());
}

TEST_CASE("a decision time that is not RFC 3339 is the caller's error", "[case][dates]") {
  auto d = At("yesterday", Sample("2026-03-01"));
  REQUIRE_FALSE(d.ok());
  CHECK(d.status().code() == "options.bad_now");
  CHECK(d.status().field() == "now");
}

TEST_CASE("an out-of-scope outcome through an implausible age is flagged for a person", "[case][dates]") {
  // Seen: a birth date of 1922 for 2022 made the child an adult, silently.
  auto typo = At("2026-03-01T10:00:00Z", Sample("2026-03-01", "1922-12-01"));
  REQUIRE(typo.ok());
  CHECK(typo->outcome == Outcome::kOutOfScope);
  CHECK(typo->follow_up);
  REQUIRE(typo->warnings.size() == 1);
  CHECK(typo->warnings[0].code == "age_implausible");
  CHECK(typo->warnings[0].detail == "birth_date");
  CHECK_THAT(DecisionToJson(*typo), Catch::Contains(R"("follow_up":true)"));

  // A young adult (20 years) is out of scope as the policy says, with no warning.
  auto adult = Decide(Bogota(), Sample("2026-03-01", "2006-01-01"));
  REQUIRE(adult.ok());
  CHECK(adult->outcome == Outcome::kOutOfScope);
  CHECK(adult->warnings.empty());
  CHECK_FALSE(adult->follow_up);
  // 25 years exactly is not yet implausible; a month more is.
  CHECK(Decide(Bogota(), Sample("2026-03-01", "2001-03-01"))->warnings.empty());
  CHECK(Decide(Bogota(), Sample("2026-03-01", "2001-01-31"))->warnings.size() == 1);
}

TEST_CASE("rule tests never expire: their decision time is the case's own date", "[case][dates][testing]") {
  TestCase t;
  t.name = "a case of the far future";
  t.case_json = Sample("2999-01-01", "2996-01-01");
  auto r = RunTest(Bogota(), t);
  for (const auto& f : r.failures) UNSCOPED_INFO(f);
  CHECK(r.passed);
  CHECK(r.decision.has_value());
}

}  // namespace
}  // namespace referral
