// Bad cases as first-class test subjects: every malformed case is rejected by
// Decide (never thrown) with a stable `case.*` code, the offending field and a
// message that says what is allowed, and never the value of a sensitive fact.
#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "referral/engine.h"
#include "referral/ruleset.h"
#include "support/paths.h"
#include "support/rulesets.h"

namespace referral {
namespace {

const Ruleset& Example() { return testing::ExampleRules(); }

// A valid case for rules/example with `extra` JSON members appended (they
// override nothing: each test leaves out what it breaks).
const std::string kId = R"("case_id":"k-1")";
const std::string kDate = R"("evaluation_date":"2026-03-01")";
const std::string kDocumented = R"("age_documented":true)";
const std::string kBirth = R"("birth_date":"2018-01-15")";
const std::string kCategory = R"("category":"own_begging")";

std::string Case(const std::string& extra = "", bool id = true, bool date = true, bool documented = true,
                 bool birth = true, bool category = true) {
  std::string out;
  auto add = [&](bool on, const std::string& member) {
    if (on) out += (out.empty() ? "" : ",") + member;
  };
  add(id, kId);
  add(date, kDate);
  add(documented, kDocumented);
  add(birth, kBirth);
  add(category, kCategory);
  add(!extra.empty(), extra);
  return "{" + out + "}";
}

struct BrokenCase {
  const char* what;
  std::string text;
  CaseFormat format;
  const char* code;
  const char* field;    // "" = no field
  const char* message;  // a substring of the message
};

TEST_CASE("the valid base case is accepted", "[case]") {
  auto d = Decide(Example(), Case());
  INFO(d.status().code() << ": " << d.status().message());
  REQUIRE(d.ok());
  CHECK(d->case_id == "k-1");
}

TEST_CASE("a broken case is rejected with a code, the field and what is allowed", "[case]") {
  const auto J = CaseFormat::kJson;
  const auto Y = CaseFormat::kYaml;
  const BrokenCase rows[] = {
      // Not a JSON object at all.
      {"invalid JSON", R"({"case_id":"k-1","evaluation_date":)", J, "case.bad_json", "",
       "the case is not valid JSON (at byte "},
      {"empty input", "", J, "case.bad_json", "", "the case is not valid JSON"},
      {"trailing garbage", Case() + " x", J, "case.trailing_data", "",
       "the case is one JSON value, but more follows it (at line 1, column 122)"},
      {"an unclosed object is not trailing data", R"({"case_id":"k-1"])", J, "case.bad_json", "",
       "the case is not valid JSON"},
      {"an array", "[" + Case() + "]", J, "case.not_object", "", "the case must be a JSON object"},
      {"a string", R"("k-1")", J, "case.not_object", "", "the case must be a JSON object"},
      {"a number", "42", J, "case.not_object", "", "the case must be a JSON object"},
      // case_id.
      {"missing case_id", Case("", false), J, "case.missing_field", "case_id", "missing required field `case_id`"},
      {"empty case_id", Case(R"("case_id":"")", false), J, "case.bad_type", "case_id",
       "field `case_id`: expected a non-empty string; got the string \"\""},
      {"case_id not a string", Case(R"("case_id":17)", false), J, "case.bad_type", "case_id",
       "field `case_id`: expected a non-empty string; got the integer 17"},
      {"case_id null", Case(R"("case_id":null)", false), J, "case.bad_type", "case_id",
       "field `case_id`: expected a non-empty string; got null"},
      // Fields the rule set does not have.
      {"unknown field, misspelt", Case(R"("nacionality":"venezuelan")"), J, "case.unknown_field", "nacionality",
       "unknown field `nacionality` (did you mean `nationality`?)"},
      {"derived field given", Case(R"("age_months":40)"), J, "case.derived_field", "age_months",
       "field `age_months` is derived by the rule set; do not send it: send its inputs (birth_date, age_documented, "
       "age_estimate_min_months) instead"},
      // Wrong types.
      {"string for bool", Case(R"("age_documented":"true")", true, true, false), J, "case.bad_type",
       "age_documented", "field `age_documented`: expected true or false; got the string \"true\""},
      {"number for bool", Case(R"("school_enrolled":1)"), J, "case.bad_type", "school_enrolled",
       "expected true or false; got the integer 1"},
      {"float for int", Case(R"("hours_per_week":12.5)"), J, "case.bad_type", "hours_per_week",
       "field `hours_per_week`: expected an integer in 0..168; got the number 12.5"},
      {"string for int", Case(R"("hours_per_week":"12")"), J, "case.bad_type", "hours_per_week",
       "field `hours_per_week`: expected an integer in 0..168; got the string \"12\""},
      {"number for enum", Case(R"("category":2)", true, true, true, true, false), J, "case.bad_type", "category",
       "field `category`: expected one of: own_begging, work_accompaniment, parental_prison, rights_violation; got "
       "the integer 2"},
      {"string for set", Case(R"("risks":"substances")"), J, "case.bad_type", "risks",
       "field `risks`: expected a list of: substances, organised_group, third_party_gain; got the string "
       "\"substances\""},
      {"number in a set", Case(R"("risks":["substances",3])"), J, "case.bad_type", "risks",
       "got the integer 3 (in the list)"},
      {"number for date", Case(R"("evaluation_date":20260301)", true, false), J, "case.bad_type", "evaluation_date",
       "field `evaluation_date`: expected a date YYYY-MM-DD (a real day, years 1900..2999); got the integer "
       "20260301"},
      {"number for string", Case(R"("office_code":7)"), J, "case.bad_type", "office_code",
       "field `office_code`: expected a string; got the integer 7"},
      // Values out of range or not allowed.
      {"int above max", Case(R"("hours_per_week":169)"), J, "case.out_of_range", "hours_per_week",
       "field `hours_per_week`: expected an integer in 0..168; got the integer 169 (out of range)"},
      {"int below min", Case(R"("hours_per_week":-1)"), J, "case.out_of_range", "hours_per_week",
       "got the integer -1 (out of range)"},
      {"int beyond int64", Case(R"("age_estimate_min_months":18446744073709551615)"), J, "case.out_of_range",
       "age_estimate_min_months", "expected an integer in 0..300; got the integer 18446744073709551615 (out of range)"},
      {"date that does not exist", Case(R"("evaluation_date":"2026-02-30")", true, false), J, "case.bad_date",
       "evaluation_date",
       "field `evaluation_date`: expected a date YYYY-MM-DD (a real day, years 1900..2999); got the string "
       "\"2026-02-30\""},
      {"date with slashes", Case(R"("evaluation_date":"2026/01/01")", true, false), J, "case.bad_date",
       "evaluation_date", "got the string \"2026/01/01\""},
      {"date with a time", Case(R"("birth_date":"2018-01-15T00:00:00")", true, true, true, false), J,
       "case.bad_date", "birth_date", "got the string \"2018-01-15T00:00:00\""},
      {"unknown enum value, misspelt", Case(R"("nationality":"venezulean")"), J, "case.unknown_value",
       "nationality",
       "field `nationality`: expected one of: colombian, venezuelan, other, unknown; got the string \"venezulean\" "
       "(not an allowed value; did you mean `venezuelan`?)"},
      {"unknown set value", Case(R"("risks":["substances","alcohol"])"), J, "case.unknown_value", "risks",
       "field `risks`: expected a list of: substances, organised_group, third_party_gain; got the string "
       "\"alcohol\" (in the list: not an allowed value)"},
      {"unknown set value, misspelt", Case(R"("risks":["organised_grup"])"), J, "case.unknown_value", "risks",
       "did you mean `organised_group`?)"},
      // Missing and inconsistent facts.
      {"missing required field", Case("", true, true, true, true, false), J, "case.missing_field", "category",
       "missing required field `category`"},
      {"required field null", Case(R"("category":null)", true, true, true, true, false), J, "case.missing_field",
       "category", "missing required field `category`"},
      {"age unknown: not documented, no estimate, no birth date",
       Case(R"("age_documented":false)", true, true, false, false), J, "case.age_unknown", "age_estimate_min_months",
       "`age_months` cannot be derived: give birth_date or age_estimate_min_months"},
      {"age unknown: documented without a birth date or an estimate", Case("", true, true, true, false),
       J, "case.age_unknown", "birth_date",
       "`age_months` cannot be derived: the age is documented but `birth_date` is missing (and there is no "
       "`age_estimate_min_months`)"},
      {"birth date after the evaluation date", Case(R"("birth_date":"2026-03-02")", true, true, true, false), J,
       "case.birth_after_evaluation", "birth_date",
       "field `birth_date`: the birth date is after `evaluation_date`"},
      // YAML cases.
      {"YAML: bad indentation", "case_id: y-1\nevaluation_date: 2026-03-01\n  age_documented: true\n", Y,
       "case.bad_yaml", "", "the case is not valid YAML: line 3: "},
      {"YAML: unclosed flow sequence", "case_id: y-1\nrisks: [substances\n", Y, "case.bad_yaml", "",
       "the case is not valid YAML: line 3: end of sequence flow not found"},
      {"YAML: a list, not a mapping", "- case_id: y-1\n- category: own_begging\n", Y, "case.not_object", "",
       "the case must be a JSON object"},
      {"YAML: yes is not a boolean",
       "case_id: y-1\nevaluation_date: 2026-03-01\nage_documented: yes\nbirth_date: 2018-01-15\n"
       "category: own_begging\n",
       Y, "case.bad_type", "age_documented", "expected true or false; got the string \"yes\""},
      {"YAML: unknown field", "case_id: y-1\nevaluation_date: 2026-03-01\nage_documented: true\n"
       "birth_date: 2018-01-15\ncategori: own_begging\n",
       Y, "case.unknown_field", "categori", "unknown field `categori` (did you mean `category`?)"},
  };
  for (const BrokenCase& row : rows) {
    DYNAMIC_SECTION(row.what) {
      INFO("case: " << row.text);
      DecideOptions options;
      options.format = row.format;
      auto d = Decide(Example(), row.text, options);
      REQUIRE_FALSE(d.ok());
      INFO("message: " << d.status().message());
      CHECK(d.status().code() == row.code);
      CHECK(d.status().field() == row.field);
      CHECK_THAT(d.status().message(), Catch::Contains(row.message));
      // A did-you-mean only where the row expects one.
      if (std::string(row.message).find("did you mean") == std::string::npos) {
        CHECK_THAT(d.status().message(), !Catch::Contains("did you mean"));
      }
      // The same refusal in Spanish: same code and field, Spanish words.
      options.lang = Lang::kEs;
      auto es = Decide(Example(), row.text, options);
      REQUIRE_FALSE(es.ok());
      INFO("mensaje: " << es.status().message());
      CHECK(es.status().code() == row.code);
      CHECK(es.status().field() == row.field);
      CHECK(es.status().message() != d.status().message());
      for (const char* english : {"expected", "got ", "field `", "the case", "missing", "unknown field", "did you mean",
                                  "line ", " is not", "the string", "an integer", "allowed"}) {
        CHECK_THAT(es.status().message(), !Catch::Contains(english));
      }
    }
  }
}

TEST_CASE("a sensitive fact's bad value never appears in the error", "[case][sensitive]") {
  // health_affiliation is `sensitive: true` in rules/example.
  const std::pair<const char*, const char*> rows[] = {
      {R"("health_affiliation":"XYZ-SECRET")", "case.unknown_value"},
      {R"("health_affiliation":["XYZ-SECRET"])", "case.bad_type"},
      {R"("health_affiliation":{"XYZ-SECRET":1})", "case.bad_type"},
      {R"("health_affiliation":987654321)", "case.bad_type"},
      // Near a real value: a did-you-mean would tell what was given.
      {R"("health_affiliation":"subsidized")", "case.unknown_value"},
  };
  for (const auto& [member, code] : rows) {
    DYNAMIC_SECTION(member) {
      auto d = Decide(Example(), Case(member));
      REQUIRE_FALSE(d.ok());
      const std::string& msg = d.status().message();
      INFO("message: " << msg);
      CHECK(d.status().code() == code);
      CHECK(d.status().field() == "health_affiliation");
      CHECK_THAT(msg, Catch::Contains("field `health_affiliation`"));
      CHECK_THAT(msg, !Catch::Contains("SECRET"));
      CHECK_THAT(msg, !Catch::Contains("987654321"));
      CHECK_THAT(msg, !Catch::Contains("subsidized"));
      CHECK_THAT(msg, !Catch::Contains("did you mean"));
    }
  }
  SECTION("in YAML too") {
    DecideOptions options;
    options.format = CaseFormat::kYaml;
    auto d = Decide(Example(),
                    "case_id: y-1\nevaluation_date: 2026-03-01\nage_documented: true\nbirth_date: 2018-01-15\n"
                    "category: own_begging\nhealth_affiliation: XYZ-SECRET\n",
                    options);
    REQUIRE_FALSE(d.ok());
    CHECK(d.status().code() == "case.unknown_value");
    CHECK_THAT(d.status().message(), !Catch::Contains("SECRET"));
  }
}

TEST_CASE("with several problems, the error reported does not depend on the key order", "[case]") {
  const std::string a = R"({"case_id":"k-1","zeta":1,"hours_per_week":500,"evaluation_date":"2026-03-01",)"
                        R"("age_documented":true,"birth_date":"2018-01-15","category":"own_begging"})";
  const std::string b = R"({"category":"own_begging","birth_date":"2018-01-15","age_documented":true,)"
                        R"("evaluation_date":"2026-03-01","hours_per_week":500,"zeta":1,"case_id":"k-1"})";
  auto da = Decide(Example(), a);
  auto db = Decide(Example(), b);
  REQUIRE_FALSE(da.ok());
  REQUIRE_FALSE(db.ok());
  CHECK(da.status().code() == db.status().code());
  CHECK(da.status().field() == db.status().field());
  CHECK(da.status().message() == db.status().message());
}

TEST_CASE("the case id of a rejected case can still be echoed", "[case]") {
  CHECK(PeekCaseId(Case(R"("nacionality":"x")"), CaseFormat::kJson) == "k-1");
  CHECK(PeekCaseId("case_id: y-7\nfoo: [\n", CaseFormat::kYaml).empty());  // not parseable
  CHECK(PeekCaseId("case_id: y-7\nfoo: bar\n", CaseFormat::kYaml) == "y-7");
  CHECK(PeekCaseId(R"({"case_id":"k-1",)", CaseFormat::kJson).empty());
  CHECK(PeekCaseId(R"({"case_id":17})", CaseFormat::kJson).empty());
  CHECK(PeekCaseId(R"(["k-1"])", CaseFormat::kJson).empty());
}

}  // namespace
}  // namespace referral
