// Overlays (engine/load/compose.cc): the fixtures under tests/fixtures/overlays/
// extend `base/`. A broken overlay is rejected with one located error in the
// overlay's own file; a valid one merges every kind of change, and its digest
// covers the base's files and its own.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "model/model.h"
#include "referral/engine.h"
#include "referral/ruleset.h"
#include "support/paths.h"

namespace referral {
namespace {

using testing::SourcePath;

const std::string kDir = "tests/fixtures/overlays/";

struct BrokenOverlay {
  const char* fixture;
  const char* code;
  int line;
  int column;
  const char* message;  // a substring of the English message
  const char* suggest;
};

// clang-format off
const BrokenOverlay kBroken[] = {
  {"unknown_base", "overlay.unknown_base", 2, 12, "base rule set `../bsae` does not exist", "../base"},
  {"escaping_path", "overlay.escapes_root", 3, 12, "`extends: ../../broken_rules/two_headers` leaves the rules root", ""},
  {"removed_service_referenced", "overlay.removed_service_referenced", 7, 14,
   "service `CENTRE` cannot be removed: rule `T3` (" , ""},
  {"unknown_rule", "overlay.unknown_rule", 10, 13, "rule `T4` is not a rule of the base's node `triage`", "T1"},
  {"redefines_without_override", "overlay.redefines", 7, 3,
   "service `CENTRE` is already defined by the base rule set (", ""},
  {"overlapping_versions", "rule.overlapping_versions", 14, 13,
   "rule `T3` in force 2026-06-01.. overlaps its version in force ..2026-06-30", ""},
};
// clang-format on

std::vector<Diagnostic> Errors(const std::vector<Diagnostic>& diags) {
  std::vector<Diagnostic> out;
  for (const auto& d : diags) {
    if (d.severity == Severity::kError) out.push_back(d);
  }
  return out;
}

TEST_CASE("a broken overlay is rejected with one error at the overlay's file and line", "[load][compose]") {
  for (const BrokenOverlay& row : kBroken) {
    DYNAMIC_SECTION(row.fixture) {
      const std::string dir = SourcePath(kDir + row.fixture);
      std::vector<Diagnostic> diags;
      auto rules = LoadRuleset(dir, &diags);
      REQUIRE_FALSE(rules.ok());
      const auto errors = Errors(diags);
      std::string all;
      for (const auto& d : diags) all += "\n  " + FormatDiagnostic(d);
      INFO("diagnostics:" << all);
      REQUIRE(errors.size() == 1);
      CHECK(errors[0].code == row.code);
      CHECK(errors[0].file == dir + "/ruleset.yaml");
      CHECK(errors[0].line == row.line);
      CHECK(errors[0].column == row.column);
      CHECK_THAT(errors[0].message, Catch::Contains(row.message));
      CHECK(errors[0].help == (*row.suggest ? std::string("did you mean `") + row.suggest + "`?" : ""));
    }
  }
}

TEST_CASE("an overlay held in memory cannot extend a base", "[load][compose]") {
  std::vector<Diagnostic> diags;
  auto rules = LoadRulesetFromString("ruleset: {extends: ../base, id: x, version: '1'}\n", "mem.yaml", &diags);
  REQUIRE_FALSE(rules.ok());
  REQUIRE(Errors(diags).size() == 1);
  CHECK(Errors(diags)[0].code == "overlay.no_folder");
}

TEST_CASE("override keys outside an overlay are errors", "[load][compose]") {
  std::vector<Diagnostic> diags;
  auto rules = LoadRulesetFromString(R"(
ruleset: {id: x, version: '1', entry: n, priorities: [{id: p}], fallback: {reason: r}}
facts: {a: {type: bool, default: false}}
services: {S: {name: S, legal_basis: consent, override: update}}
nodes: {n: {hit: first, rules: [{id: R, refer: [{service: S, priority: p}]}]}}
)",
                                     "plain.yaml", &diags);
  REQUIRE_FALSE(rules.ok());
  REQUIRE(Errors(diags).size() == 1);
  CHECK(Errors(diags)[0].code == "overlay.without_base");
  CHECK(Errors(diags)[0].line == 4);
}

const std::string kYoung = R"({"case_id":"c","evaluation_date":"2026-03-01","age_months":65,"category":"rights_violation","area":"east"})";

TEST_CASE("a valid overlay adds, replaces, updates and removes", "[load][compose]") {
  std::vector<Diagnostic> diags;
  auto rules = LoadRuleset(SourcePath(kDir + "ok_overlay"), &diags);
  INFO(diags.size());
  REQUIRE(rules.ok());
  const internal::Model& m = referral::internal::ModelOf(*rules);
  CHECK(rules->id() == "ok-overlay");
  CHECK(rules->language() == Lang::kEn);  // kept from the base header
  CHECK(m.FindService("ICBF_PARD") < 0);   // removed
  REQUIRE(m.FindService("SHELTER") >= 0);  // added
  CHECK(m.services[m.FindService("KINDERGARTEN")].name.Get(Lang::kEn) == "Community kindergarten");
  CHECK(m.services[m.FindService("KINDERGARTEN")].local);  // kept from the base by `update`
  // Rules: T1 removed, T2 replaced in place, O1 before T3.
  std::vector<std::string> ids;
  for (int r : m.nodes[m.entry].rules) ids.push_back(m.rules[r].id);
  CHECK(ids == std::vector<std::string>{"T2", "O1", "T3"});
  for (int r : m.nodes[m.entry].rules) {
    const auto& rule = m.rules[r];
    CHECK(rule.source == (rule.id == "T3" ? "base/ruleset.yaml:43" : rule.id == "T2" ? "ok_overlay/ruleset.yaml:28"
                                                                                  : "ok_overlay/ruleset.yaml:32"));
  }
  // Enum value added; the 65-month-old reaches the replaced T2 (..71) with the new area's office.
  auto d = Decide(*rules, kYoung);
  REQUIRE(d.ok());
  REQUIRE(d->referrals.size() == 1);
  CHECK(d->referrals[0].service == "KINDERGARTEN");
  CHECK(d->referrals[0].office.id == "k-all");
  CHECK(d->fired_rules == std::vector<std::string>{"T2"});
}

TEST_CASE("an overlay's digest covers the base's files and its own, relative to the rules root", "[load][compose]") {
  auto base = LoadRuleset(SourcePath(kDir + "base"), nullptr);
  auto over = LoadRuleset(SourcePath(kDir + "ok_overlay"), nullptr);
  REQUIRE(base.ok());
  REQUIRE(over.ok());
  CHECK(base->files() == std::vector<std::string>{"ruleset.yaml"});  // a plain rule set: unchanged
  CHECK(over->files() == std::vector<std::string>{"base/ruleset.yaml", "ok_overlay/ruleset.yaml"});
  CHECK(over->digest() != base->digest());
  // The same overlay loaded through another spelling of its path has the same digest.
  auto again = LoadRuleset(SourcePath(kDir + "base/../ok_overlay/"), nullptr);
  REQUIRE(again.ok());
  CHECK(again->digest() == over->digest());
}

TEST_CASE("the merged YAML of an overlay loads and decides the same", "[load][compose]") {
  std::vector<Diagnostic> diags;
  auto yaml = MergedRulesetYaml(SourcePath(kDir + "ok_overlay"), &diags);
  REQUIRE(yaml.ok());
  CHECK_THAT(*yaml, Catch::Contains("# from "));
  CHECK_THAT(*yaml, Catch::Contains("ok_overlay/ruleset.yaml:32"));
  auto merged = LoadRulesetFromString(*yaml, "merged.yaml", &diags);
  REQUIRE(merged.ok());
  auto over = LoadRuleset(SourcePath(kDir + "ok_overlay"), nullptr);
  REQUIRE(over.ok());
  auto a = Decide(*over, kYoung);
  auto b = Decide(*merged, kYoung);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->fired_rules == b->fired_rules);
  REQUIRE(a->referrals.size() == 1);
  REQUIRE(b->referrals.size() == 1);
  CHECK(a->referrals[0].office.id == b->referrals[0].office.id);
}

TEST_CASE("Maicao extends Bogotá and passes every check", "[load][compose][maicao]") {
  std::vector<Diagnostic> diags;
  auto rules = LoadRuleset(SourcePath("rules/maicao"), &diags);
  REQUIRE(rules.ok());
  const internal::Model& m = referral::internal::ModelOf(*rules);
  CHECK(m.FindService("SDIS_CENTRO_ABRAZAR") < 0);
  CHECK(m.FindService("ICBF_CDI") >= 0);
  CHECK(rules->files().front().rfind("bogota/", 0) == 0);
  CHECK(rules->files().back().rfind("maicao/", 0) == 0);
}

}  // namespace
}  // namespace referral

namespace referral {
namespace {

// ok_overlay copied to a folder of its own, outside the fixtures' tree, with
// `extends: base` (a name) instead of `../base` (a path).
std::filesystem::path NamedOverlay(const std::string& name) {
  const auto dir = testing::FreshDir("compose-named", name) / "municipio";
  std::filesystem::create_directories(dir);
  std::string text = testing::ReadText(SourcePath(kDir + "ok_overlay/ruleset.yaml"));
  const size_t at = text.find("extends: ../base");
  REQUIRE(at != std::string::npos);
  text.replace(at, 16, "extends: base");
  testing::WriteText(dir / "ruleset.yaml", text);
  return dir;
}

TEST_CASE("an overlay in a folder of its own extends a base named on the rules path", "[load][compose]") {
  // Seen: an overlay had to sit in its base's folder tree, so a municipality
  // copied Bogotá, and the copy went stale.
  const auto dir = NamedOverlay("found");
  ::setenv("REFERRAL_RULES_PATH", ("/nonexistent:" + SourcePath(kDir)).c_str(), 1);
  std::vector<Diagnostic> diags;
  auto over = LoadRuleset(dir, &diags);
  for (const auto& d : diags) UNSCOPED_INFO(FormatDiagnostic(d));
  REQUIRE(over.ok());
  // It runs as the in-tree overlay does, and its digest covers the base's
  // files, named under the base's own folder, and its own.
  auto in_tree = LoadRuleset(SourcePath(kDir + "ok_overlay"), nullptr);
  REQUIRE(in_tree.ok());
  CHECK(over->files() == std::vector<std::string>{"base/ruleset.yaml", "municipio/ruleset.yaml"});
  CHECK(over->services().size() == in_tree->services().size());
  CHECK(DeclaredLanguage(dir) == DeclaredLanguage(SourcePath(kDir + "base")));
  ::unsetenv("REFERRAL_RULES_PATH");
}

TEST_CASE("a named base that cannot be found is one error that lists where it looked", "[load][compose]") {
  const auto dir = NamedOverlay("missing");
  ::setenv("REFERRAL_RULES_PATH", "/nonexistent/one:/nonexistent/two", 1);
  std::vector<Diagnostic> diags;
  auto over = LoadRuleset(dir, &diags);
  ::unsetenv("REFERRAL_RULES_PATH");
  REQUIRE_FALSE(over.ok());
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].code == "overlay.base_not_found");
  CHECK(diags[0].line == 3);
  CHECK_THAT(diags[0].message, Catch::Contains("`/nonexistent/one/base`") &&
                                   Catch::Contains("`/nonexistent/two/base`") &&
                                   Catch::Contains((dir.parent_path() / "base").string()) &&
                                   Catch::Contains("REFERRAL_RULES_PATH"));
}

}  // namespace
}  // namespace referral
