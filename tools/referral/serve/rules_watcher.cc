// See rules_watcher.h.
#include "serve/rules_watcher.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <system_error>
#include <utility>
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
  // Where the path leads: a version folder behind a symbolic link may hold
  // files of the same names, sizes and times as the one before it.
  std::error_code link_ec;
  const fs::path target = fs::canonical(rules, link_ec);
  entries.push_back("\x01target|" + (link_ec ? "?" : target.string()));
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

RulesWatcher::RulesWatcher(fs::path rules, Clock::duration settle)
    : rules_(std::move(rules)), settle_(settle), taken_(RulesFingerprint(rules_)) {}

bool RulesWatcher::Settled(Clock::time_point now) {
  std::string seen = RulesFingerprint(rules_);
  if (seen == taken_) {
    pending_.clear();  // changed and changed back: nothing to load
    return false;
  }
  if (seen != pending_) {
    if (pending_.empty() && settle_ > Clock::duration::zero()) {
      spdlog::info("a rule file changed; loading it once the rule files have not changed for {:.3g} s",
                   std::chrono::duration<double>(settle_).count());
    }
    pending_ = std::move(seen);
    since_ = now;
    if (settle_ > Clock::duration::zero()) return false;
  } else if (now - since_ < settle_) {
    return false;
  }
  taken_ = std::move(pending_);
  pending_.clear();
  return true;
}

bool RulesWatcher::Due(Clock::time_point now) const { return !pending_.empty() && now - since_ >= settle_; }

void RulesWatcher::TakeNow() {
  taken_ = RulesFingerprint(rules_);
  pending_.clear();
}

}  // namespace referral::cli
