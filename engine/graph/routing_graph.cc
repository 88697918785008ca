// Boost.Graph checks over the routing graph and the predicate graph.
#include "graph/routing_graph.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/depth_first_search.hpp>

#include <algorithm>
#include <functional>
#include <iterator>
#include <set>
#include <utility>

#include "graph/boost_routing_graph.h"

namespace referral::internal {

namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;  // predicates
using Vertex = boost::graph_traits<Graph>::vertex_descriptor;  // std::size_t for every vecS graph

// Records the first back edge found by a depth-first search and the tree
// edges leading to it, so the cycle can be spelt out.
struct CycleState {
  std::vector<Vertex> parent;
  bool found = false;
  Vertex from = 0;
  Vertex to = 0;
};

template <typename G>
class CycleVisitor : public boost::default_dfs_visitor {
 public:
  explicit CycleVisitor(CycleState* state) : state_(state) {}
  void tree_edge(typename boost::graph_traits<G>::edge_descriptor e, const G& g) {
    state_->parent[boost::target(e, g)] = boost::source(e, g);
  }
  void back_edge(typename boost::graph_traits<G>::edge_descriptor e, const G& g) {
    if (state_->found) return;
    state_->found = true;
    state_->from = boost::source(e, g);
    state_->to = boost::target(e, g);
  }

 private:
  CycleState* state_;
};

// The vertices of the first cycle found, in order, closing vertex repeated;
// empty if the graph is acyclic.
template <typename G>
std::vector<Vertex> FindCycle(const G& g) {
  CycleState state;
  state.parent.assign(boost::num_vertices(g), 0);
  boost::depth_first_search(g, boost::visitor(CycleVisitor<G>(&state)));
  if (!state.found) return {};
  std::vector<Vertex> cycle = {state.from};
  for (Vertex v = state.from; v != state.to;) {
    v = state.parent[v];
    cycle.push_back(v);
  }
  std::reverse(cycle.begin(), cycle.end());
  cycle.push_back(state.to);
  return cycle;
}

std::string Spell(const std::vector<Vertex>& cycle,
                  const std::function<std::string(Vertex)>& name) {
  std::string out;
  for (Vertex v : cycle) out += (out.empty() ? "" : " -> ") + name(v);
  return out;
}

void CollectPredicateRefs(const Model& model, int cond, std::vector<int>* out) {
  if (cond < 0) return;
  const CondNode& n = model.conditions[cond];
  if (n.kind == CondNode::Kind::kPredicate) out->push_back(n.predicate);
  for (int c : n.children) CollectPredicateRefs(model, c, out);
}

}  // namespace

RoutingGraph BuildRoutingGraph(const Model& model) {
  const size_t n_nodes = model.nodes.size();
  RoutingGraph g(n_nodes + model.services.size());
  for (size_t r = 0; r < model.rules.size(); ++r) {
    const Rule& rule = model.rules[r];
    const RouteEdge edge{static_cast<int>(r)};
    for (int next : rule.next) {
      if (next >= 0) boost::add_edge(rule.node, next, edge, g);
    }
    for (const ReferTo& to : rule.refer) {
      if (to.service >= 0) boost::add_edge(rule.node, n_nodes + to.service, edge, g);
    }
  }
  return g;
}

void CheckRoutingGraph(Model& model, DiagSink& diags) {
  const size_t n_nodes = model.nodes.size();
  const RoutingGraph g = BuildRoutingGraph(model);
  auto name = [&](Vertex v) {
    return v < n_nodes ? model.nodes[v].id : model.services[v - n_nodes].id;
  };

  std::vector<Vertex> cycle = FindCycle(g);
  if (!cycle.empty()) {
    // Point at the rule that closes the cycle.
    Location at = model.nodes[cycle[cycle.size() - 2]].loc;
    for (int r : model.nodes[cycle[cycle.size() - 2]].rules) {
      const auto& next = model.rules[r].next;
      if (std::find(next.begin(), next.end(), static_cast<int>(cycle.back())) != next.end()) {
        at = model.rules[r].loc;
        break;
      }
    }
    diags.Error(at, "graph.cycle", {Spell(cycle, name)});
    return;
  }

  if (model.entry >= 0) {
    std::vector<boost::default_color_type> color(boost::num_vertices(g), boost::white_color);
    boost::breadth_first_search(
        g, static_cast<Vertex>(model.entry),
        boost::color_map(boost::make_iterator_property_map(color.begin(), boost::get(boost::vertex_index, g))));
    for (size_t v = 0; v < n_nodes; ++v) {
      if (color[v] == boost::white_color) {
        diags.Error(model.nodes[v].loc, "graph.unreachable", {model.nodes[v].id, model.nodes[model.entry].id});
      }
    }
  }

  // The order nodes are evaluated in, which the path, the fired rules and the
  // first outcome follow: a topological order, made canonical so that it does
  // not depend on how the rules are split into files or what the files are
  // called (boost::topological_sort breaks ties by vertex number, i.e. by
  // declaration order across files). Ties go to the node named first by a
  // walk from the entry over the rules in order and their `next` in order.
  std::vector<int> rank(n_nodes, -1);
  std::vector<int> walk;
  if (model.entry >= 0) {
    rank[model.entry] = 0;
    walk.push_back(model.entry);
  }
  for (size_t i = 0; i < walk.size(); ++i) {
    for (int r : model.nodes[walk[i]].rules) {
      for (int next : model.rules[r].next) {
        if (next >= 0 && rank[next] < 0) {
          rank[next] = static_cast<int>(walk.size());
          walk.push_back(next);
        }
      }
    }
  }
  for (size_t v = 0; v < n_nodes; ++v) {
    if (rank[v] < 0) rank[v] = static_cast<int>(n_nodes + v);  // unreachable (reported above)
  }
  std::vector<int> in_degree(n_nodes, 0);
  for (const Rule& rule : model.rules) {
    for (int next : rule.next) {
      if (next >= 0) ++in_degree[next];
    }
  }
  std::set<std::pair<int, int>> ready;  // (rank, node)
  for (size_t v = 0; v < n_nodes; ++v) {
    if (in_degree[v] == 0) ready.insert({rank[v], static_cast<int>(v)});
  }
  model.node_order.clear();
  while (!ready.empty()) {
    const int v = ready.begin()->second;
    ready.erase(ready.begin());
    model.nodes[v].topo_rank = static_cast<int>(model.node_order.size());
    model.node_order.push_back(v);
    for (int r : model.nodes[v].rules) {
      for (int next : model.rules[r].next) {
        if (next >= 0 && --in_degree[next] == 0) ready.insert({rank[next], next});
      }
    }
  }
}

void CheckPredicateCycles(const Model& model, DiagSink& diags) {
  Graph g(model.predicates.size());
  for (size_t p = 0; p < model.predicates.size(); ++p) {
    std::vector<int> refs;
    CollectPredicateRefs(model, model.predicates[p].condition, &refs);
    for (int r : refs) boost::add_edge(p, r, g);
  }
  std::vector<Vertex> cycle = FindCycle(g);
  if (cycle.empty()) return;
  diags.Error(model.predicates[cycle.front()].loc, "predicate.cycle",
              {Spell(cycle, [&](Vertex v) { return model.predicates[v].name; })});
}

std::vector<GraphEdge> RoutingEdges(const Model& model) {
  std::vector<GraphEdge> edges;
  for (const Rule& rule : model.rules) {
    const std::string& from = model.nodes[rule.node].id;
    for (int next : rule.next) edges.push_back({from, model.nodes[next].id, rule.id, false});
    for (const ReferTo& r : rule.refer) {
      if (r.service >= 0) edges.push_back({from, model.services[r.service].id, rule.id, true});
    }
  }
  return edges;
}

}  // namespace referral::internal
