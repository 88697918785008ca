// Drawing a rule set's routing graph for people: decision nodes, rules as
// labelled edges, services as leaves coloured by legal basis, and optionally
// the path one decision took.
#ifndef REFERRAL_GRAPH_H_
#define REFERRAL_GRAPH_H_

#include "referral/export.h"

#include <string>

#include "referral/decision.h"
#include "referral/options.h"
#include "referral/result.h"
#include "referral/ruleset.h"

namespace referral {

enum class GraphFormat {
  kDot,      // Graphviz DOT (`dot -Tsvg` turns it into a picture)
  kMermaid,  // Mermaid `flowchart LR`, which Markdown viewers such as GitHub draw
};

// The routing graph of `rules` as text in `format`: every node (a box: its id
// and hit policy; the entry node has a double border), every rule as an edge
// labelled with its id (to the nodes it continues to and the services it
// refers to; a rule with an `outcome` also points at a "no referral" leaf),
// every service (an ellipse coloured by legal basis: consent, legal duty,
// public function), and a legend. Texts (title, service names, legend) are in
// `lang`.
//
// `highlight`, if not null, is a decision made by `rules` (any trace level):
// the nodes on its path, the edges of its fired rules and the services it
// refers to are drawn emphasised (thick and red, with the class `on_path` for
// SVG and Mermaid styling); everything else as usual. A fired rule's edge to a
// service the decision dropped as ineligible, or to an outcome that did not
// apply, is emphasised but dashed. Names in the decision that the rule set does
// not have are ignored; of a rule's versions (`effective`), the one the
// decision's trace shows is emphasised. The caller keeps ownership of `highlight`; it is only
// read during the call.
//
// The same rule set, decision and options give byte-identical text. Never
// fails: a loaded Ruleset is always drawable. Thread-safe; touches no global
// state.
REFERRAL_API std::string RenderGraph(const Ruleset& rules, GraphFormat format, const Decision* highlight, Lang lang);

// The same, highlighting a decision held in a DecisionResult (of its own rule
// set), read by index: the drawing of the rule set that made it. The result
// must hold a decision.
REFERRAL_API std::string RenderGraph(const DecisionResult& highlight, GraphFormat format, Lang lang);

}  // namespace referral

#endif  // REFERRAL_GRAPH_H_
