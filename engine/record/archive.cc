// Rule sets archived by digest, so records from years of rule changes replay
// with the rules that made them.
#include <fstream>
#include <nlohmann/json.hpp>
#include <system_error>

#include "referral/record.h"

namespace referral {

namespace fs = std::filesystem;

Status ArchiveRuleset(const Ruleset& rules, const fs::path& rules_path, const fs::path& archive) {
  std::error_code ec;
  fs::create_directories(archive, ec);
  if (ec) return Status::Error("archive.io", "cannot create `" + archive.string() + "`: " + ec.message());
  const fs::path target = archive / rules.digest();
  for (fs::directory_iterator it(archive, ec), end; !ec && it != end; it.increment(ec)) {
    std::ifstream in(it->path() / "manifest.json");
    auto m = nlohmann::json::parse(in, nullptr, false);
    if (!m.is_object()) continue;
    if (m.value("digest", "") == rules.digest()) return Status::Ok();  // already archived
    if (m.value("id", "") == rules.id() && m.value("version", "") == rules.version()) {
      return Status::Error("archive.version_conflict",
                           "rule set " + rules.id() + " version " + rules.version() +
                               " is already archived with another digest (" + m.value("digest", "") +
                               "); publish the change under a new version");
    }
  }
  const fs::path staging = archive / (".staging-" + rules.digest());
  fs::remove_all(staging, ec);
  const bool folder = fs::is_directory(rules_path, ec);
  for (const auto& rel : rules.files()) {
    fs::path from = folder ? rules_path / rel : rules_path;
    fs::path to = staging / "rules" / rel;
    fs::create_directories(to.parent_path(), ec);
    if (!ec) fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
    if (ec) return Status::Error("archive.io", "cannot copy `" + from.string() + "`: " + ec.message());
  }
  nlohmann::ordered_json manifest = {
      {"id", rules.id()}, {"version", rules.version()}, {"digest", rules.digest()}, {"files", rules.files()}};
  std::ofstream(staging / "manifest.json") << manifest.dump(2) << "\n";
  fs::rename(staging, target, ec);  // atomic: the archive never holds half a rule set
  if (ec) return Status::Error("archive.io", "cannot publish `" + target.string() + "`: " + ec.message());
  return Status::Ok();
}

StatusOr<Ruleset> LoadArchived(const fs::path& archive, const std::string& digest) {
  const fs::path dir = archive / digest / "rules";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Status::Error("archive.unknown_digest", "no rule set with digest " + digest + " in `" + archive.string() + "`");
  }
  std::vector<Diagnostic> diags;
  auto rules = LoadRuleset(dir, &diags);
  if (!rules.ok()) return Status::Error("archive.corrupt", "archived rule set " + digest + " no longer loads");
  if (rules->digest() != digest) {
    return Status::Error("archive.corrupt", "archived rule set " + digest + " now hashes to " + rules->digest());
  }
  return rules;
}

}  // namespace referral
