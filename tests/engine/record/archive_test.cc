// The rule-set archive (engine/record/archive.cc): an overlay is archived with
// its base and loads back as the same composed rule set; a failed archive
// leaves nothing behind; what is archived is what was loaded.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "referral/engine.h"
#include "referral/record.h"
#include "support/paths.h"

namespace fs = std::filesystem;

namespace {

fs::path Fresh(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("referral-archive-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

referral::Ruleset Load(const fs::path& path) {
  std::vector<referral::Diagnostic> diags;
  auto rules = referral::LoadRuleset(path, &diags);
  for (const auto& d : diags) UNSCOPED_INFO(referral::FormatDiagnostic(d));
  REQUIRE(rules.ok());
  return std::move(rules).value();
}

// Entries of `dir` whose name starts with `.staging-`.
int StagingFolders(const fs::path& dir) {
  int n = 0;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().filename().string().rfind(".staging-", 0) == 0) ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("an overlay is archived with its base and loads back as the same composed rule set", "[record][archive]") {
  const auto archive = Fresh("overlay") / "archive";
  auto maicao = Load(referral::testing::SourcePath("rules/maicao"));
  auto s = referral::ArchiveRuleset(maicao, referral::testing::SourcePath("rules/maicao"), archive);
  INFO(s.code() << ": " << s.message());
  REQUIRE(s.ok());
  CHECK(StagingFolders(archive) == 0);
  // The base's files and the overlay's, named as the digest names them.
  for (const auto& rel : maicao.files()) {
    INFO(rel);
    CHECK(fs::is_regular_file(archive / maicao.digest() / "rules" / rel));
  }
  auto archived = referral::LoadArchived(archive, maicao.digest());
  INFO(archived.status().code() << ": " << archived.status().message());
  REQUIRE(archived.ok());
  CHECK(archived->digest() == maicao.digest());
  CHECK(archived->files() == maicao.files());
  CHECK(archived->id() == "maicao");
  const std::string sample =
      referral::testing::ReadText(referral::testing::SourcePath("rules/maicao/samples/nina-venezolana-paraguachon.json"));
  auto a = referral::Decide(maicao, sample);
  auto b = referral::Decide(*archived, sample);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(referral::DecisionToJson(*a) == referral::DecisionToJson(*b));
  // Again: a no-op.
  CHECK(referral::ArchiveRuleset(maicao, referral::testing::SourcePath("rules/maicao"), archive).ok());
}

TEST_CASE("a failed archive leaves no staging folder, and no archive folder it created", "[record][archive]") {
  const auto dir = Fresh("failed");
  const auto rules_dir = referral::testing::CopyOfRules("rules/bogota", "archive-failed");
  auto rules = Load(rules_dir);
  fs::remove(rules_dir / "triaje.yaml");  // unreadable now: the copy fails half-way
  SECTION("in an archive that already holds another rule set") {
    const auto archive = dir / "archive";
    REQUIRE(referral::ArchiveRuleset(Load(referral::testing::SourcePath("rules/example")),
                                     referral::testing::SourcePath("rules/example"), archive)
                .ok());
    auto s = referral::ArchiveRuleset(rules, rules_dir, archive);
    CHECK_FALSE(s.ok());
    CHECK(s.code() == "archive.io");
    CHECK(StagingFolders(archive) == 0);
    CHECK_FALSE(fs::exists(archive / rules.digest()));
  }
  SECTION("in a new archive folder") {
    const auto archive = dir / "new-archive";
    auto s = referral::ArchiveRuleset(rules, rules_dir, archive);
    CHECK_FALSE(s.ok());
    CHECK_FALSE(fs::exists(archive));
  }
}

TEST_CASE("rule files changed since they were loaded are not archived under the old digest", "[record][archive]") {
  const auto archive = Fresh("changed") / "archive";
  const auto rules_dir = referral::testing::CopyOfRules("rules/bogota", "archive-changed");
  auto rules = Load(rules_dir);
  std::ofstream(rules_dir / "servicios.yaml", std::ios::app) << "# edited after loading\n";
  auto s = referral::ArchiveRuleset(rules, rules_dir, archive);
  CHECK_FALSE(s.ok());
  CHECK(s.code() == "archive.changed");
  CHECK(StagingFolders(archive) == 0);
  CHECK_FALSE(fs::exists(archive / rules.digest()));
}

TEST_CASE("a staging folder left by a killed archive does not count as archived", "[record][archive]") {
  const auto archive = Fresh("leftover") / "archive";
  auto rules = Load(referral::testing::SourcePath("rules/example"));
  const auto staging = archive / (".staging-" + rules.digest());
  fs::create_directories(staging);
  std::ofstream(staging / "manifest.json") << R"({"id":"example","version":"1.0.0","digest":")" << rules.digest()
                                           << "\"}\n";
  REQUIRE(referral::ArchiveRuleset(rules, referral::testing::SourcePath("rules/example"), archive).ok());
  CHECK(StagingFolders(archive) == 0);
  auto archived = referral::LoadArchived(archive, rules.digest());
  CHECK(archived.ok());
}
