// The case form: the input facts described for a person filling them in.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "referral/contracts.h"
#include "support/rulesets.h"

using nlohmann::json;
using referral::Lang;
using referral::testing::BogotaRules;

namespace {
const json& FactOf(const json& form, const std::string& id) {
  for (const auto& f : form["facts"]) {
    if (f["id"] == id) return f;
  }
  FAIL("no fact " << id);
  static const json none;
  return none;
}
}  // namespace

TEST_CASE("the case form gives every input fact a label, its values' labels and the value assumed when absent",
          "[contracts]") {
  const json es = json::parse(referral::CaseFormJson(BogotaRules(), Lang::kEs));
  const json en = json::parse(referral::CaseFormJson(BogotaRules(), Lang::kEn));
  const json schema = json::parse(referral::CaseJsonSchema(BogotaRules()));
  // The same facts as the case schema (but case_id, which every case has).
  CHECK(es["facts"].size() + 1 == schema["properties"].size() - 1);  // less `capacity`
  for (const auto& f : es["facts"]) {
    INFO(f["id"]);
    CHECK(schema["properties"].contains(f["id"].get<std::string>()));
    CHECK(!f["label"].get<std::string>().empty());
  }
  const json& nationality = FactOf(es, "nationality");
  CHECK(nationality["type"] == "enum");
  CHECK(nationality["values"][1] == json({{"value", "venezolana"}, {"label", "venezolana"}}));
  // People read a code with spaces, in the page's language.
  CHECK(FactOf(es, "caregiver_present")["label"] != FactOf(en, "caregiver_present")["label"]);
  // The value a rule assumes when the case leaves the fact out.
  CHECK(FactOf(es, "can_attend_fixed_center")["default"] == true);
  CHECK(FactOf(es, "exploitation_indicators")["default"] == json::array());
  CHECK(FactOf(es, "nationality")["default"] == "desconocida");
  CHECK(FactOf(es, "activity")["default"].is_null());
  CHECK(FactOf(es, "violence_indicators")["sensitive"] == true);
  CHECK(FactOf(es, "evaluation_date")["required"] == true);
  CHECK(FactOf(es, "evaluation_date")["type"] == "date");
  CHECK(FactOf(es, "activity_hours_week")["type"] == "int");
  CHECK(FactOf(es, "activity_hours_week")["min"] == 0);
  CHECK(es["services"].size() == BogotaRules().services().size());
  // Computed facts are named too (a why-not answer may change them), never asked.
  bool age = false;
  for (const auto& d : es["derived"]) age = age || (d["id"] == "age_months" && d["label"] == "edad");
  CHECK(age);
  CHECK(es["ruleset"]["digest"] == BogotaRules().digest());
}
