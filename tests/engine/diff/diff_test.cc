// The impact of a rule change: exactly the cases the changed rule moves, and
// over the whole space, regions whose example cases really change route.
#include "referral/diff.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "referral/engine.h"
#include "referral/testing.h"
#include "support/paths.h"

namespace fs = std::filesystem;

namespace {

referral::Ruleset Load(const fs::path& p) {
  auto rules = referral::LoadRuleset(p, nullptr);
  REQUIRE(rules.ok());
  return std::move(rules).value();
}

// rules/bogota with Centro Amar limited to children under 180 months.
fs::path ChangedCopy(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("referral-diff-test-" + name) / "bogota";
  fs::remove_all(dir.parent_path());
  fs::create_directories(dir.parent_path());
  fs::copy(referral::testing::SourcePath("rules/bogota"), dir, fs::copy_options::recursive);
  std::string text = referral::testing::ReadText((dir / "oferta_escolar.yaml").string());
  const std::string from = "when: {edad_escolar: true, riesgo_trabajo_infantil: true}";
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), "when: {edad_escolar: true, riesgo_trabajo_infantil: true, age_months: ..179}");
  std::ofstream(dir / "oferta_escolar.yaml", std::ios::trunc) << text;
  return dir;
}

std::string SampleCases() {
  auto tests = referral::LoadTests(referral::FindTestFiles(referral::testing::SourcePath("rules/bogota")), nullptr);
  std::string out;
  for (const auto& t : tests) {
    if (!t.expect.error) out += t.case_json + "\n";  // leave out the cases that must be rejected
  }
  return out;
}

bool Refers(const referral::Decision& d, const std::string& service) {
  return std::any_of(d.referrals.begin(), d.referrals.end(), [&](const auto& r) { return r.service == service; });
}

}  // namespace

TEST_CASE("diff over cases reports exactly the cases the changed rule moves", "[diff]") {
  auto base = Load(referral::testing::SourcePath("rules/bogota"));
  auto head = Load(ChangedCopy("cases"));
  const std::string cases = SampleCases();
  // Expected: the sample cases where the rule fired at 180 months or more.
  std::set<std::string> expected;
  std::istringstream lines(cases);
  for (std::string line; std::getline(lines, line);) {
    auto d = referral::Decide(base, line);
    REQUIRE(d.ok());
    auto& fired = d->fired_rules;
    if (std::find(fired.begin(), fired.end(), "R2.es.centro_amar") == fired.end()) continue;
    if (std::stoi(d->facts[0].second) >= 180) expected.insert(d->case_id);
  }
  REQUIRE_FALSE(expected.empty());
  std::istringstream in(cases);
  auto report = referral::DiffCases(base, head, in);
  CHECK(report.changed == static_cast<long>(expected.size()));
  CHECK(report.rejected == 0);
  std::set<std::string> reported;
  for (const auto& c : report.changes) {
    CHECK_THAT(c.change, Catch::StartsWith("−SDIS_CENTRO_AMAR"));
    reported.insert(c.example_ids.begin(), c.example_ids.end());
  }
  for (const auto& id : reported) CHECK(expected.count(id) == 1);
  REQUIRE(report.rules_fired_less.size() == 1);
  CHECK(report.rules_fired_less[0] == std::make_pair(std::string("R2.es.centro_amar"), static_cast<long>(expected.size())));
}

TEST_CASE("diff over the whole space finds the changed regions, each example really changes", "[diff]") {
  auto base = Load(referral::testing::SourcePath("rules/bogota"));
  auto head = Load(ChangedCopy("space"));
  auto report = referral::DiffSpace(base, head);
  REQUIRE(report.ok());
  CHECK(report->over_space);
  CHECK(report->complete);
  REQUIRE_FALSE(report->changes.empty());
  for (const auto& c : report->changes) {
    INFO(c.change << "\n" << c.example_case);
    CHECK_THAT(c.change, Catch::StartsWith("−SDIS_CENTRO_AMAR"));
    auto b = referral::Decide(base, c.example_case);
    auto h = referral::Decide(head, c.example_case);
    REQUIRE(b.ok());
    REQUIRE(h.ok());
    CHECK(Refers(*b, "SDIS_CENTRO_AMAR"));
    CHECK_FALSE(Refers(*h, "SDIS_CENTRO_AMAR"));
    CHECK(std::stoi(b->facts[0].second) >= 180);
  }
}

TEST_CASE("diff of a rule set with itself changes nothing, and different facts need cases", "[diff]") {
  auto base = Load(referral::testing::SourcePath("rules/example"));
  auto same = referral::DiffSpace(base, base);
  REQUIRE(same.ok());
  CHECK(same->changed == 0);
  auto other = Load(referral::testing::SourcePath("tests/fixtures/analyze/flawed.yaml"));
  auto differ = referral::DiffSpace(base, other);
  REQUIRE_FALSE(differ.ok());
  CHECK(differ.status().code() == "diff.facts_differ");
}

TEST_CASE("rule sets whose facts differ are compared over the facts they share, and the differing facts are named",
          "[diff]") {
  // Seen: `referral diff --base rules/bogota --head rules/soacha` was refused
  // (`diff.facts_differ`) because the overlay had its own facts. Here on
  // rules/example (a small case space; the Bogotá-sized one is the CLI test's):
  // the head has a nationality more, a fact of its own, and the kindergarten
  // urgent.
  const fs::path dir = fs::temp_directory_path() / "referral-diff-test-shared-facts" / "example";
  fs::remove_all(dir.parent_path());
  fs::create_directories(dir.parent_path());
  fs::copy(referral::testing::SourcePath("rules/example"), dir, fs::copy_options::recursive);
  auto rewrite = [&](const char* file, const std::string& from, const std::string& to) {
    std::string text = referral::testing::ReadText((dir / file).string());
    REQUIRE(text.find(from) != std::string::npos);
    text.replace(text.find(from), from.size(), to);
    std::ofstream(dir / file, std::ios::trunc) << text;
  };
  rewrite("ruleset.yaml", "values: [colombian, venezuelan, other, unknown]",
          "values: [colombian, venezuelan, other, unknown, ecuadorian]");
  rewrite("ruleset.yaml", "  school_enrolled: {type: bool, default: true}\n",
          "  school_enrolled: {type: bool, default: true}\n  comuna: {type: enum, values: [uno, dos], default: uno}\n");
  rewrite("nodes.yaml", "refer: [{service: KINDERGARTEN, priority: standard}]",
          "refer: [{service: KINDERGARTEN, priority: urgent}]");
  auto base = Load(referral::testing::SourcePath("rules/example"));
  auto head = Load(dir);
  CHECK(referral::DiffSpace(base, head).status().code() == "diff.facts_differ");  // the exact one still needs them

  referral::FactDifferences differences;
  auto report = referral::DiffSharedSpace(base, head, &differences);
  CHECK(differences.only_in_base.empty());
  CHECK(differences.only_in_head == std::vector<std::string>{"comuna"});
  CHECK(differences.changed == std::vector<std::string>{"nationality"});
  CHECK(report.over_space);
  CHECK(report.complete);
  CHECK(report.rejected == 0);
  // Only the kindergarten's priority: the added fact and value change nothing.
  REQUIRE(report.changes.size() == 1);
  CHECK(report.changes[0].change == "KINDERGARTEN: standard→urgent");
  CHECK(report.changed == report.changes[0].count);
  // The example is the head's case, and shows the change.
  const std::string& example = report.changes[0].example_case;
  CHECK(example.find("\"comuna\"") != std::string::npos);
  auto h = referral::Decide(head, example);
  REQUIRE(h.ok());
  REQUIRE(Refers(*h, "KINDERGARTEN"));
  CHECK(h->referrals[0].priority == "urgent");

  // The same facts: the exact comparison, as DiffSpace gives it.
  const fs::path same = dir.parent_path() / "same";
  fs::copy(referral::testing::SourcePath("rules/example"), same, fs::copy_options::recursive);
  std::string nodes = referral::testing::ReadText((same / "nodes.yaml").string());
  nodes.replace(nodes.find("priority: standard}]"), 20, "priority: urgent}]");
  std::ofstream(same / "nodes.yaml", std::ios::trunc) << nodes;
  auto exact = referral::DiffSpace(base, Load(same));
  REQUIRE(exact.ok());
  referral::FactDifferences none;
  auto shared = referral::DiffSharedSpace(base, Load(same), &none);
  CHECK_FALSE(none.any());
  CHECK(shared.changed == exact->changed);
  REQUIRE(shared.changes.size() == exact->changes.size());
  for (size_t i = 0; i < shared.changes.size(); ++i) CHECK(shared.changes[i].change == exact->changes[i].change);
}
