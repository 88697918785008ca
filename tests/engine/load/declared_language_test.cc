// DeclaredLanguage (engine/load/declared_language.cc): the language a rule set
// declares, read from its header alone, so that what is said about rules that
// do not load is said in their language.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "referral/ruleset.h"
#include "support/paths.h"

namespace referral {
namespace {

using testing::FreshDir;
using testing::SourcePath;
using testing::WriteText;

TEST_CASE("a rule set's declared language is read from its header, even when the rules are broken",
          "[load][lang]") {
  CHECK(DeclaredLanguage(SourcePath("rules/bogota")) == Lang::kEs);
  CHECK(DeclaredLanguage(SourcePath("rules/example")) == Lang::kEn);
  // Maicao declares none: an overlay speaks its base's language.
  CHECK(DeclaredLanguage(SourcePath("rules/maicao")) == Lang::kEs);
  // A broken rule set (an unknown service) still declares its language.
  CHECK(DeclaredLanguage(SourcePath("tests/fixtures/broken_rules/20_unknown_service.yaml")) == Lang::kEn);

  const auto dir = FreshDir("declared-language", "headers");
  WriteText(dir / "none.yaml", "ruleset: {id: x, version: 1.0.0}\nnodes: [\n");  // YAML that ends early
  CHECK(DeclaredLanguage(dir / "none.yaml") == std::nullopt);                     // no header could be read
  WriteText(dir / "plain.yaml", "ruleset: {id: x, version: 1.0.0}\n");
  CHECK(DeclaredLanguage(dir / "plain.yaml") == Lang::kEs);  // the language a header without one means
  WriteText(dir / "fr.yaml", "ruleset: {id: x, language: fr}\n");
  CHECK(DeclaredLanguage(dir / "fr.yaml") == std::nullopt);  // not es or en: the load says so
  CHECK(DeclaredLanguage(dir / "missing") == std::nullopt);
  // An overlay that declares none speaks its base's, found as `extends` says.
  std::filesystem::create_directories(dir / "base");
  std::filesystem::create_directories(dir / "over");
  WriteText(dir / "base" / "ruleset.yaml", "ruleset: {id: b, version: 1.0.0, language: en}\n");
  WriteText(dir / "over" / "ruleset.yaml", "ruleset: {id: o, extends: ../base}\n");
  WriteText(dir / "over" / "facts.yaml", "facts: {broken\n");  // the rest need not load
  CHECK(DeclaredLanguage(dir / "over") == Lang::kEn);
}

}  // namespace
}  // namespace referral
