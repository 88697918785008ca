// Look-ups on the compiled model.
#include "model/model.h"

namespace referral::internal {

namespace {
template <typename T, typename Key>
int FindBy(const std::vector<T>& items, std::string_view name, Key key) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].*key == name) return static_cast<int>(i);
  }
  return -1;
}
}  // namespace

template <typename T, typename Key>
int Find(const Model::Index& index, const std::vector<T>& items, std::string_view name, Key key) {
  if (index.size() != items.size()) return FindBy(items, name, key);
  auto it = index.find(name);
  return it == index.end() ? -1 : it->second;
}

void Model::BuildIndexes() {
  fact_index.clear();
  service_index.clear();
  node_index.clear();
  for (size_t i = 0; i < facts.size(); ++i) fact_index.emplace(facts[i].name, static_cast<int>(i));
  for (size_t i = 0; i < services.size(); ++i) service_index.emplace(services[i].id, static_cast<int>(i));
  for (size_t i = 0; i < nodes.size(); ++i) node_index.emplace(nodes[i].id, static_cast<int>(i));
}

int Model::FindFact(std::string_view name) const { return Find(fact_index, facts, name, &Fact::name); }

int Model::FindService(std::string_view id) const { return Find(service_index, services, id, &Service::id); }

int Model::FindNode(std::string_view id) const { return Find(node_index, nodes, id, &Node::id); }

std::vector<int> Model::FindRules(int node, std::string_view id) const {
  std::vector<int> out;
  if (node < 0 || node >= static_cast<int>(nodes.size())) return out;
  for (int r : nodes[node].rules) {
    if (rules[r].id == id) out.push_back(r);
  }
  return out;
}

}  // namespace referral::internal
