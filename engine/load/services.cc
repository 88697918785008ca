// Reads `services:` into Model::services: names, eligibility, legal basis.
#include "load/readers.h"

namespace referral::internal {

namespace {
const std::vector<std::string> kServiceKeys = {"name",        "eligibility",    "legal_basis", "citation",
                                               "human_confirmation", "description", "delivery", "fallback",
                                               "effective_from", "effective_to", "override"};

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }
}  // namespace

bool IsLegalBasis(const std::string& s) {
  return s == "consent" || StartsWith(s, "legal_duty") || StartsWith(s, "public_function");
}

void ReadServices(LoadContext& ctx, const YamlRef& section) {
  ctx.ForEachEntry(section, "services", {}, [&](const std::string& id, const YamlRef& key,
                                                 const YamlRef& body) {
    if (!IsIdentifier(id, true, false)) {
      ctx.diags.Error(key.loc, "service.bad_id", {id}, AsciiSpelling(id, true, false));
      return;
    }
    if (ctx.model.FindService(id) >= 0) {
      ctx.diags.Error(key.loc, "service.duplicate", {id});
      return;
    }
    Service service;
    service.id = id;
    service.loc = key.loc;
    bool has_name = false, has_basis = false;
    Location basis_loc = body.loc;                   // where a missing confirmation is reported:
    std::optional<Location> confirmation_loc;        // at `human_confirmation: false`, else the basis
    std::optional<YamlRef> fallback;
    Effective effective;
    ctx.ForEachEntry(body, "service `" + id + "`", kServiceKeys, [&](const std::string& k, const YamlRef& kref,
                                                                     const YamlRef& v) {
      if (k == "name") {
        auto t = ctx.ReadText(v, "name");
        if (t) service.name = *t;
        has_name = true;
      } else if (k == "eligibility") {
        service.eligibility = ReadCondition(ctx, v);
      } else if (k == "legal_basis") {
        has_basis = true;
        basis_loc = v.loc;
        auto s = ctx.String(v, k);
        if (!s) return;
        if (!IsLegalBasis(*s)) {
          ctx.diags.Error(v.loc, "service.bad_legal_basis", {*s});
          return;
        }
        service.legal_basis = *s;
      } else if (k == "citation") {
        auto s = ctx.String(v, k);
        if (s) service.citation = *s;
      } else if (k == "human_confirmation") {
        auto b = ctx.Bool(v, k);
        if (b) service.human_confirmation = *b;
        confirmation_loc = v.loc;
      } else if (k == "delivery") {
        auto s = ctx.String(v, k);
        if (s && *s != "local" && *s != "central") {
          ctx.diags.Error(v.loc, "service.bad_delivery", {*s}, Suggest(*s, {"local", "central"}));
        }
        service.local = s && *s == "local";
        service.local_loc = v.loc;
      } else if (k == "fallback") {
        fallback = v;
      } else if (k == "effective_from" || k == "effective_to") {
        ReadEffective(ctx, k, v, &effective);
      } else if (k == "override") {  // composition takes it out of an overlay
        ctx.diags.Error(kref.loc, "overlay.without_base", {k});
      }
    });
    if (fallback) ctx.pending_fallbacks.push_back({static_cast<int>(ctx.model.services.size()), *fallback});
    if (effective.given) {
      service.effective = effective.label;
      service.eligibility = AndCondition(ctx, service.eligibility, EffectiveCondition(ctx, effective, key.loc));
    }
    if (!body.node.IsMap()) return;
    if (!has_name) ctx.Missing(body, "name", "service `" + id + "`");
    if (!has_basis) ctx.Missing(body, "legal_basis", "service `" + id + "`");
    if (!service.legal_basis.empty() && service.legal_basis != "consent" &&
        !service.human_confirmation) {
      ctx.diags.Error(confirmation_loc.value_or(basis_loc), "service.duty_without_confirmation",
                      {id, service.legal_basis});
    }
    ctx.model.services.push_back(std::move(service));
  });
}

// `fallback:` lists, once every service is known (a chain may name a later one).
void ResolveFallbacks(LoadContext& ctx) {
  for (const auto& [index, ref] : ctx.pending_fallbacks) {
    Service& service = ctx.model.services[index];
    auto ids = ctx.StringList(ref, "fallback");
    if (!ids) continue;
    if (service.legal_basis != "consent" && !service.legal_basis.empty()) {
      ctx.diags.Error(ref.loc, "service.duty_fallback", {service.id, service.legal_basis});
      continue;
    }
    std::vector<std::string> all;
    for (const auto& s : ctx.model.services) all.push_back(s.id);
    size_t i = 0;
    for (const auto& item : ref.node) {
      const std::string& id = (*ids)[i++];
      int target = ctx.model.FindService(id);
      if (target < 0 || target == index) {
        ctx.diags.Error(ctx.Child(ref, item).loc, "service.unknown_fallback", {id, service.id}, Suggest(id, all));
        continue;
      }
      // A referral made on consent stays one when it falls back: a fallback
      // under a legal duty or a public function would record a basis that
      // was never the reason for the referral.
      const std::string& basis = ctx.model.services[target].legal_basis;
      if (!basis.empty() && basis != "consent") {
        ctx.diags.Error(ctx.Child(ref, item).loc, "service.fallback_basis", {id, service.id, basis});
        continue;
      }
      service.fallback.push_back(target);
    }
  }
}

}  // namespace referral::internal
