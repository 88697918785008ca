// RenderGraph: the routing graph as Graphviz DOT or Mermaid text. The Boost
// graph the loader checks (BuildRoutingGraph) is walked once into a Drawing
// that knows nothing of either syntax; one writer per syntax prints it. Rules
// with an `outcome` have no edge in the routing graph (they end the route), so
// the drawing adds a "no referral" leaf for them: otherwise a rule such as
// "the family refuses services" would be invisible.
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "decision/render.h"
#include "diag/diag_sink.h"
#include "graph/boost_routing_graph.h"
#include "model/model.h"
#include "referral/graph.h"

namespace referral {

namespace internal {
namespace {

enum class Basis { kConsent, kLegalDuty, kPublicFunction };

Basis BasisOf(const std::string& legal_basis) {
  if (legal_basis.rfind("legal_duty", 0) == 0) return Basis::kLegalDuty;
  if (legal_basis.rfind("public_function", 0) == 0) return Basis::kPublicFunction;
  return Basis::kConsent;  // the loader accepts nothing else
}

// Colours: fill and border. Legal duties are warm (they override consent),
// the voluntary offer green, public functions blue.
struct Colours {
  const char* fill;
  const char* border;
};
constexpr Colours kNodeColours = {"#f3f3f3", "#666666"};
constexpr Colours kOutcomeColours = {"#eeeeee", "#999999"};
constexpr Colours kBasisColours[] = {{"#d9ead3", "#6aa84f"}, {"#fce5cd", "#e69138"}, {"#cfe2f3", "#3d85c6"}};
constexpr const char* kHot = "#cc0000";

struct Words {
  const char* legend;
  const char* node;
  const char* edge;
  const char* basis[3];
  const char* no_referral;
  const char* follow_up;
  const char* path_of;
  const char* outcome[3];  // by Outcome
};
// Its words, from the message catalogue (graph.*, report.outcome.*;
// engine/diag/messages.cc).
const Words& WordsFor(Lang lang) {
  const auto in = [](Lang l) {
    const auto t = [l](std::string_view code) { return MessageText(code, l); };
    return Words{t("graph.legend"),
                 t("graph.node"),
                 t("graph.edge"),
                 {t("graph.consent"), t("graph.legal_duty"), t("graph.public_function")},
                 t("graph.no_referral"),
                 t("graph.follow_up"),
                 t("graph.path_of"),
                 {t("report.outcome.referred"), t("report.outcome.no_referral"), t("report.outcome.out_of_scope")}};
  };
  static const Words es = in(Lang::kEs), en = in(Lang::kEn);
  return lang == Lang::kEs ? es : en;
}

const char* HitName(HitPolicy hit) {
  switch (hit) {
    case HitPolicy::kFirst: return "first";
    case HitPolicy::kCollect: return "collect";
    case HitPolicy::kUnique: return "unique";
  }
  return "first";
}

// Breaks `text` at spaces into lines of about `width` characters (UTF-8 code
// points), so long service names do not make one very wide ellipse.
std::string Wrap(const std::string& text, size_t width) {
  std::string out, word;
  size_t line = 0;
  auto length = [](const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
  };
  std::istringstream in(text);
  while (in >> word) {
    const size_t n = length(word);
    if (line > 0 && line + 1 + n > width) {
      out += '\n';
      line = 0;
    } else if (line > 0) {
      out += ' ';
      ++line;
    }
    out += word;
    line += n;
  }
  return out;
}

// The graph to draw, in no particular syntax. Labels use '\n' for line breaks.
struct Drawing {
  enum class Kind { kNode, kService, kOutcome };
  struct Vertex {
    Kind kind = Kind::kNode;
    std::string key;  // node or service id; the outcome leaf's number
    std::string label;
    std::string tooltip;
    Basis basis = Basis::kConsent;  // services
    bool entry = false;
    bool hot = false;  // on the highlighted decision's path, or referred
  };
  struct Edge {
    size_t from = 0;  // indices into `vertices`
    size_t to = 0;
    std::string label;
    bool hot = false;     // the rule fired
    bool dashed = false;  // fired, but its target did not take effect (dropped service, outcome not used)
    bool own_basis = false;           // the referral has its own legal basis, not the service's
    Basis basis = Basis::kConsent;    // that basis
  };
  std::string name;   // the rule set's id
  std::string title;  // id, version and title
  std::vector<Vertex> vertices;
  std::vector<Edge> edges;
  bool highlight = false;
  std::string caption;  // with a highlight: the case and its outcome
};

// `result`, if not null, is the decision to highlight, made for the case `case_id`.
Drawing Draw(const Model& m, const Result* result, std::string_view case_id, Lang lang) {
  const Words& w = WordsFor(lang);
  Drawing out;
  out.name = m.id;
  out.title = m.id + " " + m.version;
  if (!m.title.Get(lang).empty()) out.title += " \xE2\x80\x94 " + m.title.Get(lang);

  // What the decision marks, by model index.
  std::vector<bool> node_hot(m.nodes.size()), rule_hot(m.rules.size()), service_hot(m.services.size());
  if (result) {
    out.highlight = true;
    for (int n : result->path) node_hot[n] = true;
    for (int k : result->fired_rules) rule_hot[k] = true;
    for (const auto& ref : result->referrals) service_hot[ref.service] = true;
    out.caption = std::string(w.path_of) + " " + std::string(case_id) + ":\n" +
                  w.outcome[static_cast<int>(result->outcome)];
    const std::string_view reason = ReasonOf(m, *result);
    if (!reason.empty()) out.caption.append(" (").append(reason).append(")");
  }

  const RoutingGraph g = BuildRoutingGraph(m);
  const size_t n_nodes = m.nodes.size();
  for (size_t v = 0; v < boost::num_vertices(g); ++v) {
    Drawing::Vertex vertex;
    if (!IsServiceVertex(m, v)) {
      const Node& node = m.nodes[v];
      vertex.kind = Drawing::Kind::kNode;
      vertex.key = node.id;
      vertex.label = node.id + "\nhit: " + HitName(node.hit);
      vertex.tooltip = node.description.Get(lang);
      vertex.entry = static_cast<int>(v) == m.entry;
      vertex.hot = node_hot[v];
    } else {
      const Service& s = m.services[v - n_nodes];
      vertex.kind = Drawing::Kind::kService;
      vertex.key = s.id;
      vertex.label = s.id + "\n" + Wrap(s.name.Get(lang), 30);
      vertex.tooltip = s.name.Get(lang) + " \xE2\x80\x94 " + s.legal_basis;
      if (!s.citation.empty()) vertex.tooltip += " (" + s.citation + ")";
      vertex.basis = BasisOf(s.legal_basis);
      vertex.hot = service_hot[v - n_nodes];
    }
    out.vertices.push_back(std::move(vertex));
  }
  for (size_t v = 0; v < n_nodes; ++v) {
    for (auto [e, end] = boost::out_edges(v, g); e != end; ++e) {
      const size_t to = boost::target(*e, g);
      const int rule = g[*e].rule;
      Drawing::Edge edge{v, to, m.rules[rule].id, rule_hot[rule], false};
      edge.dashed = edge.hot && IsServiceVertex(m, to) && !out.vertices[to].hot;
      if (IsServiceVertex(m, to)) {
        // A referral made under its own legal basis: the edge says so and takes its colour.
        const Service& s = m.services[to - n_nodes];
        for (const ReferTo& r : m.rules[rule].refer) {
          if (r.service != static_cast<int>(to - n_nodes) || r.legal_basis.empty() || r.legal_basis == s.legal_basis) {
            continue;
          }
          edge.label += "\n(" + r.legal_basis + ")";
          edge.basis = BasisOf(r.legal_basis);
          edge.own_basis = true;
        }
      }
      out.edges.push_back(std::move(edge));
    }
  }

  // "No referral" leaves: one per (reason, follow-up), in rule order.
  std::map<std::pair<std::string, bool>, size_t> leaves;
  for (size_t r = 0; r < m.rules.size(); ++r) {
    const Rule& rule = m.rules[r];
    if (!rule.has_outcome) continue;
    auto [it, added] = leaves.try_emplace({rule.reason, rule.follow_up}, out.vertices.size());
    if (added) {
      Drawing::Vertex leaf;
      leaf.kind = Drawing::Kind::kOutcome;
      leaf.key = std::to_string(leaves.size() - 1);
      leaf.label = w.no_referral;
      if (!rule.reason.empty()) leaf.label += "\n" + rule.reason;
      if (rule.follow_up) leaf.label += std::string("\n") + w.follow_up;
      out.vertices.push_back(std::move(leaf));
    }
    const bool used = result && result->source == OutcomeSource::kRule && result->outcome_rule == static_cast<int>(r);
    if (used) out.vertices[it->second].hot = true;
    out.edges.push_back({static_cast<size_t>(rule.node), it->second, rule.id, rule_hot[r], rule_hot[r] && !used});
  }
  return out;
}

// --- Graphviz DOT -------------------------------------------------------------

std::string DotQuote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string DotId(const Drawing::Vertex& v) {
  const char* prefix = v.kind == Drawing::Kind::kNode ? "n:" : v.kind == Drawing::Kind::kService ? "s:" : "o:";
  return DotQuote(prefix + v.key);
}

// `style`, fill and border of a vertex.
std::string DotFill(const Colours& c, const char* style, const char* border = nullptr) {
  return "style=" + DotQuote(style) + ", fillcolor=" + DotQuote(c.fill) + ", color=" + DotQuote(border ? border : c.border);
}

std::string DotVertexStyle(const Drawing::Vertex& v) {
  std::string out;
  const char* border = v.hot ? kHot : nullptr;
  if (v.kind == Drawing::Kind::kNode) {
    out = "shape=box, " + DotFill(kNodeColours, "rounded,filled", border);
  } else if (v.kind == Drawing::Kind::kService) {
    out = "shape=ellipse, " + DotFill(kBasisColours[static_cast<int>(v.basis)], "filled", border);
  } else {
    out = "shape=note, " + DotFill(kOutcomeColours, "filled", border);
  }
  if (v.entry) out += ", peripheries=2";
  if (v.hot) out += ", penwidth=3, fontcolor=" + DotQuote(kHot) + ", class=\"on_path\"";
  return out;
}

void WriteDot(const Drawing& dr, const Words& w, std::ostream& out) {
  out << "digraph " << DotQuote(dr.name) << " {\n"
      << "  graph [rankdir=LR, fontname=\"Helvetica,Arial,sans-serif\", fontsize=16, labelloc=t, "
         "nodesep=0.25, ranksep=1.1, label="
      << DotQuote(dr.title) << "];\n"
      << "  node [fontname=\"Helvetica,Arial,sans-serif\", fontsize=11];\n"
      << "  edge [fontname=\"Helvetica,Arial,sans-serif\", fontsize=9, color=\"#555555\"];\n\n";
  for (const auto& v : dr.vertices) {
    out << "  " << DotId(v) << " [label=" << DotQuote(v.label);
    if (!v.tooltip.empty()) out << ", tooltip=" << DotQuote(v.tooltip);
    out << ", " << DotVertexStyle(v) << "];\n";
  }
  out << "\n";
  for (const auto& e : dr.edges) {
    out << "  " << DotId(dr.vertices[e.from]) << " -> " << DotId(dr.vertices[e.to]) << " [label=" << DotQuote(e.label);
    if (e.own_basis && !e.hot) {
      const char* c = kBasisColours[static_cast<int>(e.basis)].border;
      out << ", color=" << DotQuote(c) << ", fontcolor=" << DotQuote(c);
    }
    if (e.hot) {
      out << ", color=" << DotQuote(kHot) << ", fontcolor=" << DotQuote(kHot) << ", penwidth=3, class=\"on_path\"";
      if (e.dashed) out << ", style=dashed";
    }
    out << "];\n";
  }

  // The legend: one sample of each kind of vertex, stacked in one rank.
  out << "\n  subgraph cluster_legend {\n"
      << "    label=" << DotQuote(w.legend) << "; style=\"rounded,dashed\"; color=\"#999999\"; fontsize=12;\n"
      << "    \"legend:node\" [label=" << DotQuote(w.node) << ", shape=box, " << DotFill(kNodeColours, "rounded,filled")
      << "];\n";
  for (int b = 0; b < 3; ++b) {
    out << "    \"legend:basis" << b << "\" [label=" << DotQuote(w.basis[b]) << ", shape=ellipse, "
        << DotFill(kBasisColours[b], "filled") << "];\n";
  }
  out << "    \"legend:outcome\" [label=" << DotQuote(w.no_referral) << ", shape=note, " << DotFill(kOutcomeColours, "filled")
      << "];\n"
      << "    \"legend:edge\" [label=" << DotQuote(w.edge) << ", shape=plaintext];\n";
  if (dr.highlight) {
    out << "    \"legend:path\" [label=" << DotQuote(dr.caption) << ", shape=box, style=rounded, color="
        << DotQuote(kHot) << ", fontcolor=" << DotQuote(kHot) << ", penwidth=3, class=\"on_path\"];\n";
  }
  out << "  }\n}\n";
}

// --- Mermaid ------------------------------------------------------------------

std::string MermaidText(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"') out += "#quot;";
    else if (c == '<') out += "#lt;";
    else if (c == '>') out += "#gt;";
    else if (c == '\n') out += "<br/>";
    else out += c;
  }
  return "\"" + out + "\"";
}

std::string MermaidId(const Drawing::Vertex& v) {
  const char* prefix = v.kind == Drawing::Kind::kNode ? "n_" : v.kind == Drawing::Kind::kService ? "s_" : "o_";
  return prefix + v.key;  // node and service ids are [A-Za-z][A-Za-z0-9_]*: safe as they are
}

std::string MermaidShape(Drawing::Kind kind, bool entry, const std::string& label) {
  const std::string text = MermaidText(label);
  if (kind == Drawing::Kind::kNode) return entry ? "[[" + text + "]]" : "[" + text + "]";
  if (kind == Drawing::Kind::kService) return "([" + text + "])";
  return "[/" + text + "/]";
}

const char* MermaidClass(const Drawing::Vertex& v) {
  static const char* kBasis[] = {"consent", "legal_duty", "public_function"};
  if (v.kind == Drawing::Kind::kNode) return "stage";
  if (v.kind == Drawing::Kind::kOutcome) return "outcome";
  return kBasis[static_cast<int>(v.basis)];
}

void WriteMermaid(const Drawing& dr, const Words& w, std::ostream& out) {
  out << "flowchart LR\n"
      << "  %% " << dr.title << "\n";
  for (const auto& v : dr.vertices) {
    out << "  " << MermaidId(v) << MermaidShape(v.kind, v.entry, v.label) << ":::" << MermaidClass(v) << "\n";
  }
  for (const auto& e : dr.edges) {
    out << "  " << MermaidId(dr.vertices[e.from]) << " -->|" << MermaidText(e.label) << "| "
        << MermaidId(dr.vertices[e.to]) << "\n";
  }
  out << "  subgraph legend[" << MermaidText(w.legend) << "]\n"
      << "    direction TB\n"
      << "    legend_node[" << MermaidText(w.node) << "]:::stage\n"
      << "    legend_consent([" << MermaidText(w.basis[0]) << "]):::consent\n"
      << "    legend_legal_duty([" << MermaidText(w.basis[1]) << "]):::legal_duty\n"
      << "    legend_public_function([" << MermaidText(w.basis[2]) << "]):::public_function\n"
      << "    legend_outcome[/" << MermaidText(w.no_referral) << "/]:::outcome\n"
      << "    legend_edge[" << MermaidText(w.edge) << "]:::caption\n";
  if (dr.highlight) out << "    legend_path[" << MermaidText(dr.caption) << "]:::on_path\n";
  out << "  end\n";

  auto def = [&](const char* name, const Colours& c) {
    out << "  classDef " << name << " fill:" << c.fill << ",stroke:" << c.border << ",color:#000000\n";
  };
  def("stage", kNodeColours);
  def("consent", kBasisColours[0]);
  def("legal_duty", kBasisColours[1]);
  def("public_function", kBasisColours[2]);
  def("outcome", kOutcomeColours);
  // Not `note` or `path`: Mermaid's own stylesheets use those class names.
  out << "  classDef caption fill:none,stroke:none\n"
      << "  classDef on_path stroke:" << kHot << ",stroke-width:3px,color:" << kHot << "\n";
  // A vertex keeps its colour class and gains `on_path` when highlighted.
  std::string hot;
  for (const auto& v : dr.vertices) {
    if (v.hot) hot += (hot.empty() ? "" : ",") + MermaidId(v);
  }
  if (!hot.empty()) out << "  class " << hot << " on_path\n";
  for (int dashed = 0; dashed < 2; ++dashed) {
    std::string links;
    for (size_t i = 0; i < dr.edges.size(); ++i) {
      if (dr.edges[i].hot && dr.edges[i].dashed == static_cast<bool>(dashed)) {
        links += (links.empty() ? "" : ",") + std::to_string(i);
      }
    }
    if (links.empty()) continue;
    out << "  linkStyle " << links << " stroke:" << kHot << ",stroke-width:3px,color:" << kHot
        << (dashed ? ",stroke-dasharray:6 4" : "") << "\n";
  }
}

}  // namespace
}  // namespace internal

namespace {

std::string Render(const internal::Drawing& drawing, GraphFormat format, Lang lang) {
  const internal::Words& words = internal::WordsFor(lang);
  std::ostringstream out;
  if (format == GraphFormat::kMermaid) {
    internal::WriteMermaid(drawing, words, out);
  } else {
    internal::WriteDot(drawing, words, out);
  }
  return out.str();
}

}  // namespace

std::string RenderGraph(const Ruleset& rules, GraphFormat format, const Decision* highlight, Lang lang) {
  if (highlight == nullptr) return Render(internal::Draw(internal::ModelOf(rules), nullptr, {}, lang), format, lang);
  internal::Result r;
  internal::ResultFromDecision(internal::ModelOf(rules), *highlight, &r);
  return Render(internal::Draw(internal::ModelOf(rules), &r, highlight->case_id, lang), format, lang);
}

std::string RenderGraph(const DecisionResult& highlight, GraphFormat format, Lang lang) {
  const internal::Model& m = internal::ResultAccess::ModelOf(highlight);
  return Render(internal::Draw(m, &internal::ResultAccess::Of(highlight), highlight.case_id(), lang), format, lang);
}

}  // namespace referral
