// A case written in YAML, converted to JSON so that one reader validates both.
// Scalars keep their YAML meaning: true/false, integers, null; anything else
// is a string (dates stay strings, as in JSON).
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "case/case_values.h"
#include "load/yaml_case.h"

namespace referral::internal {

namespace {
// `budget` counts down the nodes converted: aliases may make a small text
// stand for a huge tree.
nlohmann::json Convert(const YAML::Node& n, int depth, size_t* budget) {
  if (depth > 64) throw std::runtime_error("nesting deeper than 64 levels");
  if (*budget == 0) throw std::runtime_error("too many nodes once aliases are expanded");
  --*budget;
  switch (n.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
    case YAML::NodeType::Sequence: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& item : n) out.push_back(Convert(item, depth + 1, budget));
      return out;
    }
    case YAML::NodeType::Map: {
      nlohmann::json out = nlohmann::json::object();
      for (auto it = n.begin(); it != n.end(); ++it) {
        out[it->first.Scalar()] = Convert(it->second, depth + 1, budget);
      }
      return out;
    }
    case YAML::NodeType::Scalar:
      break;
  }
  const std::string& s = n.Scalar();
  if (n.Tag() == "!") return s;  // quoted: always a string
  if (s == "true") return true;
  if (s == "false") return false;
  if (s == "null" || s == "~") return nullptr;
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc() && end == s.data() + s.size() && !s.empty()) return v;
  return s;
}
}  // namespace

std::string YamlNodeToJsonText(const YAML::Node& node) {
  size_t budget = size_t{1} << 20;
  return Convert(node, 0, &budget).dump();
}

std::string YamlToJsonText(std::string_view yaml, std::string* error, size_t max_nodes) {
  try {
    size_t budget = max_nodes;
    return Convert(YAML::Load(std::string(yaml)), 0, &budget).dump();
  } catch (const YAML::Exception& e) {
    *error = "line " + std::to_string(e.mark.line + 1) + ": " + e.msg;
  } catch (const std::exception& e) {
    *error = e.what();
  }
  return {};
}

}  // namespace referral::internal
