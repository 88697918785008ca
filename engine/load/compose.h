// Composition (docs/rules.md, "Composition"): a rule set whose header says
// `extends: ../base` is an overlay. Takes the overlay's parsed rule files,
// reads its base from disk (recursively), applies the overlay's additions,
// overrides and removals to the base's YAML, and produces one list of parsed
// files that the section readers then check like any other rule set. Every
// YAML node keeps its own file, so errors point at the file that wrote it.
#ifndef REFERRAL_ENGINE_LOAD_COMPOSE_H_
#define REFERRAL_ENGINE_LOAD_COMPOSE_H_

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <list>
#include <optional>
#include <string_view>
#include <string>
#include <utility>
#include <vector>

#include "diag/diag_sink.h"
#include "load/source_files.h"

namespace referral::internal {

struct ParsedFile {
  const std::string* display = nullptr;  // points into RuleSources::names
  YAML::Node root;
};

// A YAML node placed inside another file's tree by composition, and the file
// it was written in (LoadContext::Child looks nodes up here).
using ForeignNodes = std::vector<std::pair<YAML::Node, const std::string*>>;

struct RuleSources {
  std::list<std::string> names;    // stable storage for the display paths
  std::vector<ParsedFile> parsed;  // the base's files first (recursively), then the overlay's
  std::vector<SourceFile> files;   // the same order: the digest and Model::files
  ForeignNodes foreign;
  bool composed = false;           // an overlay: `files` are relative to the rules root
  // A file (of the rule set or of a base) is not UTF-8 text, and was not
  // parsed: `file.bad_encoding` is reported, and the rest is not to be read.
  bool bad_text = false;
};

// Parses `files` into `out`, reporting `file.bad_encoding`, `yaml.*` and
// `file.empty`.
void ParseRuleFiles(std::vector<SourceFile> files, const LoadLimits& limits, DiagSink& diags, RuleSources* out);

// When a header in `out` has `extends`, reads the base below the rules root
// (the parent folder of the rule set at `path`) and merges `out` onto it.
// `path` is empty for a rule set held in memory (then `extends` is an error).
// Returns false when the base cannot be read at all (the error is reported).
bool ComposeOverlay(const std::filesystem::path& path, const LoadLimits& limits, DiagSink& diags,
                    RuleSources* out);

// Whether `extends` names a base by its folder's name (`bogota`: lower-case
// letters, digits, `_`, `-`, `.`; no `/`), optionally pinned to a version
// (`bogota@2026.1.0`), rather than giving a path.
bool IsBaseName(std::string_view spec);
// The folders of REFERRAL_RULES_PATH (separated by `:`), in order.
std::vector<std::filesystem::path> RulesPath();
// A base found by name: its folder, and the name its files take in the
// digest (`bogota/triaje.yaml`): its folder's name, or an archived rule set's id.
struct NamedBase {
  std::filesystem::path path;
  std::string prefix;
};
// The rule set named `name`: the first `DIR/name` folder for DIR on the rules
// path, then in `root` (beside the overlay). Pinned (`name@version`): the
// first DIR holding either a `DIR/name` folder whose header says that version
// or an archive entry (`referral archive`: `DIR/<digest>/manifest.json`) of
// that id and version. Every place tried is appended to `looked`.
std::optional<NamedBase> FindNamedBase(const std::string& name, const std::filesystem::path& root,
                                       std::vector<std::filesystem::path>* looked);

// What the header of the rule set at `path` declares, read without loading
// the rest (referral/ruleset.h's DeclaredLanguage; `referral test --inherit`).
struct DeclaredHeader {
  bool found = false;              // a file holds `ruleset:`
  bool language_declared = false;  // it says `language`
  std::optional<Lang> language;    // es or en, as it says
  std::optional<std::filesystem::path> base;  // the base `extends` names, when it exists
  std::string version;             // its `version`, as written
};
DeclaredHeader ReadDeclaredHeader(const std::filesystem::path& path);

// The merged rule set as one YAML document, each entry preceded by a comment
// naming the file and line it came from (`referral check --print-merged`).
std::string EmitMerged(const RuleSources& sources);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_LOAD_COMPOSE_H_
