// The explanation and the graph's highlight render from the evaluator's index
// result (engine/explain/explainer.cc, engine/graph/graph_render.cc). A
// DecisionResult is read directly; a public Decision (one a host kept, or a
// recorded one) is mapped back to indices first. Both must give the same
// text for every decision, and a Decision with names the rule set does not
// have must still render.
#include <catch2/catch.hpp>

#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <string>

#include "referral/engine.h"
#include "referral/explain.h"
#include "referral/graph.h"
#include "referral/result.h"
#include "support/cases.h"
#include "support/paths.h"
#include "support/rulesets.h"

namespace referral {
namespace {

// Bogotá's synthetic cases, every third saying a service with a fallback
// chain has no places (so fallbacks, kept duties and waiting lists show).
std::vector<std::string> Cases(int n, unsigned seed) {
  std::vector<std::string> cases = testing::SyntheticCases(n, seed, "e-");
  const char* chained[] = {"SDIS_JARDIN_DIURNO", "SDIS_CENTRO_ABRAZAR", "ICBF_PARD"};
  for (size_t i = 0; i < cases.size(); i += 3) {
    std::string& c = cases[i];
    if (c.empty() || c.back() != '}' || c.find("\"capacity\"") != std::string::npos) continue;
    c.pop_back();
    c += std::string(",\"capacity\":{\"") + chained[i % 3] + "\":0}}";
  }
  return cases;
}

// The explanation without what only a case can tell: which values were the
// facts' defaults (a Decision holds values, not whether the case gave them).
std::string WithoutDefaults(std::string text) {
  for (const std::string marker : {"no informado (se asume ", "not given (assumed "}) {
    for (size_t at; (at = text.find(marker)) != std::string::npos;) {
      const size_t close = text.find(')', at);
      text.erase(close, 1);
      text.erase(at, marker.size());
    }
  }
  for (const std::string line : {"Datos no informados", "Facts not given"}) {
    for (size_t at; (at = text.find(line)) != std::string::npos;) text.erase(at, text.find('\n', at) + 1 - at);
  }
  return text;
}

TEST_CASE("the explanation of a DecisionResult equals that of the same decision as a Decision", "[explain]") {
  const Ruleset& rules = testing::BogotaRules();
  DecisionResult result;
  int explained = 0, fallbacks = 0, out_of_scope = 0;
  for (const std::string& text : Cases(600, 5)) {
    for (TraceLevel level : {TraceLevel::kFull, TraceLevel::kRules, TraceLevel::kOff}) {
      DecideOptions options;
      options.trace = level;
      if (!DecideInto(rules, text, options, &result).ok()) continue;
      const Decision d = result.ToDecision();
      INFO(text);
      for (Lang lang : {Lang::kEs, Lang::kEn}) {
        for (bool detail : {false, true}) {
          const ExplainOptions o{lang, detail, "2026-03-01T10:00:00Z"};
          const std::string direct = Explain(result, o);
          REQUIRE(WithoutDefaults(direct) == Explain(rules, d, o));
          REQUIRE_FALSE(direct.empty());
        }
      }
      ++explained;
      for (const auto& r : d.referrals) fallbacks += !r.fallback_from.empty();
      out_of_scope += d.outcome == Outcome::kOutOfScope;
    }
  }
  CHECK(explained > 1000);
  CHECK(fallbacks > 0);
  CHECK(out_of_scope > 0);
}

// The part of an explanation between two headings ("Qué hacer:", "Por qué:").
std::string Between(const std::string& text, const std::string& from, const std::string& to) {
  const size_t a = text.find("\n" + from + "\n");
  if (a == std::string::npos) return {};
  const size_t b = text.find("\n" + to + "\n", a + 1);
  return text.substr(a, b == std::string::npos ? std::string::npos : b - a);
}

TEST_CASE("an explanation leads with what to do: each referral by name, its deadline, who confirms, each warning",
          "[explain]") {
  const Ruleset& rules = testing::BogotaRules();
  std::vector<std::string> cases = Cases(400, 11);
  cases.push_back(testing::ReadText(testing::SourcePath("rules/bogota/samples/nina-venezolana-3-anos.json")));
  // The partial-consent test case (rules/bogota/tests/consentimiento.yaml).
  cases.push_back(R"({"case_id":"t-c-parcial","evaluation_date":"2026-03-01","identification_channel":"busqueda_activa",)"
                  R"("identification_category":"mendicidad_propia","age_documented":true,"birth_date":"2022-11-01",)"
                  R"("nationality":"colombiana","caregiver_present":"madre","activity":"pide_dinero",)"
                  R"("has_civil_registration":false,"caregiver_consent":"acepta_parcial",)"
                  R"("consent_obtained_from":"cuidador"})");
  // Deadlines from 2026-03-01 10:00 UTC, in Bogotá's time (utc_offset -05:00).
  const std::map<std::string, std::string> kDeadline = {{"urgente", "2026-03-01 06:00 (UTC-05:00)"},
                                                        {"prioritaria", "2026-03-02 05:00 (UTC-05:00)"},
                                                        {"estandar", "2026-03-04 05:00 (UTC-05:00)"}};
  std::map<std::string, std::string> names;
  for (const ServiceInfo& s : rules.services()) names[s.id] = s.name_es;
  int referred = 0, confirmed = 0, warned = 0, partial = 0;
  for (const std::string& text : cases) {
    auto d = Decide(rules, text);
    if (!d.ok()) continue;
    INFO(text);
    const std::string es = Explain(rules, *d, ExplainOptions{Lang::kEs, false, "2026-03-01T10:00:00Z"});
    INFO(es);
    REQUIRE(es.rfind("Caso " + d->case_id + " — Rutas de remisión Por la Niñez – Bogotá, versión ", 0) == 0);
    const std::string todo = Between(es, "Qué hacer:", "Por qué:");
    REQUIRE_FALSE(todo.empty());
    // Each referral in order, by its service's name, with its priority, deadline and basis in words.
    size_t at = 0;
    for (const Referral& r : d->referrals) {
      at = todo.find(". " + names.at(r.service) + "\n", at);
      REQUIRE(at != std::string::npos);
      const std::string block = todo.substr(at, todo.find("\n", todo.find("Base legal:", at)) - at);
      CHECK_THAT(block, Catch::Contains("a más tardar el " + kDeadline.at(r.priority)));
      CHECK_THAT(block, Catch::Contains(r.legal_basis == "consent" ? "Base legal: consentimiento del cuidador"
                                                                   : "Base legal: "));
      at += 1;
    }
    // Who must confirm: one line per referral that needs a person.
    size_t confirms = 0;
    for (size_t p = 0; (p = todo.find("Confirmación: una persona debe confirmar", p)) != std::string::npos; ++p) ++confirms;
    size_t wanted = 0;
    for (const Referral& r : d->referrals) wanted += r.requires_human_confirmation;
    CHECK(confirms == wanted);
    // Every warning as a sentence, its code only in brackets after it.
    for (const Warning& w : d->warnings) {
      CHECK(std::regex_search(todo, std::regex("\n- [A-ZÁÉÍÓÚÑ][^\n]+\\(" + w.code + "\\)\n")));
      ++warned;
    }
    // No codes where people read: no timeframes, bases or service ids.
    for (const char* code : {"1_day", "1_hour", "3_days", "legal_duty_", "public_function_", "SDIS_", "ICBF_"}) {
      CHECK(todo.find(code) == std::string::npos);
    }
    CHECK(es.find("Servicios no elegidos") == std::string::npos);
    CHECK(es.find("Detalle técnico") == std::string::npos);
    const std::string detail = Explain(rules, *d, ExplainOptions{Lang::kEs, true, "2026-03-01T10:00:00Z"});
    CHECK(detail.rfind(es, 0) == 0);  // the same, then the technical detail
    if (d->outcome != Outcome::kOutOfScope) CHECK_THAT(detail, Catch::Contains("\nServicios no elegidos:"));
    referred += !d->referrals.empty();
    confirmed += wanted > 0;
    if (d->case_id == "t-c-parcial") {
      ++partial;
      // The routing rule's instruction is part of what to do.
      CHECK_THAT(todo, Catch::Contains("Indicaciones:\n- El cuidador acepta solo en parte: "));
      CHECK_THAT(todo, Catch::Contains("un profesional confirma con la familia cuáles aceptó. (consentimiento_parcial)"));
      // A default is said to be one; a value given is not.
      CHECK_THAT(es, Catch::Contains("✓ registro civil de nacimiento: no\n"));
    }
  }
  CHECK(referred > 100);
  CHECK(confirmed > 20);
  CHECK(warned > 20);
  CHECK(partial == 1);
}

TEST_CASE("what to do is also one JSON object, the same as the text says", "[explain]") {
  const Ruleset& rules = testing::BogotaRules();
  int checked = 0;
  for (const std::string& text : Cases(120, 17)) {
    DecisionResult result;
    if (!DecideInto(rules, text, {}, &result).ok()) continue;
    const Decision d = result.ToDecision();
    const ExplainOptions o{Lang::kEs, false, "2026-03-01T10:00:00Z"};
    const auto j = nlohmann::json::parse(ExplainSummaryJson(result, o));
    const std::string words = Explain(result, o);
    INFO(text << "\n" << j.dump(2));
    CHECK(j["lang"] == "es");
    CHECK_THAT(words, Catch::Contains("Qué hacer:\n" + j["headline"].get<std::string>() + "\n"));
    REQUIRE(j["actions"].size() == d.referrals.size());
    for (size_t i = 0; i < d.referrals.size(); ++i) {
      const auto& a = j["actions"][i];
      CHECK(a["service"] == d.referrals[i].service);
      CHECK(a["requires_human_confirmation"] == d.referrals[i].requires_human_confirmation);
      CHECK_THAT(words, Catch::Contains(std::to_string(i + 1) + ". " + a["name"].get<std::string>() + "\n"));
      const std::string deadline = a["deadline"];
      CHECK(deadline == (d.referrals[i].priority == "urgente"       ? "2026-03-01T06:00:00-05:00"
                         : d.referrals[i].priority == "prioritaria" ? "2026-03-02T05:00:00-05:00"
                                                                    : "2026-03-04T05:00:00-05:00"));
    }
    REQUIRE(j["warnings"].size() == d.warnings.size());
    for (size_t i = 0; i < d.warnings.size(); ++i) CHECK(j["warnings"][i]["code"] == d.warnings[i].code);
    CHECK(j["follow_up"] == d.follow_up);
    ++checked;
  }
  CHECK(checked > 100);
  // Without a decision time, no deadline but the span in words.
  DecisionResult result;
  REQUIRE(DecideInto(rules, testing::ReadText(testing::SourcePath("rules/bogota/samples/nina-venezolana-3-anos.json")),
                     {}, &result)
              .ok());
  const auto j = nlohmann::json::parse(ExplainSummaryJson(result, ExplainOptions{Lang::kEn}));
  CHECK(j["actions"][0]["deadline"].is_null());
  CHECK(j["actions"][0]["timeframe_text"] == "1 day");
  CHECK(j["actions"][0]["legal_basis_text"] == "the caregiver's consent");
}

TEST_CASE("an explanation says which values were not given and assumed, and ages in years and months", "[explain]") {
  const Ruleset& rules = testing::BogotaRules();
  const std::string sample = testing::ReadText(testing::SourcePath("rules/bogota/samples/nina-venezolana-3-anos.json"));
  REQUIRE(sample.find("has_civil_registration") == std::string::npos);
  DecisionResult result;
  REQUIRE(DecideInto(rules, sample, {}, &result).ok());
  const std::string es = Explain(result, ExplainOptions{Lang::kEs});
  CHECK_THAT(es, Catch::Contains("✓ registro civil de nacimiento: no informado (se asume no)"));
  CHECK_THAT(es, Catch::Contains("Datos no informados (se asumió su valor por defecto): "));
  CHECK_THAT(es, Catch::Contains("✓ edad: 3 años y 3 meses — hasta 4 años y 11 meses"));
  CHECK(es.find("39 meses") == std::string::npos);
  // The rules' texts say ages in words too ({age_months:age}), without assuming the child's gender.
  CHECK_THAT(es, Catch::Contains(": Niña o niño de 3 años y 3 meses de familia migrante"));
  // No decision time: the deadline is a span.
  CHECK_THAT(es, Catch::Contains("Prioridad: prioritaria; plazo: 1 día desde la decisión."));
  const std::string en = Explain(result, ExplainOptions{Lang::kEn});
  CHECK_THAT(en, Catch::Contains("✓ civil birth registration: not given (assumed no)"));
  CHECK_THAT(en, Catch::Contains("✓ age: 3 years and 3 months — up to 4 years and 11 months"));
  CHECK_THAT(en, Catch::Contains("Priority: priority; timeframe: 1 day from the decision."));
  CHECK_THAT(en, Catch::Contains(": Child aged 3 years and 3 months from a migrant"));
  // Values by their labels, in conditions too.
  CHECK_THAT(es, Catch::Contains("✓ intención migratoria: quedarse en Bogotá\n"));
  CHECK_THAT(en, Catch::Contains("✓ nationality: Venezuelan — is Venezuelan or other\n"));
  CHECK_THAT(en, Catch::Contains("✓ migration intent: staying in Bogotá\n"));
  for (const char* spanish : {"prioritaria", "estandar", "Remitir", "meses"}) CHECK(en.find(spanish) == std::string::npos);
}

TEST_CASE("a decision with no referral says why: the conditions of the rule that gave its outcome, assumed values too",
          "[explain]") {
  const Ruleset& rules = testing::BogotaRules();
  // A girl of ten selling at night with her mother; consent not recorded.
  const std::string girl =
      R"({"case_id": "x", "evaluation_date": "2026-03-01", "identification_channel": "busqueda_activa",
          "identification_category": "mendicidad_propia", "age_documented": true, "birth_date": "2015-06-01",
          "caregiver_present": "madre", "activity": "vende_productos", "activity_schedule": "nocturno")";
  DecideOptions full;
  full.trace = TraceLevel::kFull;
  DecisionResult result;
  REQUIRE(DecideInto(rules, girl + "}", full, &result).ok());
  const std::string es = Explain(result, ExplainOptions{Lang::kEs});
  CHECK_THAT(es, Catch::Contains("Sin remisión"));
  CHECK_THAT(es, Catch::Contains("Por qué:"));
  CHECK_THAT(es, Catch::Contains("✓ consentimiento del cuidador: no informado (se asume no obtenido)"));
  CHECK_THAT(es, Catch::Contains("Datos no informados (se asumió su valor por defecto): consentimiento del cuidador"));
  // Refused, it says so: no longer an assumption.
  REQUIRE(DecideInto(rules, girl + R"(, "caregiver_consent": "rechaza"})", full, &result).ok());
  const std::string refused = Explain(result, ExplainOptions{Lang::kEs});
  CHECK_THAT(refused, Catch::Contains("✓ consentimiento del cuidador: rechaza"));
  CHECK(refused.find("Datos no informados") == std::string::npos);
}

TEST_CASE("the graph highlights a DecisionResult exactly as the same decision given as a Decision", "[graph]") {
  {
    const char* path = "rules/bogota";
    const Ruleset& rules = testing::LoadedRules(path);
    DecisionResult result;
    int drawn = 0;
    for (const std::string& text : Cases(60, 9)) {
      if (!DecideInto(rules, text, {}, &result).ok()) continue;
      const Decision d = result.ToDecision();
      for (GraphFormat format : {GraphFormat::kDot, GraphFormat::kMermaid}) {
        INFO(path << ": " << text);
        REQUIRE(RenderGraph(result, format, Lang::kEs) == RenderGraph(rules, format, &d, Lang::kEs));
      }
      ++drawn;
    }
    INFO(path);
    CHECK(drawn > 20);
  }
}

TEST_CASE("a Decision naming services, rules and nodes the rule set lacks still explains and draws", "[explain]") {
  const Ruleset& rules = testing::BogotaRules();
  DecideOptions options;
  options.trace = TraceLevel::kFull;
  auto d = Decide(rules, testing::SyntheticCases(1, 3, "x-")[0], options);
  REQUIRE(d.ok());
  Decision foreign = *d;
  foreign.path.push_back("no_such_node");
  foreign.fired_rules.push_back("NO_SUCH_RULE");
  ConditionCheck check;
  check.fact = "x";
  check.test = "is true";
  check.actual = "true";
  check.condition = 100000;
  foreign.trace.push_back({"no_such_node", "NO_SUCH_RULE", true, {check}, "b", "b"});
  foreign.trace.push_back({"triaje", "NO_SUCH_RULE", false, {}, "", ""});
  Referral extra;
  extra.service = "NO_SUCH_SERVICE";
  extra.rules = {"NO_SUCH_RULE"};
  foreign.referrals.push_back(extra);
  foreign.warnings.push_back({"service_ineligible", "NO_SUCH_SERVICE"});
  const std::string text = Explain(rules, foreign, ExplainOptions{Lang::kEn, true});
  CHECK_THAT(text, Catch::Contains("service_ineligible (NO_SUCH_SERVICE)"));
  CHECK(text.find("NO_SUCH_RULE") == std::string::npos);  // named nowhere the rule set has it
  // The known part reads as before.
  CHECK_THAT(text, Catch::StartsWith(Explain(rules, *d, Lang::kEn).substr(0, 40)));
  const std::string dot = RenderGraph(rules, GraphFormat::kDot, &foreign, Lang::kEn);
  CHECK(dot.find("no_such_node") == std::string::npos);
  CHECK(dot == RenderGraph(rules, GraphFormat::kDot, &*d, Lang::kEn));
}

}  // namespace
}  // namespace referral
