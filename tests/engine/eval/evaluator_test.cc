// The evaluator on small in-memory rule sets: hit policies, graph order,
// merging, eligibility, outcomes, and the trace it records.
#include <catch2/catch.hpp>

#include "referral/engine.h"
#include "referral/ruleset.h"

namespace {

constexpr const char* kHeader = R"(
ruleset:
  id: t
  version: "1"
  language: en
  entry: start
  priorities: [{id: urgent, timeframe: 1_hour}, {id: standard}]
  scope: {when: {age: ..17}, reason: adult}
  fallback: {reason: nothing, follow_up: true}
facts:
  age: {type: int, min: 0, max: 120, required: true}
  kind: {type: enum, values: [a, b, c], default: a}
  flags: {type: set, values: [x, y, z], default: []}
  note: {type: string, default: null}
  secret: {type: bool, default: false, sensitive: true}
services:
  S1: {name: One, legal_basis: consent}
  S2: {name: Two, legal_basis: consent}
  DUTY: {name: Duty, legal_basis: legal_duty_test, human_confirmation: true}
  YOUNG: {name: Young, legal_basis: consent, eligibility: {age: ..5}}
)";

referral::Ruleset Load(const std::string& nodes) {
  std::vector<referral::Diagnostic> diags;
  auto rules = referral::LoadRulesetFromString(std::string(kHeader) + nodes, "t.yaml", &diags);
  for (const auto& d : diags) UNSCOPED_INFO(referral::FormatDiagnostic(d));
  REQUIRE(rules.ok());
  return std::move(rules).value();
}

referral::Decision DecideOk(const referral::Ruleset& rules, const std::string& json) {
  auto d = referral::Decide(rules, json);
  INFO(d.status().code() << ": " << d.status().message());
  REQUIRE(d.ok());
  return std::move(d).value();
}

std::vector<std::string> Services(const referral::Decision& d) {
  std::vector<std::string> out;
  for (const auto& r : d.referrals) out.push_back(r.service + "/" + r.priority);
  return out;
}

}  // namespace

TEST_CASE("a first node fires only its first matching rule", "[eval]") {
  auto rules = Load(R"(
nodes:
  start:
    hit: first
    rules:
      - {id: r1, when: {kind: b}, refer: [{service: S1, priority: standard}]}
      - {id: r2, when: {age: 0..10}, refer: [{service: S2, priority: standard}]}
      - {id: r3, refer: [{service: DUTY, priority: urgent}]}
)");
  auto d = DecideOk(rules, R"({"case_id":"c","age":4,"kind":"b"})");
  CHECK(Services(d) == std::vector<std::string>{"S1/standard"});
  CHECK(d.fired_rules == std::vector<std::string>{"r1"});
  d = DecideOk(rules, R"({"case_id":"c","age":12})");
  CHECK(Services(d) == std::vector<std::string>{"DUTY/urgent"});
}

TEST_CASE("a collect node fires every matching rule and merges by service, most urgent wins", "[eval]") {
  auto rules = Load(R"(
nodes:
  start:
    hit: collect
    rules:
      - {id: r1, when: {flags: x}, refer: [{service: S1, priority: standard}]}
      - {id: r2, when: {flags: [y, z]}, refer: [{service: S1, priority: urgent}, {service: S2, priority: standard}]}
      - {id: r3, when: {flags: {all: [x, y]}}, refer: [{service: DUTY, priority: standard}]}
)");
  auto d = DecideOk(rules, R"({"case_id":"c","age":4,"flags":["x","y"]})");
  CHECK(Services(d) == std::vector<std::string>{"S1/urgent", "DUTY/standard", "S2/standard"});
  REQUIRE(d.referrals[0].rules == std::vector<std::string>{"r1", "r2"});
  CHECK(d.referrals[1].requires_human_confirmation);
  CHECK(d.referrals[1].legal_basis == "legal_duty_test");
  CHECK(d.referrals[0].timeframe == "1_hour");
}

TEST_CASE("a unique node with two matching rules is an error in the decision", "[eval]") {
  auto rules = Load(R"(
nodes:
  start:
    hit: unique
    rules:
      - {id: r1, when: {kind: b}, refer: [{service: S1, priority: standard}]}
      - {id: r2, when: {age: ..3}, refer: [{service: S2, priority: standard}]}
)");
  CHECK(DecideOk(rules, R"({"case_id":"c","age":2})").referrals.size() == 1);
  auto d = referral::Decide(rules, R"({"case_id":"c","age":2,"kind":"b"})");
  REQUIRE_FALSE(d.ok());
  CHECK(d.status().code() == "eval.unique_violation");
  CHECK_THAT(d.status().message(), Catch::Contains("r1") && Catch::Contains("r2"));
}

TEST_CASE("a node reached by two paths is evaluated once, after both parents", "[eval]") {
  auto rules = Load(R"(
nodes:
  start:
    hit: collect
    rules:
      - {id: r1, next: [left, right]}
  left:
    hit: first
    rules: [{id: l1, next: [join]}]
  right:
    hit: first
    rules: [{id: g1, next: [join], refer: [{service: S2, priority: standard}]}]
  join:
    hit: collect
    rules: [{id: j1, refer: [{service: S1, priority: standard}]}]
)");
  auto d = DecideOk(rules, R"({"case_id":"c","age":2})");
  REQUIRE(d.path.size() == 4);
  CHECK(d.path.front() == "start");
  CHECK(d.path.back() == "join");
  CHECK(std::count(d.fired_rules.begin(), d.fired_rules.end(), "j1") == 1);
}

TEST_CASE("outcomes: out of scope, an explicit no-referral rule, and the fallback", "[eval]") {
  auto rules = Load(R"(
nodes:
  start:
    hit: first
    rules:
      - {id: refuse, when: {kind: c}, outcome: no_referral, reason: refused, follow_up: true}
      - {id: other, when: {kind: b}, refer: [{service: S1, priority: standard}]}
)");
  auto adult = DecideOk(rules, R"({"case_id":"c","age":18,"kind":"b"})");
  CHECK(adult.outcome == referral::Outcome::kOutOfScope);
  CHECK(adult.reason == "adult");
  CHECK(adult.referrals.empty());
  auto refused = DecideOk(rules, R"({"case_id":"c","age":4,"kind":"c"})");
  CHECK(refused.outcome == referral::Outcome::kNoReferral);
  CHECK(refused.reason == "refused");
  CHECK(refused.outcome_rule == "refuse");
  auto nothing = DecideOk(rules, R"({"case_id":"c","age":4})");
  CHECK(nothing.outcome == referral::Outcome::kNoReferral);
  CHECK(nothing.reason == "nothing");
  CHECK(nothing.follow_up);
  CHECK(nothing.outcome_rule == "fallback");
}

TEST_CASE("a referral to a service the case is not eligible for is dropped with a warning", "[eval]") {
  auto rules = Load(R"(
nodes:
  start:
    hit: collect
    rules: [{id: r1, refer: [{service: YOUNG, priority: standard}, {service: S1, priority: standard}]}]
)");
  auto d = DecideOk(rules, R"({"case_id":"c","age":9})");
  CHECK(Services(d) == std::vector<std::string>{"S1/standard"});
  REQUIRE(d.warnings.size() == 1);
  CHECK(d.warnings[0].code == "service_ineligible");
  CHECK(d.warnings[0].detail == "YOUNG");
  CHECK(Services(DecideOk(rules, R"({"case_id":"c","age":5})")).size() == 2);
}

TEST_CASE("conditions on an absent fact do not hold, and their negation does", "[eval]") {
  auto rules = Load(R"(
nodes:
  start:
    hit: collect
    rules:
      - {id: r1, when: {note: [hello, hi]}, refer: [{service: S1, priority: standard}]}
      - {id: r2, when: {not: {note: hello}}, refer: [{service: S2, priority: standard}]}
)");
  CHECK(Services(DecideOk(rules, R"({"case_id":"c","age":9})")) == std::vector<std::string>{"S2/standard"});
  CHECK(Services(DecideOk(rules, R"({"case_id":"c","age":9,"note":"hello"})")) ==
        std::vector<std::string>{"S1/standard"});
  CHECK(Services(DecideOk(rules, R"({"case_id":"c","age":9,"note":"other text"})")) ==
        std::vector<std::string>{"S2/standard"});
}

TEST_CASE("the trace is what the evaluator saw, and never shows a sensitive value", "[eval][trace]") {
  auto rules = Load(R"(
nodes:
  start:
    hit: first
    rules:
      - {id: r1, when: {secret: true, kind: b}, refer: [{service: S1, priority: standard}]}
      - {id: r2, when: {age: 0..10}, refer: [{service: S2, priority: standard}]}
)");
  auto d = DecideOk(rules, R"({"case_id":"c","age":4,"secret":true})");
  REQUIRE(d.trace.size() == 3);  // the scope check, r1, r2
  CHECK(d.trace[0].rule == "scope");
  const auto& r1 = d.trace[1];
  CHECK_FALSE(r1.fired);
  REQUIRE(r1.checks.size() == 2);  // secret held, then kind failed
  CHECK(r1.checks[0].sensitive);
  CHECK(r1.checks[0].actual.empty());
  CHECK(r1.checks[0].test.empty());
  CHECK(r1.checks[1].actual == "a");
  CHECK_FALSE(r1.checks[1].result);
  CHECK(d.trace[2].fired);
  const std::string json = referral::DecisionToJson(d);
  CHECK(json.find("\"secret\"") != std::string::npos);      // the fact is named...
  CHECK(json.find("\"sensitive\":true") != std::string::npos);  // ...but its value is not shown
}

TEST_CASE("every trace level gives the same referrals", "[eval][trace]") {
  auto rules = Load(R"(
nodes:
  start:
    hit: collect
    rules:
      - {id: r1, when: {kind: [a, b]}, refer: [{service: S1, priority: standard}]}
      - {id: r2, when: {flags: {empty: false}}, refer: [{service: DUTY, priority: urgent}]}
)");
  const std::string c = R"({"case_id":"c","age":4,"flags":["z"]})";
  std::vector<std::string> expected;
  for (auto level : {referral::TraceLevel::kFull, referral::TraceLevel::kRules, referral::TraceLevel::kOff}) {
    referral::DecideOptions options;
    options.trace = level;
    auto d = referral::Decide(rules, c, options);
    REQUIRE(d.ok());
    if (expected.empty()) expected = Services(*d);
    CHECK(Services(*d) == expected);
    if (level == referral::TraceLevel::kOff) CHECK(d->trace.empty());
    if (level == referral::TraceLevel::kRules) CHECK(d->trace.size() == 2);
  }
}

TEST_CASE("the same rules and case give byte-identical JSON, whatever the key order", "[eval]") {
  auto rules = Load(R"(
nodes:
  start:
    hit: collect
    rules: [{id: r1, when: {kind: b}, refer: [{service: S1, priority: standard}]}]
)");
  auto a = referral::Decide(rules, R"({"case_id":"c","age":4,"kind":"b"})");
  auto b = referral::Decide(rules, R"({"kind":"b","age":4,"case_id":"c"})");
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(referral::DecisionToJson(*a) == referral::DecisionToJson(*b));
  CHECK(a->ruleset_digest == rules.digest());
  CHECK(a->ruleset_digest.size() == 64);
}

TEST_CASE("a referral's own legal basis replaces the service's and needs human confirmation", "[eval][basis]") {
  auto rules = Load(R"(
nodes:
  start:
    hit: collect
    rules:
      - id: duty_path
        when: {kind: a}
        refer: [{service: S1, priority: standard, legal_basis: public_function_test}]
      - id: consent_path
        when: {kind: b}
        refer: [{service: S1, priority: standard}]
      - id: both
        when: {kind: c}
        refer: [{service: S2, priority: standard}]
      - id: both_again
        when: {kind: c}
        refer: [{service: S2, priority: urgent, legal_basis: legal_duty_other}]
)");
  auto a = DecideOk(rules, R"({"case_id":"b-1","age":5,"kind":"a"})");
  REQUIRE(a.referrals.size() == 1);
  CHECK(a.referrals[0].legal_basis == "public_function_test");
  CHECK(a.referrals[0].requires_human_confirmation);  // policy §10: not consent => a person confirms
  auto b = DecideOk(rules, R"({"case_id":"b-2","age":5,"kind":"b"})");
  REQUIRE(b.referrals.size() == 1);
  CHECK(b.referrals[0].legal_basis == "consent");
  CHECK_FALSE(b.referrals[0].requires_human_confirmation);
  // Merged: the non-consent basis wins over the service's consent.
  auto c = DecideOk(rules, R"({"case_id":"b-3","age":5,"kind":"c"})");
  REQUIRE(c.referrals.size() == 1);
  CHECK(c.referrals[0].legal_basis == "legal_duty_other");
  CHECK(c.referrals[0].requires_human_confirmation);
  CHECK(c.referrals[0].rules == std::vector<std::string>{"both", "both_again"});
}

TEST_CASE("a referral's legal basis must be consent, legal_duty… or public_function…", "[eval][basis][load]") {
  std::vector<referral::Diagnostic> diags;
  auto rules = referral::LoadRulesetFromString(std::string(kHeader) + R"(
nodes:
  start:
    hit: first
    rules:
      - {id: r, refer: [{service: S1, priority: standard, legal_basis: parental_request}]}
)",
                                               "t.yaml", &diags);
  CHECK_FALSE(rules.ok());
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].code == "service.bad_legal_basis");
  CHECK(diags[0].line > 0);
  CHECK_THAT(diags[0].message, Catch::Contains("legal basis `parental_request` must be `consent`"));
}
