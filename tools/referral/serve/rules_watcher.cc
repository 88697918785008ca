// See rules_watcher.h.
#include "serve/rules_watcher.h"

#include <algorithm>
#include <system_error>
#include <vector>

namespace referral::cli {

namespace fs = std::filesystem;

std::string RulesFingerprint(const fs::path& rules) {
  std::error_code ec;
  std::vector<std::string> entries;
  auto add = [&](const fs::path& p) {
    std::error_code e;
    auto size = fs::file_size(p, e);
    auto time = fs::last_write_time(p, e).time_since_epoch().count();
    entries.push_back(p.string() + "|" + std::to_string(e ? 0 : size) + "|" + std::to_string(e ? 0 : time));
  };
  if (fs::is_regular_file(rules, ec)) {
    add(rules);
  } else {
    for (fs::recursive_directory_iterator it(rules, ec), end; !ec && it != end; it.increment(ec)) {
      const auto ext = it->path().extension();
      if (it->is_regular_file(ec) && (ext == ".yaml" || ext == ".yml")) add(it->path());
    }
  }
  if (ec) entries.push_back("error|" + ec.message());
  std::sort(entries.begin(), entries.end());
  std::string out;
  for (const auto& e : entries) out += e + "\n";
  return out;
}

}  // namespace referral::cli
