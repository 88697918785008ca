// The generated case contract matches what the case reader accepts.
#include <catch2/catch.hpp>

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
