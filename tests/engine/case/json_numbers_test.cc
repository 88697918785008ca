// JSON numbers are numbers (issue 15, item 5): an int fact takes any JSON
// number whose value is a whole number in range, as the case schema's
// "integer" does; a fraction is still the wrong type.
#include <catch2/catch.hpp>

#include <string>

#include "referral/decision.h"
#include "referral/engine.h"
#include "referral/ruleset.h"
#include "support/paths.h"
#include "support/rulesets.h"

namespace referral {
namespace {

const Ruleset& Bogota() { return testing::BogotaRules(); }

// The Bogotá sample case (a documented 3-year-old, 1 month in Bogotá) with
// `member` (JSON text, a field the sample lacks) added.
std::string Sample(const std::string& member = "") {
  std::string s = testing::ReadText(testing::SourcePath("rules/bogota/samples/nina-venezolana-3-anos.json"));
  if (!member.empty()) s.insert(s.find('{') + 1, "\n  " + member + ",");
  return s;
}

// The sample with `months_in_bogota` (an int fact with no maximum) written as
// `number`.
std::string MonthsInBogota(const std::string& number) {
  std::string s = Sample();
  const std::string key = "\"months_in_bogota\": 1,";
  s.replace(s.find(key), key.size(), "\"months_in_bogota\": " + number + ",");
  return s;
}

// An undocumented age (no birth date) taken from the estimate, so the value
// read shows in the decision's `derived.age_months`.
std::string Estimated(const std::string& number) {
  std::string s = Sample("\"age_estimate_min_months\": " + number);
  s.replace(s.find("\"age_documented\": true"), 22, "\"age_documented\": false");
  s.replace(s.find("\"birth_date\": \"2022-12-01\""), 26, "\"birth_date\": null");
  return s;
}

TEST_CASE("months_in_bogota 1.0 is the integer 1, as the case schema says", "[case][numbers]") {
  // Seen: "months_in_bogota": 1.0 was valid under `referral schema --case`
  // and refused by the engine with case.bad_type.
  auto seen = Decide(Bogota(), MonthsInBogota("1.0"));
  INFO(seen.status().message());
  REQUIRE(seen.ok());
  auto one = Decide(Bogota(), MonthsInBogota("1"));
  REQUIRE(one.ok());
  CHECK(DecisionToJson(*seen) == DecisionToJson(*one));
}

TEST_CASE("an integral float for an int fact is that integer", "[case][numbers]") {
  const std::pair<const char*, const char*> rows[] = {
      {"40", "40"}, {"40.0", "40"}, {"4e1", "40"}, {"4.0E1", "40"}, {"400e-1", "40"},
      {"0.0", "0"}, {"-0.0", "0"}, {"300.0", "300"}, {"3e2", "300"},
  };
  for (const auto& [number, months] : rows) {
    DYNAMIC_SECTION(number) {
      auto d = Decide(Bogota(), Estimated(number));
      INFO(d.status().message());
      REQUIRE(d.ok());
      CHECK(d->facts == std::vector<std::pair<std::string, std::string>>{{"age_months", months}});
      // The same decision as for the integer itself.
      CHECK(d->referrals.size() == Decide(Bogota(), Estimated(months))->referrals.size());
    }
  }
}

TEST_CASE("a fraction is the wrong type and a whole float out of range is out of range", "[case][numbers]") {
  struct Row {
    const char* number;
    const char* code;
    const char* message;
  };
  const Row rows[] = {
      {"12.5", "case.bad_type",
       "field `age_estimate_min_months`: expected an integer in 0..300; got the number 12.5"},
      {"-0.5", "case.bad_type", "got the number -0.5"},
      {"4e-1", "case.bad_type", "got the number 0.4"},
      {"299.99999", "case.bad_type", "got the number 299.99999"},
      {"301.0", "case.out_of_range",
       "field `age_estimate_min_months`: expected an integer in 0..300; got the number 301.0 (out of range)"},
      {"-1.0", "case.out_of_range", "got the number -1.0 (out of range)"},
      {"1e300", "case.out_of_range", "(out of range)"},
      {"-1e300", "case.out_of_range", "(out of range)"},
  };
  for (const auto& row : rows) {
    DYNAMIC_SECTION(row.number) {
      auto d = Decide(Bogota(), Estimated(row.number));
      REQUIRE_FALSE(d.ok());
      REQUIRE(d.status().errors().size() == 1);
      CHECK(d.status().code() == row.code);
      CHECK(d.status().field() == "age_estimate_min_months");
      CHECK_THAT(d.status().message(), Catch::Contains(row.message));
    }
  }
  // A fact with no maximum is bounded by int64, never wrapped or saturated:
  // 2^63 as a float is past it, the largest double below 2^63 is not.
  auto past = Decide(Bogota(), MonthsInBogota("9.223372036854775807e18"));
  REQUIRE_FALSE(past.ok());
  CHECK(past.status().code() == "case.out_of_range");
  CHECK(Decide(Bogota(), MonthsInBogota("9.2233720368547748e18")).ok());
  CHECK(Decide(Bogota(), MonthsInBogota("-9.223372036854775808e18")).status().code() ==
        "case.out_of_range");  // int64's minimum, below the fact's 0
}

TEST_CASE("a capacity count and a YAML case read whole numbers the same way", "[case][numbers]") {
  // `capacity` wanted an integer token where an int fact took 1.0.
  auto places = Decide(Bogota(), Sample("\"capacity\": {\"SDIS_JARDIN_DIURNO\": 1.0}"));
  INFO(places.status().message());
  CHECK(places.ok());
  auto fraction = Decide(Bogota(), Sample("\"capacity\": {\"SDIS_JARDIN_DIURNO\": 1.5}"));
  REQUIRE_FALSE(fraction.ok());
  CHECK(fraction.status().code() == "case.bad_type");
  CHECK(fraction.status().field() == "capacity.SDIS_JARDIN_DIURNO");

  // A YAML float is a number, not the string "1.0".
  DecideOptions yaml;
  yaml.format = CaseFormat::kYaml;
  std::string text = MonthsInBogota("1.0");  // JSON is YAML
  auto from_yaml = Decide(Bogota(), text, yaml);
  INFO(from_yaml.status().message());
  REQUIRE(from_yaml.ok());
  CHECK(DecisionToJson(*from_yaml) == DecisionToJson(*Decide(Bogota(), MonthsInBogota("1"))));
  std::string plain = "case_id: y\nevaluation_date: 2026-03-01\nmonths_in_bogota: 1e0\n";
  auto e = Decide(Bogota(), plain, yaml);
  REQUIRE_FALSE(e.ok());
  for (const auto& err : e.status().errors()) CHECK(err.field != "months_in_bogota");
  auto half = Decide(Bogota(), "case_id: y\nmonths_in_bogota: 0.5\n", yaml);
  REQUIRE_FALSE(half.ok());
  bool named = false;
  for (const auto& err : half.status().errors()) {
    named = named || (err.field == "months_in_bogota" && err.code == "case.bad_type" &&
                      err.message.find("got the number 0.5") != std::string::npos);
  }
  CHECK(named);
}

}  // namespace
}  // namespace referral
