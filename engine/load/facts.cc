// Reads `facts:` into Model::facts: types, bounds, defaults, sensitivity and
// the age derivation.
#include <algorithm>
#include <set>

#include "load/readers.h"
#include "util/date.h"

namespace referral::internal {

namespace {

const std::vector<std::string> kFactKeys = {"type",      "values", "min",    "max",
                                            "required",  "default", "sensitive", "report",
                                            "description", "derive", "override", "add_values", "label", "labels"};
const std::vector<std::string> kTypes = {"bool", "int", "enum", "set", "string", "date"};
constexpr size_t kMaxValues = 64;

// `labels: {value: text, ...}`: how people read an enum or set fact's values.
void ReadValueLabels(LoadContext& ctx, Fact& fact, const YamlRef& v) {
  if (fact.type != FactType::kEnum && fact.type != FactType::kSet) {
    ctx.diags.Error(v.loc, "fact.labels_not_allowed", {fact.name});
    return;
  }
  if (!v.node.IsMap()) {
    ctx.diags.Error(v.loc, "yaml.expected_mapping", {"labels"});
    return;
  }
  fact.value_labels.assign(fact.values.size(), Text{});
  for (const auto& entry : v.node) {
    YamlRef key = ctx.Child(v, entry.first);
    const std::string value = entry.first.Scalar();
    auto it = std::find(fact.values.begin(), fact.values.end(), value);
    if (it == fact.values.end()) {
      ctx.diags.Error(key.loc, "fact.unknown_label_value", {value, fact.name}, Suggest(value, fact.values));
      continue;
    }
    if (auto t = ctx.ReadText(ctx.Child(v, entry.second), value)) fact.value_labels[it - fact.values.begin()] = *t;
  }
}

// Parses a default value for `fact`; reports and returns false if invalid.
bool ReadDefault(LoadContext& ctx, Fact& fact, const YamlRef& ref) {
  const YAML::Node& n = ref.node;
  if (n.IsNull() || (n.IsScalar() && n.Scalar() == "null" && n.Tag() != "!")) {
    fact.has_default = false;
    return true;
  }
  auto bad = [&](const std::string& allowed) {
    ctx.diags.Error(ref.loc, "fact.bad_default", {fact.name, allowed});
    return false;
  };
  switch (fact.type) {
    case FactType::kBool: {
      if (!n.IsScalar() || (n.Scalar() != "true" && n.Scalar() != "false")) {
        return bad("true | false");
      }
      fact.default_value = n.Scalar() == "true";
      break;
    }
    case FactType::kInt: {
      auto v = ctx.Int(ref, "default");
      if (!v) return false;
      if (*v < fact.min || *v > fact.max) return bad(std::to_string(fact.min) + ".." + std::to_string(fact.max));
      fact.default_value = *v;
      break;
    }
    case FactType::kEnum: {
      auto it = n.IsScalar() ? std::find(fact.values.begin(), fact.values.end(), n.Scalar())
                             : fact.values.end();
      if (it == fact.values.end()) return bad("one of the fact's values");
      fact.default_value = it - fact.values.begin();
      break;
    }
    case FactType::kSet: {
      if (!n.IsSequence()) return bad("a list of the fact's values");
      uint64_t mask = 0;
      for (const auto& item : n) {
        auto it = item.IsScalar() ? std::find(fact.values.begin(), fact.values.end(), item.Scalar())
                                  : fact.values.end();
        if (it == fact.values.end()) return bad("a list of the fact's values");
        mask |= uint64_t{1} << (it - fact.values.begin());
      }
      fact.default_value = static_cast<int64_t>(mask);
      break;
    }
    case FactType::kDate: {
      auto d = n.IsScalar() ? ParseDate(n.Scalar()) : std::nullopt;
      if (!d) return bad("YYYY-MM-DD");
      fact.default_value = *d;
      break;
    }
    case FactType::kString:
      // String defaults would have to be among the compared constants, which
      // are only known later; a string fact's only useful default is null.
      return bad("null");
  }
  fact.has_default = true;
  return true;
}

}  // namespace

void ReadFacts(LoadContext& ctx, const YamlRef& section) {
  ctx.ForEachEntry(section, "facts", {}, [&](const std::string& name, const YamlRef& key,
                                              const YamlRef& body) {
    if (!IsIdentifier(name, false, false) || name == "case_id" || name == "capacity" || name == "all" ||
        name == "any" || name == "not" || name == "when" || name == "label") {
      ctx.diags.Error(key.loc, "fact.bad_name", {name}, AsciiSpelling(name, false, false));
      return;
    }
    if (ctx.fact_index.count(name) || ctx.predicate_index.count(name)) {
      ctx.diags.Error(key.loc, "name.duplicate", {name});
      return;
    }
    Fact fact;
    fact.name = name;
    fact.loc = key.loc;
    std::optional<YamlRef> default_ref;
    std::optional<YamlRef> derive_ref;
    std::optional<YamlRef> labels_ref;
    bool has_type = false, type_given = false, has_required = false;
    std::optional<Location> values_loc;
    ctx.ForEachEntry(body, "fact `" + name + "`", kFactKeys, [&](const std::string& k, const YamlRef& kref,
                                                                 const YamlRef& v) {
      if (k == "type") {
        type_given = true;
        auto t = ctx.String(v, "type");
        if (!t) return;
        auto it = std::find(kTypes.begin(), kTypes.end(), *t);
        if (it == kTypes.end()) {
          ctx.diags.Error(v.loc, "fact.unknown_type", {*t, name}, Suggest(*t, kTypes));
          return;
        }
        fact.type = static_cast<FactType>(it - kTypes.begin());
        has_type = true;
      } else if (k == "values") {
        auto values = ctx.StringList(v, "values");
        if (!values) return;
        values_loc = v.loc;
        std::set<std::string> seen;
        for (const auto& item : v.node) {  // a list of strings: StringList checked it
          if (!IsIdentifier(item.Scalar(), true, true)) {
            ctx.diags.Error(ctx.Child(v, item).loc, "fact.bad_value", {item.Scalar(), name},
                            AsciiSpelling(item.Scalar(), true, true));
          } else if (!seen.insert(item.Scalar()).second) {
            ctx.diags.Error(ctx.Child(v, item).loc, "fact.duplicate_value", {item.Scalar(), name});
          }
        }
        fact.values = *values;
      } else if (k == "min" || k == "max") {
        auto n = ctx.Int(v, k);
        if (n) (k == "min" ? fact.min : fact.max) = *n;
      } else if (k == "required") {
        auto b = ctx.Bool(v, k);
        if (b) fact.required = *b;
        has_required = true;
      } else if (k == "default") {
        default_ref = v;
      } else if (k == "sensitive" || k == "report") {
        auto b = ctx.Bool(v, k);
        if (b) (k == "sensitive" ? fact.sensitive : fact.report) = *b;
      } else if (k == "description") {
        auto s = ctx.String(v, k);
        if (s) fact.description = *s;
      } else if (k == "label") {
        if (auto t = ctx.ReadText(v, k)) fact.label = *t;
      } else if (k == "labels") {
        labels_ref = v;
      } else if (k == "derive") {
        derive_ref = v;
      } else {  // `override`, `add_values`: composition takes them out of an overlay
        ctx.diags.Error(kref.loc, "overlay.without_base", {k});
      }
    });
    if (!has_type) {
      if (!type_given) ctx.Missing(body, "type", "fact `" + name + "`");  // else reported above
      ctx.failed_definitions.insert(name);
      return;
    }
    const bool enumerated = fact.type == FactType::kEnum || fact.type == FactType::kSet;
    if (enumerated && fact.values.empty()) {
      ctx.diags.Error(values_loc.value_or(body.loc), "fact.no_values", {name});
    } else if (enumerated && fact.values.size() > kMaxValues) {
      ctx.diags.Error(body.loc, "fact.too_many_values", {name, std::to_string(kMaxValues)});
    } else if (!enumerated && !fact.values.empty()) {
      ctx.diags.Error(body.loc, "fact.values_not_allowed", {name});
    }
    if (labels_ref) ReadValueLabels(ctx, fact, *labels_ref);
    if (fact.min > fact.max) ctx.diags.Error(body.loc, "fact.bad_bounds", {name});
    if ((fact.min != std::numeric_limits<int64_t>::min() ||
         fact.max != std::numeric_limits<int64_t>::max()) && fact.type != FactType::kInt) {
      ctx.diags.Error(body.loc, "fact.bounds_not_allowed", {name});
    }
    if (fact.min > fact.max) {  // reported; unbounded, so conditions on it add no noise
      fact.min = std::numeric_limits<int64_t>::min();
      fact.max = std::numeric_limits<int64_t>::max();
    }
    if (derive_ref) {
      fact.derived = true;
      if (has_required || default_ref) ctx.diags.Error(body.loc, "fact.derived_with_default", {name});
      if (fact.type != FactType::kInt) ctx.diags.Error(body.loc, "fact.derived_type", {name, "int"});
    } else if (fact.required && default_ref) {
      ctx.diags.Error(body.loc, "fact.required_and_default", {name});
    } else if (!fact.required && !default_ref) {
      ctx.diags.Error(body.loc, "fact.no_default", {name});
    } else if (default_ref && enumerated && fact.values.empty()) {
      // already reported
    } else if (default_ref) {
      ReadDefault(ctx, fact, *default_ref);
    }
    int index = static_cast<int>(ctx.model.facts.size());
    ctx.fact_index[name] = index;
    ctx.model.facts.push_back(std::move(fact));
    if (derive_ref) ctx.pending_derivations.push_back({index, *derive_ref});
  });
}

void ResolveDerivations(LoadContext& ctx) {
  for (auto& [index, ref] : ctx.pending_derivations) {
    Fact& fact = ctx.model.facts[index];
    bool found = false;
    ctx.ForEachEntry(ref, "derive", {"age_in_months"}, [&](const std::string&, const YamlRef&,
                                                           const YamlRef& body) {
      found = true;
      auto fact_of_type = [&](const YamlRef& v, FactType type, const char* type_name) {
        auto s = ctx.String(v, "fact");
        if (!s) return -1;
        int f = ctx.Resolve(ctx.fact_index, *s, v.loc, "fact.unknown_fact");
        if (f < 0) return -1;
        if (ctx.model.facts[f].type != type || ctx.model.facts[f].derived) {
          ctx.diags.Error(v.loc, "fact.derive_input_type", {*s, type_name});
          return -1;
        }
        return f;
      };
      bool has_birth = false, has_as_of = false;
      ctx.ForEachEntry(body, "age_in_months",
                       {"birth_date", "as_of", "documented", "estimate", "estimate_max", "majority_months"},
                       [&](const std::string& k, const YamlRef&, const YamlRef& v) {
                         if (k == "birth_date") {
                           fact.age.birth_date = fact_of_type(v, FactType::kDate, "date");
                           has_birth = true;
                         } else if (k == "as_of") {
                           fact.age.as_of = fact_of_type(v, FactType::kDate, "date");
                           has_as_of = true;
                         } else if (k == "documented") {
                           fact.age.documented = fact_of_type(v, FactType::kBool, "bool");
                         } else if (k == "estimate") {
                           fact.age.estimate = fact_of_type(v, FactType::kInt, "int");
                         } else if (k == "estimate_max") {
                           fact.age.estimate_max = fact_of_type(v, FactType::kInt, "int");
                         } else {
                           auto n = ctx.Int(v, k);
                           if (!n) return;
                           if (*n <= 0) {
                             ctx.diags.Error(v.loc, "fact.bad_majority", {std::to_string(*n)});
                             return;
                           }
                           fact.age.majority_months = *n;
                         }
                       });
      if (!has_birth) ctx.Missing(body, "birth_date", "age_in_months");
      if (!has_as_of) ctx.Missing(body, "as_of", "age_in_months");
    });
    if (!found && ref.node.IsMap()) ctx.Missing(ref, "age_in_months", "derive");
  }
}

}  // namespace referral::internal
