// Validates a case (JSON object) against the rule set's facts and encodes it
// into slots; then derives the derived facts.
#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>

#include "case/case_values.h"
#include "diag/suggest.h"
#include "util/date.h"
#include "util/input_scan.h"

namespace referral::internal {

namespace {

using nlohmann::json;

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string AllowedOf(const Fact& f) {
  switch (f.type) {
    case FactType::kBool: return "true or false";
    case FactType::kInt: {
      std::string lo = f.min == std::numeric_limits<int64_t>::min() ? "" : std::to_string(f.min);
      std::string hi = f.max == std::numeric_limits<int64_t>::max() ? "" : std::to_string(f.max);
      return "an integer" + (lo.empty() && hi.empty() ? std::string() : " in " + lo + ".." + hi);
    }
    case FactType::kEnum: return "one of: " + Join(f.values);
    case FactType::kSet: return "a list of: " + Join(f.values);
    case FactType::kString: return "a string";
    case FactType::kDate: return "a date YYYY-MM-DD";
  }
  return "";
}

// Reports a value error; the value itself is quoted only if not sensitive.
Status ValueError(const std::string& code, const Fact& f, const std::string& value, const std::string& what) {
  std::string msg = "field `" + f.name + "`: ";
  if (!f.sensitive && !value.empty()) msg += "`" + value + "` ";
  msg += what + "; allowed: " + AllowedOf(f);
  // A did-you-mean only for a misspelt value, not for a value of the wrong type.
  if (!f.sensitive && !value.empty() && code == "case.unknown_value" &&
      (f.type == FactType::kEnum || f.type == FactType::kSet)) {
    std::string s = Suggest(value, f.values);
    if (!s.empty()) msg += " (did you mean `" + s + "`?)";
  }
  return Status::Error(code, msg, f.name);
}

std::string Shown(const json& v) {
  std::string s = v.is_string() ? v.get<std::string>() : v.dump();
  if (s.size() > 64) s = s.substr(0, 61) + "...";
  return s;
}

Status Encode(const Fact& f, const json& v, int64_t* out, std::string* text) {
  switch (f.type) {
    case FactType::kBool:
      if (!v.is_boolean()) return ValueError("case.bad_type", f, Shown(v), "is not a boolean");
      *out = v.get<bool>();
      return Status::Ok();
    case FactType::kInt: {
      if (!v.is_number_integer()) return ValueError("case.bad_type", f, Shown(v), "is not an integer");
      if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(f.max)) {
        return ValueError("case.out_of_range", f, Shown(v), "is out of range");
      }
      int64_t n = v.get<int64_t>();
      if (n < f.min || n > f.max) return ValueError("case.out_of_range", f, Shown(v), "is out of range");
      *out = n;
      return Status::Ok();
    }
    case FactType::kEnum: {
      if (!v.is_string()) return ValueError("case.bad_type", f, Shown(v), "is not a string");
      const auto& s = v.get_ref<const std::string&>();
      auto it = std::find(f.values.begin(), f.values.end(), s);
      if (it == f.values.end()) return ValueError("case.unknown_value", f, Shown(v), "is not an allowed value");
      *out = it - f.values.begin();
      return Status::Ok();
    }
    case FactType::kSet: {
      if (!v.is_array()) return ValueError("case.bad_type", f, Shown(v), "is not a list");
      uint64_t mask = 0;
      for (const auto& item : v) {
        if (!item.is_string()) return ValueError("case.bad_type", f, Shown(item), "is not a string");
        const auto& s = item.get_ref<const std::string&>();
        auto it = std::find(f.values.begin(), f.values.end(), s);
        if (it == f.values.end()) return ValueError("case.unknown_value", f, Shown(item), "is not an allowed value");
        mask |= uint64_t{1} << (it - f.values.begin());
      }
      *out = static_cast<int64_t>(mask);
      return Status::Ok();
    }
    case FactType::kString: {
      if (!v.is_string()) return ValueError("case.bad_type", f, Shown(v), "is not a string");
      *text = v.get<std::string>();
      auto it = std::find(f.constants.begin(), f.constants.end(), *text);
      *out = it == f.constants.end() ? -1 : it - f.constants.begin();
      return Status::Ok();
    }
    case FactType::kDate: {
      if (!v.is_string()) return ValueError("case.bad_type", f, Shown(v), "is not a date string");
      auto d = ParseDate(v.get_ref<const std::string&>());
      if (!d) return ValueError("case.bad_date", f, Shown(v), "is not a valid date");
      *out = *d;
      return Status::Ok();
    }
  }
  return Status::Error("case.bad_type", "unknown type", f.name);
}

// Ley 1098 art. 3 par. 1: minority in doubt => presumed minor. The age is
// left absent (conditions on it do not hold), with a warning, and every
// referral of the decision needs a person to confirm it.
void PresumeMinor(const std::string& detail, CaseValues& c) {
  c.warnings.push_back({"age_unknown_presumed_minor", detail});
  c.confirm_all = true;
}

Status DeriveAge(const Model& model, const Fact& f, CaseValues& c, int64_t* out, bool* present) {
  const AgeDerivation& a = f.age;
  auto has = [&](int i) { return i >= 0 && c.present[i]; };
  auto name = [&](int i) { return model.facts[i].name; };
  const bool documented = a.documented < 0 || (has(a.documented) && c.values[a.documented] != 0);
  const bool presume_minor = a.majority_months > 0;
  *present = true;
  if (!has(a.as_of)) {
    return Status::Error("case.age_unknown", "`" + f.name + "` needs `" + name(a.as_of) + "`", name(a.as_of));
  }
  const int64_t as_of = c.values[a.as_of];
  if (has(a.birth_date) && c.values[a.birth_date] > as_of) {
    return Status::Error("case.birth_after_evaluation",
                         "field `" + name(a.birth_date) + "`: the birth date is after `" + name(a.as_of) + "`",
                         name(a.birth_date));
  }
  if (has(a.estimate) && has(a.estimate_max) && c.values[a.estimate_max] < c.values[a.estimate]) {
    return Status::Error("case.bad_estimate",
                         "field `" + name(a.estimate_max) + "`: the maximum estimate (" +
                             std::to_string(c.values[a.estimate_max]) + ") is below `" + name(a.estimate) + "` (" +
                             std::to_string(c.values[a.estimate]) + ")",
                         name(a.estimate_max));
  }
  // 1. A documented birth date.
  if (documented && has(a.birth_date)) {
    *out = WholeMonthsBetween(c.values[a.birth_date], as_of);
    c.derived.push_back({f.name, std::to_string(*out)});
    return Status::Ok();
  }
  // 2. Otherwise the lower bound of the estimate (also when the age is said
  //    to be documented but the birth date was not sent).
  if (has(a.estimate)) {
    *out = c.values[a.estimate];
  } else if (!documented && has(a.birth_date)) {
    // 3. An undocumented birth date, as the presumed (lower) age; when it
    //    says the person is an adult, minority is still in doubt.
    *out = WholeMonthsBetween(c.values[a.birth_date], as_of);
    if (presume_minor && *out >= a.majority_months) {
      *present = false;
      PresumeMinor(name(a.birth_date), c);
      return Status::Ok();
    }
  } else if (presume_minor) {
    // 4. Nothing to take an age from: presumed a minor of unknown age.
    *present = false;
    PresumeMinor(f.name, c);
    return Status::Ok();
  } else if (documented) {
    return Status::Error("case.age_unknown",
                         "`" + f.name + "` cannot be derived: the age is documented but `" + name(a.birth_date) +
                             "` is missing" + (a.estimate >= 0 ? " (and there is no `" + name(a.estimate) + "`)" : ""),
                         name(a.birth_date));
  } else {
    return Status::Error("case.age_unknown",
                         "`" + f.name + "` cannot be derived: give " + name(a.birth_date) +
                             (a.estimate >= 0 ? " or " + name(a.estimate) : ""),
                         a.estimate >= 0 ? name(a.estimate) : name(a.birth_date));
  }
  c.warnings.push_back({"age_presumed_lower_bound", f.name});
  c.derived.push_back({f.name, std::to_string(*out)});
  return Status::Ok();
}

// The engine-level field `capacity` (policy §8: map<service_id,int>, places
// available per service, from HSDS service_capacity.available): an object
// whose keys are catalogue service ids and whose values are integers >= 0.
// Validated and kept; no rule reads it yet (the R4 capacity fallback).
Status ReadCapacity(const Model& model, const json& v, CaseValues& c) {
  if (v.is_null()) return Status::Ok();
  if (!v.is_object()) {
    return Status::Error("case.bad_type",
                         "field `capacity`: `" + Shown(v) +
                             "` is not an object; allowed: an object mapping service ids to places available",
                         "capacity");
  }
  for (auto it = v.begin(); it != v.end(); ++it) {
    const std::string field = "capacity." + it.key();
    if (model.FindService(it.key()) < 0) {
      std::vector<std::string> ids;
      for (const auto& s : model.services) ids.push_back(s.id);
      std::string s = Suggest(it.key(), ids);
      return Status::Error("case.unknown_service",
                           "field `" + field + "`: `" + it.key() + "` is not a service of the catalogue" +
                               (s.empty() ? "" : " (did you mean `" + s + "`?)"),
                           field);
    }
    const json& n = it.value();
    if (!n.is_number_integer()) {
      return Status::Error("case.bad_type",
                           "field `" + field + "`: `" + Shown(n) + "` is not an integer; allowed: an integer >= 0",
                           field);
    }
    if (n.is_number_unsigned() ? n.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())
                               : n.get<int64_t>() < 0) {
      return Status::Error("case.out_of_range",
                           "field `" + field + "`: `" + Shown(n) + "` is out of range; allowed: an integer >= 0",
                           field);
    }
    c.capacity.emplace_back(it.key(), n.get<int64_t>());
  }
  return Status::Ok();
}

}  // namespace

Status CheckCaseLimits(std::string_view text, CaseFormat format, const CaseLimits& limits) {
  if (text.size() > limits.max_case_bytes) {
    return Status::Error("limit.case_size", "the case has " + std::to_string(text.size()) +
                                                " bytes; the limit is " + std::to_string(limits.max_case_bytes) +
                                                " (raise it with DecideOptions::limits.max_case_bytes or "
                                                "`referral --limit case_bytes=N`)");
  }
  // A case is an object of scalars and lists: deep nesting is never valid,
  // and parsers recurse on it.
  constexpr size_t kMaxYamlCaseAliases = 64;
  ScanResult scan = format == CaseFormat::kYaml ? ScanYaml(text, limits.max_case_depth, kMaxYamlCaseAliases)
                                                : ScanJson(text, limits.max_case_depth);
  if (scan.depth_line || scan.alias_line) {
    return Status::Error("limit.case_depth", "the case nests more than " + std::to_string(limits.max_case_depth) +
                                                 " levels deep" + (scan.alias_line ? " or uses too many aliases" : "") +
                                                 " (raise it with DecideOptions::limits.max_case_depth or "
                                                 "`referral --limit case_depth=N`)");
  }
  return Status::Ok();
}

StatusOr<CaseValues> ReadCase(const Model& model, std::string_view text, CaseFormat format,
                              const CaseLimits& limits) {
  if (Status s = CheckCaseLimits(text, format, limits); !s.ok()) return s;
  std::string converted;
  if (format == CaseFormat::kYaml) {
    std::string error;
    converted = YamlToJsonText(text, &error, limits.max_case_bytes);
    if (!error.empty()) return Status::Error("case.bad_yaml", "the case is not valid YAML: " + error);
    text = converted;
  }
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    return Status::Error("case.bad_json", "the case is not valid JSON (at byte " + std::to_string(e.byte) + ")");
  }
  if (!doc.is_object()) return Status::Error("case.not_object", "the case must be a JSON object");

  CaseValues c;
  const size_t n = model.facts.size();
  c.values.assign(n, 0);
  c.present.assign(n, 0);
  c.strings.assign(n, {});
  std::vector<std::string> names = {"case_id", "capacity"};
  for (const auto& f : model.facts) {
    if (!f.derived) names.push_back(f.name);
  }
  bool has_id = false;
  // Keys in sorted order (nlohmann's object is a std::map), so the first error
  // reported does not depend on the input's key order.
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    const std::string& key = it.key();
    const json& v = it.value();
    if (key == "capacity") {
      Status s = ReadCapacity(model, v, c);
      if (!s.ok()) return s;
      continue;
    }
    if (key == "case_id") {
      if (!v.is_string() || v.get_ref<const std::string&>().empty()) {
        return Status::Error("case.bad_type", "field `case_id` must be a non-empty string", "case_id");
      }
      c.case_id = v.get<std::string>();
      has_id = true;
      continue;
    }
    int f = model.FindFact(key);
    if (f < 0) {
      std::string s = Suggest(key, names);
      return Status::Error("case.unknown_field",
                           "unknown field `" + key + "`" + (s.empty() ? "" : " (did you mean `" + s + "`?)"), key);
    }
    if (model.facts[f].derived) {
      const AgeDerivation& a = model.facts[f].age;
      std::string inputs;
      for (int i : {a.birth_date, a.documented, a.estimate}) {
        if (i >= 0) inputs += (inputs.empty() ? "" : ", ") + model.facts[i].name;
      }
      return Status::Error("case.derived_field",
                           "field `" + key + "` is derived by the rule set; do not send it: send its inputs (" +
                               inputs + ") instead",
                           key);
    }
    if (v.is_null()) continue;
    Status s = Encode(model.facts[f], v, &c.values[f], &c.strings[f]);
    if (!s.ok()) return s;
    c.present[f] = 1;
  }
  if (!has_id) return Status::Error("case.missing_field", "missing required field `case_id`", "case_id");
  for (size_t f = 0; f < n; ++f) {
    const Fact& fact = model.facts[f];
    if (c.present[f] || fact.derived) continue;
    if (fact.required) {
      return Status::Error("case.missing_field", "missing required field `" + fact.name + "`", fact.name);
    }
    if (fact.has_default) {
      c.values[f] = fact.default_value;
      c.present[f] = 1;
    }
  }
  for (size_t f = 0; f < n; ++f) {
    if (!model.facts[f].derived) continue;
    bool present = true;
    Status s = DeriveAge(model, model.facts[f], c, &c.values[f], &present);
    if (!s.ok()) return s;
    c.present[f] = present ? 1 : 0;
  }
  return c;
}

std::string FormatValue(const Model& model, const CaseValues& c, int f) {
  const Fact& fact = model.facts[f];
  if (!c.present[f]) return "(none)";
  int64_t v = c.values[f];
  switch (fact.type) {
    case FactType::kBool: return v ? "true" : "false";
    case FactType::kInt: return std::to_string(v);
    case FactType::kEnum: return fact.values[v];
    case FactType::kSet: {
      std::vector<std::string> items;
      for (size_t i = 0; i < fact.values.size(); ++i) {
        if ((static_cast<uint64_t>(v) >> i) & 1) items.push_back(fact.values[i]);
      }
      return "[" + Join(items) + "]";
    }
    case FactType::kString: return c.strings[f];
    case FactType::kDate: return FormatDate(v);
  }
  return "";
}

}  // namespace referral::internal
