// The compiled rule matching (eval/program.h) against the condition-by-
// condition evaluation the full trace does: same fired rules, referrals,
// outcome and warnings, on every shipped sample case and on random cases of a
// rule set that uses every kind of test.
#include <catch2/catch.hpp>

#include <random>

#include "eval/program.h"
#include "referral/engine.h"
#include "referral/testing.h"
#include "support/paths.h"

using referral::Decide;
using referral::Decision;
using referral::TraceLevel;

namespace {

constexpr const char* kEveryTest = R"(
ruleset:
  id: every-test
  version: "1"
  language: en
  entry: start
  priorities: [{id: urgent}, {id: standard}]
  fallback: {reason: nothing, follow_up: true}
facts:
  age: {type: int, min: 0, max: 30, default: null}
  kind: {type: enum, values: [a, b, c, d], default: null}
  flags: {type: set, values: [x, y, z], default: []}
  note: {type: string, default: null}
  flag: {type: bool, default: null}
  day: {type: date, default: null}
predicates:
  young: {age: ..5}
  ab: {kind: [a, b]}
services:
  S1: {name: One, legal_basis: consent}
  S2: {name: Two, legal_basis: consent}
  S3: {name: Three, legal_basis: consent, eligibility: {age: 3..}}
nodes:
  start:
    hit: collect
    rules:
      - {id: r1, when: {age: 3..10, kind: a}, refer: [{service: S1, priority: standard}], next: [first]}
      - {id: r2, when: {kind: {not: [a, b]}}, refer: [{service: S2, priority: urgent}], next: [first]}
      - {id: r3, when: {young: true, flag: true}, refer: [{service: S3, priority: standard}], next: [uniq]}
      - {id: r4, when: {any: [{age: 20..}, {note: hello}]}, refer: [{service: S1, priority: urgent}], next: [uniq]}
      - {id: r5, when: {not: {all: [{flag: false}, {ab: true}]}}, warn: [w5], next: [uniq]}
      - {id: r6, when: {flags: [x, y], age: {">": 7}}, refer: [{service: S2, priority: standard}]}
      - {id: r7, when: {note: {not: bye}, day: 2026-01-01..2026-06-30}, refer: [{service: S3, priority: urgent}]}
      - {id: r8, when: {ab: false, young: false}, next: [first]}
  first:
    hit: first
    rules:
      - {id: f1, when: {flags: {empty: true}}, refer: [{service: S1, priority: standard}]}
      - {id: f2, when: {age: [1, 2, 29]}, refer: [{service: S2, priority: standard}]}
      - {id: f3, outcome: no_referral, reason: none_first}
  uniq:
    hit: unique
    rules:
      - {id: u1, when: {kind: c}, refer: [{service: S1, priority: standard}]}
      - {id: u2, when: {kind: d}, refer: [{service: S2, priority: standard}]}
)";

struct Seen {
  std::string outcome, reason;
  std::vector<std::string> fired, path, warnings;
  std::vector<std::pair<std::string, std::string>> referrals;
  std::string error;
  bool operator==(const Seen& o) const {
    return outcome == o.outcome && reason == o.reason && fired == o.fired && path == o.path &&
           warnings == o.warnings && referrals == o.referrals && error == o.error;
  }
};

Seen See(const referral::Ruleset& rules, const std::string& text, TraceLevel level) {
  Seen s;
  auto d = Decide(rules, text, {level, referral::CaseFormat::kJson});
  if (!d.ok()) {
    s.error = d.status().code() + ": " + d.status().message();
    return s;
  }
  s.outcome = referral::OutcomeName(d->outcome);
  s.reason = d->reason;
  s.fired = d->fired_rules;
  s.path = d->path;
  for (const auto& w : d->warnings) s.warnings.push_back(w.code + "/" + w.detail);
  for (const auto& r : d->referrals) s.referrals.emplace_back(r.service, r.priority);
  return s;
}

void ExpectSameAtEveryLevel(const referral::Ruleset& rules, const std::string& text) {
  INFO(text);
  const Seen full = See(rules, text, TraceLevel::kFull);
  CHECK(See(rules, text, TraceLevel::kOff) == full);
  CHECK(See(rules, text, TraceLevel::kRules) == full);
}

}  // namespace

TEST_CASE("compiled matching equals condition-by-condition evaluation on random cases", "[eval][program]") {
  std::vector<referral::Diagnostic> diags;
  auto rules = referral::LoadRulesetFromString(kEveryTest, "every-test.yaml", &diags);
  for (const auto& d : diags) INFO(referral::FormatDiagnostic(d));
  REQUIRE(rules.ok());
  std::mt19937 rng(42);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const char* kinds[] = {"a", "b", "c", "d"};
  const char* notes[] = {"hello", "bye", "other"};
  const char* days[] = {"2025-12-31", "2026-01-01", "2026-06-30", "2026-07-01"};
  int unique_violations = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string c = "{\"case_id\": \"r" + std::to_string(i) + "\"";
    if (pick(5)) c += ", \"age\": " + std::to_string(pick(31));
    if (pick(5)) c += std::string(", \"kind\": \"") + kinds[pick(4)] + "\"";
    if (pick(2)) c += std::string(", \"flags\": [") + (pick(2) ? "\"x\"" : "\"z\"") + (pick(2) ? ", \"y\"" : "") + "]";
    if (pick(3)) c += std::string(", \"note\": \"") + notes[pick(3)] + "\"";
    if (pick(4)) c += std::string(", \"flag\": ") + (pick(2) ? "true" : "false");
    if (pick(2)) c += std::string(", \"day\": \"") + days[pick(4)] + "\"";
    c += "}";
    ExpectSameAtEveryLevel(*rules, c);
    unique_violations += See(*rules, c, TraceLevel::kOff).error.rfind("eval.unique_violation", 0) == 0;
  }
  CHECK(unique_violations == 0);  // u1 and u2 cannot both hold: kind is one value
}

TEST_CASE("compiled matching equals condition-by-condition evaluation on every shipped sample case",
          "[eval][program]") {
  for (const char* name : {"rules/bogota", "rules/example"}) {
    std::vector<referral::Diagnostic> diags;
    auto rules = referral::LoadRuleset(referral::testing::SourcePath(name), &diags);
    REQUIRE(rules.ok());
    auto tests = referral::LoadTests(referral::FindTestFiles(referral::testing::SourcePath(name)), &diags);
    REQUIRE(tests.size() > 5);
    for (const auto& t : tests) ExpectSameAtEveryLevel(*rules, t.case_json);
  }
}

TEST_CASE("a node of 1,000 locality x age-band rules compiles to a few columns, no residual", "[eval][program]") {
  std::string yaml = R"(
ruleset: {id: big, version: "1", language: en, entry: n, priorities: [{id: p}], fallback: {reason: none}}
facts:
  locality: {type: enum, values: [l0, l1, l2, l3, l4, l5, l6, l7, l8, l9], required: true}
  age: {type: int, min: 0, max: 17, required: true}
  channel: {type: enum, values: [c0, c1, c2, c3], required: true}
services: {S: {name: S, legal_basis: consent}}
nodes:
  n:
    hit: collect
    rules:
)";
  for (int j = 0; j < 1000; ++j) {
    yaml += "      - {id: s" + std::to_string(j) + ", when: {locality: l" + std::to_string(j % 10) + ", age: " +
            std::to_string(j / 10 % 5 * 3) + ".." + std::to_string(j / 10 % 5 * 3 + 2) + ", channel: c" +
            std::to_string(j / 50 % 4) + "}, refer: [{service: S, priority: p}]}\n";
  }
  std::vector<referral::Diagnostic> diags;
  auto rules = referral::LoadRulesetFromString(yaml, "big.yaml", &diags);
  REQUIRE(rules.ok());
  const auto& program = *referral::internal::ModelOf(*rules).program;
  const auto& node = program.nodes[0];
  CHECK(node.words == 16);
  CHECK(node.columns.size() == 3);  // locality, age, channel
  CHECK(node.residual.empty());
  for (int age : {0, 2, 3, 14, 15, 17}) {
    ExpectSameAtEveryLevel(*rules, "{\"case_id\": \"x\", \"locality\": \"l3\", \"age\": " + std::to_string(age) +
                                       ", \"channel\": \"c2\"}");
  }
}
