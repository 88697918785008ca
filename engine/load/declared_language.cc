// What a rule set's header declares, read from the header alone (the rest
// need not load): its language, and the base an overlay extends.
#include <filesystem>

#include "load/compose.h"
#include "load/source_files.h"
#include "referral/ruleset.h"

namespace referral {

namespace internal {

DeclaredHeader ReadDeclaredHeader(const std::filesystem::path& path) {
  DiagSink ignored(Lang::kEn);
  const LoadLimits limits;
  RuleSources sources;
  ParseRuleFiles(ReadSourceFiles(path, limits, ignored), limits, ignored, &sources);
  DeclaredHeader out;
  for (const auto& file : sources.parsed) {
    const YAML::Node& root = file.root;
    if (!root.IsMap() || !root["ruleset"] || !root["ruleset"].IsMap()) continue;
    const YAML::Node header = root["ruleset"];
    out.found = true;
    if (header["version"] && header["version"].IsScalar()) out.version = header["version"].Scalar();
    if (header["language"] && header["language"].IsScalar()) {
      const std::string& lang = header["language"].Scalar();
      out.language_declared = true;
      if (lang == "es") out.language = Lang::kEs;
      if (lang == "en") out.language = Lang::kEn;
    }
    if (header["extends"] && header["extends"].IsScalar()) {
      const std::string& base = header["extends"].Scalar();
      if (IsBaseName(base)) {  // named: found as the load finds it
        if (auto found = FindNamedBase(base, RulesRoot(path), nullptr)) out.base = found->path;
      } else {
        std::error_code ec;
        const auto dir = std::filesystem::is_directory(path, ec) ? path : path.parent_path();
        if (std::filesystem::exists(dir / base, ec)) out.base = (dir / base).lexically_normal();
      }
    }
    break;
  }
  return out;
}

}  // namespace internal

namespace {

constexpr int kMaxBases = 8;  // as overlay.too_deep

std::optional<Lang> DeclaredLanguageAt(const std::filesystem::path& path, int depth) {
  const internal::DeclaredHeader h = internal::ReadDeclaredHeader(path);
  if (!h.found) return std::nullopt;
  if (h.language_declared) return h.language;  // nullopt for one that is not es or en: the load says so
  if (h.base) return depth < kMaxBases ? DeclaredLanguageAt(*h.base, depth + 1) : std::nullopt;
  return Lang::kEs;  // a header without `language` (Model::language)
}

}  // namespace

std::optional<Lang> DeclaredLanguage(const std::filesystem::path& path) { return DeclaredLanguageAt(path, 0); }

}  // namespace referral
