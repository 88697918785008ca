// The facts a case gives, described for a form a person fills in (the
// workbench's "Probar un caso"): each input fact with its type, how people
// read its name and values, and whether it may be left unanswered. The case
// schema (case_schema.cc) is the contract; this is its reading for people.
#include <nlohmann/json.hpp>

#include "explain/words.h"
#include "model/model.h"
#include "referral/contracts.h"
#include "util/date.h"

namespace referral {

namespace {

using nlohmann::ordered_json;

const char* TypeName(internal::FactType t) {
  switch (t) {
    case internal::FactType::kBool: return "bool";
    case internal::FactType::kInt: return "int";
    case internal::FactType::kEnum: return "enum";
    case internal::FactType::kSet: return "set";
    case internal::FactType::kString: return "string";
    case internal::FactType::kDate: return "date";
  }
  return "string";
}

// The value a rule assumes when the case leaves the fact out, as the case
// would write it; null when there is none.
ordered_json DefaultOf(const internal::Fact& f) {
  if (!f.has_default) return nullptr;
  switch (f.type) {
    case internal::FactType::kBool: return f.default_value != 0;
    case internal::FactType::kInt: return f.default_value;
    case internal::FactType::kEnum:
      return f.default_value >= 0 && static_cast<size_t>(f.default_value) < f.values.size()
                 ? ordered_json(f.values[static_cast<size_t>(f.default_value)])
                 : ordered_json(nullptr);
    case internal::FactType::kSet: {
      ordered_json out = ordered_json::array();
      for (size_t v = 0; v < f.values.size() && v < 64; ++v) {
        if ((static_cast<uint64_t>(f.default_value) >> v) & 1) out.push_back(f.values[v]);
      }
      return out;
    }
    case internal::FactType::kDate: return internal::FormatDate(f.default_value);
    case internal::FactType::kString: return nullptr;
  }
  return nullptr;
}

}  // namespace

std::string CaseFormJson(const Ruleset& rules, Lang lang) {
  const internal::Model& m = internal::ModelOf(rules);
  ordered_json facts = ordered_json::array();
  ordered_json derived = ordered_json::array();
  for (const internal::Fact& f : m.facts) {
    if (f.derived) {
      derived.push_back({{"id", f.name}, {"label", internal::FactWords(f, lang)}});
      continue;
    }
    ordered_json j = {{"id", f.name},
                      {"type", TypeName(f.type)},
                      {"label", internal::FactWords(f, lang)},
                      {"description", f.description},
                      {"required", f.required},
                      {"sensitive", f.sensitive},
                      {"default", DefaultOf(f)}};
    if (f.type == internal::FactType::kInt) {
      j["min"] = f.min;
      j["max"] = f.max;
    }
    if (f.type == internal::FactType::kEnum || f.type == internal::FactType::kSet) {
      ordered_json values = ordered_json::array();
      for (size_t v = 0; v < f.values.size(); ++v) {
        values.push_back({{"value", f.values[v]}, {"label", internal::ValueLabel(f, v, lang)}});
      }
      j["values"] = std::move(values);
    }
    facts.push_back(std::move(j));
  }
  ordered_json services = ordered_json::array();
  for (const internal::Service& s : m.services) {
    services.push_back({{"id", s.id}, {"name", s.name.Get(lang)}, {"legal_basis", s.legal_basis}});
  }
  ordered_json out = {{"ruleset",
                       {{"id", rules.id()},
                        {"version", rules.version()},
                        {"digest", rules.digest()},
                        {"title", rules.title(lang)}}},
                      {"lang", lang == Lang::kEs ? "es" : "en"},
                      {"facts", std::move(facts)},
                      {"derived", std::move(derived)},
                      {"services", std::move(services)}};
  return out.dump();
}

}  // namespace referral
