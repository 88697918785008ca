// Finds and reads the rule files of a rule set (a file or a folder), in a
// fixed order, and computes the rule set's digest over them.
#ifndef REFERRAL_ENGINE_LOAD_SOURCE_FILES_H_
#define REFERRAL_ENGINE_LOAD_SOURCE_FILES_H_

#include <filesystem>
#include <string>
#include <vector>

#include "diag/diag_sink.h"
#include "referral/options.h"

namespace referral::internal {

struct SourceFile {
  std::string relative;  // path below the root with '/', or the file name
  std::string display;   // path shown in diagnostics
  std::string bytes;
};

// Reads `path` (docs/rules.md, "Files"). Reports `file.*` problems and the
// limits on files (docs/limits.md).
std::vector<SourceFile> ReadSourceFiles(const std::filesystem::path& path, const LoadLimits& limits,
                                        DiagSink& diags);

// SHA-256 over (relative path, NUL, bytes, NUL) for each file in order.
std::string DigestOf(const std::vector<SourceFile>& files);

// `path` absolute and resolved (symbolic links, `..`) as far as it exists,
// without a trailing slash.
std::filesystem::path ResolvedPath(const std::filesystem::path& path);

// The rules root of the rule set at `path` (docs/rules.md, "Composition"): the
// parent of its folder, or of the folder holding it when it is one file. An
// overlay's bases lie below it, and its files are named relative to it.
std::filesystem::path RulesRoot(const std::filesystem::path& path);

// Whether a file below a rule-set folder is a test file rather than rules.
bool IsTestFile(const std::filesystem::path& relative);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_LOAD_SOURCE_FILES_H_
