// Notices when the rule files change, by polling: a fingerprint of every
// YAML file's path, size and modification time under the rules path.
// Polling (not inotify) works the same on every file system, including
// network and container mounts, and a rule set is a handful of files.
#ifndef REFERRAL_TOOLS_SERVE_RULES_WATCHER_H_
#define REFERRAL_TOOLS_SERVE_RULES_WATCHER_H_

#include <filesystem>
#include <string>

namespace referral::cli {

// The fingerprint of the rule files now; differs whenever a file is added,
// removed, resized or touched. Never throws (an unreadable tree fingerprints
// as such).
std::string RulesFingerprint(const std::filesystem::path& rules);

}  // namespace referral::cli

#endif  // REFERRAL_TOOLS_SERVE_RULES_WATCHER_H_
