// Overlays: `extends` resolved below the rules root, the base read and
// parsed, then the overlay's entries applied to the base's YAML trees:
// new entries are kept, `override: replace | update` entries replace or
// update the base's, `remove:` lists drop base entries, rules go into base
// nodes in place (`override: replace`) or at `after:` / `before:`.
#include "load/compose.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <system_error>

#include "diag/suggest.h"
#include "load/encoding.h"
#include "load/load_context.h"
#include "load/yaml_document.h"
#include "util/input_scan.h"

namespace referral::internal {

namespace fs = std::filesystem;

namespace {

constexpr int kMaxDepth = 8;
const std::vector<std::string> kDefinitionSections = {"facts", "predicates", "services", "nodes"};
const std::vector<std::string> kRemoveKeys = {"facts", "predicates", "services", "nodes", "rules"};

// 1-based column of a tab in the indentation of 0-based line `line`, or 0.
int TabInIndent(const std::string& text, int line) {
  size_t pos = 0;
  for (int i = 0; i < line; ++i) {
    pos = text.find('\n', pos);
    if (pos == std::string::npos) return 0;
    ++pos;
  }
  for (size_t i = pos; i < text.size() && (text[i] == ' ' || text[i] == '\t'); ++i) {
    if (text[i] == '\t') return static_cast<int>(i - pos) + 1;
  }
  return 0;
}

Location Loc(const YAML::Node& node, const std::string& file) { return NodeLocation(node, file, Location{file, 0, 0}); }

bool Has(const YAML::Node& map, const std::string& key) {
  return map.IsMap() && static_cast<const YAML::Node&>(map)[key].IsDefined();
}

YAML::Node Get(const YAML::Node& map, const std::string& key) {
  return static_cast<const YAML::Node&>(map)[key];
}

std::string ScalarOr(const YAML::Node& n, const std::string& fallback = "") {
  return n.IsDefined() && n.IsScalar() ? n.Scalar() : fallback;
}

// The key node of `key` in `map` (to keep its place when the value changes).
YAML::Node KeyNode(const YAML::Node& map, const std::string& key) {
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == key) return it->first;
  }
  return YAML::Node(key);
}

void SetValue(YAML::Node map, const std::string& key, const YAML::Node& value) {
  YAML::Node k = KeyNode(map, key);
  map.remove(key);
  map.force_insert(k, value);
}

fs::path StripSlash(fs::path p) {
  p = p.lexically_normal();
  if (!p.has_filename() && p.has_parent_path()) p = p.parent_path();
  return p;
}

fs::path Canonical(const fs::path& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(fs::absolute(p, ec), ec);
  return ec ? fs::absolute(p).lexically_normal() : c;
}

bool Below(const fs::path& p, const fs::path& root) {
  fs::path rel = p.lexically_relative(root);
  return !rel.empty() && *rel.begin() != ".." && rel != ".";
}

// A definition of the base: where it is and who holds it.
struct Def {
  YAML::Node section;  // the base's mapping holding it
  YAML::Node key;
  YAML::Node value;
  const std::string* file = nullptr;
};

class Merger {
 public:
  Merger(RuleSources& base, DiagSink& diags) : base_(base), diags_(diags) { Index(); }

  void Apply(RuleSources& overlay) {
    for (auto& p : overlay.parsed) {
      if (!p.root.IsMap()) continue;
      if (Has(p.root, "ruleset")) MergeHeader(p);
      for (const auto& s : kDefinitionSections) {
        if (Has(p.root, s) && Get(p.root, s).IsMap()) MergeSection(p, s);
      }
      if (Has(p.root, "directory")) {
        for (auto& b : base_.parsed) {
          if (b.root.IsMap() && Has(b.root, "directory")) b.root.remove("directory");
        }
      }
    }
    for (auto& p : overlay.parsed) {
      if (p.root.IsMap() && Has(p.root, "remove")) {
        ReadRemovals(p, Get(p.root, "remove"));
        p.root.remove("remove");
      }
    }
    ApplyServiceRemovals(overlay);
  }

  ForeignNodes& foreign() { return foreign_; }

 private:
  void Index() {
    for (auto& b : base_.parsed) {
      if (!b.root.IsMap()) continue;
      if (Has(b.root, "ruleset")) header_ = &b;
      for (const auto& s : kDefinitionSections) {
        YAML::Node section = Get(b.root, s);
        if (!section.IsDefined() || !section.IsMap()) continue;
        for (auto it = section.begin(); it != section.end(); ++it) {
          if (!it->first.IsScalar()) continue;
          defs_[s].try_emplace(it->first.Scalar(), Def{section, it->first, it->second, b.display});
        }
      }
    }
  }

  void Foreign(const YAML::Node& n, const std::string* file) { foreign_.push_back({n, file}); }

  std::vector<std::string> Ids(const std::string& section) const {
    std::vector<std::string> out;
    auto it = defs_.find(section);
    if (it != defs_.end()) {
      for (const auto& [id, d] : it->second) out.push_back(id);
    }
    return out;
  }

  // The header: the overlay's keys win; the base's others are kept.
  void MergeHeader(ParsedFile& p) {
    YAML::Node h = Get(p.root, "ruleset");
    if (!h.IsMap()) return;
    h.remove("extends");
    if (!header_) return;
    YAML::Node b = Get(header_->root, "ruleset");
    if (b.IsMap()) {
      for (auto it = b.begin(); it != b.end(); ++it) {
        if (!it->first.IsScalar() || Has(h, it->first.Scalar())) continue;
        h.force_insert(it->first, it->second);
        Foreign(it->first, header_->display);
        Foreign(it->second, header_->display);
      }
    }
    header_->root.remove("ruleset");
    header_ = nullptr;
  }

  // `override:` of an entry, removed from it: "", "replace" or "update".
  std::string TakeOverride(YAML::Node value, const std::string& file) {
    if (!Has(value, "override")) return "";
    YAML::Node o = Get(value, "override");
    std::string s = ScalarOr(o);
    if (s != "replace" && s != "update") {
      diags_.Error(Loc(o, file), "overlay.bad_override", {s}, Suggest(s, {"replace", "update"}));
      s = "invalid";
    }
    value.remove("override");
    return s;
  }

  void MergeSection(ParsedFile& p, const std::string& section) {
    YAML::Node over = Get(p.root, section);
    std::vector<std::pair<YAML::Node, YAML::Node>> entries;
    for (auto it = over.begin(); it != over.end(); ++it) entries.push_back({it->first, it->second});
    const std::string singular = section == "facts"        ? "fact"
                                 : section == "predicates" ? "predicate"
                                 : section == "services"   ? "service"
                                                           : "node";
    for (auto& [key, value] : entries) {
      if (!key.IsScalar()) continue;
      const std::string id = key.Scalar();
      const std::string ov = TakeOverride(value, *p.display);
      auto& defs = defs_[section];
      auto found = defs.find(id);
      if (found == defs.end()) {
        if (!ov.empty()) {
          diags_.Error(Loc(key, *p.display), "overlay.unknown_" + singular, {id}, Suggest(id, Ids(section)));
          over.remove(id);
        }
        continue;
      }
      Def& def = found->second;
      if (ov.empty()) {
        const Location at = Loc(def.key, *def.file);
        diags_.Error(Loc(key, *p.display), "overlay.redefines",
                     {singular, id, at.file + ":" + std::to_string(at.line)});
        over.remove(id);
        continue;
      }
      if (ov == "invalid") {
        over.remove(id);
        continue;
      }
      if (section == "nodes" && ov == "update") {
        UpdateNode(p, def, value);
        over.remove(id);
        continue;
      }
      if (ov == "update" && value.IsMap() && def.value.IsMap()) UpdateEntry(p, section, def, value);
      def.section.remove(id);
      defs.erase(found);
    }
  }

  // `override: update` of a fact, predicate or service: the overlay's keys win.
  void UpdateEntry(ParsedFile& p, const std::string& section, const Def& def, YAML::Node value) {
    // Never assign one YAML::Node to another that holds a node: yaml-cpp then
    // rewrites the node it held (Node::operator= shares the other's data).
    const bool adding = section == "facts" && Has(value, "add_values");
    YAML::Node added = adding ? Get(value, "add_values") : YAML::Node(YAML::NodeType::Undefined);
    if (adding) value.remove("add_values");
    for (auto it = def.value.begin(); it != def.value.end(); ++it) {
      if (!it->first.IsScalar() || Has(value, it->first.Scalar())) continue;
      value.force_insert(it->first, it->second);
      Foreign(it->first, def.file);
      Foreign(it->second, def.file);
    }
    if (!adding) return;
    if (!added.IsSequence()) {
      diags_.Error(Loc(added, *p.display), "yaml.type", {"add_values", "list"});
      return;
    }
    YAML::Node values(YAML::NodeType::Sequence);
    YAML::Node old = Get(value, "values");
    if (old.IsDefined() && old.IsSequence()) {
      for (const auto& v : old) {
        values.push_back(v);
        Foreign(v, def.file);
      }
    }
    for (const auto& v : added) values.push_back(v);
    SetValue(value, "values", values);
  }

  // `override: update` of a node: `hit` and `description` replace the base's;
  // each rule replaces the base rule of its id (`override: replace`) or is
  // added at `after:` / `before:` a rule, or at the end.
  void UpdateNode(ParsedFile& p, Def& def, YAML::Node value) {
    if (!value.IsMap() || !def.value.IsMap()) return;
    for (auto it = value.begin(); it != value.end(); ++it) {
      const std::string k = ScalarOr(it->first);
      if (k == "hit" || k == "description") {
        def.value.remove(k);
        def.value.force_insert(it->first, it->second);
        Foreign(it->first, p.display);
        Foreign(it->second, p.display);
      } else if (k != "rules") {
        diags_.Error(Loc(it->first, *p.display), "yaml.unknown_key",
                     {k, "node `" + ScalarOr(def.key) + "` (override: update)", "hit, description, rules"},
                     Suggest(k, {"hit", "description", "rules"}));
      }
    }
    if (!Has(value, "rules")) return;
    YAML::Node added = Get(value, "rules");
    if (!added.IsSequence()) {
      diags_.Error(Loc(added, *p.display), "yaml.type", {"rules", "list"});
      return;
    }
    // A list, not a vector: inserting into a vector assigns Nodes (see UpdateEntry).
    std::list<YAML::Node> rules;
    YAML::Node old = Get(def.value, "rules");
    if (old.IsDefined() && old.IsSequence()) {
      for (const auto& r : old) rules.push_back(r);
    }
    auto index_of = [&](const std::string& id) {
      for (auto it = rules.begin(); it != rules.end(); ++it) {
        if (it->IsMap() && ScalarOr(Get(*it, "id")) == id) return it;
      }
      return rules.end();
    };
    auto ids = [&]() {
      std::vector<std::string> out;
      for (const auto& r : rules) {
        if (r.IsMap()) out.push_back(ScalarOr(Get(r, "id")));
      }
      return out;
    };
    for (YAML::Node rule : added) {
      Foreign(rule, p.display);
      if (!rule.IsMap()) {
        rules.push_back(rule);
        continue;
      }
      const std::string ov = TakeOverride(rule, *p.display);
      const std::string id = ScalarOr(Get(rule, "id"));
      if (ov == "invalid") continue;
      if (ov == "update") {
        diags_.Error(Loc(rule, *p.display), "overlay.rule_update", {id});
        continue;
      }
      if (ov == "replace") {
        auto at = index_of(id);
        if (at == rules.end()) {
          diags_.Error(Loc(Has(rule, "id") ? Get(rule, "id") : rule, *p.display), "overlay.unknown_rule",
                       {id, ScalarOr(def.key)}, Suggest(id, ids()));
          continue;
        }
        rules.insert(rules.erase(at), rule);
        continue;
      }
      auto at = rules.end();
      for (const char* place : {"after", "before"}) {
        if (!Has(rule, place)) continue;
        YAML::Node target = Get(rule, place);
        auto i = index_of(ScalarOr(target));
        if (i == rules.end()) {
          diags_.Error(Loc(target, *p.display), "overlay.unknown_rule", {ScalarOr(target), ScalarOr(def.key)},
                       Suggest(ScalarOr(target), ids()));
        } else {
          at = std::string(place) == "after" ? std::next(i) : i;
        }
        rule.remove(place);
      }
      rules.insert(at, rule);
    }
    YAML::Node seq(YAML::NodeType::Sequence);
    for (const auto& r : rules) seq.push_back(r);
    SetValue(def.value, "rules", seq);
  }

  struct Removal {
    std::string id;
    Location at;
  };

  void ReadRemovals(ParsedFile& p, const YAML::Node& remove) {
    if (!remove.IsMap()) {
      diags_.Error(Loc(remove, *p.display), "yaml.expected_mapping", {"remove"});
      return;
    }
    for (auto it = remove.begin(); it != remove.end(); ++it) {
      const std::string kind = ScalarOr(it->first);
      if (std::find(kRemoveKeys.begin(), kRemoveKeys.end(), kind) == kRemoveKeys.end()) {
        std::string list;
        for (const auto& k : kRemoveKeys) list += (list.empty() ? "" : ", ") + k;
        diags_.Error(Loc(it->first, *p.display), "yaml.unknown_key", {kind, "remove", list},
                     Suggest(kind, kRemoveKeys));
        continue;
      }
      if (!it->second.IsSequence()) {
        diags_.Error(Loc(it->second, *p.display), "yaml.type", {"remove." + kind, "list"});
        continue;
      }
      // A copy: `it->second` lives in a proxy that a range-for would outlive.
      const YAML::Node items = it->second;
      for (const auto& item : items) {
        Removal r{ScalarOr(item), Loc(item, *p.display)};
        if (kind == "rules") {
          RemoveRule(r);
        } else if (kind == "services") {
          if (!defs_["services"].count(r.id)) {
            diags_.Error(r.at, "overlay.unknown_service", {r.id}, Suggest(r.id, Ids("services")));
          } else {
            service_removals_.push_back(r);
          }
        } else {
          const std::string singular = kind == "facts" ? "fact" : kind == "predicates" ? "predicate" : "node";
          auto& defs = defs_[kind];
          auto found = defs.find(r.id);
          if (found == defs.end()) {
            diags_.Error(r.at, "overlay.unknown_" + singular, {r.id}, Suggest(r.id, Ids(kind)));
            continue;
          }
          found->second.section.remove(r.id);
          defs.erase(found);
        }
      }
    }
  }

  void RemoveRule(const Removal& r) {
    std::vector<std::string> all;
    bool removed = false;
    for (auto& [node_id, def] : defs_["nodes"]) {
      YAML::Node old = Get(def.value, "rules");
      if (!old.IsDefined() || !old.IsSequence()) continue;
      YAML::Node seq(YAML::NodeType::Sequence);
      bool here = false;
      for (const auto& rule : old) {
        const std::string id = rule.IsMap() ? ScalarOr(Get(rule, "id")) : "";
        all.push_back(id);
        if (id == r.id) {
          here = true;
        } else {
          seq.push_back(rule);
        }
      }
      if (here) {
        SetValue(def.value, "rules", seq);
        removed = true;
      }
    }
    if (!removed) diags_.Error(r.at, "overlay.unknown_rule_anywhere", {r.id}, Suggest(r.id, all));
  }

  // Where a rule or service still refers to `service` after composition:
  // "rule `R` (file:line)", or "".
  std::string ReferenceTo(const std::string& service, const RuleSources& overlay) {
    auto scan = [&](const ParsedFile& p) -> std::string {
      if (!p.root.IsMap()) return "";
      YAML::Node nodes = Get(p.root, "nodes");
      if (nodes.IsDefined() && nodes.IsMap()) {
        for (auto n = nodes.begin(); n != nodes.end(); ++n) {
          YAML::Node rules = n->second.IsMap() ? Get(n->second, "rules") : YAML::Node();
          if (!rules.IsDefined() || !rules.IsSequence()) continue;
          for (const auto& rule : rules) {
            YAML::Node refer = rule.IsMap() ? Get(rule, "refer") : YAML::Node();
            if (!refer.IsDefined() || !refer.IsSequence()) continue;
            for (const auto& to : refer) {
              if (to.IsMap() && ScalarOr(Get(to, "service")) == service) {
                const std::string* file = FileOf(rule, p.display);
                Location at = Loc(to, *file);
                return "rule `" + ScalarOr(Get(rule, "id")) + "` (" + at.file + ":" + std::to_string(at.line) + ")";
              }
            }
          }
        }
      }
      YAML::Node services = Get(p.root, "services");
      if (services.IsDefined() && services.IsMap()) {
        for (auto s = services.begin(); s != services.end(); ++s) {
          YAML::Node fb = s->second.IsMap() ? Get(s->second, "fallback") : YAML::Node();
          if (!fb.IsDefined() || !fb.IsSequence() || ScalarOr(s->first) == service) continue;
          for (const auto& f : fb) {
            if (ScalarOr(f) == service) {
              Location at = Loc(f, *FileOf(s->first, p.display));
              return "the fallback of service `" + ScalarOr(s->first) + "` (" + at.file + ":" +
                     std::to_string(at.line) + ")";
            }
          }
        }
      }
      return "";
    };
    for (const RuleSources* set : {static_cast<const RuleSources*>(&base_), &overlay}) {
      for (const auto& p : set->parsed) {
        std::string where = scan(p);
        if (!where.empty()) return where;
      }
    }
    return "";
  }

  const std::string* FileOf(const YAML::Node& n, const std::string* container) const {
    for (const auto& [node, file] : foreign_) {
      if (node.IsDefined() && n.IsDefined() && node.is(n)) return file;
    }
    return container;
  }

  // A service still referred to is kept (and reported), so the one error is
  // at the overlay's `remove:` entry rather than at every reference.
  void ApplyServiceRemovals(const RuleSources& overlay) {
    for (const auto& r : service_removals_) {
      auto& defs = defs_["services"];
      auto found = defs.find(r.id);
      if (found == defs.end()) continue;
      std::string where = ReferenceTo(r.id, overlay);
      if (!where.empty()) {
        diags_.Error(r.at, "overlay.removed_service_referenced", {r.id, where});
        continue;
      }
      found->second.section.remove(r.id);
      defs.erase(found);
    }
  }

  RuleSources& base_;
  DiagSink& diags_;
  ParsedFile* header_ = nullptr;
  std::map<std::string, std::map<std::string, Def>> defs_;
  std::vector<Removal> service_removals_;
  ForeignNodes foreign_;
};

// The header's `extends` in `sources`, with its file; undefined when none.
std::pair<YAML::Node, const std::string*> FindExtends(const RuleSources& sources) {
  for (const auto& p : sources.parsed) {
    if (!p.root.IsMap() || !Has(p.root, "ruleset")) continue;
    YAML::Node h = Get(p.root, "ruleset");
    if (h.IsMap() && Has(h, "extends")) return {Get(h, "extends"), p.display};
  }
  return {YAML::Node(YAML::NodeType::Undefined), nullptr};
}

// Paths of `files` made relative to the rules root: `prefix/relative`.
void Prefix(std::vector<SourceFile>& files, const fs::path& prefix) {
  for (auto& f : files) f.relative = (prefix / f.relative).generic_string();
}

bool Compose(const fs::path& given, const fs::path& root, std::set<fs::path>& visited, int depth,
             const LoadLimits& limits, DiagSink& diags, RuleSources* out) {
  auto [extends, file] = FindExtends(*out);
  if (!file) return true;
  const Location at = Loc(extends, *file);
  if (!extends.IsScalar() || extends.Scalar().empty()) {
    diags.Error(at, "yaml.type", {"extends", "a relative path"});
    return false;
  }
  if (given.empty()) {
    diags.Error(at, "overlay.no_folder", {extends.Scalar()});
    return false;
  }
  const fs::path path = StripSlash(given);
  std::error_code ec;
  const bool folder = fs::is_directory(path, ec);
  const fs::path dir = folder ? path : path.parent_path();
  const fs::path self = Canonical(path);
  // `extends: bogota`: a rule set named by its folder, looked up on the
  // rules path (it may live anywhere: its folder is its own rules root);
  // `extends: ../bogota`: a path, below this rule set's rules root.
  const bool named = IsBaseName(extends.Scalar());
  fs::path base_display, base, base_root = root;
  std::optional<fs::path> base_prefix;  // the base files' names in the digest start with it
  if (named) {
    std::vector<fs::path> looked;
    auto found = FindNamedBase(extends.Scalar(), root, &looked);
    if (!found) {
      std::string places;
      for (const auto& p : looked) places += (places.empty() ? "`" : ", `") + p.string() + "`";
      const std::string& spec = extends.Scalar();
      const size_t pin = spec.find('@');
      if (pin == std::string::npos) {
        diags.Error(at, "overlay.base_not_found", {spec, places});
      } else {
        diags.Error(at, "overlay.pinned_base_not_found", {spec.substr(0, pin), spec.substr(pin + 1), places});
      }
      return false;
    }
    base_display = StripSlash(found->path);
    base = Canonical(base_display);
    base_root = Canonical(base_display.parent_path());
    base_prefix = found->prefix;
  } else {
    base_display = StripSlash(dir / extends.Scalar());
    base = Canonical(base_display);
    if (fs::path(extends.Scalar()).is_absolute() || !Below(base, root)) {
      // Written inside the root, but a symbolic link leads out of it: saying
      // "e.g. `../bogota`" would suggest what was written.
      const fs::path written = (Canonical(dir) / extends.Scalar()).lexically_normal();
      if (!fs::path(extends.Scalar()).is_absolute() && Below(written, root)) {
        diags.Error(at, "overlay.symlink_escapes_root",
                    {extends.Scalar(), base.string(), root.string(), base.filename().string(),
                     base.parent_path().string()});
      } else {
        diags.Error(at, "overlay.escapes_root", {extends.Scalar(), root.string()});
      }
      return false;
    }
    if (!fs::exists(base, ec)) {
      std::vector<std::string> siblings;
      for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->is_directory(ec) && Canonical(it->path()) != self) {
          siblings.push_back((fs::path("..") / it->path().filename()).generic_string());
        }
      }
      diags.Error(at, "overlay.unknown_base", {extends.Scalar()}, Suggest(extends.Scalar(), siblings));
      return false;
    }
  }
  if (visited.count(base) || base == self) {
    diags.Error(at, "overlay.cycle", {extends.Scalar()});
    return false;
  }
  if (depth >= kMaxDepth) {
    diags.Error(at, "overlay.too_deep", {std::to_string(kMaxDepth)});
    return false;
  }
  visited.insert(base);

  RuleSources base_sources;
  ParseRuleFiles(ReadSourceFiles(base_display, limits, diags), limits, diags, &base_sources);
  if (base_sources.bad_text) return false;  // reported; the base cannot be read
  if (!Compose(base_display, base_root, visited, depth + 1, limits, diags, &base_sources)) return false;
  if (base_sources.parsed.empty()) return false;  // unreadable: already reported
  const bool base_folder = fs::is_directory(base, ec);
  if (!base_sources.composed) {
    Prefix(base_sources.files,
           base_prefix ? *base_prefix : (base_folder ? base : base.parent_path()).lexically_relative(base_root));
  }
  if (!out->composed) Prefix(out->files, (folder ? self : self.parent_path()).lexically_relative(root));

  Merger merger(base_sources, diags);
  merger.Apply(*out);

  // The base's files first, then the overlay's.
  RuleSources merged;
  merged.names.splice(merged.names.end(), base_sources.names);
  merged.names.splice(merged.names.end(), out->names);
  merged.parsed = std::move(base_sources.parsed);
  merged.parsed.insert(merged.parsed.end(), out->parsed.begin(), out->parsed.end());
  merged.files = std::move(base_sources.files);
  merged.files.insert(merged.files.end(), out->files.begin(), out->files.end());
  merged.foreign = std::move(base_sources.foreign);
  merged.foreign.insert(merged.foreign.end(), out->foreign.begin(), out->foreign.end());
  merged.foreign.insert(merged.foreign.end(), merger.foreign().begin(), merger.foreign().end());
  merged.composed = true;
  *out = std::move(merged);
  return true;
}

const std::string* FileOfNode(const RuleSources& s, const YAML::Node& n, const std::string* container) {
  for (const auto& [node, file] : s.foreign) {
    if (node.IsDefined() && n.IsDefined() && node.is(n)) return file;
  }
  return container;
}

}  // namespace

namespace {

// Before yaml-cpp sees the text: its parser recurses on nesting and a few
// aliases can stand for billions of nodes.
bool ScanBeforeParse(const SourceFile& f, const LoadLimits& limits, DiagSink& diags) {
  ScanResult scan = ScanYaml(f.bytes, limits.max_yaml_depth, limits.max_yaml_aliases);
  if (scan.depth_line) {
    diags.LimitError(Location{f.display, scan.depth_line, 1}, "limit.yaml_depth",
                     {std::to_string(limits.max_yaml_depth)}, "max_yaml_depth", "yaml_depth");
    return false;
  }
  if (scan.alias_line) {
    diags.LimitError(Location{f.display, scan.alias_line, 1}, "limit.yaml_aliases",
                     {std::to_string(limits.max_yaml_aliases)}, "max_yaml_aliases", "yaml_aliases");
    return false;
  }
  return true;
}

// After parsing: the tree as the readers will walk it (aliases expanded), its
// exact depth and size, without recursion.
bool CheckParsedTree(const YAML::Node& root, const SourceFile& f, const LoadLimits& limits, DiagSink& diags) {
  std::vector<std::pair<YAML::Node, int>> stack = {{root, 1}};
  size_t seen = 0;
  while (!stack.empty()) {
    auto [node, depth] = stack.back();
    stack.pop_back();
    if (++seen > limits.max_yaml_nodes) {
      diags.LimitError(Location{f.display, node.Mark().line + 1, node.Mark().column + 1}, "limit.yaml_nodes",
                       {std::to_string(limits.max_yaml_nodes)}, "max_yaml_nodes", "yaml_nodes");
      return false;
    }
    if (depth > limits.max_yaml_depth) {
      diags.LimitError(Location{f.display, node.Mark().line + 1, node.Mark().column + 1}, "limit.yaml_depth",
                       {std::to_string(limits.max_yaml_depth)}, "max_yaml_depth", "yaml_depth");
      return false;
    }
    if (node.IsSequence()) {
      for (const auto& item : node) stack.emplace_back(item, depth + 1);
    } else if (node.IsMap()) {
      for (auto it = node.begin(); it != node.end(); ++it) {
        stack.emplace_back(it->first, depth + 1);
        stack.emplace_back(it->second, depth + 1);
      }
    }
  }
  return true;
}

}  // namespace

void ParseRuleFiles(std::vector<SourceFile> files, const LoadLimits& limits, DiagSink& diags, RuleSources* out) {
  for (auto& f : files) {
    out->names.push_back(f.display);
    const std::string* display = &out->names.back();
    // Bytes that are not UTF-8 text are never parsed: yaml-cpp would keep
    // them in the model as they are (or decode UTF-16 by itself).
    if (!CheckFileText(f.bytes, f.display, diags)) {
      out->bad_text = true;
      out->files.push_back(std::move(f));
      continue;
    }
    if (!ScanBeforeParse(f, limits, diags)) {
      out->files.push_back(std::move(f));
      continue;
    }
    try {
      YamlDocument doc = LoadOneYamlDocument(f.bytes);
      if (doc.second) diags.Error(Location{f.display, doc.second->line + 1, doc.second->column + 1}, "yaml.second_document");
      YAML::Node root = doc.node;
      if (!CheckParsedTree(root, f, limits, diags)) {
        // Too deep or too large once aliases are expanded: not read further.
      } else if (!CheckParsedText(root, f.display, diags)) {
        out->bad_text = true;
      } else if (root.IsNull() || !root.IsDefined()) {
        diags.Error(Location{f.display, 0, 0}, "file.empty", {f.display});
      } else {
        out->parsed.push_back({display, root});
      }
    } catch (const YAML::Exception& e) {
      if (int tab = e.mark.line >= 0 ? TabInIndent(f.bytes, e.mark.line) : 0) {
        diags.Error(Location{f.display, e.mark.line + 1, tab}, "yaml.tab");
      } else {
        diags.Error(Location{f.display, e.mark.line + 1, e.mark.column + 1}, "yaml.syntax", {e.msg});
      }
    }
    out->files.push_back(std::move(f));
  }
}

bool IsBaseName(std::string_view spec) {
  const size_t at = spec.find('@');
  const std::string_view name = spec.substr(0, at);
  if (name.empty() || name == "." || name == "..") return false;
  const bool name_ok = std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
  });
  if (at == std::string_view::npos) return name_ok;
  const std::string_view version = spec.substr(at + 1);
  return name_ok && !version.empty() && std::all_of(version.begin(), version.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == '+';
  });
}

std::vector<fs::path> RulesPath() {
  std::vector<fs::path> out;
  const char* env = std::getenv("REFERRAL_RULES_PATH");
  if (env == nullptr) return out;
  std::string_view rest(env);
  while (!rest.empty()) {
    const size_t colon = rest.find(':');
    const std::string_view dir = rest.substr(0, colon);
    if (!dir.empty()) out.emplace_back(std::string(dir));
    rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
  }
  return out;
}

namespace {

// In the archive folder `dir`, the entry of rule set `id` at `version`.
std::optional<NamedBase> FindArchived(const fs::path& dir, const std::string& id, const std::string& version) {
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().filename().string().rfind(".staging-", 0) == 0) continue;  // not archived (yet)
    std::ifstream in(it->path() / "manifest.json");
    if (!in) continue;
    const auto m = nlohmann::json::parse(in, nullptr, false);
    if (!m.is_object() || m.value("id", "") != id || m.value("version", "") != version) continue;
    // An overlay's entry loads from `rules/<load>`; a plain rule set's from `rules/`.
    const std::string load = m.contains("load") && m["load"].is_string() ? m["load"].get<std::string>() : "";
    const fs::path path = it->path() / "rules" / load;
    if (!load.empty() && (fs::path(load).is_absolute() || load.find("..") != std::string::npos)) continue;
    if (fs::is_directory(path, ec)) return NamedBase{path, load.empty() ? id : fs::path(load).filename().string()};
  }
  return std::nullopt;
}

}  // namespace

std::optional<NamedBase> FindNamedBase(const std::string& spec, const fs::path& root, std::vector<fs::path>* looked) {
  const size_t at = spec.find('@');
  const std::string name = spec.substr(0, at);
  const std::string version = at == std::string::npos ? "" : spec.substr(at + 1);
  std::vector<fs::path> places = RulesPath();
  if (!root.empty()) places.push_back(root);
  std::error_code ec;
  for (const auto& dir : places) {
    const fs::path candidate = dir / name;
    if (looked) looked->push_back(candidate);
    if (fs::is_directory(candidate, ec) && (version.empty() || ReadDeclaredHeader(candidate).version == version)) {
      return NamedBase{candidate, name};
    }
    if (version.empty()) continue;
    if (looked) looked->push_back(dir / "*" / "manifest.json");
    if (auto archived = FindArchived(dir, name, version)) return archived;
  }
  return std::nullopt;
}

bool ComposeOverlay(const fs::path& path, const LoadLimits& limits, DiagSink& diags, RuleSources* out) {
  if (!FindExtends(*out).second) return true;
  const fs::path self = path.empty() ? fs::path() : Canonical(StripSlash(path));
  std::set<fs::path> visited = {self};
  return Compose(path, path.empty() ? fs::path() : RulesRoot(path), visited, 0, limits, diags, out);
}

std::string EmitMerged(const RuleSources& s) {
  YAML::Emitter out;
  out.SetIndent(2);
  out << YAML::Comment("Merged rule set (referral check --print-merged): what actually runs.");
  out << YAML::BeginMap;
  for (const auto& p : s.parsed) {
    if (p.root.IsMap() && Has(p.root, "ruleset")) {
      out << YAML::Key << "ruleset" << YAML::Value << Get(p.root, "ruleset");
    }
  }
  for (const std::string section : {"facts", "predicates", "services", "nodes", "directory"}) {
    bool open = false;
    for (const auto& p : s.parsed) {
      if (!p.root.IsMap() || !Has(p.root, section)) continue;
      YAML::Node sec = Get(p.root, section);
      if (section == "directory") {
        out << YAML::Key << section << YAML::Value << sec;
        continue;
      }
      if (!sec.IsMap() || sec.size() == 0) continue;
      if (!open) out << YAML::Key << section << YAML::Value << YAML::BeginMap;
      open = true;
      for (auto it = sec.begin(); it != sec.end(); ++it) {
        const Location at = Loc(it->first, *FileOfNode(s, it->first, p.display));
        out << YAML::Newline << YAML::Comment("from " + at.file + ":" + std::to_string(at.line));
        out << YAML::Key << it->first << YAML::Value;
        if (section == "nodes" && it->second.IsMap()) {
          // Each rule with the file it came from.
          out << YAML::BeginMap;
          for (auto k = it->second.begin(); k != it->second.end(); ++k) {
            out << YAML::Key << k->first << YAML::Value;
            if (ScalarOr(k->first) != "rules" || !k->second.IsSequence()) {
              out << k->second;
              continue;
            }
            out << YAML::BeginSeq;
            const YAML::Node rules = k->second;  // a copy: the proxy behind `k->` would not outlive the loop
            for (const auto& rule : rules) {
              const Location r = Loc(rule, *FileOfNode(s, rule, FileOfNode(s, it->first, p.display)));
              out << YAML::Newline << YAML::Comment("from " + r.file + ":" + std::to_string(r.line)) << rule;
            }
            out << YAML::EndSeq;
          }
          out << YAML::EndMap;
        } else {
          out << it->second;
        }
      }
    }
    if (open) out << YAML::EndMap;
  }
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace referral::internal
