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
constexpr std::uintmax_t kMaxFileBytes = 4 * 1024 * 1024;

bool IsYaml(const fs::path& p) {
  auto ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml";
}

bool ReadFile(const fs::path& path, const std::string& display, DiagSink& diags, std::string* out) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec) {
    diags.Error(Location{display, 0, 0}, "file.unreadable", {display, ec.message()});
    return false;
  }
  if (size > kMaxFileBytes) {
    diags.Error(Location{display, 0, 0}, "file.too_large",
                {display, std::to_string(size), std::to_string(kMaxFileBytes)});
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
}  // namespace

bool IsTestFile(const fs::path& relative) {
  for (const auto& part : relative.parent_path()) {
    if (part == "tests") return true;
  }
  const std::string name = relative.filename().string();
  return name.size() > 10 && (name.ends_with(".test.yaml") || name.ends_with(".test.yml"));
}

std::vector<SourceFile> ReadSourceFiles(const fs::path& path, DiagSink& diags) {
  std::vector<SourceFile> files;
  std::error_code ec;
  const std::string root = path.string();
  if (!fs::exists(path, ec)) {
    diags.Error(Location{root, 0, 0}, "file.not_found", {root});
    return files;
  }
  if (fs::is_directory(path, ec)) {
    std::vector<fs::path> found;
    fs::recursive_directory_iterator it(path, fs::directory_options::none, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      if (!it->is_regular_file(ec) || !IsYaml(it->path())) continue;
      fs::path rel = fs::relative(it->path(), path, ec);
      if (!IsTestFile(rel)) found.push_back(rel);
    }
    if (ec) diags.Error(Location{root, 0, 0}, "file.unreadable", {root, ec.message()});
    std::sort(found.begin(), found.end(),
              [](const fs::path& a, const fs::path& b) { return a.generic_string() < b.generic_string(); });
    for (const auto& rel : found) {
      SourceFile f;
      f.relative = rel.generic_string();
      f.display = (path / rel).string();
      if (ReadFile(path / rel, f.display, diags, &f.bytes)) files.push_back(std::move(f));
    }
    if (found.empty()) diags.Error(Location{root, 0, 0}, "file.empty_folder", {root});
    return files;
  }
  SourceFile f;
  f.relative = path.filename().string();
  f.display = root;
  if (ReadFile(path, root, diags, &f.bytes)) files.push_back(std::move(f));
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
