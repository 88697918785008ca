// Every problem of a case at once (issue 15, item 4): a system fixes a case in
// one round trip, not one field at a time, and each message says what JSON
// type it received.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "case/case_values.h"
#include "referral/engine.h"
#include "referral/ruleset.h"
#include "support/paths.h"
#include "support/rulesets.h"

namespace referral {
namespace {

const Ruleset& Example() { return testing::ExampleRules(); }

TEST_CASE("a case with three invalid fields reports all three, the first as before", "[case][errors]") {
  // Seen: only the first invalid field was reported.
  const std::string text =
      R"({"case_id":"k-1","evaluation_date":"2026-03-01","age_documented":true,"birth_date":"2018-01-15",)"
      R"("category":"own_begging","hours_per_week":"1","nationality":"venezulean","school_enrolled":1})";
  auto d = Decide(Example(), text);
  REQUIRE_FALSE(d.ok());
  const auto& errors = d.status().errors();
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].code == "case.bad_type");
  CHECK(errors[0].field == "hours_per_week");
  // Seen: "`1` is not an integer" for the string "1".
  CHECK(errors[0].message == "field `hours_per_week`: expected an integer in 0..168; got the string \"1\"");
  CHECK(errors[1].code == "case.unknown_value");
  CHECK(errors[1].field == "nationality");
  CHECK(errors[2].code == "case.bad_type");
  CHECK(errors[2].field == "school_enrolled");
  CHECK(errors[2].message == "field `school_enrolled`: expected true or false; got the integer 1");
  // The status's own code, field and message are the first problem's.
  CHECK(d.status().code() == errors[0].code);
  CHECK(d.status().field() == errors[0].field);
  CHECK(d.status().message() == errors[0].message);
}

TEST_CASE("the three invalid fields are reported in Spanish when asked", "[case][errors][es]") {
  const std::string text =
      R"({"case_id":"k-1","evaluation_date":"2026-03-01","age_documented":true,"birth_date":"2018-01-15",)"
      R"("category":"own_begging","hours_per_week":"1","nationality":"venezulean","school_enrolled":1})";
  DecideOptions options;
  options.lang = Lang::kEs;
  auto d = Decide(Example(), text, options);
  REQUIRE_FALSE(d.ok());
  const auto& errors = d.status().errors();
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].code == "case.bad_type");
  CHECK(errors[0].field == "hours_per_week");
  CHECK(errors[0].message == "campo `hours_per_week`: se esperaba un número entero de 0 a 168; se recibió el texto \"1\"");
  CHECK(errors[1].code == "case.unknown_value");
  CHECK(errors[1].message ==
        "campo `nationality`: se esperaba uno de estos valores: colombian, venezuelan, other, unknown; se recibió el texto "
        "\"venezulean\" (no es un valor permitido; ¿quiso decir `venezuelan`?)");
  CHECK(errors[2].message == "campo `school_enrolled`: se esperaba true o false; se recibió el número entero 1");
}

TEST_CASE("the problems come in the same order whatever the order of the keys", "[case][errors]") {
  const std::string a = R"({"case_id":"k-1","zeta":1,"hours_per_week":500,"evaluation_date":"2026-03-01",)"
                        R"("age_documented":"yes","birth_date":"2018-01-15","risks":["x",2]})";
  const std::string b = R"({"risks":["x",2],"birth_date":"2018-01-15","age_documented":"yes",)"
                        R"("evaluation_date":"2026-03-01","hours_per_week":500,"zeta":1,"case_id":"k-1"})";
  auto da = Decide(Example(), a);
  auto db = Decide(Example(), b);
  REQUIRE_FALSE(da.ok());
  REQUIRE_FALSE(db.ok());
  std::vector<std::string> fields;
  for (const auto& e : da.status().errors()) fields.push_back(e.code + " " + e.field);
  // Fields in name order; then the missing required ones; a derivation from
  // a refused input (`age_documented`) is not attempted.
  CHECK(fields == std::vector<std::string>{"case.bad_type age_documented", "case.out_of_range hours_per_week",
                                           "case.unknown_value risks", "case.bad_type risks",
                                           "case.unknown_field zeta", "case.missing_field category"});
  REQUIRE(da.status().errors().size() == db.status().errors().size());
  for (size_t i = 0; i < da.status().errors().size(); ++i) {
    CHECK(da.status().errors()[i].message == db.status().errors()[i].message);
  }
}

TEST_CASE("the type received is named, never the value of a sensitive fact", "[case][errors][sensitive]") {
  const std::pair<const char*, const char*> rows[] = {
      {R"("school_enrolled":"true")", "got the string \"true\""},
      {R"("school_enrolled":null)", ""},  // null: as absent
      {R"("hours_per_week":12.5)", "got the number 12.5"},
      {R"("hours_per_week":[1])", "got the list [1]"},
      {R"("hours_per_week":{"a":1})", "got an object"},
      {R"("category":false)", "got the boolean false"},
      {R"("health_affiliation":"SECRET-1")", "got a string (not an allowed value)"},
      {R"("health_affiliation":42)", "got an integer"},
  };
  for (const auto& [member, got] : rows) {
    DYNAMIC_SECTION(member) {
      std::string text = R"({"case_id":"k-1","evaluation_date":"2026-03-01","age_documented":true,)"
                         R"("birth_date":"2018-01-15","category":"own_begging",)" +
                         std::string(member) + "}";
      if (std::string(member).rfind(R"("category")", 0) == 0) text.replace(text.find(R"("category":"own_begging",)"), 25, "");
      auto d = Decide(Example(), text);
      if (std::string(got).empty()) {
        CHECK(d.ok());
        continue;
      }
      REQUIRE_FALSE(d.ok());
      CHECK_THAT(d.status().message(), Catch::EndsWith(got));
      CHECK_THAT(d.status().message(), !Catch::Contains("SECRET") && !Catch::Contains("42"));
    }
  }
}

TEST_CASE("a case with a great many problems lists the first hundred and counts the rest", "[case][errors]") {
  std::string text = R"({"case_id":"k-1","evaluation_date":"2026-03-01","age_documented":true,)"
                     R"("birth_date":"2018-01-15","category":"own_begging")";
  for (int i = 0; i < 150; ++i) text += ",\"unknown_" + std::to_string(1000 + i) + "\":1";
  text += "}";
  auto d = Decide(Example(), text);
  REQUIRE_FALSE(d.ok());
  const auto& errors = d.status().errors();
  REQUIRE(errors.size() == internal::kMaxCaseErrors + 1);
  CHECK(errors.back().code == "case.too_many_errors");
  CHECK_THAT(errors.back().message, Catch::StartsWith("and 50 more problem(s) not listed"));
}

TEST_CASE("many or huge unknown keys are refused quickly: a did-you-mean is not searched for each", "[case][errors][limits]") {
  const std::string base = R"({"case_id":"k-1","evaluation_date":"2026-03-01","age_documented":true,)"
                           R"("birth_date":"2018-01-15","category":"own_begging")";
  std::string many = base;
  for (int i = 0; many.size() < 1000 * 1000; ++i) many += ",\"k" + std::to_string(i) + "\":1";
  const std::string huge = base + ",\"" + std::string(1000 * 1000 - base.size() - 10, 'x') + "\":1}";
  const auto started = std::chrono::steady_clock::now();
  auto a = Decide(Example(), many + "}");
  auto b = Decide(Example(), huge);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  REQUIRE_FALSE(a.ok());
  REQUIRE_FALSE(b.ok());
  CHECK(a.status().errors().size() == internal::kMaxCaseErrors + 1);
  CHECK(b.status().code() == "case.unknown_field");
  CHECK(b.status().message().size() < 200);  // the key is quoted cut short
  CHECK(seconds < 5);                          // in well under a second unsanitized
}

TEST_CASE("a Status lists one problem, or several, or none", "[case][errors][status]") {
  CHECK(Status::Ok().errors().empty());
  CHECK(Status::Ok().code().empty());
  Status one = Status::Error("case.bad_json", "bad", "");
  REQUIRE(one.errors().size() == 1);
  CHECK(one.errors()[0].code == "case.bad_json");
  Status two = Status::Errors({{"a.b", "f", "m1"}, {"c.d", "", "m2"}});
  CHECK_FALSE(two.ok());
  CHECK(two.code() == "a.b");
  CHECK(two.field() == "f");
  CHECK(two.message() == "m1");
  CHECK(Status::Errors({}).ok());
}

}  // namespace
}  // namespace referral
