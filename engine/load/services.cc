// Reads `services:` into Model::services: names, eligibility, legal basis.
#include "load/readers.h"

namespace referral::internal {

namespace {
const std::vector<std::string> kServiceKeys = {"name", "eligibility", "legal_basis", "citation",
                                               "human_confirmation", "description"};

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }
}  // namespace

bool IsLegalBasis(const std::string& s) {
  return s == "consent" || StartsWith(s, "legal_duty") || StartsWith(s, "public_function");
}

void ReadServices(LoadContext& ctx, const YamlRef& section) {
  ctx.ForEachEntry(section, "services", {}, [&](const std::string& id, const YamlRef& key,
                                                 const YamlRef& body) {
    if (!IsIdentifier(id, true, false)) {
      ctx.diags.Error(key.loc, "service.bad_id", {id});
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
    ctx.ForEachEntry(body, "service `" + id + "`", kServiceKeys, [&](const std::string& k, const YamlRef&,
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
      }
    });
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

}  // namespace referral::internal
