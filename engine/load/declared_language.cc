// DeclaredLanguage: the language a rule set says it is written in, read from
// its header alone, so that a command can speak it even about rules that do
// not load.
#include <filesystem>

#include "load/compose.h"
#include "load/source_files.h"
#include "referral/ruleset.h"

namespace referral {

namespace {

constexpr int kMaxBases = 8;  // as overlay.too_deep

std::optional<Lang> DeclaredLanguageAt(const std::filesystem::path& path, int depth) {
  internal::DiagSink ignored(Lang::kEn);
  const LoadLimits limits;
  internal::RuleSources sources;
  internal::ParseRuleFiles(internal::ReadSourceFiles(path, limits, ignored), limits, ignored, &sources);
  for (const auto& file : sources.parsed) {
    const YAML::Node& root = file.root;
    if (!root.IsMap() || !root["ruleset"] || !root["ruleset"].IsMap()) continue;
    const YAML::Node header = root["ruleset"];
    if (header["language"] && header["language"].IsScalar()) {
      const std::string& lang = header["language"].Scalar();
      if (lang == "es") return Lang::kEs;
      if (lang == "en") return Lang::kEn;
      return std::nullopt;  // ruleset.bad_language: the load says so
    }
    if (header["extends"] && header["extends"].IsScalar() && depth < kMaxBases) {
      std::error_code ec;
      const auto dir = std::filesystem::is_directory(path, ec) ? path : path.parent_path();
      return DeclaredLanguageAt(dir / header["extends"].Scalar(), depth + 1);
    }
    return Lang::kEs;  // a header without `language` (Model::language)
  }
  return std::nullopt;
}

}  // namespace

std::optional<Lang> DeclaredLanguage(const std::filesystem::path& path) { return DeclaredLanguageAt(path, 0); }

}  // namespace referral
