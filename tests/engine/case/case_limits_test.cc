// The limits of CaseLimits (docs/limits.md): a case nesting 100000 levels deep
// or over the size limit is refused before parsing, as JSON and as YAML.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "referral/engine.h"
#include "support/paths.h"

using referral::testing::SourcePath;

namespace {

const referral::Ruleset& Bogota() {
  static const referral::Ruleset rules = [] {
    std::vector<referral::Diagnostic> diags;
    auto r = referral::LoadRuleset(SourcePath("rules/bogota"), &diags);
    REQUIRE(r.ok());
    return std::move(r).value();
  }();
  return rules;
}

}  // namespace

TEST_CASE("a case nesting 100000 arrays deep is refused with limit.case_depth", "[limits][case]") {
  auto start = std::chrono::steady_clock::now();
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  for (const std::string& text : {deep, "{\"case_id\": \"x\", \"nationality\": " + deep + "}",
                                  std::string(100000, '[')}) {
    auto d = referral::Decide(Bogota(), text);
    REQUIRE_FALSE(d.ok());
    CHECK(d.status().code() == "limit.case_depth");
    CHECK(d.status().message().find("--limit case_depth=") != std::string::npos);
    CHECK(referral::PeekCaseId(text, referral::CaseFormat::kJson).empty());
  }
  referral::DecideOptions yaml;
  yaml.format = referral::CaseFormat::kYaml;
  auto d = referral::Decide(Bogota(), "case_id: x\nnationality: " + deep + "\n", yaml);
  REQUIRE_FALSE(d.ok());
  CHECK(d.status().code() == "limit.case_depth");
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < 2.0);
}

TEST_CASE("a case over the size limit is refused with limit.case_size", "[limits][case]") {
  referral::DecideOptions options;
  options.limits.max_case_bytes = 64;
  auto d = referral::Decide(Bogota(), "{\"case_id\": \"" + std::string(100, 'x') + "\"}", options);
  REQUIRE_FALSE(d.ok());
  CHECK(d.status().code() == "limit.case_size");
  CHECK(d.status().message().find("max_case_bytes") != std::string::npos);
}

TEST_CASE("a YAML case whose aliases expand to a huge tree is refused", "[limits][case]") {
  std::string y = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 7; ++i) {  // 60 aliases (the limit is 64) for 10^7 nodes
    y += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) y += std::string(k ? ", " : "") + "*a" + std::to_string(i - 1);
    y += "]\n";
  }
  referral::DecideOptions yaml;
  yaml.format = referral::CaseFormat::kYaml;
  auto start = std::chrono::steady_clock::now();
  auto d = referral::Decide(Bogota(), y, yaml);
  REQUIRE_FALSE(d.ok());
  CHECK(d.status().code() == "case.bad_yaml");
  // Refused by the node budget (at most max_yaml_nodes are converted), not by
  // running out of something else. The time bound only catches a return to
  // expanding all 10^7 nodes; it is loose because the sanitizer build on a
  // busy 2-core machine took 5.8 s where a plain build takes well under one.
  CHECK_THAT(d.status().message(), Catch::Contains("too many nodes once aliases are expanded"));
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < 30.0);
}
