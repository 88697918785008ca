// YAML case documents and nodes as JSON text (cases are validated as JSON).
#ifndef REFERRAL_ENGINE_LOAD_YAML_CASE_H_
#define REFERRAL_ENGINE_LOAD_YAML_CASE_H_

#include <yaml-cpp/yaml.h>

#include <string>

namespace referral::internal {

// Throws std::runtime_error on nesting deeper than 64 levels.
std::string YamlNodeToJsonText(const YAML::Node& node);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_LOAD_YAML_CASE_H_
