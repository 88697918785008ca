// RenderGraph on the shipped rule sets: the drawing has every node, rule edge
// and service of the routing graph (checked against RoutingEdges, the engine's
// own list), a legend, and a highlight that marks exactly one decision's path.
#include <catch2/catch.hpp>

#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "graph/routing_graph.h"
#include "model/model.h"
#include "referral/engine.h"
#include "referral/graph.h"
#include "referral/ruleset.h"
#include "support/paths.h"

namespace {

using referral::Decision;
using referral::GraphFormat;
using referral::Lang;
using referral::RenderGraph;
using referral::Ruleset;
using Edge = std::tuple<std::string, std::string, std::string>;  // from, to, rule (DOT ids)

Ruleset LoadShipped(const std::string& name) {
  std::vector<referral::Diagnostic> diags;
  auto rules = referral::LoadRuleset(referral::testing::SourcePath(name), &diags);
  for (const auto& d : diags) UNSCOPED_INFO(referral::FormatDiagnostic(d));
  REQUIRE(rules.ok());
  return std::move(rules).value();
}

Decision DecideOk(const Ruleset& rules, const std::string& json) {
  auto d = referral::Decide(rules, json);
  INFO(d.status().code() << ": " << d.status().message());
  REQUIRE(d.ok());
  return std::move(d).value();
}

// The DOT text, read back: vertices and edges with their attributes.
struct ParsedDot {
  std::map<std::string, std::string> vertices;  // id -> attribute list
  std::vector<std::pair<Edge, std::string>> edges;
  std::set<std::string> HotVertices() const {
    std::set<std::string> out;
    for (const auto& [id, attrs] : vertices) {
      if (attrs.find("class=\"on_path\"") != std::string::npos && id.rfind("legend:", 0) != 0) out.insert(id);
    }
    return out;
  }
  std::set<Edge> Edges(bool hot_only, bool dashed_only = false) const {
    std::set<Edge> out;
    for (const auto& [e, attrs] : edges) {
      const bool hot = attrs.find("class=\"on_path\"") != std::string::npos;
      const bool dashed = attrs.find("style=dashed") != std::string::npos;
      if ((!hot_only || hot) && (!dashed_only || dashed)) out.insert(e);
    }
    return out;
  }
};

ParsedDot ParseDot(const std::string& dot) {
  static const std::regex kVertex(R"re(^\s*"([^"]+)" \[(.*)\];$)re");
  // The label is the rule id, then, for a referral with its own legal basis, `\n(basis)`.
  static const std::regex kEdge(R"re(^\s*"([^"]+)" -> "([^"]+)" \[label="([^"\\]+)(?:\\n\([a-z0-9_]+\))?"(.*)\];$)re");
  ParsedDot out;
  std::istringstream in(dot);
  std::string line;
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_match(line, m, kEdge)) {
      out.edges.push_back({{m[1], m[2], m[3]}, m[4]});
    } else if (std::regex_match(line, m, kVertex)) {
      out.vertices[m[1]] = m[2];
    }
  }
  return out;
}

std::string DotTarget(const referral::internal::GraphEdge& e) { return (e.to_service ? "s:" : "n:") + e.to; }

// The edges a decision's fired rules draw, from the engine's edge list.
std::set<Edge> EdgesOfRules(const Ruleset& rules, const std::vector<std::string>& fired) {
  std::set<Edge> out;
  for (const auto& e : referral::internal::RoutingEdges(referral::internal::ModelOf(rules))) {
    for (const auto& r : fired) {
      if (e.rule == r) out.insert({"n:" + e.from, DotTarget(e), e.rule});
    }
  }
  return out;
}

const char* kHits[] = {"first", "collect", "unique"};

}  // namespace

TEST_CASE("the DOT graph has every node, rule edge and service, and a legend", "[graph]") {
  for (const char* name : {"rules/example", "rules/bogota"}) {
    INFO(name);
    const Ruleset rules = LoadShipped(name);
    const auto& m = referral::internal::ModelOf(rules);
    const std::string dot = RenderGraph(rules, GraphFormat::kDot, nullptr, Lang::kEn);
    const ParsedDot parsed = ParseDot(dot);
    CHECK_THAT(dot, Catch::StartsWith("digraph \"" + m.id + "\" {"));

    for (const auto& node : m.nodes) {
      INFO(node.id);
      REQUIRE(parsed.vertices.count("n:" + node.id));
      const std::string& attrs = parsed.vertices.at("n:" + node.id);
      CHECK_THAT(attrs, Catch::StartsWith("label=\"" + node.id + "\\nhit: " + kHits[static_cast<int>(node.hit)] + "\""));
      CHECK_THAT(attrs, Catch::Contains("shape=box"));
      CHECK((attrs.find("peripheries=2") != std::string::npos) == (&node == &m.nodes[m.entry]));
    }
    for (const auto& s : m.services) {
      INFO(s.id);
      REQUIRE(parsed.vertices.count("s:" + s.id));
      const std::string& attrs = parsed.vertices.at("s:" + s.id);
      CHECK_THAT(attrs, Catch::StartsWith("label=\"" + s.id + "\\n"));
      CHECK_THAT(attrs, Catch::Contains("shape=ellipse"));
      const char* fill = s.legal_basis == "consent"                   ? "#d9ead3"
                         : s.legal_basis.rfind("legal_duty", 0) == 0 ? "#fce5cd"
                                                                      : "#cfe2f3";
      CHECK_THAT(attrs, Catch::Contains(std::string("fillcolor=\"") + fill + "\""));
    }

    // Every edge of the routing graph, and nothing else but the outcome edges.
    std::set<Edge> expected;
    for (const auto& e : referral::internal::RoutingEdges(m)) expected.insert({"n:" + e.from, DotTarget(e), e.rule});
    std::set<Edge> drawn_routes, drawn_outcomes;
    for (const auto& e : parsed.Edges(false)) {
      (std::get<1>(e).rfind("o:", 0) == 0 ? drawn_outcomes : drawn_routes).insert(e);
    }
    CHECK(drawn_routes == expected);
    std::set<std::string> outcome_rules, drawn_outcome_rules;
    for (const auto& r : m.rules) {
      if (r.has_outcome) outcome_rules.insert(r.id);
    }
    for (const auto& e : drawn_outcomes) drawn_outcome_rules.insert(std::get<2>(e));
    CHECK(drawn_outcome_rules == outcome_rules);
    CHECK(parsed.edges.size() == expected.size() + outcome_rules.size());  // one line per edge, no duplicates

    CHECK_THAT(dot, Catch::Contains("subgraph cluster_legend {"));
    for (const char* label : {"service: consent", "service: legal duty", "service: public function", "no referral"}) {
      CHECK_THAT(dot, Catch::Contains(std::string("label=\"") + label + "\""));
    }
    CHECK(parsed.HotVertices().empty());
    CHECK(parsed.Edges(true).empty());
  }
}

TEST_CASE("a highlighted decision marks exactly its path, fired rules and referred services", "[graph]") {
  const Ruleset rules = LoadShipped("rules/example");
  // Partial consent, school-age migrant out of school: four services.
  const Decision d = DecideOk(rules, R"({"case_id": "h-1", "evaluation_date": "2026-03-01", "age_documented": false,
      "age_estimate_min_months": 100, "category": "work_accompaniment", "consent": "partial",
      "nationality": "venezuelan", "school_enrolled": false})");
  REQUIRE(d.referrals.size() == 4);
  const ParsedDot parsed = ParseDot(RenderGraph(rules, GraphFormat::kDot, &d, Lang::kEn));

  std::set<std::string> expected_vertices;
  for (const auto& n : d.path) expected_vertices.insert("n:" + n);
  for (const auto& r : d.referrals) expected_vertices.insert("s:" + r.service);
  CHECK(parsed.HotVertices() == expected_vertices);
  CHECK(parsed.Edges(true) == EdgesOfRules(rules, d.fired_rules));
  CHECK(parsed.Edges(true, true).empty());  // nothing dropped

  // Spelt out, so the test does not only agree with itself.
  CHECK(expected_vertices == std::set<std::string>{"n:triage", "n:consent", "n:offer", "n:gaps",
                                                   "s:CHILD_LABOUR_CENTRE", "s:SCHOOL_ENROLMENT",
                                                   "s:MIGRANT_CENTRE", "s:HEALTH"});
  CHECK(parsed.Edges(true).count({"n:consent", "n:offer", "C2.partial"}));
  CHECK_FALSE(parsed.Edges(true).count({"n:consent", "n:offer", "C1.accepts"}));
  CHECK_FALSE(parsed.HotVertices().count("s:KINDERGARTEN"));
  CHECK_THAT(parsed.vertices.at("legend:path"), Catch::Contains("path of case h-1:\\nreferred"));
}

TEST_CASE("a referral dropped as ineligible is drawn dashed, its service not emphasised", "[graph]") {
  const Ruleset rules = LoadShipped("rules/example");
  // A four-year-old out of school: G5 asks for school enrolment, which drops it.
  const Decision d = DecideOk(rules, R"({"case_id": "h-2", "evaluation_date": "2026-03-01", "age_documented": true,
      "birth_date": "2021-06-01", "category": "own_begging", "consent": "accepts", "school_enrolled": false,
      "health_affiliation": "subsidised"})");
  const ParsedDot parsed = ParseDot(RenderGraph(rules, GraphFormat::kDot, &d, Lang::kEn));
  CHECK(parsed.Edges(true, true) == std::set<Edge>{{"n:gaps", "s:SCHOOL_ENROLMENT", "G5.young_child_to_school"}});
  CHECK_FALSE(parsed.HotVertices().count("s:SCHOOL_ENROLMENT"));
  CHECK(parsed.HotVertices().count("s:KINDERGARTEN"));
}

TEST_CASE("a no-referral outcome marks its rule's leaf, out of scope marks nothing", "[graph]") {
  const Ruleset rules = LoadShipped("rules/example");
  const Decision refused = DecideOk(rules, R"({"case_id": "h-3", "evaluation_date": "2026-03-01",
      "age_documented": true, "birth_date": "2015-05-01", "category": "work_accompaniment", "consent": "refuses"})");
  REQUIRE(refused.outcome_rule == "C3.refuses");
  ParsedDot parsed = ParseDot(RenderGraph(rules, GraphFormat::kDot, &refused, Lang::kEn));
  std::set<std::string> leaves;
  for (const auto& v : parsed.HotVertices()) {
    if (v.rfind("o:", 0) == 0) leaves.insert(v);
  }
  REQUIRE(leaves.size() == 1);
  CHECK_THAT(parsed.vertices.at(*leaves.begin()), Catch::Contains("refuses_services"));
  CHECK(parsed.Edges(true) == std::set<Edge>{{"n:triage", "n:consent", "T2.consent"},
                                             {"n:consent", *leaves.begin(), "C3.refuses"}});

  const Decision adult = DecideOk(rules, R"({"case_id": "h-4", "evaluation_date": "2026-03-01",
      "age_documented": true, "birth_date": "2000-01-01", "category": "own_begging"})");
  REQUIRE(adult.outcome == referral::Outcome::kOutOfScope);
  parsed = ParseDot(RenderGraph(rules, GraphFormat::kDot, &adult, Lang::kEn));
  CHECK(parsed.HotVertices().empty());
  CHECK(parsed.Edges(true).empty());
  CHECK_THAT(parsed.vertices.at("legend:path"), Catch::Contains("out of scope (adult)"));
}

TEST_CASE("Mermaid output is a flowchart with the same graph and highlight", "[graph]") {
  const Ruleset rules = LoadShipped("rules/example");
  const Decision d = DecideOk(rules, R"({"case_id": "h-5", "evaluation_date": "2026-03-01", "age_documented": true,
      "birth_date": "2023-01-10", "category": "own_begging", "consent": "accepts",
      "health_affiliation": "contributory"})");
  const std::string text = RenderGraph(rules, GraphFormat::kMermaid, &d, Lang::kEn);
  CHECK_THAT(text, Catch::StartsWith("flowchart LR\n"));
  for (const auto& n : referral::internal::ModelOf(rules).nodes) CHECK_THAT(text, Catch::Contains("\n  n_" + n.id + "["));
  for (const auto& s : referral::internal::ModelOf(rules).services) CHECK_THAT(text, Catch::Contains("\n  s_" + s.id + "(["));
  CHECK_THAT(text, Catch::Contains("\n  n_triage[[\"triage<br/>hit: first\"]]:::stage\n"));  // the entry
  CHECK_THAT(text, Catch::Contains("n_offer -->|\"O1.kindergarten\"| s_KINDERGARTEN\n"));
  CHECK_THAT(text, Catch::Contains("subgraph legend["));

  // `linkStyle` lists exactly the fired rules' edges, by their order in the text.
  std::vector<std::string> links;
  std::istringstream in(text);
  std::string line;
  std::set<std::string> hot_links;
  while (std::getline(in, line)) {
    if (line.find(" -->|") != std::string::npos) links.push_back(line);
  }
  std::set<std::string> expected;
  for (const auto& l : links) {
    for (const auto& r : d.fired_rules) {
      if (l.find("|\"" + r + "\"|") != std::string::npos) expected.insert(l);
    }
  }
  const auto at = text.find("  linkStyle ");
  REQUIRE(at != std::string::npos);
  std::istringstream indices(text.substr(at + 12, text.find(' ', at + 12) - at - 12));
  std::string index;
  while (std::getline(indices, index, ',')) hot_links.insert(links.at(std::stoul(index)));
  CHECK(hot_links == expected);
  CHECK_THAT(text, Catch::Contains("\n  class n_triage,n_consent,n_offer,n_gaps,s_KINDERGARTEN on_path\n"));
}

TEST_CASE("the drawing is deterministic and in the language asked for", "[graph]") {
  const Ruleset rules = LoadShipped("rules/example");
  const std::string en = RenderGraph(rules, GraphFormat::kDot, nullptr, Lang::kEn);
  CHECK(en == RenderGraph(rules, GraphFormat::kDot, nullptr, Lang::kEn));
  const std::string es = RenderGraph(rules, GraphFormat::kDot, nullptr, Lang::kEs);
  CHECK_THAT(en, Catch::Contains("KINDERGARTEN\\nKindergarten") && Catch::Contains("label=\"Legend\""));
  CHECK_THAT(es, Catch::Contains("KINDERGARTEN\\nJardín infantil") && Catch::Contains("label=\"Leyenda\""));
  CHECK_THAT(es, Catch::Contains("servicio: deber legal"));
}

TEST_CASE("a referral with its own legal basis is labelled with it and drawn in its colour", "[graph][basis]") {
  const Ruleset rules = LoadShipped("rules/bogota");
  const std::string dot = RenderGraph(rules, GraphFormat::kDot, nullptr, Lang::kEs);
  CHECK_THAT(dot, Catch::Contains("\"n:complementos_deber\" -> \"s:SED_MATRICULA\" [label=\"R3.deber.matricula_escolar\\n"
                                  "(public_function_art10_ley1581)\", color=\"#3d85c6\", fontcolor=\"#3d85c6\"]"));
  // The same service under its own (consent) basis: a plain edge.
  CHECK_THAT(dot, Catch::Contains("\"n:complementos\" -> \"s:SED_MATRICULA\" [label=\"R3.matricula_escolar\"];"));
  const std::string mermaid = RenderGraph(rules, GraphFormat::kMermaid, nullptr, Lang::kEs);
  CHECK_THAT(mermaid, Catch::Contains("|\"R3.deber.matricula_escolar<br/>(public_function_art10_ley1581)\"|"));
}
