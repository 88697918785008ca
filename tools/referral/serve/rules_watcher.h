// Notices when the rule files change, by polling: a fingerprint of every
// YAML file's path, size and modification time under the rules path (and of
// where the path leads, so swapping a symbolic link is a change).
// Polling (not inotify) works the same on every file system, including
// network and container mounts, and a rule set is a handful of files.
#ifndef REFERRAL_TOOLS_SERVE_RULES_WATCHER_H_
#define REFERRAL_TOOLS_SERVE_RULES_WATCHER_H_

#include <chrono>
#include <filesystem>
#include <string>

namespace referral::cli {

// The fingerprint of the rule files now; differs whenever a file is added,
// removed, resized or touched, or the path (a symbolic link) leads elsewhere.
// Never throws (an unreadable tree fingerprints as such).
std::string RulesFingerprint(const std::filesystem::path& rules);

// Says when a change to the rule files is ready to be loaded: once the files
// differ from the version last taken and have stayed the same for the settle
// time. A copy in progress (scp, rsync, an editor's save, several files one
// after another) keeps changing the fingerprint, so it is not taken half
// done; one that stalls for longer than the settle time is, and it is the
// reload's tests that refuse it then. Not thread-safe: one watcher thread.
class RulesWatcher {
 public:
  using Clock = std::chrono::steady_clock;

  // Takes the fingerprint now: the version about to be loaded. A change made
  // while it loads is seen by the first Settled() (at worst one reload too
  // many, never one missed).
  RulesWatcher(std::filesystem::path rules, Clock::duration settle);

  // Looks at the files (call it every poll, and at Due() times): true when
  // they differ from the version last taken and have not changed for the
  // settle time; that version is then taken, and the caller loads it.
  bool Settled(Clock::time_point now);
  // True when a change is waiting and its settle time is up at `now`: look
  // again now rather than at the next poll.
  bool Due(Clock::time_point now) const;
  // Takes whatever is on disk now (before a reload that does not wait, such
  // as SIGHUP's) and forgets any change that was waiting.
  void TakeNow();

 private:
  const std::filesystem::path rules_;
  const Clock::duration settle_;
  std::string taken_;    // the fingerprint of the version last loaded (or refused)
  std::string pending_;  // a different fingerprint, seen unchanged since `since_`; empty: none
  Clock::time_point since_;
};

}  // namespace referral::cli

#endif  // REFERRAL_TOOLS_SERVE_RULES_WATCHER_H_
