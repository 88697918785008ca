// Effective dates (engine/load/effective.cc): versions of a rule by date, a
// service in force for a period, and the errors.
#include <catch2/catch.hpp>
#include <string>

#include "referral/engine.h"
#include "referral/explain.h"
#include "referral/ruleset.h"
#include "support/paths.h"

namespace referral {
namespace {

Decision On(const Ruleset& rules, const std::string& date, int age) {
  auto d = Decide(rules, R"({"case_id":"c","evaluation_date":")" + date + R"(","age_months":)" + std::to_string(age) + "}");
  REQUIRE(d.ok());
  return *d;
}

TEST_CASE("a rule that changes on a date applies its version on each side of it", "[load][effective]") {
  auto rules = LoadRuleset(testing::SourcePath("tests/fixtures/effective"), nullptr);
  REQUIRE(rules.ok());
  Decision before = On(*rules, "2026-06-30", 80);
  Decision after = On(*rules, "2026-07-01", 80);
  REQUIRE(before.referrals.size() == 1);
  REQUIRE(after.referrals.size() == 1);
  CHECK(before.referrals[0].priority == "standard");
  CHECK(after.referrals[0].priority == "urgent");
  // The version used is named: in the fired rules and in the explanation.
  CHECK(before.fired_rules == std::vector<std::string>{"K@..2026-06-30"});
  CHECK(after.fired_rules == std::vector<std::string>{"K@2026-07-01"});
  CHECK_THAT(Explain(*rules, after, ExplainOptions{Lang::kEn, true}), Catch::Contains("rule K@2026-07-01 (node triage, ruleset.yaml:34, in force 2026-07-01..)"));
  CHECK_THAT(Explain(*rules, after, ExplainOptions{Lang::kEn, true}), Catch::Contains("evaluation_date in 2026-07-01.. (value: 2026-07-01)"));
}

TEST_CASE("a service outside its dates is dropped like an ineligible one", "[load][effective]") {
  auto rules = LoadRuleset(testing::SourcePath("tests/fixtures/effective"), nullptr);
  REQUIRE(rules.ok());
  CHECK(On(*rules, "2026-03-01", 30).referrals.size() == 2);
  Decision late = On(*rules, "2027-01-01", 30);
  REQUIRE(late.referrals.size() == 1);
  CHECK(late.warnings.size() == 1);
  CHECK(late.warnings[0].code == "service_ineligible");
}

// The one error code of a one-rule rule set with `fact` and the rule's `dates`.
std::string OnlyError(const std::string& fact, const std::string& dates) {
  std::vector<Diagnostic> diags;
  auto r = LoadRulesetFromString(
      "ruleset: {id: x, version: '1', entry: n, priorities: [{id: p}], fallback: {reason: r}}\n"
      "facts: {" + fact + "}\n"
      "services: {S: {name: S, legal_basis: consent}}\n"
      "nodes: {n: {hit: first, rules: [{id: R, " + dates + ", refer: [{service: S, priority: p}]}]}}\n",
      "x.yaml", &diags);
  if (r.ok() || diags.size() != 1) return "(" + std::to_string(diags.size()) + " diagnostics)";
  return diags[0].code;
}

TEST_CASE("effective dates need a date fact", "[load][effective]") {
  CHECK(OnlyError("a: {type: bool, default: false}", "effective_from: 2026-01-01") == "ruleset.no_date_fact");
}

TEST_CASE("an effective range that ends before it starts is an error", "[load][effective]") {
  CHECK(OnlyError("evaluation_date: {type: date, required: true}",
                  "effective_from: 2026-02-01, effective_to: 2026-01-01") == "rule.bad_effective_range");
}

}  // namespace
}  // namespace referral
