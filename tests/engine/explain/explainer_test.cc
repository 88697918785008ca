// The explanation and the graph's highlight render from the evaluator's index
// result (engine/explain/explainer.cc, engine/graph/graph_render.cc). A
// DecisionResult is read directly; a public Decision (one a host kept, or a
// recorded one) is mapped back to indices first. Both must give the same
// text for every decision, and a Decision with names the rule set does not
// have must still render.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "referral/engine.h"
#include "referral/explain.h"
#include "referral/graph.h"
#include "referral/result.h"
#include "support/cases.h"
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
        const std::string direct = Explain(result, lang);
        REQUIRE(direct == Explain(rules, d, lang));
        REQUIRE_FALSE(direct.empty());
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
  const std::string text = Explain(rules, foreign, Lang::kEn);
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
