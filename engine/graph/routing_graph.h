// The routing graph on Boost.Graph: decision nodes and services are vertices,
// rules are edges (to the nodes they continue to and the services they refer
// to). Checks acyclicity (naming the cycle) and reachability from the entry,
// and fixes the topological order the evaluator visits nodes in.
#ifndef REFERRAL_ENGINE_GRAPH_ROUTING_GRAPH_H_
#define REFERRAL_ENGINE_GRAPH_ROUTING_GRAPH_H_

#include <string>
#include <vector>

#include "diag/diag_sink.h"
#include "model/model.h"

namespace referral::internal {

// REQUIRES: every index in the model is resolved (no -1 in next/refer).
// Sets Node::topo_rank and Model::node_order when the graph is a DAG.
void CheckRoutingGraph(Model& model, DiagSink& diags);

// Predicates may use predicates, but not in a cycle.
void CheckPredicateCycles(const Model& model, DiagSink& diags);

// Edges of the routing graph for drawing: (from, to, label); vertices are
// node ids and service ids.
struct GraphEdge {
  std::string from;
  std::string to;
  std::string rule;
  bool to_service = false;
};
std::vector<GraphEdge> RoutingEdges(const Model& model);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_GRAPH_ROUTING_GRAPH_H_
