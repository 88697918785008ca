// Reads `nodes:` into Model::nodes and Model::rules: hit policies, conditions,
// referrals, next nodes, outcomes and because-texts.
#include <algorithm>
#include <set>

#include "load/readers.h"

namespace referral::internal {

namespace {

const std::vector<std::string> kNodeKeys = {"hit", "description", "rules", "override"};
const std::vector<std::string> kRuleKeys = {"id",   "when",   "refer",   "next",  "outcome",
                                            "reason", "follow_up", "warn", "because", "basis",
                                            "require_confirmation", "description", "effective_from",
                                            "effective_to", "override", "after", "before"};
const std::vector<std::string> kHits = {"first", "collect", "unique"};
const std::vector<std::string> kBasisStatus = {"verified", "partly_verified", "assumption"};

// Every `{name}` in a because-text must be a fact that may be shown; a
// `{name:age}` an int fact (months, said as an age in words).
void CheckTemplate(LoadContext& ctx, const Text& text, const Location& at) {
  for (const std::string* s : {&text.es, &text.en}) {
    size_t pos = 0;
    while ((pos = s->find('{', pos)) != std::string::npos) {
      size_t end = s->find('}', pos);
      if (end == std::string::npos) {
        ctx.diags.Error(at, "rule.bad_template", {*s});
        break;
      }
      std::string name = s->substr(pos + 1, end - pos - 1);
      const bool age = name.size() > 4 && name.compare(name.size() - 4, 4, ":age") == 0;
      if (age) name.resize(name.size() - 4);
      int f = ctx.Resolve(ctx.fact_index, name, at, "rule.template_unknown_fact");
      if (f >= 0 && ctx.model.facts[f].sensitive) {
        ctx.diags.Error(at, "rule.template_sensitive_fact", {name});
      } else if (f >= 0 && age && ctx.model.facts[f].type != FactType::kInt) {
        ctx.diags.Error(at, "rule.template_age_not_int", {name});
      }
      pos = end + 1;
    }
  }
}

void ReadRefer(LoadContext& ctx, Rule& rule, const YamlRef& v) {
  if (!v.node.IsSequence()) {
    ctx.diags.Error(v.loc, "yaml.type", {"refer", "list"});
    return;
  }
  for (const auto& item : v.node) {
    YamlRef ref = ctx.Child(v, item);
    ReferTo to;
    bool has_service = false, has_priority = false;
    if (!ctx.ForEachEntry(ref, "referral", {"service", "priority", "confirm", "legal_basis"},
                          [&](const std::string& k, const YamlRef&, const YamlRef& val) {
                            auto s = k == "confirm" ? std::optional<std::string>("") : ctx.String(val, k);
                            if (!s) return;
                            if (k == "legal_basis") {
                              if (!IsLegalBasis(*s)) {
                                ctx.diags.Error(val.loc, "service.bad_legal_basis", {*s});
                                return;
                              }
                              to.legal_basis = *s;
                            } else if (k == "service") {
                              has_service = true;
                              to.service = ctx.model.FindService(*s);
                              if (to.service < 0) {
                                std::vector<std::string> ids;
                                for (const auto& svc : ctx.model.services) ids.push_back(svc.id);
                                ctx.diags.Error(val.loc, "rule.unknown_service", {*s}, Suggest(*s, ids));
                              }
                            } else if (k == "priority") {
                              has_priority = true;
                              // No levels at all: the header's problem is reported instead.
                              if (!ctx.priority_index.empty()) {
                                to.priority = ctx.Resolve(ctx.priority_index, *s, val.loc, "rule.unknown_priority");
                              }
                            } else {
                              auto b = ctx.Bool(val, k);
                              if (b) to.confirm = *b;
                            }
                          })) {
      continue;
    }
    if (!has_service) ctx.Missing(ref, "service", "referral");
    if (!has_priority) ctx.Missing(ref, "priority", "referral");
    for (const auto& other : rule.refer) {
      if (to.service >= 0 && other.service == to.service) {
        ctx.diags.Error(ref.loc, "rule.duplicate_referral", {ctx.model.services[to.service].id, rule.id});
      }
    }
    rule.refer.push_back(to);
  }
}

void ReadBasis(LoadContext& ctx, Rule& rule, const YamlRef& v) {
  ctx.ForEachEntry(v, "basis", {"status", "sources", "note"}, [&](const std::string& k, const YamlRef&,
                                                                  const YamlRef& val) {
    if (k == "status") {
      auto s = ctx.String(val, k);
      if (!s) return;
      if (std::find(kBasisStatus.begin(), kBasisStatus.end(), *s) == kBasisStatus.end()) {
        ctx.diags.Error(val.loc, "rule.bad_basis", {*s}, Suggest(*s, kBasisStatus));
        return;
      }
      rule.basis.status = *s;
    } else if (k == "sources") {
      auto l = ctx.StringList(val, k);
      if (l) rule.basis.sources = *l;
    } else {
      auto s = ctx.String(val, k);
      if (s) rule.basis.note = *s;
    }
  });
}

void ReadRule(LoadContext& ctx, int node_index, const YamlRef& ref, std::set<std::string>& rule_ids) {
  Rule rule;
  rule.node = node_index;
  rule.loc = ref.loc;
  bool has_id = false;
  bool bad_outcome = false, bad_next = false;  // reported as invalid
  std::optional<YamlRef> when, refer, because, id_ref;
  Effective effective;
  if (!ctx.ForEachEntry(ref, "rule", kRuleKeys, [&](const std::string& k, const YamlRef& kref, const YamlRef& v) {
        if (k == "id") {
          auto s = ctx.String(v, k);
          if (!s) return;
          has_id = true;
          rule.id = *s;
          id_ref = v;
          if (!IsIdentifier(*s, true, true)) ctx.diags.Error(v.loc, "rule.bad_id", {*s}, AsciiSpelling(*s, true, true));
        } else if (k == "effective_from" || k == "effective_to") {
          ReadEffective(ctx, k, v, &effective);
        } else if (k == "override" || k == "after" || k == "before") {
          ctx.diags.Error(kref.loc, "overlay.without_base", {k});
        } else if (k == "when") {
          when = v;
        } else if (k == "refer") {
          refer = v;
        } else if (k == "next") {
          if (!ctx.StringList(v, k)) {
            bad_next = true;
            return;
          }
          for (const auto& item : v.node) {  // each located, for the error
            int target = ctx.Resolve(ctx.node_index, item.Scalar(), ctx.Child(v, item).loc, "rule.unknown_node");
            if (target >= 0) rule.next.push_back(target);
            if (target < 0) bad_next = true;
          }
        } else if (k == "outcome") {
          auto s = ctx.String(v, k);
          bad_outcome = !s || *s != "no_referral";
          if (!s) return;
          if (*s != "no_referral") {
            ctx.diags.Error(v.loc, "rule.bad_outcome", {*s});
            return;
          }
          rule.has_outcome = true;
        } else if (k == "reason") {
          auto s = ctx.String(v, k);
          if (s) rule.reason = *s;
        } else if (k == "follow_up" || k == "require_confirmation") {
          auto b = ctx.Bool(v, k);
          if (b) (k == "follow_up" ? rule.follow_up : rule.require_confirmation) = *b;
        } else if (k == "warn") {
          auto l = ctx.StringList(v, k);
          if (l) rule.warn = *l;
        } else if (k == "because") {
          because = v;
        } else if (k == "basis") {
          ReadBasis(ctx, rule, v);
        }
      })) {
    return;
  }
  if (!has_id) {
    ctx.Missing(ref, "id", "rule");
    rule.id = "?";
  }
  if (id_ref) CheckRuleVersion(ctx, rule.id, effective, id_ref->loc, rule_ids);
  if (when) rule.when = ReadCondition(ctx, *when);
  if (effective.given) {
    rule.effective = effective.label;
    rule.when = AndCondition(ctx, rule.when, EffectiveCondition(ctx, effective, id_ref ? id_ref->loc : ref.loc));
  }
  if (refer) ReadRefer(ctx, rule, *refer);
  if (because) {
    auto t = ctx.ReadText(*because, "because");
    if (t) {
      rule.because = *t;
      CheckTemplate(ctx, rule.because, because->loc);
    }
  }
  // After an invalid `outcome` or `next` (already reported), these would be noise.
  if (!rule.has_outcome && !bad_outcome && (!rule.reason.empty() || rule.follow_up)) {
    ctx.diags.Error(ref.loc, "rule.reason_without_outcome", {rule.id});
  }
  if (rule.refer.empty() && rule.next.empty() && !rule.has_outcome && rule.warn.empty() && !bad_outcome &&
      !bad_next) {
    ctx.diags.Error(ref.loc, "rule.does_nothing", {rule.id});
  }
  rule_ids.insert(rule.id);
  ctx.model.nodes[node_index].rules.push_back(static_cast<int>(ctx.model.rules.size()));
  ctx.model.rules.push_back(std::move(rule));
}

}  // namespace

void DeclareNodes(LoadContext& ctx, const YamlRef& section) {
  ctx.ForEachEntry(section, "nodes", {}, [&](const std::string& id, const YamlRef& key, const YamlRef&) {
    if (!IsIdentifier(id, true, false)) {
      ctx.diags.Error(key.loc, "node.bad_id", {id}, AsciiSpelling(id, true, false));
      return;
    }
    if (ctx.node_index.count(id)) {
      ctx.diags.Error(key.loc, "node.duplicate", {id});
      return;
    }
    ctx.node_index[id] = static_cast<int>(ctx.model.nodes.size());
    Node node;
    node.id = id;
    node.loc = key.loc;
    ctx.model.nodes.push_back(std::move(node));
  });
}

void DefineNodes(LoadContext& ctx, const YamlRef& section) {
  if (!section.node.IsMap()) return;
  for (auto it = section.node.begin(); it != section.node.end(); ++it) {
    auto found = ctx.node_index.find(it->first.Scalar());
    if (found == ctx.node_index.end()) continue;
    int index = found->second;
    if (ctx.model.nodes[index].loc.file != *section.file || !ctx.model.nodes[index].rules.empty()) continue;
    YamlRef body = ctx.Child(ctx.Child(section, it->first), it->second);
    bool has_rules = false;
    ctx.ForEachEntry(body, "node `" + found->first + "`", kNodeKeys, [&](const std::string& k, const YamlRef&,
                                                                         const YamlRef& v) {
      if (k == "hit") {
        auto s = ctx.String(v, k);
        if (!s) return;
        auto h = std::find(kHits.begin(), kHits.end(), *s);
        if (h == kHits.end()) {
          ctx.diags.Error(v.loc, "node.bad_hit", {*s}, Suggest(*s, kHits));
          return;
        }
        ctx.model.nodes[index].hit = static_cast<HitPolicy>(h - kHits.begin());
      } else if (k == "description") {
        auto text = ctx.ReadText(v, k);
        if (text) ctx.model.nodes[index].description = *text;
      } else if (k == "override") {  // composition takes it out of an overlay
        ctx.diags.Error(v.loc, "overlay.without_base", {k});
      } else {
        has_rules = true;
        if (!v.node.IsSequence() || v.node.size() == 0) {
          ctx.diags.Error(v.loc, "node.no_rules", {found->first});
          return;
        }
        for (const auto& r : v.node) ReadRule(ctx, index, ctx.Child(v, r), ctx.rule_ids);
      }
    });
    if (body.node.IsMap() && !has_rules) ctx.diags.Error(body.loc, "node.no_rules", {found->first});
  }
}

}  // namespace referral::internal
