// Limits by name (docs/limits.md), shared by `referral --limit NAME=N` and the
// C ABI's referral_options_set_limit().
#include <utility>

#include "referral/options.h"

namespace referral {

namespace {

using SizeLimit = std::size_t LoadLimits::*;
using DepthLimit = int LoadLimits::*;

constexpr std::pair<std::string_view, SizeLimit> kLoadSizes[] = {
    {"file_bytes", &LoadLimits::max_file_bytes}, {"files", &LoadLimits::max_files},
    {"yaml_aliases", &LoadLimits::max_yaml_aliases}, {"yaml_nodes", &LoadLimits::max_yaml_nodes},
    {"facts", &LoadLimits::max_facts}, {"predicates", &LoadLimits::max_predicates},
    {"services", &LoadLimits::max_services}, {"nodes", &LoadLimits::max_nodes}, {"rules", &LoadLimits::max_rules}};
constexpr std::pair<std::string_view, DepthLimit> kLoadDepths[] = {
    {"yaml_depth", &LoadLimits::max_yaml_depth}, {"condition_depth", &LoadLimits::max_condition_depth}};

constexpr std::size_t kMaxDepth = 100000;  // deeper would overflow the stack anyway

}  // namespace

bool SetLimit(std::string_view name, std::size_t value, LoadLimits* load, CaseLimits* cases) {
  if (value == 0 || load == nullptr || cases == nullptr) return false;
  const int depth = static_cast<int>(value > kMaxDepth ? kMaxDepth : value);
  for (const auto& [limit, member] : kLoadSizes) {
    if (name == limit) return (load->*member = value, true);
  }
  for (const auto& [limit, member] : kLoadDepths) {
    if (name == limit) return (load->*member = depth, true);
  }
  if (name == "case_bytes") return (cases->max_case_bytes = value, true);
  if (name == "case_depth") return (cases->max_case_depth = depth, true);
  return false;
}

const char* LimitNames() {
  return "file_bytes, files, yaml_depth, yaml_aliases, yaml_nodes, facts, predicates, services, nodes, rules, "
         "condition_depth, case_bytes, case_depth";
}

}  // namespace referral
