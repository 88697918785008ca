// The case contract of a rule set: its input facts as a JSON Schema, matching
// what the case reader (engine/case/case_reader.cc) accepts. What the reader
// checks that a schema cannot (dates relative to the clock or to another
// field; duplicate keys and other checks on the text) is said in the
// descriptions; tests/schema/case_contract.py holds both sides to that.
#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>

#include "case/case_values.h"
#include "model/model.h"
#include "referral/contracts.h"

namespace referral {

namespace {

using nlohmann::ordered_json;

// A real day of the years 1900..2999 (util/date.cc, ParseDate): months of 31
// and 30 days, February 28, and February 29 of leap years (divisible by 4;
// of the centuries, 2000, 2400 and 2800). minLength/maxLength keep validators
// whose `$` also matches before a final newline (Python's re) from accepting
// "2026-03-01\n".
constexpr const char* kDatePattern =
    "^(?:(?:19|2[0-9])[0-9]{2}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|"
    "(?:0[13578]|1[02])-31)|(?:(?:19|2[0-9])(?:0[48]|[2468][048]|[13579][26])|(?:20|24|28)00)-02-29)$";

// The characters a case id may not hold (util/utf8.cc, IsControl): C0, DEL,
// C1, the Arabic letter mark, LRM/RLM, the line and paragraph separators, the
// bidi embeddings, overrides and isolates. Used as `not: {pattern}` (found
// anywhere), not as an anchored allow-list, for the same `$` reason.
constexpr const char* kControlPattern =
    "[\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028-\\u202e\\u2066-\\u2069]";

// What the engine checks on fact `i` that this schema cannot express.
std::vector<std::string> EngineOnlyChecks(const internal::Model& m, int i) {
  std::vector<std::string> out;
  auto add = [&](std::string s) {
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
  };
  auto name = [&](int f) { return "`" + m.facts[f].name + "`"; };
  if (internal::IsEvaluationDate(m, i)) add("at most a day after the decision time (case.future_evaluation_date)");
  for (const auto& d : m.facts) {
    if (!d.derived) continue;
    const internal::AgeDerivation& a = d.age;
    if (i == a.birth_date && a.as_of >= 0) add("not after " + name(a.as_of) + " (case.birth_after_evaluation)");
    if (i == a.as_of && a.birth_date >= 0) add("not before " + name(a.birth_date) + " (case.birth_after_evaluation)");
    if (i == a.estimate_max && a.estimate >= 0) add("not below " + name(a.estimate) + " (case.bad_estimate)");
    if (i == a.estimate && a.estimate_max >= 0) add("not above " + name(a.estimate_max) + " (case.bad_estimate)");
    if (i == a.as_of && !m.facts[i].required) add("needed to derive `" + d.name + "` (case.age_unknown)");
    // Without a presumption of minority, an age must come from somewhere.
    if (a.majority_months == 0 && (i == a.birth_date || i == a.estimate)) {
      const int other = i == a.birth_date ? a.estimate : a.birth_date;
      add("`" + d.name + "` needs this" + (other >= 0 ? " or " + name(other) : "") + " (case.age_unknown)");
    }
  }
  return out;
}

ordered_json FactSchema(const internal::Model& m, int i) {
  using internal::FactType;
  const internal::Fact& f = m.facts[i];
  ordered_json s;
  std::string description = f.description;
  const std::vector<std::string> checks = EngineOnlyChecks(m, i);
  if (!checks.empty()) {
    description += std::string(description.empty() ? "" : " ") + "Also checked by the engine, not expressible here:";
    for (size_t k = 0; k < checks.size(); ++k) description += (k ? "; " : " ") + checks[k];
    description += ".";
  }
  if (!description.empty()) s["description"] = description;
  switch (f.type) {
    case FactType::kBool: s["type"] = "boolean"; break;
    case FactType::kInt:
      // Any JSON number with a whole value (1, 1.0, 1e2) in range; the bounds
      // are int64's where the rule set gives none, as the reader's.
      s["type"] = "integer";
      s["minimum"] = f.min;
      s["maximum"] = f.max;
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
      s["minLength"] = 10;
      s["maxLength"] = 10;
      s["pattern"] = kDatePattern;
      break;
  }
  if (f.sensitive) s["x-sensitive"] = true;
  // The reader treats null as absent; a required fact must be present.
  if (!f.required) s = {{"oneOf", ordered_json::array({s, {{"type", "null"}}})}};
  return s;
}

}  // namespace

std::string CaseJsonSchema(const Ruleset& rules) {
  const internal::Model& m = internal::ModelOf(rules);
  ordered_json schema;
  schema["$schema"] = "http://json-schema.org/draft-07/schema#";
  schema["$id"] = "urn:referral:case:v" + std::to_string(kCaseContractVersion) + ":" + rules.id();
  schema["title"] = "A case for rule set " + rules.id() + " " + rules.version();
  schema["description"] =
      "An int fact takes any JSON number with a whole value in its range (1.0 and 1e2 are 1 and 100); null is "
      "the same as absent. Also checked by the engine, on the text, which a schema of the parsed value cannot "
      "see: each key once in every object, also when escaped differently (case.duplicate_key); valid UTF-8 and "
      "no lone surrogate escape such as \\ud800 (case.bad_encoding, case.bad_json); no NUL byte "
      "(case.nul_byte); one JSON value (case.trailing_data); the size and depth limits (limit.case_size, "
      "limit.case_depth). Dates relative to the decision time or to another field are said in their fields' "
      "descriptions. See docs/limits.md.";
  schema["type"] = "object";
  ordered_json properties;
  properties["case_id"] = {
      {"type", "string"},
      {"minLength", 1},
      {"not", {{"pattern", kControlPattern}}},
      {"description",
       "pseudonymous case id, without control characters (C0, DEL, C1, line and paragraph separators, bidi "
       "marks, embeddings, overrides and isolates: case.bad_case_id)"}};
  ordered_json required = ordered_json::array({"case_id"});
  for (size_t i = 0; i < m.facts.size(); ++i) {
    const internal::Fact& f = m.facts[i];
    if (f.derived) continue;
    properties[f.name] = FactSchema(m, static_cast<int>(i));
    if (f.required) required.push_back(f.name);
  }
  // Places available per service (POLICY §8), validated by the case reader.
  std::vector<std::string> services;
  for (const auto& svc : m.services) services.push_back(svc.id);
  properties["capacity"] = {
      {"oneOf",
       ordered_json::array(
           {{{"type", "object"},
             {"description",
              "places available per service id, e.g. from HSDS service_capacity: any JSON number with a whole "
              "value >= 0 (1.0 is 1, as in an int fact)."},
             {"propertyNames", {{"enum", services}}},
             {"additionalProperties",
              {{"type", "integer"}, {"minimum", 0}, {"maximum", std::numeric_limits<int64_t>::max()}}}},
            {{"type", "null"}}})}};
  schema["properties"] = std::move(properties);
  schema["required"] = std::move(required);
  schema["additionalProperties"] = false;
  return schema.dump(2) + "\n";
}

}  // namespace referral
