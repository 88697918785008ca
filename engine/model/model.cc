// Look-ups on the compiled model.
#include "model/model.h"

namespace referral::internal {

namespace {
template <typename T, typename Key>
int FindBy(const std::vector<T>& items, const std::string& name, Key key) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].*key == name) return static_cast<int>(i);
  }
  return -1;
}
}  // namespace

int Model::FindFact(const std::string& name) const {
  return FindBy(facts, name, &Fact::name);
}

int Model::FindService(const std::string& id) const {
  return FindBy(services, id, &Service::id);
}

}  // namespace referral::internal
