// A rule set that can be reloaded while other threads decide with it.
#ifndef REFERRAL_LIVE_RULESET_H_
#define REFERRAL_LIVE_RULESET_H_

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
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

// What a LiveRuleset asks of a version of the rules before it serves it.
struct LiveOptions {
  // Run the rule set's own tests on every version Open() and Reload() load:
  // the test files FindTestFiles(path) finds (`tests/` folders and
  // `*.test.yaml`, as `referral test` runs them), read from the same folder as
  // the rules. A version is refused when
  //   - a test file cannot be read (bad YAML, an unknown key):
  //     `reload.tests_invalid`, and the diagnostics are the test files';
  //   - any test fails: `reload.tests_failed`; the message names up to
  //     `max_failed_listed` failing tests, and the diagnostics hold one
  //     `test.failed` per failing test (up to the same bound) at the test's
  //     file:line, its name and what it expected.
  // A rule set that ships no tests passes (there is nothing to run). The
  // tests cannot be better than they are: a version whose tests are wrong
  // in the same way as its rules passes (docs/serve.md, "What the gate
  // guarantees").
  bool run_tests = false;
  size_t max_failed_listed = 10;
};

// Holds the current rule set behind a shared pointer and swaps it whole.
// A decision in flight keeps the rules it started with (its shared_ptr), a
// decision started after a swap uses the new rules, and every decision names
// the digest it used (Decision::ruleset_digest). A reload that fails leaves
// the current rules in place.
// Thread-safe: every member may be called from any thread at once.
class REFERRAL_API LiveRuleset {
 public:
  // Loads `path` (a rule-set folder or file, or a symbolic link to one). On
  // failure returns the status of LoadRuleset, or with `live.run_tests` the
  // refusal of the tests (`reload.tests_invalid`, `reload.tests_failed`), and
  // `diags` (may be null) holds every problem found. `live` applies to this
  // load and to every Reload().
  static StatusOr<std::unique_ptr<LiveRuleset>> Open(const std::filesystem::path& path,
                                                     std::vector<Diagnostic>* diags,
                                                     const LoadOptions& options = {},
                                                     const LiveOptions& live = {});
  // Starts from rules loaded by the caller (for instance from memory); such a
  // LiveRuleset has no path, so Reload() fails with `reload.no_path`.
  explicit LiveRuleset(Ruleset rules);
  ~LiveRuleset();

  LiveRuleset(const LiveRuleset&) = delete;
  LiveRuleset& operator=(const LiveRuleset&) = delete;

  // The rules now in force. Never null. Keep the pointer for as long as you
  // use the rules: they stay alive until the last holder lets go.
  std::shared_ptr<const Ruleset> Current() const;

  // Loads the path again and, with LiveOptions::run_tests, runs the new
  // version's tests. On success the new rules replace the current ones
  // atomically and OK is returned; on failure the current rules stay, the
  // status (`ruleset.invalid`, `ruleset.io`, `reload.no_path`,
  // `reload.tests_invalid`, `reload.tests_failed`) is returned and kept in
  // last_reload(), and `diags` (may be null) says why.
  // When the path is a symbolic link (the atomic way to publish: build the
  // new version beside the old one and swap the link), it is resolved once,
  // so the rules and their tests are read from the same version even if the
  // link is swapped while they are read.
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
  const std::filesystem::path& path() const;

 private:
  LiveRuleset(Ruleset rules, std::filesystem::path path, LoadOptions options, LiveOptions live);

  struct Impl;  // the rules in force and their lock (engine/live/live_ruleset.cc)
  std::unique_ptr<Impl> impl_;
};

}  // namespace referral

#endif  // REFERRAL_LIVE_RULESET_H_
