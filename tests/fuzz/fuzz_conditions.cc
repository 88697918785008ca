// libFuzzer: the short-form condition parser (engine/load/conditions.cc has
// no entry of its own), through a small rule set whose one rule's `when:` is
// the input, on one line, over facts of every type. A rule set that loads is
// decided on a few cases.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "referral/engine.h"
#include "referral/ruleset.h"

namespace {

constexpr const char* kHead = R"(ruleset:
  id: fuzz
  version: "1"
  effective_date: 2026-01-01
  title: {es: Fuzz, en: Fuzz}
  language: en
  entry: n0
  priorities: [{id: high, timeframe: 1_hour}, {id: low, timeframe: 3_days}]
  fallback: {reason: none, follow_up: false}
facts:
  b: {type: bool, default: false}
  i: {type: int, min: -10, max: 100, default: null}
  e: {type: enum, values: [x, y, z], default: x}
  s: {type: set, values: [p, q, r], default: []}
  t: {type: string, default: null}
  d: {type: date, default: null}
predicates:
  big: {i: 50..}
services:
  A: {name: {es: A, en: A}, legal_basis: consent}
  B: {name: {es: B, en: B}, legal_basis: consent, eligibility: {b: false}}
nodes:
  n0:
    hit: collect
    rules:
      - id: r1
        when: )";

constexpr const char* kTail = R"(
        refer: [{service: A, priority: high}]
        next: [n1]
      - id: r2
        refer: [{service: B, priority: low}]
  n1:
    hit: first
    rules:
      - {id: r3, outcome: no_referral, reason: done}
)";

const char* kCases[] = {
    R"({"case_id": "c1"})",
    R"({"case_id": "c2", "b": true, "i": 60, "e": "y", "s": ["p", "r"], "t": "hello", "d": "2026-02-03"})",
    R"({"case_id": "c3", "i": -10, "e": "z", "s": ["q"], "t": "", "d": "1999-12-31"})",
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;
  std::string when(reinterpret_cast<const char*>(data), size);
  for (char& c : when) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  std::string yaml = std::string(kHead) + when + kTail;
  std::vector<referral::Diagnostic> diags;
  auto rules = referral::LoadRulesetFromString(yaml, "conditions.yaml", &diags);
  if (!rules.ok()) {
    if (diags.empty()) __builtin_trap();
    return 0;
  }
  for (const char* c : kCases) {
    for (auto level : {referral::TraceLevel::kOff, referral::TraceLevel::kFull}) {
      referral::DecideOptions options;
      options.trace = level;
      auto d = referral::Decide(*rules, c, options);
      if (!d.ok() && d.status().code() != "eval.unique_violation") __builtin_trap();
    }
  }
  return 0;
}
