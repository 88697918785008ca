// Capacity fallback and office resolution (engine/eval/local_delivery.cc) on
// small in-memory rule sets.
#include <catch2/catch.hpp>
#include <string>

#include "referral/engine.h"
#include "referral/ruleset.h"

namespace referral {
namespace {

constexpr const char* kRules = R"(
ruleset:
  id: t
  version: "1"
  language: en
  entry: start
  priorities: [{id: urgent}, {id: standard}]
  fallback: {reason: nothing, follow_up: true}
facts:
  evaluation_date: {type: date, required: true}
  age: {type: int, min: 0, max: 215, required: true}
  area: {type: enum, values: [north, south], default: null}
  duty: {type: bool, default: false}
services:
  GARDEN: {name: Garden, legal_basis: consent, eligibility: {age: ..59}, delivery: local, fallback: [CENTRE]}
  CENTRE: {name: Centre, legal_basis: consent, eligibility: {age: 3..}, fallback: [MOBILE]}
  MOBILE: {name: Mobile, legal_basis: consent}
  DUTY: {name: Duty, legal_basis: legal_duty_test, human_confirmation: true}
nodes:
  start:
    hit: collect
    rules:
      - {id: D, when: {duty: true}, refer: [{service: DUTY, priority: urgent}]}
      - {id: G, when: {age: ..59}, refer: [{service: GARDEN, priority: standard}]}
      - {id: C, when: {age: 40..}, refer: [{service: CENTRE, priority: urgent}]}
directory:
  area_fact: area
  offices:
    - {id: g-north, service: GARDEN, name: North garden, address: 1 North St, service_area: [north]}
    - {id: g-south, service: GARDEN, name: South garden, address: 2 South St, service_area: [south]}
)";

Ruleset Load() {
  std::vector<Diagnostic> diags;
  auto r = LoadRulesetFromString(kRules, "t.yaml", &diags);
  REQUIRE(r.ok());
  return *r;
}

Decision Run(const std::string& fields) {
  auto d = Decide(Load(), R"({"case_id":"c","evaluation_date":"2026-03-01",)" + fields + "}");
  REQUIRE(d.ok());
  return *d;
}

bool HasWarning(const Decision& d, const std::string& code, const std::string& detail) {
  for (const auto& w : d.warnings) {
    if (w.code == code && w.detail == detail) return true;
  }
  return false;
}

TEST_CASE("a locally delivered service names the office of the case's area", "[eval][directory]") {
  Decision d = Run(R"("age":20,"area":"south")");
  REQUIRE(d.referrals.size() == 1);
  CHECK(d.referrals[0].office.id == "g-south");
  CHECK(d.referrals[0].office.name == "South garden");
  CHECK(d.referrals[0].office.address == "2 South St");
  CHECK_THAT(DecisionToJson(d, false), Catch::Contains(R"("office":{"id":"g-south","name":"South garden","address":"2 South St"})"));
}

TEST_CASE("without the area no office is named", "[eval][directory]") {
  Decision d = Run(R"("age":20)");
  REQUIRE(d.referrals.size() == 1);
  CHECK(d.referrals[0].office.id.empty());
  CHECK(DecisionToJson(d, false).find("\"office\"") == std::string::npos);
}

TEST_CASE("no places at a consent service: the next eligible one of its chain", "[eval][capacity]") {
  Decision d = Run(R"("age":20,"area":"north","capacity":{"GARDEN":0})");
  REQUIRE(d.referrals.size() == 1);
  CHECK(d.referrals[0].service == "CENTRE");
  CHECK(d.referrals[0].fallback_from == "GARDEN");
  CHECK(d.referrals[0].rules == std::vector<std::string>{"G"});
  CHECK(HasWarning(d, "capacity_fallback", "GARDEN -> CENTRE"));
}

TEST_CASE("a chain is followed past a service with no places either", "[eval][capacity]") {
  Decision d = Run(R"("age":20,"capacity":{"GARDEN":0,"CENTRE":0})");
  REQUIRE(d.referrals.size() == 1);
  CHECK(d.referrals[0].service == "MOBILE");
  CHECK(HasWarning(d, "capacity_fallback", "GARDEN -> MOBILE"));
}

TEST_CASE("an ineligible alternative is skipped", "[eval][capacity]") {
  Decision d = Run(R"("age":1,"capacity":{"GARDEN":0})");  // CENTRE is from 3
  REQUIRE(d.referrals.size() == 1);
  CHECK(d.referrals[0].service == "MOBILE");
}

TEST_CASE("a fallback onto a service already referred merges into it", "[eval][capacity]") {
  Decision d = Run(R"("age":45,"capacity":{"GARDEN":0})");
  REQUIRE(d.referrals.size() == 1);
  CHECK(d.referrals[0].service == "CENTRE");
  CHECK(d.referrals[0].priority == "urgent");  // the more urgent of the two
  CHECK(d.referrals[0].rules == std::vector<std::string>{"C", "G"});
}

TEST_CASE("with no alternative the referral is kept, never dropped", "[eval][capacity]") {
  Decision d = Run(R"("age":20,"capacity":{"GARDEN":0,"CENTRE":0,"MOBILE":0})");
  REQUIRE(d.referrals.size() == 1);
  CHECK(d.referrals[0].service == "GARDEN");
  CHECK(d.referrals[0].fallback_from.empty());
  CHECK(HasWarning(d, "capacity_no_alternative", "GARDEN"));
}

TEST_CASE("a legal duty with no places is kept", "[eval][capacity]") {
  Decision d = Run(R"("age":70,"duty":true,"capacity":{"DUTY":0})");
  REQUIRE(d.referrals.size() == 2);
  CHECK((d.referrals[0].service == "DUTY" || d.referrals[1].service == "DUTY"));
  CHECK(HasWarning(d, "capacity_duty_kept", "DUTY"));
}

TEST_CASE("a duty service cannot declare a fallback", "[eval][capacity]") {
  std::vector<Diagnostic> diags;
  std::string text = kRules;
  text.replace(text.find("legal_basis: legal_duty_test, human_confirmation: true}"),
               std::string("legal_basis: legal_duty_test, human_confirmation: true}").size(),
               "legal_basis: legal_duty_test, human_confirmation: true, fallback: [MOBILE]}");
  auto r = LoadRulesetFromString(text, "t.yaml", &diags);
  REQUIRE_FALSE(r.ok());
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].code == "service.duty_fallback");
}

}  // namespace
}  // namespace referral
