// Shared state of one load: the model being built, the diagnostics, and
// helpers that read yaml-cpp nodes with located errors. yaml-cpp appears only
// in engine/load/.
#ifndef REFERRAL_ENGINE_LOAD_LOAD_CONTEXT_H_
#define REFERRAL_ENGINE_LOAD_LOAD_CONTEXT_H_

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <optional>
#include <string>
#include <vector>

#include "diag/diag_sink.h"
#include "diag/suggest.h"
#include "load/compose.h"
#include "model/model.h"

namespace referral::internal {

// A YAML node and the file it came from.
// `effective_from` / `effective_to` of a rule or a service (inclusive days).
struct Effective {
  bool given = false;
  bool bad = false;
  int64_t from = std::numeric_limits<int64_t>::min();
  int64_t to = std::numeric_limits<int64_t>::max();
  std::string label;  // `2026-01-01..2026-06-30`, `2026-07-01..`, `..2026-06-30`
  Location loc;
};

struct YamlRef {
  YAML::Node node;
  const std::string* file = nullptr;
  Location loc;  // the node's own place (or its parent's when it has none)
};

class LoadContext {
 public:
  LoadContext(Model& model, DiagSink& diags) : model(model), diags(diags) {}

  Model& model;
  DiagSink& diags;

  // Names usable in conditions: facts and predicates share one namespace.
  std::map<std::string, int> fact_index;
  // Names whose definition was refused (a fact of unknown type): a reference
  // to one is not reported again, so one mistake gives one error, not one per
  // rule that uses the name.
  std::set<std::string, std::less<>> failed_definitions;
  std::map<std::string, int> predicate_index;
  std::map<std::string, int> node_index;
  std::map<std::string, int> priority_index;
  // Derived facts whose `derive:` is read once every fact is known.
  std::vector<std::pair<int, YamlRef>> pending_derivations;
  std::set<std::string> rule_ids;
  // Nodes an overlay placed in another file's tree, with the file that wrote
  // them (load/compose.h); null for a rule set without `extends`.
  const ForeignNodes* foreign = nullptr;
  // Services' `fallback:` lists, resolved once every service is known.
  std::vector<std::pair<int, YamlRef>> pending_fallbacks;
  // `ruleset: date_fact:` (default: a fact named `evaluation_date`).
  std::string date_fact_name;
  Location date_fact_loc;
  // The dated versions of each rule id seen so far.
  std::map<std::string, std::vector<Effective>> rule_versions;

  YamlRef Child(const YamlRef& parent, const YAML::Node& node) const;
  YamlRef Ref(const YAML::Node& node, const std::string& file) const;

  // Iterates a mapping's entries, reporting duplicate keys and keys not in
  // `allowed` (with a did-you-mean); calls fn(key, value) for the others.
  // Returns false (and reports) if `ref` is not a mapping.
  template <typename Fn>
  bool ForEachEntry(const YamlRef& ref, std::string_view what,
                    const std::vector<std::string>& allowed, Fn fn);

  // Typed scalar readers; each reports `yaml.type` and returns nullopt on a
  // wrong type.
  std::optional<std::string> String(const YamlRef& ref, std::string_view what);
  std::optional<bool> Bool(const YamlRef& ref, std::string_view what);
  std::optional<int64_t> Int(const YamlRef& ref, std::string_view what);
  std::optional<std::vector<std::string>> StringList(const YamlRef& ref,
                                                     std::string_view what);
  // A text: a string in the rule set's language, or {es, en}.
  std::optional<Text> ReadText(const YamlRef& ref, std::string_view what);

  // Reports a missing required key of a mapping.
  void Missing(const YamlRef& map, std::string_view key, std::string_view what);
  // Looks `name` up in `table`; reports `code` with a did-you-mean if absent.
  int Resolve(const std::map<std::string, int>& table, const std::string& name,
              const Location& at, std::string_view code);

  std::vector<std::string> ConditionNames() const;
};

// Ids, names and enum values are ASCII codes: `[a-z]` (with `allow_upper`,
// `[A-Za-z]`) first, then letters, digits and `_` (with `allow_dash_dot`, also
// `-` and `.`, and a digit first); at most 128 bytes.
bool IsIdentifier(const std::string& s, bool allow_upper, bool allow_dash_dot);
// For a name that is not an identifier only because of accented letters, ñ,
// ç or spaces (`niño solo`): its ASCII spelling (`nino_solo`), lower-cased
// unless `allow_upper`, when that one is an identifier; otherwise "".
std::string AsciiSpelling(const std::string& s, bool allow_upper, bool allow_dash_dot);

// Where `node` is in `file` (1-based), or `fallback`'s line and column when the
// node has no place (it was made, not parsed).
Location NodeLocation(const YAML::Node& node, const std::string& file, const Location& fallback);

template <typename Fn>
bool LoadContext::ForEachEntry(const YamlRef& ref, std::string_view what,
                               const std::vector<std::string>& allowed, Fn fn) {
  if (!ref.node.IsMap()) {
    diags.Error(ref.loc, "yaml.expected_mapping", {std::string(what)});
    return false;
  }
  std::map<std::string, bool> seen;
  for (auto it = ref.node.begin(); it != ref.node.end(); ++it) {
    YamlRef key = Child(ref, it->first);
    YamlRef value = Child(key, it->second);
    if (!it->first.IsScalar()) {
      diags.Error(key.loc, "yaml.bad_key", {std::string(what)});
      continue;
    }
    const std::string name = it->first.Scalar();
    if (seen.count(name)) {
      diags.Error(key.loc, "yaml.duplicate_key", {name, std::string(what)});
      continue;
    }
    seen[name] = true;
    if (!allowed.empty()) {
      bool known = false;
      for (const auto& a : allowed) known = known || a == name;
      if (!known) {
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
        diags.Error(key.loc, "yaml.unknown_key", {name, std::string(what), list},
                    Suggest(name, allowed));
        continue;
      }
    }
    fn(name, key, value);
  }
  return true;
}

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_LOAD_LOAD_CONTEXT_H_
