// The generated case contract matches what the case reader accepts.
#include <catch2/catch.hpp>

#include <limits>
#include <nlohmann/json.hpp>

#include "referral/contracts.h"
#include "support/paths.h"

using referral::testing::SourcePath;

TEST_CASE("the Bogotá case schema lists every input fact, requires the required ones, forbids the rest",
          "[contracts]") {
  std::vector<referral::Diagnostic> diags;
  auto rules = referral::LoadRuleset(SourcePath("rules/bogota"), &diags);
  REQUIRE(rules.ok());
  const std::string text = referral::CaseJsonSchema(*rules);
  CHECK(text == referral::CaseJsonSchema(*rules));  // deterministic
  auto schema = nlohmann::json::parse(text);
  CHECK(schema["$id"] == "urn:referral:case:v1:bogota");
  CHECK(schema["additionalProperties"] == false);
  const auto& props = schema["properties"];
  CHECK(props.contains("case_id"));
  CHECK_FALSE(props.contains("age_months"));  // derived: computed, never sent
  auto required = schema["required"].get<std::vector<std::string>>();
  for (const char* name : {"case_id", "evaluation_date", "identification_channel", "identification_category",
                           "age_documented"}) {
    CHECK(std::find(required.begin(), required.end(), name) != required.end());
  }
  // An optional enum may be null; its values are the rule set's.
  const auto& nationality = props["nationality"]["oneOf"][0];
  CHECK(nationality["type"] == "string");
  CHECK(nationality["enum"].size() == 5);
  CHECK(props["nationality"]["oneOf"][1]["type"] == "null");
  // Sensitive facts are marked, so a consumer can treat them with care.
  CHECK(props["ethnic_group"]["oneOf"][0]["x-sensitive"] == true);
  CHECK(props["violence_indicators"]["oneOf"][0]["type"] == "array");
  CHECK(props["evaluation_date"]["format"] == "date");
}

TEST_CASE("the Bogotá case schema bounds what the reader bounds and names what it cannot express",
          "[contracts]") {
  std::vector<referral::Diagnostic> diags;
  auto rules = referral::LoadRuleset(SourcePath("rules/bogota"), &diags);
  REQUIRE(rules.ok());
  auto schema = nlohmann::json::parse(referral::CaseJsonSchema(*rules));
  const auto& props = schema["properties"];
  // An int fact with no maximum of its own has the reader's: int64's.
  const auto& months = props["months_in_bogota"]["oneOf"][0];
  CHECK(months["type"] == "integer");
  CHECK(months["minimum"] == 0);
  CHECK(months["maximum"] == std::numeric_limits<int64_t>::max());
  // A date is exactly ten characters of a real day (the pattern knows leap
  // years; tests/schema/case_contract.py checks it day by day).
  const auto& evaluation = props["evaluation_date"];
  CHECK(evaluation["minLength"] == 10);
  CHECK(evaluation["maxLength"] == 10);
  CHECK_THAT(evaluation["pattern"].get<std::string>(), Catch::Contains("02-29"));
  // A case id without control characters, found anywhere in it.
  CHECK(props["case_id"]["not"]["pattern"].get<std::string>().front() == '[');
  // What only the engine can check is said where it applies.
  CHECK_THAT(evaluation["description"].get<std::string>(),
             Catch::Contains("(case.future_evaluation_date)") && Catch::Contains("(case.birth_after_evaluation)"));
  CHECK_THAT(props["birth_date"]["oneOf"][0]["description"].get<std::string>(),
             Catch::Contains("not after `evaluation_date` (case.birth_after_evaluation)"));
  CHECK_THAT(props["age_estimate_max_months"]["oneOf"][0]["description"].get<std::string>(),
             Catch::StartsWith("Edad máxima estimada") &&
                 Catch::Contains("not below `age_estimate_min_months` (case.bad_estimate)"));
  CHECK_THAT(schema["description"].get<std::string>(), Catch::Contains("(case.duplicate_key)"));
  CHECK_FALSE(props["nationality"]["oneOf"][0].contains("description"));  // nothing to say
}
