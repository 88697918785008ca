// The case contract of a rule set: its input facts as a JSON Schema, matching
// what the case reader (engine/case/case_reader.cc) accepts.
#include <limits>
#include <nlohmann/json.hpp>

#include "model/model.h"
#include "referral/contracts.h"

namespace referral {

namespace {

using nlohmann::ordered_json;

ordered_json FactSchema(const internal::Fact& f) {
  using internal::FactType;
  ordered_json s;
  if (!f.description.empty()) s["description"] = f.description;
  switch (f.type) {
    case FactType::kBool: s["type"] = "boolean"; break;
    case FactType::kInt:
      s["type"] = "integer";
      if (f.min != std::numeric_limits<int64_t>::min()) s["minimum"] = f.min;
      if (f.max != std::numeric_limits<int64_t>::max()) s["maximum"] = f.max;
      break;
    case FactType::kEnum:
      s["type"] = "string";
      s["enum"] = f.values;
      break;
    case FactType::kSet:
      s["type"] = "array";
      s["items"] = {{"type", "string"}, {"enum", f.values}};
      break;
    case FactType::kString: s["type"] = "string"; break;
    case FactType::kDate:
      s["type"] = "string";
      s["format"] = "date";
      s["pattern"] = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
      break;
  }
  if (f.sensitive) s["x-sensitive"] = true;
  // The reader treats null as absent; a required fact must be present.
  if (!f.required) s = {{"oneOf", ordered_json::array({s, {{"type", "null"}}})}};
  return s;
}

}  // namespace

std::string CaseJsonSchema(const Ruleset& rules) {
  const internal::Model& m = rules.model();
  ordered_json schema;
  schema["$schema"] = "http://json-schema.org/draft-07/schema#";
  schema["$id"] = "urn:referral:case:v" + std::to_string(kCaseContractVersion) + ":" + rules.id();
  schema["title"] = "A case for rule set " + rules.id() + " " + rules.version();
  schema["type"] = "object";
  ordered_json properties;
  properties["case_id"] = {{"type", "string"}, {"minLength", 1}, {"description", "pseudonymous case id"}};
  ordered_json required = ordered_json::array({"case_id"});
  for (const auto& f : m.facts) {
    if (f.derived) continue;
    properties[f.name] = FactSchema(f);
    if (f.required) required.push_back(f.name);
  }
  // Places available per service (POLICY §8), validated by the case reader.
  std::vector<std::string> services;
  for (const auto& svc : m.services) services.push_back(svc.id);
  properties["capacity"] = {
      {"oneOf",
       ordered_json::array({{{"type", "object"},
                             {"description", "places available per service id, e.g. from HSDS service_capacity"},
                             {"propertyNames", {{"enum", services}}},
                             {"additionalProperties", {{"type", "integer"}, {"minimum", 0}}}},
                            {{"type", "null"}}})}};
  schema["properties"] = std::move(properties);
  schema["required"] = std::move(required);
  schema["additionalProperties"] = false;
  return schema.dump(2) + "\n";
}

}  // namespace referral
