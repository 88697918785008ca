// Reads `ruleset: consent:`, the declaration of which fact records the case's
// consent and which of its values give it (docs/rules.md, "Consent"), into
// Model::consent. The analyzer reads it; nothing guesses consent from names.
#include <algorithm>

#include "load/readers.h"

namespace referral::internal {

namespace {

const std::vector<std::string> kConsentKeys = {"fact", "covers"};

const char* TypeName(FactType t) {
  switch (t) {
    case FactType::kBool: return "bool";
    case FactType::kInt: return "int";
    case FactType::kEnum: return "enum";
    case FactType::kSet: return "set";
    case FactType::kString: return "string";
    case FactType::kDate: return "date";
  }
  return "?";
}

// The consent fact named at `v`, or -1 after reporting why it cannot be one.
int ConsentFact(LoadContext& ctx, const YamlRef& v) {
  auto name = ctx.String(v, "fact");
  if (!name) return -1;
  int f = ctx.Resolve(ctx.fact_index, *name, v.loc, "ruleset.consent_unknown_fact");
  if (f < 0) return -1;
  const Fact& fact = ctx.model.facts[f];
  if (fact.type != FactType::kEnum) {
    ctx.diags.Error(v.loc, "ruleset.consent_not_enum", {*name, TypeName(fact.type)});
    return -1;
  }
  return f;
}

// The mask of the values listed at `v`; reports each one the fact lacks.
uint64_t CoveredValues(LoadContext& ctx, const Fact& fact, const YamlRef& v) {
  auto list = ctx.StringList(v, "covers");
  if (!list) return 0;
  if (list->empty()) {
    ctx.diags.Error(v.loc, "ruleset.consent_no_covers", {fact.name});
    return 0;
  }
  uint64_t mask = 0;
  size_t i = 0;
  for (const auto& item : v.node) {
    const std::string& value = (*list)[i++];
    auto it = std::find(fact.values.begin(), fact.values.end(), value);
    if (it == fact.values.end()) {
      std::string allowed;
      for (const auto& a : fact.values) allowed += (allowed.empty() ? "" : ", ") + a;
      ctx.diags.Error(ctx.Child(v, item).loc, "ruleset.consent_unknown_value", {value, fact.name, allowed},
                      Suggest(value, fact.values));
      continue;
    }
    mask |= uint64_t{1} << (it - fact.values.begin());
  }
  return mask;
}

}  // namespace

void ReadConsent(LoadContext& ctx, const YamlRef& section) {
  std::optional<YamlRef> fact_ref, covers_ref;
  ctx.ForEachEntry(section, "consent", kConsentKeys, [&](const std::string& k, const YamlRef&, const YamlRef& v) {
    if (k == "fact") fact_ref = v;
    if (k == "covers") covers_ref = v;
  });
  if (!section.node.IsMap()) return;
  if (!fact_ref) ctx.Missing(section, "fact", "consent");
  if (!covers_ref) ctx.Missing(section, "covers", "consent");
  if (!fact_ref) return;
  const int f = ConsentFact(ctx, *fact_ref);
  if (f < 0 || !covers_ref) return;
  const uint64_t covers = CoveredValues(ctx, ctx.model.facts[f], *covers_ref);
  if (covers == 0) return;
  ctx.model.consent = Consent{f, covers, section.loc};
}

}  // namespace referral::internal
