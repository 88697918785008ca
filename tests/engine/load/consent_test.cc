// The consent declaration (engine/load/consent.cc): which fact records the
// case's consent and which values give it, read from the header, inherited by
// overlays, kept by the merged YAML, and its diagnostics in both languages.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "model/model.h"
#include "referral/ruleset.h"
#include "support/paths.h"

namespace referral {
namespace {

using testing::ReadText;
using testing::SourcePath;

// The names of the values the declaration covers.
std::vector<std::string> Covered(const Ruleset& rules) {
  const auto& consent = referral::internal::ModelOf(rules).consent;
  std::vector<std::string> out;
  const auto& fact = referral::internal::ModelOf(rules).facts[consent.fact];
  for (size_t v = 0; v < fact.values.size(); ++v) {
    if (consent.Covers(static_cast<int>(v))) out.push_back(fact.values[v]);
  }
  return out;
}

}  // namespace

TEST_CASE("Bogotá declares the caregiver's consent, and Maicao inherits it", "[load][consent]") {
  for (const char* path : {"rules/bogota", "rules/maicao"}) {
    INFO(path);
    auto rules = LoadRuleset(SourcePath(path), nullptr);
    REQUIRE(rules.ok());
    const auto& consent = referral::internal::ModelOf(*rules).consent;
    REQUIRE(consent.declared());
    CHECK(referral::internal::ModelOf(*rules).facts[consent.fact].name == "caregiver_consent");
    CHECK(Covered(*rules) == std::vector<std::string>{"acepta", "acepta_parcial"});
    CHECK(consent.loc.file.find("bogota/ruleset.yaml") != std::string::npos);  // where it was written
  }
}

TEST_CASE("the merged YAML of an overlay keeps the consent declaration", "[load][consent][compose]") {
  auto merged = MergedRulesetYaml(SourcePath("rules/maicao"), nullptr);
  REQUIRE(merged.ok());
  CHECK_THAT(*merged, Catch::Contains("caregiver_consent") && Catch::Contains("covers"));
  auto again = LoadRulesetFromString(*merged, "merged.yaml", nullptr);
  REQUIRE(again.ok());
  REQUIRE(referral::internal::ModelOf(*again).consent.declared());
  CHECK(Covered(*again) == std::vector<std::string>{"acepta", "acepta_parcial"});
}

TEST_CASE("a consent declaration's diagnostics read in Spanish too", "[load][consent]") {
  struct Row {
    const char* fixture;
    const char* es;
  };
  const Row rows[] = {
      {"53_consent_unknown_fact.yaml", "el hecho de consentimiento `caregiver_consnet` no es un hecho del conjunto"},
      {"54_consent_fact_not_enum.yaml", "el hecho de consentimiento `consent_given` debe ser enum"},
      {"55_consent_unknown_value.yaml", "`acepts_partly` no es un valor del hecho de consentimiento `caregiver_consent`"},
  };
  for (const Row& row : rows) {
    INFO(row.fixture);
    LoadOptions options;
    options.lang = Lang::kEs;
    std::vector<Diagnostic> diags;
    auto rules = LoadRuleset(SourcePath(std::string("tests/fixtures/broken_rules/") + row.fixture), &diags, options);
    REQUIRE_FALSE(rules.ok());
    REQUIRE(diags.size() == 1);
    CHECK_THAT(diags[0].message, Catch::Contains(row.es));
  }
}

TEST_CASE("a consent declaration needs its fact and what covers consent", "[load][consent]") {
  const std::string base = ReadText(SourcePath("tests/fixtures/broken_rules/55_consent_unknown_value.yaml"));
  const std::string declared = "  consent: {fact: caregiver_consent, covers: [accepts, acepts_partly]}";
  auto with = [&](const std::string& declaration) {
    std::string text = base;
    text.replace(text.find(declared), declared.size(), declaration);
    std::vector<Diagnostic> diags;
    auto rules = LoadRulesetFromString(text, "consent.yaml", &diags);
    std::vector<std::string> codes;
    for (const auto& d : diags) codes.push_back(d.code + " " + d.message);
    return std::make_pair(rules.ok(), codes);
  };
  auto ok = with("  consent: {fact: caregiver_consent, covers: [accepts, accepts_partly]}");
  CHECK(ok.first);
  auto no_covers = with("  consent: {fact: caregiver_consent}");
  REQUIRE(no_covers.second.size() == 1);
  CHECK_THAT(no_covers.second[0], Catch::Contains("yaml.missing_key") && Catch::Contains("`covers`"));
  auto empty = with("  consent: {fact: caregiver_consent, covers: []}");
  REQUIRE(empty.second.size() == 1);
  CHECK_THAT(empty.second[0], Catch::Contains("ruleset.consent_no_covers"));
  auto unknown_key = with("  consent: {fact: caregiver_consent, covers: [accepts], cover: [accepts]}");
  REQUIRE(unknown_key.second.size() == 1);
  CHECK_THAT(unknown_key.second[0], Catch::Contains("yaml.unknown_key"));
}

}  // namespace referral
