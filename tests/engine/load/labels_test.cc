// What a rule set says to people besides its rules (engine/load/header.cc,
// engine/load/facts.cc): labels of facts, of their values and of priority
// levels, a sentence per warning code, and the local time of deadlines. Each
// mistake is an error at its line, in both languages.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "explain/words.h"
#include "model/model.h"
#include "referral/book.h"
#include "referral/ruleset.h"

namespace referral {
namespace {

// A small rule set; `header` and `fact` are added to its header and its fact.
std::string Rules(const std::string& header, const std::string& fact) {
  return "ruleset:\n"
         "  id: words\n  version: 1.0.0\n  language: es\n  entry: start\n"
         "  priorities: [{id: alta, timeframe: 1_day, label: {es: alta, en: high}}]\n"
         "  fallback: {reason: none}\n" +
         header +
         "facts:\n"
         "  origin:\n"
         "    type: enum\n"
         "    values: [venezolana, colombiana]\n"
         "    default: colombiana\n" +
         fact +
         "services: {S: {name: S, legal_basis: consent}}\n"
         "nodes:\n"
         "  start:\n"
         "    hit: first\n"
         "    rules:\n"
         "      - {id: r, when: {origin: venezolana}, refer: [{service: S, priority: alta}], warn: [parcial],\n"
         "         basis: {status: assumption}}\n";
}

std::vector<Diagnostic> Errors(const std::string& yaml, Lang lang = Lang::kEn) {
  std::vector<Diagnostic> diags;
  LoadOptions options;
  options.lang = lang;
  auto rules = LoadRulesetFromString(yaml, "words.yaml", &diags, options);
  CHECK_FALSE(rules.ok());
  return diags;
}

}  // namespace

TEST_CASE("labels, warning texts and the UTC offset load into the model", "[load][words]") {
  const std::string yaml = Rules(
      "  utc_offset: \"-05:00\"\n"
      "  warnings: {parcial: {es: \"Aceptó en parte.\", en: \"Accepted in part.\"}}\n",
      "    label: {es: origen, en: origin}\n"
      "    labels: {venezolana: {es: venezolana, en: Venezuelan}}\n");
  std::vector<Diagnostic> diags;
  auto rules = LoadRulesetFromString(yaml, "words.yaml", &diags);
  INFO((diags.empty() ? "" : FormatDiagnostic(diags[0])));
  REQUIRE(rules.ok());
  const auto& m = internal::ModelOf(*rules);
  CHECK(m.utc_offset_minutes == -300);
  REQUIRE(m.warning_texts.size() == 1);
  CHECK(m.warning_texts[0].first == "parcial");
  CHECK(m.warning_texts[0].second.en == "Accepted in part.");
  CHECK(m.priorities[0].label.en == "high");
  CHECK(m.facts[0].label.es == "origen");
  REQUIRE(m.facts[0].value_labels.size() == 2);
  CHECK(m.facts[0].value_labels[0].en == "Venezuelan");
  CHECK(m.facts[0].value_labels[1].empty());  // shown as its code
}

TEST_CASE("mistakes in labels, warning texts and the UTC offset are located errors", "[load][words]") {
  struct Mistake {
    std::string header, fact, code, message_en, message_es;
    int line;
  };
  const std::vector<Mistake> mistakes = {
      {"  utc_offset: \"-5\"\n", "", "ruleset.bad_utc_offset", "`-5` is not a UTC offset ±HH:MM",
       "`-5` no es un desfase respecto de UTC", 8},
      {"  utc_offset: \"-05:60\"\n", "", "ruleset.bad_utc_offset", "`-05:60` is not a UTC offset",
       "`-05:60` no es un desfase", 8},
      {"  warnings: {Parcial: texto}\n", "", "ruleset.bad_warning_code", "warning code `Parcial` must be ASCII lower-case",
       "el código de advertencia `Parcial` debe usar letras minúsculas", 8},
      {"", "    labels: {venezolan: {es: v, en: v}}\n", "fact.unknown_label_value",
       "`labels` names `venezolan`, which is not a value of `origin`", "`labels` nombra `venezolan`", 13},
  };
  for (const Mistake& m : mistakes) {
    INFO(m.code << " " << m.header << m.fact);
    auto en = Errors(Rules(m.header, m.fact));
    REQUIRE(en.size() == 1);
    CHECK(en[0].code == m.code);
    CHECK(en[0].line == m.line);
    CHECK_THAT(en[0].message, Catch::Contains(m.message_en));
    auto es = Errors(Rules(m.header, m.fact), Lang::kEs);
    REQUIRE(es.size() == 1);
    CHECK_THAT(es[0].message, Catch::Contains(m.message_es));
  }
  // Labels name values: a bool fact has none.
  std::string bool_fact = Rules("", "");
  bool_fact.replace(bool_fact.find("services:"), 0, "  flag: {type: bool, default: false, labels: {x: y}}\n");
  auto diags = Errors(bool_fact);
  REQUIRE_FALSE(diags.empty());
  CHECK(diags[0].code == "fact.labels_not_allowed");
  // `{fact:age}` needs an int fact.
  std::string age = Rules("", "");
  age.replace(age.find("basis: {status"), 0, "because: \"{origin:age}\", ");
  diags = Errors(age);
  REQUIRE_FALSE(diags.empty());
  CHECK(diags[0].code == "rule.template_age_not_int");
}

// Seen: the book and explanations named predicates by their ids, spaced and
// without accents («adolescente 14 o mas», «en transito»).
TEST_CASE("a predicate may carry a label, in each language, that explanations and the book use", "[load][words]") {
  std::string yaml = Rules("", "");
  yaml.replace(yaml.find("services:"), 0,
               "predicates:\n"
               "  en_transito:\n"
               "    label: {es: \"en tránsito\", en: in transit}\n"
               "    when: {origin: venezolana}\n"
               "  sin_etiqueta: {en_transito: true}\n");
  std::vector<Diagnostic> diags;
  auto rules = LoadRulesetFromString(yaml, "words.yaml", &diags);
  INFO((diags.empty() ? "" : FormatDiagnostic(diags[0])));
  REQUIRE(rules.ok());
  const auto& m = internal::ModelOf(*rules);
  REQUIRE(m.predicates.size() == 2);
  CHECK(m.predicates[0].label.es == "en tránsito");
  CHECK(m.predicates[0].condition >= 0);
  CHECK(internal::ConditionWords(m, m.predicates[1].condition, Lang::kEs) == "«en tránsito»");
  CHECK(internal::ConditionWords(m, m.predicates[1].condition, Lang::kEn) == "«in transit»");
  CHECK_THAT(RenderBook(*rules, BookFormat::kMarkdown, Lang::kEs),
             Catch::Contains("- «en tránsito»: origen es venezolana.") || Catch::Contains("- «en tránsito»: origin es venezolana."));
  // Without a label: the name, spaced.
  CHECK(internal::PredicateWords(m.predicates[1], Lang::kEs) == "sin etiqueta");

  // Mistakes: a misspelt key, a missing condition, a name that is a keyword.
  struct Mistake {
    std::string predicates, code, message;
  };
  for (const Mistake& k : std::vector<Mistake>{
           {"  p:\n    label: x\n    wen: {origin: venezolana}\n", "yaml.unknown_key", "unknown key `wen`"},
           {"  p:\n    label: x\n", "yaml.missing_key", "is missing `when`"},
           {"  when: {origin: venezolana}\n", "predicate.bad_name", "predicate name `when`"}}) {
    INFO(k.predicates);
    std::string bad = Rules("", "");
    bad.replace(bad.find("services:"), 0, "predicates:\n" + k.predicates);
    auto errors = Errors(bad);
    REQUIRE_FALSE(errors.empty());
    CHECK(errors[0].code == k.code);
    CHECK_THAT(errors[0].message, Catch::Contains(k.message));
  }
}

}  // namespace referral
