// Rule sets archived by digest, so records from years of rule changes replay
// with the rules that made them. An overlay is archived with its bases, in
// the same layout below the archive's `rules/` as below its rules root, so
// the copy hashes to the same digest and composes the same way.
#include <fstream>
#include <nlohmann/json.hpp>
#include <system_error>

#include "load/source_files.h"
#include "model/model.h"
#include "referral/record.h"
#include "referral/testing.h"
#include "util/json_text.h"

namespace referral {

namespace fs = std::filesystem;

namespace {

// Where a rule set's files are copied from, and the path below the archive's
// `rules/` that loads the copy again. Ruleset::files() are relative to the
// rules root for an overlay (load/compose.cc), which holds its bases too, and
// the overlay loads from its own place below it; otherwise they are relative
// to the rule set's own folder, which the copy becomes.
struct Layout {
  fs::path source;
  std::string load;  // empty: `rules/` itself
};

Layout LayoutOf(const Ruleset& rules, const fs::path& rules_path) {
  if (internal::ModelOf(rules).composed) {
    const fs::path root = internal::RulesRoot(rules_path);
    return {root, internal::ResolvedPath(rules_path).lexically_relative(root).generic_string()};
  }
  std::error_code ec;
  return {fs::is_directory(rules_path, ec) ? rules_path : rules_path.parent_path(), ""};
}

// What a failed archive made is removed: the staging folder, and the archive
// folder itself if this call created it and it is still empty. Nothing half
// made stays behind.
class Cleanup {
 public:
  Cleanup(fs::path staging, fs::path archive, bool created)
      : staging_(std::move(staging)), archive_(std::move(archive)), created_(created) {}
  Cleanup(const Cleanup&) = delete;
  Cleanup& operator=(const Cleanup&) = delete;
  ~Cleanup() {
    if (published_) return;
    std::error_code ec;
    fs::remove_all(staging_, ec);
    if (created_) fs::remove(archive_, ec);  // only if empty
  }
  void Published() { published_ = true; }

 private:
  fs::path staging_, archive_;
  bool created_ = false;
  bool published_ = false;
};

// An existing archive entry for this digest or this id and version: Ok with
// *done when the digest is already there, an error on a version conflict.
Status CheckArchived(const Ruleset& rules, const fs::path& archive, bool* done) {
  std::error_code ec;
  for (fs::directory_iterator it(archive, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().filename().string().rfind(".staging-", 0) == 0) continue;  // not archived (yet)
    std::ifstream in(it->path() / "manifest.json");
    auto m = nlohmann::json::parse(in, nullptr, false);
    if (!m.is_object()) continue;
    if (m.value("digest", "") == rules.digest()) {
      *done = true;
      return Status::Ok();
    }
    if (m.value("id", "") == rules.id() && m.value("version", "") == rules.version()) {
      return Status::Error("archive.version_conflict",
                           "rule set " + rules.id() + " version " + rules.version() +
                               " is already archived with another digest (" + m.value("digest", "") +
                               "); publish the change under a new version");
    }
  }
  return Status::Ok();
}

// The rule set's own test files (not part of its digest), beside its rules in
// the archive: `referral test --inherit` runs them against an overlay whose
// base is pinned to this archived version.
Status CopyTests(const fs::path& rules_path, const fs::path& to_dir) {
  std::error_code ec;
  if (!fs::is_directory(rules_path, ec)) return Status::Ok();  // one file: its folder's tests are not its own
  for (const auto& from : FindTestFiles(rules_path)) {
    const fs::path to = to_dir / from.lexically_relative(rules_path);
    fs::create_directories(to.parent_path(), ec);
    if (!ec) fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
    if (ec) return Status::Error("archive.io", "cannot copy `" + from.string() + "`: " + ec.message());
  }
  return Status::Ok();
}

Status CopyFiles(const Ruleset& rules, const Layout& layout, const fs::path& to_dir) {
  std::error_code ec;
  for (const auto& rel : rules.files()) {
    const fs::path from = layout.source / rel;
    const fs::path to = to_dir / rel;
    fs::create_directories(to.parent_path(), ec);
    if (!ec) fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
    if (ec) return Status::Error("archive.io", "cannot copy `" + from.string() + "`: " + ec.message());
  }
  return Status::Ok();
}

Status WriteManifest(const Ruleset& rules, const Layout& layout, const fs::path& staging) {
  nlohmann::ordered_json manifest = {
      {"id", rules.id()}, {"version", rules.version()}, {"digest", rules.digest()}, {"files", rules.files()}};
  if (!layout.load.empty()) manifest["load"] = layout.load;
  std::ofstream out(staging / "manifest.json");
  out << internal::JsonText(manifest, 2) << "\n";
  out.close();
  if (!out) return Status::Error("archive.io", "cannot write `" + (staging / "manifest.json").string() + "`");
  return Status::Ok();
}

// The files may have changed since `rules` was loaded: the copy must load and
// hash to the digest it is filed under, or verify --archive could not use it.
Status CheckCopy(const Ruleset& rules, const fs::path& copy) {
  std::vector<Diagnostic> diags;
  auto again = LoadRuleset(copy, &diags);
  if (!again.ok()) {
    return Status::Error("archive.changed", "the archived copy of " + rules.digest() +
                                                " does not load: the rule files changed since they were read");
  }
  if (again->digest() != rules.digest()) {
    return Status::Error("archive.changed", "the archived copy hashes to " + again->digest() + ", not " +
                                                rules.digest() + ": the rule files changed since they were read");
  }
  return Status::Ok();
}

// The path below `rules/` that a manifest says loads its rule set; empty
// (`rules/` itself) for an archive written before overlays were archived.
StatusOr<std::string> LoadPathOf(const fs::path& entry) {
  std::ifstream in(entry / "manifest.json");
  auto m = nlohmann::json::parse(in, nullptr, false);
  if (!m.is_object() || !m.contains("load")) return std::string();
  const auto& load = m["load"];
  const fs::path p = load.is_string() ? fs::path(load.get<std::string>()).lexically_normal() : fs::path();
  if (p.empty() || p.is_absolute() || *p.begin() == "..") {
    return Status::Error("archive.corrupt", "the manifest of `" + entry.string() + "` names no rule set below rules/");
  }
  return p.generic_string();
}

}  // namespace

Status ArchiveRuleset(const Ruleset& rules, const fs::path& rules_path, const fs::path& archive) {
  std::error_code ec;
  const bool created = !fs::exists(archive, ec);
  fs::create_directories(archive, ec);
  if (ec) return Status::Error("archive.io", "cannot create `" + archive.string() + "`: " + ec.message());
  const fs::path staging = archive / (".staging-" + rules.digest());
  Cleanup cleanup(staging, archive, created);
  bool done = false;
  Status s = CheckArchived(rules, archive, &done);
  if (!s.ok() || done) {
    if (done) cleanup.Published();  // nothing was made; the archive keeps what it had
    return s;
  }
  fs::remove_all(staging, ec);  // left by a process killed mid-way
  const Layout layout = LayoutOf(rules, rules_path);
  s = CopyFiles(rules, layout, staging / "rules");
  if (s.ok()) s = CopyTests(rules_path, layout.load.empty() ? staging / "rules" : staging / "rules" / layout.load);
  if (s.ok()) s = WriteManifest(rules, layout, staging);
  if (s.ok()) s = CheckCopy(rules, layout.load.empty() ? staging / "rules" : staging / "rules" / layout.load);
  if (!s.ok()) return s;
  const fs::path target = archive / rules.digest();
  fs::rename(staging, target, ec);  // atomic: the archive never holds half a rule set
  if (ec) return Status::Error("archive.io", "cannot publish `" + target.string() + "`: " + ec.message());
  cleanup.Published();
  return Status::Ok();
}

StatusOr<Ruleset> LoadArchived(const fs::path& archive, const std::string& digest) {
  const fs::path entry = archive / digest;
  std::error_code ec;
  if (!fs::is_directory(entry / "rules", ec)) {
    return Status::Error("archive.unknown_digest", "no rule set with digest " + digest + " in `" + archive.string() + "`");
  }
  auto load = LoadPathOf(entry);
  if (!load.ok()) return load.status();
  std::vector<Diagnostic> diags;
  auto rules = LoadRuleset(load->empty() ? entry / "rules" : entry / "rules" / *load, &diags);
  if (!rules.ok()) return Status::Error("archive.corrupt", "archived rule set " + digest + " no longer loads");
  if (rules->digest() != digest) {
    return Status::Error("archive.corrupt", "archived rule set " + digest + " now hashes to " + rules->digest());
  }
  return rules;
}

}  // namespace referral
