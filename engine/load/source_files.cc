// Rule files on disk: discovery, size limit, reading, digest.
#include "load/source_files.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

#include "util/sha256.h"

namespace referral::internal {

namespace fs = std::filesystem;

namespace {

bool IsYaml(const fs::path& p) {
  auto ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml";
}

bool ReadFile(const fs::path& path, const std::string& display, const LoadLimits& limits, DiagSink& diags,
              std::string* out) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec) {
    diags.Error(Location{display, 0, 0}, "file.unreadable", {display, ec.message()});
    return false;
  }
  if (size > limits.max_file_bytes) {
    diags.LimitError(Location{display, 0, 0}, "file.too_large",
                     {display, std::to_string(size), std::to_string(limits.max_file_bytes)}, "max_file_bytes",
                     "file_bytes");
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.Error(Location{display, 0, 0}, "file.unreadable", {display, "cannot open"});
    return false;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  *out = buf.str();
  return true;
}

// Whether `p` (canonical) is `root` (canonical) or below it.
bool IsUnder(const fs::path& p, const fs::path& root) {
  auto [r, q] = std::mismatch(root.begin(), root.end(), p.begin(), p.end());
  return r == root.end();
}

// A symbolic link below the root: false (reported) when it loops, cannot be
// resolved, or leads outside the root without LoadLimits::follow_symlinks_outside.
bool SymlinkAllowed(const fs::path& link, const fs::path& root, const std::string& display,
                    const LoadLimits& limits, DiagSink& diags) {
  std::error_code ec;
  fs::path target = fs::canonical(link, ec);
  if (ec == std::errc::too_many_symbolic_link_levels) {
    diags.Error(Location{display, 0, 0}, "file.symlink_loop", {display});
    return false;
  }
  if (ec) {
    diags.Error(Location{display, 0, 0}, "file.unreadable", {display, ec.message()});
    return false;
  }
  if (!limits.follow_symlinks_outside && !IsUnder(target, root)) {
    diags.Error(Location{display, 0, 0}, "file.outside_root", {display, root.string()});
    return false;
  }
  return true;
}
}  // namespace

fs::path ResolvedPath(const fs::path& path) {
  fs::path p = path.lexically_normal();
  if (!p.has_filename() && p.has_parent_path()) p = p.parent_path();
  std::error_code ec;
  fs::path resolved = fs::weakly_canonical(fs::absolute(p, ec), ec);
  return ec ? fs::absolute(p).lexically_normal() : resolved;
}

fs::path RulesRoot(const fs::path& path) {
  const fs::path self = ResolvedPath(path);
  std::error_code ec;
  return (fs::is_directory(self, ec) ? self : self.parent_path()).parent_path();
}

bool IsTestFile(const fs::path& relative) {
  for (const auto& part : relative.parent_path()) {
    if (part == "tests") return true;
  }
  const std::string name = relative.filename().string();
  return name.size() > 10 && (name.ends_with(".test.yaml") || name.ends_with(".test.yml"));
}

std::vector<SourceFile> ReadSourceFiles(const fs::path& path, const LoadLimits& limits, DiagSink& diags) {
  std::vector<SourceFile> files;
  std::error_code ec;
  const std::string root = path.string();
  if (!fs::exists(path, ec)) {
    diags.Error(Location{root, 0, 0}, "file.not_found", {root});
    return files;
  }
  if (fs::is_directory(path, ec)) {
    std::vector<fs::path> found;
    // Symbolic links to folders are not followed (a loop cannot arise); a
    // link to a file is read only if it resolves inside the root.
    const fs::path canonical_root = fs::canonical(path, ec);
    if (ec) {
      diags.Error(Location{root, 0, 0}, ec == std::errc::too_many_symbolic_link_levels ? "file.symlink_loop" : "file.unreadable",
                  {root, ec.message()});
      return files;
    }
    fs::recursive_directory_iterator it(path, fs::directory_options::none, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      if (!IsYaml(it->path())) continue;
      // Lexically: fs::relative resolves links, and fails on a loop.
      std::error_code entry_ec;
      fs::path rel = it->path().lexically_relative(path);
      if (IsTestFile(rel)) continue;
      if (it->is_symlink(entry_ec)) {
        const std::string display = (path / rel).string();
        if (!SymlinkAllowed(it->path(), canonical_root, display, limits, diags)) continue;
      }
      if (!it->is_regular_file(entry_ec)) continue;
      found.push_back(rel);
    }
    if (ec) diags.Error(Location{root, 0, 0}, "file.unreadable", {root, ec.message()});
    if (found.size() > limits.max_files) {
      diags.LimitError(Location{root, 0, 0}, "limit.files", {root, std::to_string(limits.max_files)}, "max_files",
                       "files");
      return files;
    }
    std::sort(found.begin(), found.end(),
              [](const fs::path& a, const fs::path& b) { return a.generic_string() < b.generic_string(); });
    for (const auto& rel : found) {
      SourceFile f;
      f.relative = rel.generic_string();
      f.display = (path / rel).string();
      if (ReadFile(path / rel, f.display, limits, diags, &f.bytes)) files.push_back(std::move(f));
    }
    if (found.empty()) diags.Error(Location{root, 0, 0}, "file.empty_folder", {root});
    return files;
  }
  SourceFile f;
  f.relative = path.filename().string();
  f.display = root;
  if (ReadFile(path, root, limits, diags, &f.bytes)) files.push_back(std::move(f));
  return files;
}

std::string DigestOf(const std::vector<SourceFile>& files) {
  Sha256 sha;
  for (const auto& f : files) {
    sha.Update(f.relative);
    sha.Update(std::string_view("\0", 1));
    sha.Update(f.bytes);
    sha.Update(std::string_view("\0", 1));
  }
  return sha.HexDigest();
}

}  // namespace referral::internal
