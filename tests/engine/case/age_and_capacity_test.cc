// The derived age (Ley 1098 art. 3 par. 1: the lower bound of an estimate; a
// person whose minority is in doubt presumed a minor), the estimate's bounds,
// the derived-field message, and the engine-level `capacity` field.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "referral/engine.h"
#include "referral/ruleset.h"

namespace {

// A small rule set: the age derivation with `majority_months` when `presume`,
// a scope that excludes only a known adult, a duty with no age condition, and
// an offer that needs an age band.
std::string Rules(bool presume) {
  return std::string(R"(
ruleset:
  id: age
  version: "1"
  language: en
  entry: start
  priorities: [{id: urgent}, {id: standard}]
  scope: {when: {not: {age_months: 216..}}, reason: adult}
  fallback: {reason: nothing, follow_up: true}
facts:
  evaluation_date: {type: date, required: true}
  age_documented: {type: bool, required: true}
  birth_date: {type: date, default: null}
  age_min: {type: int, min: 0, max: 300, default: null}
  age_max: {type: int, min: 0, max: 300, default: null}
  alone: {type: bool, default: false}
  age_months:
    type: int
    derive:
      age_in_months:
        birth_date: birth_date
        as_of: evaluation_date
        documented: age_documented
        estimate: age_min
        estimate_max: age_max
)") + (presume ? "        majority_months: 216\n" : "") +
         R"(
services:
  DUTY: {name: Duty, legal_basis: legal_duty_test, human_confirmation: true, eligibility: {not: {age_months: 216..}}}
  KINDER: {name: Kinder, legal_basis: consent, eligibility: {age_months: ..59}}
  ANY: {name: Any child, legal_basis: consent}
nodes:
  start:
    hit: collect
    rules:
      - {id: duty, when: {alone: true}, refer: [{service: DUTY, priority: urgent}]}
      - {id: kinder, when: {age_months: ..59}, refer: [{service: KINDER, priority: standard}]}
      - {id: any, when: {alone: false}, refer: [{service: ANY, priority: standard}]}
)";
}

referral::Ruleset Load(bool presume = true) {
  std::vector<referral::Diagnostic> diags;
  auto rules = referral::LoadRulesetFromString(Rules(presume), "age.yaml", &diags);
  for (const auto& d : diags) UNSCOPED_INFO(referral::FormatDiagnostic(d));
  REQUIRE(rules.ok());
  return std::move(rules).value();
}

std::string Case(const std::string& extra) {
  return R"({"case_id":"a-1","evaluation_date":"2026-03-01")" + (extra.empty() ? "" : "," + extra) + "}";
}

referral::Decision DecideOk(const referral::Ruleset& rules, const std::string& json) {
  auto d = referral::Decide(rules, json);
  INFO(json << " -> " << d.status().code() << ": " << d.status().message());
  REQUIRE(d.ok());
  return std::move(d).value();
}

bool HasWarning(const referral::Decision& d, const std::string& code, const std::string& detail = "") {
  for (const auto& w : d.warnings) {
    if (w.code == code && (detail.empty() || w.detail == detail)) return true;
  }
  return false;
}

std::string Age(const referral::Decision& d) {
  for (const auto& [name, value] : d.facts) {
    if (name == "age_months") return value;
  }
  return "(absent)";
}

std::vector<std::string> Services(const referral::Decision& d) {
  std::vector<std::string> out;
  for (const auto& r : d.referrals) out.push_back(r.service);
  return out;
}

}  // namespace

TEST_CASE("a documented birth date gives the age in whole months, with no warning", "[case][age]") {
  auto d = DecideOk(Load(), Case(R"("age_documented":true,"birth_date":"2023-03-02")"));
  CHECK(Age(d) == "35");
  CHECK(d.warnings.empty());
  CHECK(Services(d) == std::vector<std::string>{"ANY", "KINDER"});
  CHECK_FALSE(d.referrals[0].requires_human_confirmation);
}

TEST_CASE("documented but without a birth date: the estimate's lower bound, with its warning", "[case][age]") {
  auto d = DecideOk(Load(), Case(R"("age_documented":true,"age_min":40,"age_max":50)"));
  CHECK(Age(d) == "40");
  CHECK(HasWarning(d, "age_presumed_lower_bound", "age_months"));
  CHECK_FALSE(HasWarning(d, "age_unknown_presumed_minor"));
  // The same without majority_months: the estimate is used too (no longer rejected).
  auto plain = DecideOk(Load(false), Case(R"("age_documented":true,"age_min":40)"));
  CHECK(Age(plain) == "40");
}

TEST_CASE("not documented: the estimate wins over an undocumented birth date", "[case][age]") {
  auto d = DecideOk(Load(), Case(R"("age_documented":false,"birth_date":"2000-01-01","age_min":100)"));
  CHECK(Age(d) == "100");
  CHECK(HasWarning(d, "age_presumed_lower_bound"));
  CHECK(d.outcome == referral::Outcome::kReferred);
}

TEST_CASE("an estimate whose lower bound is 216 or more is out of scope", "[case][age]") {
  auto d = DecideOk(Load(), Case(R"("age_documented":false,"age_min":216,"alone":true)"));
  CHECK(d.outcome == referral::Outcome::kOutOfScope);
  CHECK(d.reason == "adult");
}

TEST_CASE("no birth date and no estimate: presumed a minor of unknown age", "[case][age]") {
  auto rules = Load();
  for (const char* documented : {"false", "true"}) {
    DYNAMIC_SECTION("age_documented " << documented) {
      auto d = DecideOk(rules, Case(std::string(R"("age_documented":)") + documented + R"(,"alone":true)"));
      CHECK(d.outcome == referral::Outcome::kReferred);  // in scope: the scope fails only for a known adult
      CHECK(Age(d) == "(absent)");                        // not shown as a derived value
      CHECK(HasWarning(d, "age_unknown_presumed_minor", "age_months"));
      CHECK_FALSE(HasWarning(d, "age_presumed_lower_bound"));
      // The duty needs no age band and applies; the age-banded offer does not.
      REQUIRE(Services(d) == std::vector<std::string>{"DUTY"});
      CHECK(d.referrals[0].requires_human_confirmation);
    }
  }
  // A consent service for every child needs a person to confirm it too.
  auto d = DecideOk(rules, Case(R"("age_documented":false)"));
  REQUIRE(Services(d) == std::vector<std::string>{"ANY"});
  CHECK(d.referrals[0].requires_human_confirmation);
}

TEST_CASE("an undocumented birth date that says 18 or over, with no estimate: presumed a minor", "[case][age]") {
  auto rules = Load();
  auto adult = DecideOk(rules, Case(R"("age_documented":false,"birth_date":"2000-01-01","alone":true)"));
  CHECK(adult.outcome == referral::Outcome::kReferred);
  CHECK(Age(adult) == "(absent)");
  CHECK(HasWarning(adult, "age_unknown_presumed_minor", "birth_date"));
  // Documented, the same date is proof of adulthood.
  auto documented = DecideOk(rules, Case(R"("age_documented":true,"birth_date":"2000-01-01","alone":true)"));
  CHECK(documented.outcome == referral::Outcome::kOutOfScope);
  // Undocumented and under 18: that age, as a presumed (lower) age.
  auto young = DecideOk(rules, Case(R"("age_documented":false,"birth_date":"2023-03-01")"));
  CHECK(Age(young) == "36");
  CHECK(HasWarning(young, "age_presumed_lower_bound"));
  // Without majority_months the birth date is used as before.
  auto plain = DecideOk(Load(false), Case(R"("age_documented":false,"birth_date":"2000-01-01")"));
  CHECK(plain.outcome == referral::Outcome::kOutOfScope);
}

TEST_CASE("without majority_months an unknown age is still rejected", "[case][age]") {
  auto rules = Load(false);
  auto d = referral::Decide(rules, Case(R"("age_documented":false)"));
  REQUIRE_FALSE(d.ok());
  CHECK(d.status().code() == "case.age_unknown");
  auto documented = referral::Decide(rules, Case(R"("age_documented":true)"));
  REQUIRE_FALSE(documented.ok());
  CHECK(documented.status().code() == "case.age_unknown");
  CHECK(documented.status().field() == "birth_date");
}

TEST_CASE("an estimate's upper bound below its lower bound is rejected, naming the field", "[case][age]") {
  auto d = referral::Decide(Load(), Case(R"("age_documented":false,"age_min":60,"age_max":48)"));
  REQUIRE_FALSE(d.ok());
  CHECK(d.status().code() == "case.bad_estimate");
  CHECK(d.status().field() == "age_max");
  CHECK_THAT(d.status().message(), Catch::Contains("field `age_max`: the maximum estimate (48) is below `age_min` (60)"));
  CHECK(referral::Decide(Load(), Case(R"("age_documented":false,"age_min":60,"age_max":60)")).ok());
}

TEST_CASE("the derived age may not be sent, and the message names what to send", "[case][age]") {
  auto d = referral::Decide(Load(), Case(R"("age_documented":false,"age_months":40)"));
  REQUIRE_FALSE(d.ok());
  CHECK(d.status().code() == "case.derived_field");
  CHECK(d.status().field() == "age_months");
  CHECK_THAT(d.status().message(),
             Catch::Contains("do not send it: send its inputs (birth_date, age_documented, age_min) instead"));
}

// Rules(false) with `line` inserted before `before`: whether loading it fails
// with a diagnostic `code`.
static bool FailsToLoad(const std::string& before, const std::string& line, const std::string& code) {
  std::string text = Rules(false);
  text.replace(text.find(before), 0, line);
  std::vector<referral::Diagnostic> diags;
  auto rules = referral::LoadRulesetFromString(text, "age.yaml", &diags);
  bool found = false;
  for (const auto& diag : diags) found = found || diag.code == code;
  return !rules.ok() && found;
}

TEST_CASE("majority_months must be a positive number", "[case][age][load]") {
  CHECK(FailsToLoad("        estimate_max: age_max\n", "        majority_months: 0\n", "fact.bad_majority"));
}

TEST_CASE("capacity: catalogue service ids to integers >= 0, validated, and a referral is never lost", "[case][capacity]") {
  auto rules = Load();
  const std::string base = R"("age_documented":true,"birth_date":"2023-03-02")";
  auto without = DecideOk(rules, Case(base));
  for (const char* good : {R"("capacity":{"KINDER":0,"ANY":12})", R"("capacity":{})", R"("capacity":null)"}) {
    DYNAMIC_SECTION(good) {
      auto d = DecideOk(rules, Case(base + "," + good));
      // KINDER has no fallback chain: with 0 places it keeps the referral (a waiting
      // list) and says so; otherwise the decision is the one without capacity.
      if (std::string(good).find("\"KINDER\":0") != std::string::npos) {
        REQUIRE_FALSE(d.warnings.empty());
        CHECK(d.warnings.back().code == "capacity_no_alternative");
        d.warnings.pop_back();
      }
      CHECK(referral::DecisionToJson(d) == referral::DecisionToJson(without));
    }
  }
  struct Bad {
    const char* json;
    const char* code;
    const char* field;
    const char* message;
  };
  const Bad bad[] = {
      {R"("capacity":[1,2])", "case.bad_type", "capacity",
       "field `capacity`: expected an object mapping service ids to places available; got the list [1,2]"},
      {R"("capacity":5)", "case.bad_type", "capacity", "got the integer 5"},
      {R"("capacity":{"KINDR":3})", "case.unknown_service", "capacity.KINDR",
       "field `capacity.KINDR`: `KINDR` is not a service of the catalogue (did you mean `KINDER`?)"},
      {R"("capacity":{"KINDER":"3"})", "case.bad_type", "capacity.KINDER",
       "field `capacity.KINDER`: expected an integer >= 0; got the string \"3\""},
      {R"("capacity":{"KINDER":1.5})", "case.bad_type", "capacity.KINDER", "got the number 1.5"},
      {R"("capacity":{"KINDER":null})", "case.bad_type", "capacity.KINDER", "got null"},
      {R"("capacity":{"KINDER":-1})", "case.out_of_range", "capacity.KINDER",
       "field `capacity.KINDER`: expected an integer >= 0; got the integer -1 (out of range)"},
      {R"("capacity":{"KINDER":18446744073709551615})", "case.out_of_range", "capacity.KINDER", "(out of range)"},
  };
  for (const Bad& b : bad) {
    DYNAMIC_SECTION(b.json) {
      auto d = referral::Decide(rules, Case(base + "," + b.json));
      REQUIRE_FALSE(d.ok());
      CHECK(d.status().code() == b.code);
      CHECK(d.status().field() == b.field);
      CHECK_THAT(d.status().message(), Catch::Contains(b.message));
    }
  }
}

TEST_CASE("no fact may be named capacity", "[case][capacity][load]") {
  CHECK(FailsToLoad("  alone: {", "  capacity: {type: int, default: 0}\n", "fact.bad_name"));
}
