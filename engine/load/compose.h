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

// The merged rule set as one YAML document, each entry preceded by a comment
// naming the file and line it came from (`referral check --print-merged`).
std::string EmitMerged(const RuleSources& sources);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_LOAD_COMPOSE_H_
