// Reads `directory:`, the offices of the services delivered by locality, in
// the shape of Open Referral HSDS records (docs/rules.md, "Directory"): each
// office is an HSDS location with its service_at_location, service_area
// (values of the area fact) and service_capacity. Checks that every service
// with `delivery: local` has an office for every value of the area fact.
#include <algorithm>
#include <set>

#include "load/readers.h"

namespace referral::internal {

namespace {
const std::vector<std::string> kDirectoryKeys = {"area_fact", "offices", "description"};
const std::vector<std::string> kOfficeKeys = {"id",      "service",  "name",  "address", "hours",
                                              "service_area", "capacity", "basis", "note"};
const std::vector<std::string> kBasisStatus = {"verified", "partly_verified", "assumption"};

void ReadOffice(LoadContext& ctx, const YamlRef& ref, std::set<std::string>& ids, std::vector<YamlRef>* areas) {
  Office office;
  office.loc = ref.loc;
  std::optional<YamlRef> area;
  bool has_id = false, has_service = false, has_name = false;
  if (!ctx.ForEachEntry(ref, "office", kOfficeKeys, [&](const std::string& k, const YamlRef&, const YamlRef& v) {
        if (k == "service_area") {
          area = v;
          return;
        }
        if (k == "capacity") {
          auto n = ctx.Int(v, k);
          if (n && *n < 0) ctx.diags.Error(v.loc, "directory.bad_capacity", {std::to_string(*n)});
          if (n) office.capacity = *n;
          return;
        }
        auto s = ctx.String(v, k);
        if (!s) return;
        if (k == "id") {
          has_id = true;
          office.id = *s;
          if (!ids.insert(*s).second) ctx.diags.Error(v.loc, "directory.duplicate_office", {*s});
        } else if (k == "service") {
          has_service = true;
          office.service = ctx.model.FindService(*s);
          if (office.service < 0) {
            std::vector<std::string> all;
            for (const auto& svc : ctx.model.services) all.push_back(svc.id);
            ctx.diags.Error(v.loc, "directory.unknown_service", {*s}, Suggest(*s, all));
          }
        } else if (k == "name") {
          has_name = true;
          office.name = *s;
        } else if (k == "address") {
          office.address = *s;
        } else if (k == "hours") {
          office.hours = *s;
        } else if (k == "basis") {
          if (std::find(kBasisStatus.begin(), kBasisStatus.end(), *s) == kBasisStatus.end()) {
            ctx.diags.Error(v.loc, "rule.bad_basis", {*s}, Suggest(*s, kBasisStatus));
          }
          office.basis = *s;
        }
      })) {
    return;
  }
  if (!has_id) ctx.Missing(ref, "id", "office");
  if (!has_service) ctx.Missing(ref, "service", "office");
  if (!has_name) ctx.Missing(ref, "name", "office");
  if (!area) ctx.Missing(ref, "service_area", "office `" + office.id + "`");
  areas->push_back(area ? *area : ref);
  ctx.model.offices.push_back(std::move(office));
}

}  // namespace

void ReadDirectory(LoadContext& ctx, const YamlRef& section) {
  if (!ctx.model.offices.empty() || ctx.model.area_fact >= 0) {
    ctx.diags.Error(section.loc, "directory.duplicate");
    return;
  }
  std::optional<YamlRef> offices;
  bool has_area = false;
  ctx.ForEachEntry(section, "directory", kDirectoryKeys, [&](const std::string& k, const YamlRef&,
                                                              const YamlRef& v) {
    if (k == "area_fact") {
      has_area = true;
      auto s = ctx.String(v, k);
      if (!s) return;
      int f = ctx.Resolve(ctx.fact_index, *s, v.loc, "fact.unknown_fact");
      if (f >= 0 && ctx.model.facts[f].type != FactType::kEnum) {
        ctx.diags.Error(v.loc, "directory.bad_area_fact", {*s});
        f = -1;
      }
      ctx.model.area_fact = f;
    } else if (k == "offices") {
      offices = v;
    }
  });
  if (!section.node.IsMap()) return;
  if (!has_area) ctx.Missing(section, "area_fact", "directory");
  if (!offices) {
    ctx.Missing(section, "offices", "directory");
    return;
  }
  if (!offices->node.IsSequence()) {
    ctx.diags.Error(offices->loc, "yaml.type", {"offices", "list"});
    return;
  }
  std::set<std::string> ids;
  std::vector<YamlRef> areas;
  for (const auto& item : offices->node) ReadOffice(ctx, ctx.Child(*offices, item), ids, &areas);
  // Service areas are values of the area fact.
  if (ctx.model.area_fact < 0) return;
  const Fact& fact = ctx.model.facts[ctx.model.area_fact];
  struct Unknown {
    Location at;
    std::string value;
  };
  std::vector<Unknown> unknown;
  for (size_t i = 0; i < areas.size(); ++i) {
    const YamlRef& a = areas[i];
    if (a.node.IsMap()) continue;  // missing, reported
    auto list = ctx.StringList(a, "service_area");
    if (!list) continue;
    size_t j = 0;
    for (const auto& item : a.node) {
      const std::string& value = (*list)[j++];
      auto it = std::find(fact.values.begin(), fact.values.end(), value);
      if (it == fact.values.end()) {
        unknown.push_back({ctx.Child(a, item).loc, value});
        continue;
      }
      ctx.model.offices[i].areas.push_back(static_cast<int>(it - fact.values.begin()));
    }
  }
  // An overlay that replaced the area fact but kept its base's directory:
  // one error where the fact is, with what to do, rather than one per office.
  const bool kept_base_directory = ctx.foreign != nullptr && unknown.size() > 3 &&
                                   std::all_of(unknown.begin(), unknown.end(),
                                               [&](const Unknown& u) { return u.at.file != fact.loc.file; });
  if (kept_base_directory) {
    std::vector<std::string> values;
    for (const auto& u : unknown) {
      if (std::find(values.begin(), values.end(), u.value) == values.end()) values.push_back(u.value);
    }
    std::string listed;
    for (size_t k = 0; k < values.size() && k < 5; ++k) listed += (k ? ", `" : "`") + values[k] + "`";
    if (values.size() > 5) listed += ", …";
    ctx.diags.Error(fact.loc, "directory.base_areas",
                    {fact.name, unknown.front().at.file, std::to_string(values.size()), listed});
    return;
  }
  for (const auto& u : unknown) {
    ctx.diags.Error(u.at, "directory.unknown_area", {u.value, fact.name}, Suggest(u.value, fact.values));
  }
}

void CheckDirectory(LoadContext& ctx) {
  const Model& m = ctx.model;
  for (size_t s = 0; s < m.services.size(); ++s) {
    const Service& svc = m.services[s];
    if (!svc.local) continue;
    if (m.area_fact < 0) {
      ctx.diags.Error(svc.local_loc, "directory.missing", {svc.id});
      continue;
    }
    const Fact& fact = m.facts[m.area_fact];
    std::string missing;
    for (size_t v = 0; v < fact.values.size(); ++v) {
      bool served = std::any_of(m.offices.begin(), m.offices.end(), [&](const Office& o) {
        return o.service == static_cast<int>(s) &&
               std::find(o.areas.begin(), o.areas.end(), static_cast<int>(v)) != o.areas.end();
      });
      if (!served) missing += (missing.empty() ? "`" : ", `") + fact.values[v] + "`";
    }
    if (!missing.empty()) ctx.diags.Error(svc.local_loc, "directory.gap", {svc.id, missing, fact.name});
  }
}

}  // namespace referral::internal
