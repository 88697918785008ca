#include "support/paths.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <unistd.h>

namespace referral::testing {

std::string SourcePath(const std::string& relative) { return std::string(REFERRAL_SOURCE_DIR) + "/" + relative; }

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

std::filesystem::path CopyOfRules(const std::string& relative, const std::string& name) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("referral-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const auto& e : fs::directory_iterator(SourcePath(relative))) {
    if (e.is_regular_file() && e.path().extension() == ".yaml") fs::copy_file(e.path(), dir / e.path().filename());
  }
  return dir;
}

std::filesystem::path CopyOfRulesWithTests(const std::string& relative, const std::string& name) {
  namespace fs = std::filesystem;
  fs::path dir = CopyOfRules(relative, name);
  const fs::path tests = fs::path(SourcePath(relative)) / "tests";
  if (fs::is_directory(tests)) fs::copy(tests, dir / "tests", fs::copy_options::recursive);
  return dir;
}

void SetRulesetVersion(const std::filesystem::path& dir, const std::string& version) {
  std::string text = ReadText((dir / "ruleset.yaml").string());
  size_t at = text.find("version: ");
  if (at == std::string::npos) throw std::runtime_error("no version: in " + (dir / "ruleset.yaml").string());
  size_t end = text.find('\n', at);
  text.replace(at, end - at, "version: \"" + version + "\"");
  std::ofstream(dir / "ruleset.yaml", std::ios::binary | std::ios::trunc) << text;
}

size_t Occurrences(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::filesystem::path FreshDir(const std::string& group, const std::string& name) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("referral-" + group + "-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void WriteText(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

}  // namespace referral::testing
