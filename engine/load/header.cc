// Reads `ruleset:`, the header: metadata, priority levels, entry node, scope,
// fallback, the consent declaration and the review codes.
#include <algorithm>

#include "load/readers.h"
#include "util/date.h"

namespace referral::internal {

namespace {
const std::vector<std::string> kHeaderKeys = {"id",    "version",    "effective_date", "title",
                                              "language", "entry",   "priorities",     "scope",
                                              "fallback", "description", "extends", "date_fact",
                                              "reviews",  "consent", "warnings", "utc_offset"};

// `warnings: {code: {es, en}, ...}`: what each warning code says to people.
void ReadWarningTexts(LoadContext& ctx, const YamlRef& v) {
  if (!v.node.IsMap()) {
    ctx.diags.Error(v.loc, "yaml.expected_mapping", {"warnings"});
    return;
  }
  for (const auto& entry : v.node) {
    YamlRef key = ctx.Child(v, entry.first);
    const std::string code = entry.first.Scalar();
    if (!IsIdentifier(code, false, false)) {
      ctx.diags.Error(key.loc, "ruleset.bad_warning_code", {code}, AsciiSpelling(code, false, false));
      continue;
    }
    if (auto t = ctx.ReadText(ctx.Child(v, entry.second), code)) ctx.model.warning_texts.emplace_back(code, *t);
  }
}

// `±HH:MM` within ±23:59 (as RFC 3339 offsets), in minutes.
std::optional<int> ParseUtcOffset(const std::string& s) {
  if (s.size() != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':') return std::nullopt;
  for (int i : {1, 2, 4, 5}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  }
  const int h = (s[1] - '0') * 10 + (s[2] - '0'), mi = (s[4] - '0') * 10 + (s[5] - '0');
  if (mi > 59 || h > 23) return std::nullopt;
  return (s[0] == '-' ? -1 : 1) * (h * 60 + mi);
}

// `reviews: {roles: [...], reasons: [...]}`: identifiers, each once.
void ReadReviews(LoadContext& ctx, const YamlRef& v) {
  Model& m = ctx.model;
  ctx.ForEachEntry(v, "reviews", {"roles", "reasons"}, [&](const std::string& k, const YamlRef&, const YamlRef& lv) {
    auto list = ctx.StringList(lv, k);
    if (!list) return;
    std::vector<std::string>& out = k == "roles" ? m.review_roles : m.review_reasons;
    for (const auto& id : *list) {
      if (!IsIdentifier(id, false, false)) {
        ctx.diags.Error(lv.loc, "ruleset.bad_review_code", {id}, AsciiSpelling(id, false, false));
      } else if (std::find(out.begin(), out.end(), id) != out.end()) {
        ctx.diags.Error(lv.loc, "ruleset.duplicate_review_code", {id});
      } else {
        out.push_back(id);
      }
    }
  });
}
}  // namespace

void ReadHeader(LoadContext& ctx, const YamlRef& section) {
  Model& m = ctx.model;
  // The language first: plain texts elsewhere are read in it.
  if (section.node.IsMap() && section.node["language"]) {
    YamlRef v = ctx.Child(section, section.node["language"]);
    auto s = ctx.String(v, "language");
    if (s && *s == "en") {
      m.language = Lang::kEn;
    } else if (s && *s != "es") {
      ctx.diags.Error(v.loc, "ruleset.bad_language", {*s});
    }
  }
  bool has_id = false, has_version = false, has_priorities = false, has_entry = false, has_fallback = false;
  ctx.ForEachEntry(section, "ruleset", kHeaderKeys, [&](const std::string& k, const YamlRef&, const YamlRef& v) {
    if (k == "id") {
      auto s = ctx.String(v, k);
      has_id = true;
      if (s && !IsIdentifier(*s, false, true)) ctx.diags.Error(v.loc, "ruleset.bad_id", {*s}, AsciiSpelling(*s, false, true));
      if (s) m.id = *s;
    } else if (k == "version") {
      auto s = ctx.String(v, k);
      has_version = true;
      if (s) m.version = *s;
    } else if (k == "effective_date") {
      auto s = ctx.String(v, k);
      if (s && !ParseDate(*s)) ctx.diags.Error(v.loc, "ruleset.bad_date", {*s});
      if (s) m.effective_date = *s;
    } else if (k == "title") {
      auto t = ctx.ReadText(v, k);
      if (t) m.title = *t;
    } else if (k == "priorities") {
      has_priorities = true;
      if (!v.node.IsSequence() || v.node.size() == 0) {
        ctx.diags.Error(v.loc, "ruleset.no_priorities");
        return;
      }
      for (const auto& item : v.node) {
        YamlRef ref = ctx.Child(v, item);
        Priority p;
        ctx.ForEachEntry(ref, "priority", {"id", "timeframe", "label"}, [&](const std::string& pk, const YamlRef&,
                                                                            const YamlRef& pv) {
          if (pk == "label") {
            if (auto t = ctx.ReadText(pv, pk)) p.label = *t;
            return;
          }
          auto s = ctx.String(pv, pk);
          if (s) (pk == "id" ? p.id : p.timeframe) = *s;
        });
        if (!ref.node.IsMap()) continue;
        if (p.id.empty()) {
          ctx.Missing(ref, "id", "priority");
          continue;
        }
        if (ctx.priority_index.count(p.id)) {
          ctx.diags.Error(ref.loc, "ruleset.duplicate_priority", {p.id});
          continue;
        }
        ctx.priority_index[p.id] = static_cast<int>(m.priorities.size());
        m.priorities.push_back(p);
      }
    } else if (k == "entry") {
      has_entry = true;
    } else if (k == "reviews") {
      ReadReviews(ctx, v);
    } else if (k == "fallback") {
      has_fallback = true;
    } else if (k == "warnings") {
      ReadWarningTexts(ctx, v);
    } else if (k == "utc_offset") {
      auto s = ctx.String(v, k);
      if (!s) return;
      m.utc_offset_minutes = ParseUtcOffset(*s);
      if (!m.utc_offset_minutes) ctx.diags.Error(v.loc, "ruleset.bad_utc_offset", {*s});
    } else if (k == "date_fact") {
      auto s = ctx.String(v, k);
      if (s) {
        ctx.date_fact_name = *s;
        ctx.date_fact_loc = v.loc;
      }
    }  // `extends`: composition reads it (load/compose.cc); `consent`: ReadHeaderLinks
  });
  if (!section.node.IsMap()) return;
  if (!has_id) ctx.Missing(section, "id", "ruleset");
  if (!has_version) ctx.Missing(section, "version", "ruleset");
  if (!has_priorities) ctx.Missing(section, "priorities", "ruleset");
  if (!has_entry) ctx.Missing(section, "entry", "ruleset");
  if (!has_fallback) ctx.Missing(section, "fallback", "ruleset");
}

void ReadHeaderLinks(LoadContext& ctx, const YamlRef& section) {
  if (!section.node.IsMap()) return;
  Model& m = ctx.model;
  if (YAML::Node n = section.node["entry"]) {
    YamlRef v = ctx.Child(section, n);
    auto s = ctx.String(v, "entry");
    if (s) m.entry = ctx.Resolve(ctx.node_index, *s, v.loc, "ruleset.unknown_entry");
  }
  if (YAML::Node n = section.node["scope"]) {
    YamlRef v = ctx.Child(section, n);
    bool has_when = false;
    ctx.ForEachEntry(v, "scope", {"when", "reason", "because"}, [&](const std::string& k, const YamlRef&,
                                                                    const YamlRef& sv) {
      if (k == "when") {
        has_when = true;
        m.scope = ReadCondition(ctx, sv);
      } else if (k == "reason") {
        auto s = ctx.String(sv, k);
        if (s) m.scope_reason = *s;
      } else {
        auto t = ctx.ReadText(sv, k);
        if (t) m.scope_because = *t;
      }
    });
    if (v.node.IsMap() && !has_when) ctx.Missing(v, "when", "scope");
  }
  if (YAML::Node n = section.node["consent"]) ReadConsent(ctx, ctx.Child(section, n));
  if (YAML::Node n = section.node["fallback"]) {
    YamlRef v = ctx.Child(section, n);
    m.fallback_loc = v.loc;
    bool has_reason = false;
    ctx.ForEachEntry(v, "fallback", {"reason", "follow_up", "because"},
                     [&](const std::string& k, const YamlRef&, const YamlRef& fv) {
                       if (k == "reason") {
                         auto s = ctx.String(fv, k);
                         has_reason = true;
                         if (s) m.fallback_reason = *s;
                       } else if (k == "follow_up") {
                         auto b = ctx.Bool(fv, k);
                         if (b) m.fallback_follow_up = *b;
                       } else {
                         auto t = ctx.ReadText(fv, k);
                         if (t) m.fallback_because = *t;
                       }
                     });
    if (v.node.IsMap() && !has_reason) ctx.Missing(v, "reason", "fallback");
  }
}

}  // namespace referral::internal
