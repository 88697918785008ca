// The limits of LoadLimits (docs/limits.md): hostile rule files are refused
// quickly with a stable code and a help saying how to raise the limit, never
// with a stack overflow or a runaway allocation.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "referral/engine.h"
#include "referral/ruleset.h"
#include "support/paths.h"

using referral::Diagnostic;
using referral::LoadOptions;
using referral::testing::ReadText;
using referral::testing::SourcePath;

namespace {

// The codes of the errors of loading `yaml` with `options`.
std::vector<Diagnostic> Errors(const std::string& yaml, const LoadOptions& options = {}) {
  std::vector<Diagnostic> diags;
  auto rules = referral::LoadRulesetFromString(yaml, "limits.yaml", &diags, options);
  REQUIRE_FALSE(rules.ok());
  return diags;
}

bool Has(const std::vector<Diagnostic>& diags, const std::string& code) {
  for (const auto& d : diags) {
    if (d.code == code) {
      CHECK(d.help.find("--limit") != std::string::npos);  // says how to raise it
      return true;
    }
  }
  return false;
}

// A valid rule set with `n` facts, services, nodes (a chain) and rules, and a
// chain of `predicates` predicates each using the next.
std::string Sized(int n, int predicates = 0) {
  std::string y =
      "ruleset:\n  id: sized\n  version: \"1\"\n  effective_date: 2026-01-01\n  title: T\n  language: en\n"
      "  entry: n0\n  priorities: [{id: p, timeframe: t}]\n  fallback: {reason: none}\nfacts:\n";
  for (int i = 0; i < n; ++i) y += "  f" + std::to_string(i) + ": {type: bool, default: false}\n";
  if (predicates > 0) {
    y += "predicates:\n";
    for (int i = 0; i < predicates; ++i) {
      y += "  q" + std::to_string(i) + ": " +
           (i + 1 < predicates ? "{q" + std::to_string(i + 1) + ": true}" : std::string("{f0: true}")) + "\n";
    }
  }
  y += "services:\n";
  for (int i = 0; i < n; ++i) y += "  S" + std::to_string(i) + ": {name: S, legal_basis: consent}\n";
  y += "nodes:\n";
  for (int i = 0; i < n; ++i) {
    y += "  n" + std::to_string(i) + ":\n    hit: collect\n    rules:\n";
    y += "      - id: r" + std::to_string(i) + "\n        when: {" + (predicates > 0 && i == 0 ? "q0" : "f" + std::to_string(i)) +
         ": true}\n        refer: [{service: S" + std::to_string(i) + ", priority: p}]\n";
    if (i + 1 < n) y += "        next: [n" + std::to_string(i + 1) + "]\n";
  }
  return y;
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

TEST_CASE("a rule file nesting 100000 flow levels deep is refused quickly without a stack overflow", "[limits]") {
  auto start = std::chrono::steady_clock::now();
  auto diags = Errors("ruleset: " + std::string(100000, '[') + std::string(100000, ']') + "\n");
  CHECK(Has(diags, "limit.yaml_depth"));
  CHECK(diags[0].line == 1);
  CHECK(Seconds(start) < 2.0);
}

TEST_CASE("a rule file nesting 100000 block sequences deep is refused quickly", "[limits]") {
  std::string y = "ruleset:\n";
  for (int i = 0; i < 100000; ++i) y += "- ";
  y += "x\n";
  auto start = std::chrono::steady_clock::now();
  CHECK(Has(Errors(y), "limit.yaml_depth"));
  std::string z;  // and by indentation: a mapping in a mapping in ...
  for (int i = 0; i < 2000; ++i) z += std::string(i, ' ') + "k" + std::to_string(i) + ":\n";
  CHECK(Has(Errors(z), "limit.yaml_depth"));
  CHECK(Seconds(start) < 2.0);
}

TEST_CASE("a billion-laughs rule file is refused quickly", "[limits]") {
  const std::string text = ReadText(SourcePath("tests/fixtures/limits/billion_laughs.yaml"));
  auto start = std::chrono::steady_clock::now();
  CHECK(Has(Errors(text), "limit.yaml_nodes"));
  CHECK(Seconds(start) < 2.0);
  CHECK(Has(Errors(ReadText(SourcePath("tests/fixtures/limits/many_aliases.yaml"))), "limit.yaml_aliases"));
  LoadOptions more;
  more.limits.max_yaml_aliases = 1000;  // raised, the same file gets as far as its real errors
  CHECK_FALSE(Has(Errors(ReadText(SourcePath("tests/fixtures/limits/many_aliases.yaml")), more), "limit.yaml_aliases"));
}

TEST_CASE("a rule file over the size limit is refused before it is parsed", "[limits]") {
  LoadOptions small;
  small.limits.max_file_bytes = 100;
  auto diags = Errors(Sized(3), small);
  REQUIRE(diags.size() == 1);
  CHECK(Has(diags, "file.too_large"));
}

TEST_CASE("counts of facts, predicates, services, nodes and rules have limits", "[limits]") {
  std::vector<Diagnostic> diags;
  REQUIRE(referral::LoadRulesetFromString(Sized(5, 3), "ok.yaml", &diags).ok());
  struct Row {
    const char* code;
    size_t referral::LoadLimits::*limit;
  };
  for (const Row& row : {Row{"limit.facts", &referral::LoadLimits::max_facts},
                         Row{"limit.services", &referral::LoadLimits::max_services},
                         Row{"limit.nodes", &referral::LoadLimits::max_nodes},
                         Row{"limit.rules", &referral::LoadLimits::max_rules},
                         Row{"limit.predicates", &referral::LoadLimits::max_predicates}}) {
    INFO(row.code);
    LoadOptions options;
    options.limits.*row.limit = 2;
    CHECK(Has(Errors(Sized(5, 3), options), row.code));
  }
}

TEST_CASE("a chain of predicates deeper than the condition depth limit is refused", "[limits]") {
  auto diags = Errors(Sized(2, 200));
  CHECK(Has(diags, "limit.condition_depth"));
  LoadOptions deeper;
  deeper.limits.max_condition_depth = 1000;
  std::vector<Diagnostic> ok;
  CHECK(referral::LoadRulesetFromString(Sized(2, 200), "deep.yaml", &ok, deeper).ok());
}

TEST_CASE("the real rule sets load within the default limits", "[limits]") {
  for (const char* dir : {"rules/bogota", "rules/example"}) {
    std::vector<Diagnostic> diags;
    CHECK(referral::LoadRuleset(SourcePath(dir), &diags).ok());
  }
}

TEST_CASE("SetLimit sets each limit docs/limits.md names, and refuses unknown names and zero", "[limits]") {
  referral::LoadLimits load;
  referral::CaseLimits cases;
  CHECK(referral::SetLimit("rules", 3, &load, &cases));
  CHECK(load.max_rules == 3);
  CHECK(referral::SetLimit("yaml_depth", 5'000'000, &load, &cases));
  CHECK(load.max_yaml_depth == 100000);  // capped: deeper would overflow the stack anyway
  CHECK(referral::SetLimit("case_bytes", 10, &load, &cases));
  CHECK(cases.max_case_bytes == 10);
  CHECK(referral::SetLimit("case_depth", 4, &load, &cases));
  CHECK(cases.max_case_depth == 4);

  const referral::LoadLimits before = load;
  CHECK_FALSE(referral::SetLimit("rule", 3, &load, &cases));
  CHECK_FALSE(referral::SetLimit("files", 0, &load, &cases));
  CHECK(load.max_rules == before.max_rules);
  CHECK(load.max_files == before.max_files);

  // Every name in the list is one SetLimit knows, and the docs list each.
  const std::string docs = ReadText(SourcePath("docs/limits.md"));
  std::string names = referral::LimitNames();
  names += ", ";
  for (size_t at = 0, comma; (comma = names.find(", ", at)) != std::string::npos; at = comma + 2) {
    const std::string name = names.substr(at, comma - at);
    INFO(name);
    CHECK(referral::SetLimit(name, 7, &load, &cases));
    CHECK(docs.find("`" + name + "`") != std::string::npos);
  }
}
