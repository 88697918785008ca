// The routing graph as a Boost.Graph. One builder for both the checks
// (routing_graph.cc) and the drawing (graph_render.cc), so that the picture
// policy staff see is exactly the graph the loader checked and the evaluator
// orders. Included only by engine/graph/*.cc: Boost.Graph stays in this folder.
#ifndef REFERRAL_ENGINE_GRAPH_BOOST_ROUTING_GRAPH_H_
#define REFERRAL_ENGINE_GRAPH_BOOST_ROUTING_GRAPH_H_

#include <boost/graph/adjacency_list.hpp>

#include <cstddef>

#include "model/model.h"

namespace referral::internal {

// An edge is one entry of a rule's `next` or `refer`; it remembers the rule.
struct RouteEdge {
  int rule = -1;  // index in Model::rules
};

// Vertices 0 .. nodes-1 are Model::nodes, then one vertex per Model::services
// entry, in model order. Out-edges keep insertion order (rule order, then
// `next` before `refer`), so walking the graph is deterministic.
using RoutingGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property, RouteEdge>;

// Unresolved references (-1, already reported by the loader) are left out.
RoutingGraph BuildRoutingGraph(const Model& model);

inline bool IsServiceVertex(const Model& model, std::size_t v) { return v >= model.nodes.size(); }

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_GRAPH_BOOST_ROUTING_GRAPH_H_
