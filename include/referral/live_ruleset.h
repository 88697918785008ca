// A rule set that can be reloaded while other threads decide with it.
#ifndef REFERRAL_LIVE_RULESET_H_
#define REFERRAL_LIVE_RULESET_H_

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "referral/decision.h"
#include "referral/diagnostic.h"
#include "referral/export.h"
#include "referral/options.h"
#include "referral/ruleset.h"
#include "referral/status.h"

namespace referral {

// Holds the current rule set behind a shared pointer and swaps it whole.
// A decision in flight keeps the rules it started with (its shared_ptr), a
// decision started after a swap uses the new rules, and every decision names
// the digest it used (Decision::ruleset_digest). A reload that fails leaves
// the current rules in place.
// Thread-safe: every member may be called from any thread at once.
class REFERRAL_API LiveRuleset {
 public:
  // Loads `path` (a rule-set folder or file). On failure returns the status of
  // LoadRuleset and `diags` (may be null) holds every problem found.
  static StatusOr<std::unique_ptr<LiveRuleset>> Open(const std::filesystem::path& path,
                                                     std::vector<Diagnostic>* diags,
                                                     const LoadOptions& options = {});
  // Starts from rules loaded by the caller (for instance from memory); such a
  // LiveRuleset has no path, so Reload() fails with `reload.no_path`.
  explicit LiveRuleset(Ruleset rules);

  LiveRuleset(const LiveRuleset&) = delete;
  LiveRuleset& operator=(const LiveRuleset&) = delete;

  // The rules now in force. Never null. Keep the pointer for as long as you
  // use the rules: they stay alive until the last holder lets go.
  std::shared_ptr<const Ruleset> Current() const;

  // Loads the path again. On success the new rules replace the current ones
  // atomically and OK is returned; on failure the current rules stay, the
  // status (`ruleset.invalid`, `ruleset.io`, `reload.no_path`) is returned
  // and kept in last_reload(), and `diags` (may be null) says why.
  Status Reload(std::vector<Diagnostic>* diags = nullptr);

  // Replaces the current rules with `rules` (which the caller loaded).
  void Replace(Ruleset rules);

  // Decides with the rules in force when the call starts.
  StatusOr<Decision> Decide(std::string_view case_text, const DecideOptions& options = {}) const;

  // RFC 3339 UTC time of the last successful load or replacement.
  std::string loaded_at() const;
  // The outcome of the last Reload(): OK, or why it was refused.
  Status last_reload() const;
  // How many times the rules were replaced since Open (0 at first).
  uint64_t generation() const;
  const std::filesystem::path& path() const { return path_; }

 private:
  LiveRuleset(Ruleset rules, std::filesystem::path path, LoadOptions options);

  const std::filesystem::path path_;
  const LoadOptions options_;
  mutable std::mutex mu_;  // guards the members below; held only to copy or swap
  std::shared_ptr<const Ruleset> current_;
  std::string loaded_at_;
  Status last_reload_;
  uint64_t generation_ = 0;
};

}  // namespace referral

#endif  // REFERRAL_LIVE_RULESET_H_
