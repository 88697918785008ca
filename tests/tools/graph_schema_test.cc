// End-to-end: `referral graph` (DOT, Mermaid, SVG through Graphviz, and the
// message when Graphviz is missing) and `referral schema` (exactly the files in
// docs/schema/, valid JSON).
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "support/paths.h"
#include "support/process.h"

using referral::testing::ReadText;
using referral::testing::RunReferral;
using referral::testing::SourcePath;

namespace {

namespace fs = std::filesystem;

const char* kToddler =
    R"({"case_id": "g-1", "evaluation_date": "2026-03-01", "age_documented": true, "birth_date": "2023-01-10",
        "category": "own_begging", "consent": "accepts", "health_affiliation": "contributory"})";

bool DotOnPath() {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    const std::string candidate = dirs.substr(start, end - start) + "/dot";
    if (access(candidate.c_str(), X_OK) == 0) return true;
    start = end + 1;
  }
  return false;
}

// Sets PATH for the programs this test starts; restores it on scope exit.
class ScopedPath {
 public:
  explicit ScopedPath(const std::string& value) {
    if (const char* old = std::getenv("PATH")) saved_ = old;
    setenv("PATH", value.c_str(), 1);
  }
  ~ScopedPath() {
    if (saved_) setenv("PATH", saved_->c_str(), 1);
    else unsetenv("PATH");
  }

 private:
  std::optional<std::string> saved_;
};

fs::path TempDir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("referral-graph-test-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("graph prints the Bogotá routing graph as DOT by default", "[cli][graph]") {
  auto r = RunReferral({"graph"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::StartsWith("digraph \"bogota\" {"));
  CHECK_THAT(r.out, Catch::Contains("\"n:triaje\" [label=\"triaje\\nhit: first\""));
  CHECK_THAT(r.out, Catch::Contains("\"n:triaje\" -> \"n:proteccion\" [label=\"R1.deber_de_proteccion\"]"));
  CHECK_THAT(r.out, Catch::Contains("\"s:ICBF_PARD\""));
  CHECK_THAT(r.out, Catch::Contains("subgraph cluster_legend") && Catch::Contains("Leyenda"));  // rules in Spanish
  auto en = RunReferral({"graph", "rules/bogota", "--lang", "en"});
  CHECK_THAT(en.out, Catch::Contains("label=\"Legend\""));
}

TEST_CASE("graph --format mermaid prints a flowchart, and --highlight draws a case's path", "[cli][graph]") {
  auto plain = RunReferral({"graph", "rules/example", "--format", "mermaid"});
  INFO(plain.err);
  REQUIRE(plain.exit_code == 0);
  CHECK_THAT(plain.out, Catch::StartsWith("flowchart LR\n"));
  CHECK_THAT(plain.out, Catch::Contains("n_offer -->|\"O1.kindergarten\"| s_KINDERGARTEN"));
  CHECK(plain.out.find("linkStyle") == std::string::npos);

  auto hot = RunReferral({"graph", "rules/example", "--format", "mermaid", "--highlight", "-"}, kToddler);
  INFO(hot.err);
  REQUIRE(hot.exit_code == 0);
  CHECK_THAT(hot.out, Catch::Contains("class n_triage,n_consent,n_offer,n_gaps,s_KINDERGARTEN on_path"));
  CHECK_THAT(hot.out, Catch::Contains("linkStyle "));

  auto dot = RunReferral({"graph", "rules/example", "--highlight", "-"}, kToddler);
  REQUIRE(dot.exit_code == 0);
  CHECK_THAT(dot.out, Catch::Contains("\"n:offer\" -> \"s:KINDERGARTEN\" [label=\"O1.kindergarten\", color=\"#cc0000\""));
}

TEST_CASE("graph --output writes the file and nothing to standard output", "[cli][graph]") {
  const fs::path file = TempDir("output") / "example.mmd";
  auto r = RunReferral({"graph", "rules/example", "--format", "mermaid", "--output", file.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.empty());
  CHECK(ReadText(file.string()) == RunReferral({"graph", "rules/example", "--format", "mermaid"}).out);
}

TEST_CASE("graph --format svg pipes DOT through Graphviz's dot", "[cli][graph]") {
  if (!DotOnPath()) {
    WARN("Graphviz's `dot` is not on PATH (Debian package graphviz): SVG output not tested here");
    return;
  }
  auto r = RunReferral({"graph", "rules/example", "--format", "svg", "--highlight", "-"}, kToddler);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::StartsWith("<?xml"));
  CHECK_THAT(r.out, Catch::Contains("<svg") && Catch::Contains("</svg>"));
  CHECK_THAT(r.out, Catch::Contains("KINDERGARTEN") && Catch::Contains("O1.kindergarten"));
  CHECK_THAT(r.out, Catch::Contains("class=\"node on_path\""));  // the highlight survives into the SVG
}

TEST_CASE("graph --format svg without Graphviz says to install the graphviz package and exits 1", "[cli][graph]") {
  const fs::path empty = TempDir("no-dot");
  ScopedPath path(empty.string());
  auto r = RunReferral({"graph", "rules/example", "--format", "svg"});
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, Catch::Contains("`dot`") && Catch::Contains("not on PATH"));
  CHECK_THAT(r.err, Catch::Contains("Debian package `graphviz`") && Catch::Contains("apt-get install graphviz"));
  // Said in the rule set's language: Bogotá's is Spanish.
  auto es = RunReferral({"graph", "rules/bogota", "--format", "svg"});
  CHECK(es.exit_code == 1);
  CHECK_THAT(es.err, Catch::Contains("no está en el PATH") && Catch::Contains("apt-get install graphviz"));
  // DOT and Mermaid need nothing outside the program.
  CHECK(RunReferral({"graph", "rules/example"}).exit_code == 0);
}

TEST_CASE("graph fails cleanly on invalid rules, a rejected case and a bad format", "[cli][graph]") {
  auto invalid = RunReferral({"graph", "tests/fixtures/broken_rules/31_bad_hit_policy.yaml"});
  CHECK(invalid.exit_code == 3);
  CHECK_THAT(invalid.err, Catch::Contains("node.bad_hit"));
  auto rejected = RunReferral({"graph", "rules/example", "--highlight", "-"}, R"({"case_id": "x", "colour": 1})");
  CHECK(rejected.exit_code == 1);
  CHECK_THAT(rejected.err, Catch::Contains("the case was rejected"));
  CHECK(RunReferral({"graph", "rules/example", "--format", "png"}).exit_code == 2);
  CHECK(RunReferral({"graph", "rules/example", "--highlight", "no/such/case.json"}).exit_code == 1);
}

TEST_CASE("schema prints docs/schema/rules.schema.json exactly, as valid JSON", "[cli][schema]") {
  auto r = RunReferral({"schema"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out == ReadText(SourcePath("docs/schema/rules.schema.json")));
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["$schema"] == "http://json-schema.org/draft-07/schema#");
  CHECK(j["additionalProperties"] == false);
  for (const char* section : {"ruleset", "facts", "predicates", "services", "nodes"}) {
    CHECK(j["properties"].contains(section));
  }
}

TEST_CASE("schema --tests prints docs/schema/tests.schema.json exactly, as valid JSON", "[cli][schema]") {
  auto r = RunReferral({"schema", "--tests"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out == ReadText(SourcePath("docs/schema/tests.schema.json")));
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["properties"].contains("tests"));
}

TEST_CASE("schema --explain prints docs/schema/explain.schema.json exactly, one contract at a time",
          "[cli][schema]") {
  auto r = RunReferral({"schema", "--explain"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out == ReadText(SourcePath("docs/schema/explain.schema.json")));
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["$id"] == "urn:referral:explain:v1");
  CHECK(j["definitions"].contains("explanation"));
  CHECK(j["definitions"].contains("why_not"));
  auto both = RunReferral({"schema", "--explain", "--decision"});
  CHECK(both.exit_code == 2);
  CHECK_THAT(both.err, Catch::Contains("give at most one of --tests, --decision, --record, --explain, --openapi, --case"));
}
