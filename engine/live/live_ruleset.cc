// LiveRuleset: the current rule set behind a shared pointer, swapped whole on
// reload. Loading (and, when asked, running the new version's tests) happens
// outside the lock, so deciding never waits for it.
#include "referral/live_ruleset.h"

#include <mutex>
#include <system_error>

#include "referral/engine.h"
#include "referral/record.h"
#include "referral/testing.h"

namespace referral {

namespace {

namespace fs = std::filesystem;

void Append(std::vector<Diagnostic>* to, std::vector<Diagnostic> from) {
  if (to == nullptr) return;
  for (auto& d : from) to->push_back(std::move(d));
}

// Runs the tests that ship with the rules under `root` against `rules`: OK,
// or the refusal (LiveOptions::run_tests says which codes and what the
// diagnostics hold).
Status TestGate(const Ruleset& rules, const fs::path& root, size_t max_listed, std::vector<Diagnostic>* diags) {
  std::vector<Diagnostic> found;
  const std::vector<TestCase> tests = LoadTests(FindTestFiles(root), &found);
  if (const size_t errors = CountErrors(found); errors > 0) {
    Append(diags, std::move(found));
    return Status::Error("reload.tests_invalid", std::to_string(errors) +
                                                     " problem(s) in the rule set's test files: the new rules "
                                                     "cannot be tested, so they are not served");
  }
  size_t failed = 0;
  std::string names;
  std::vector<Diagnostic> failures;
  for (const auto& t : tests) {
    const TestResult r = RunTest(rules, t);
    if (r.passed) continue;
    if (++failed > max_listed) continue;
    names += (names.empty() ? "`" : ", `") + t.name + "`";
    std::string what;
    for (const auto& f : r.failures) what += (what.empty() ? "" : "; ") + f;
    failures.push_back(
        {"test.failed", Severity::kError, "test `" + t.name + "` failed: " + what, t.file, t.line, 0, {}});
  }
  if (failed == 0) return Status::Ok();
  Append(diags, std::move(failures));
  std::string message = std::to_string(failed) + " of " + std::to_string(tests.size()) +
                        " tests of the new rules failed: " + names;
  if (failed > max_listed) message += " and " + std::to_string(failed - max_listed) + " more";
  return Status::Error("reload.tests_failed", message);
}

// Loads the version of the rules now at `path` and, with `live.run_tests`,
// runs its tests. A symbolic link is resolved first, once, so the rules and
// the tests come from one version even if the link is swapped meanwhile.
StatusOr<Ruleset> LoadVersion(const fs::path& path, std::vector<Diagnostic>* diags, const LoadOptions& options,
                              const LiveOptions& live) {
  fs::path root = path;
  std::error_code ec;
  if (fs::is_symlink(path, ec)) {
    fs::path resolved = fs::canonical(path, ec);
    if (!ec) root = std::move(resolved);
  }
  auto rules = LoadRuleset(root, diags, options);
  if (!rules.ok() || !live.run_tests) return rules;
  Status tested = TestGate(*rules, root, live.max_failed_listed, diags);
  if (!tested.ok()) return tested;
  return rules;
}

}  // namespace

LiveRuleset::LiveRuleset(Ruleset rules) : LiveRuleset(std::move(rules), {}, {}, {}) {}

struct LiveRuleset::Impl {
  Impl(Ruleset rules, std::filesystem::path p, LoadOptions o, LiveOptions l)
      : path(std::move(p)), options(o), live_options(l), current(std::make_shared<const Ruleset>(std::move(rules))),
        loaded_at(NowRfc3339()) {}
  const std::filesystem::path path;
  const LoadOptions options;
  const LiveOptions live_options;
  mutable std::mutex mu;  // guards the members below; held only to copy or swap
  std::shared_ptr<const Ruleset> current;
  std::string loaded_at;
  Status last_reload;
  uint64_t generation = 0;
};

LiveRuleset::LiveRuleset(Ruleset rules, std::filesystem::path path, LoadOptions options, LiveOptions live)
    : impl_(std::make_unique<Impl>(std::move(rules), std::move(path), options, live)) {}

LiveRuleset::~LiveRuleset() = default;

const std::filesystem::path& LiveRuleset::path() const { return impl_->path; }

StatusOr<std::unique_ptr<LiveRuleset>> LiveRuleset::Open(const std::filesystem::path& path,
                                                         std::vector<Diagnostic>* diags,
                                                         const LoadOptions& options, const LiveOptions& live) {
  auto rules = LoadVersion(path, diags, options, live);
  if (!rules.ok()) return rules.status();
  return std::unique_ptr<LiveRuleset>(new LiveRuleset(std::move(rules).value(), path, options, live));
}

std::shared_ptr<const Ruleset> LiveRuleset::Current() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->current;
}

Status LiveRuleset::Reload(std::vector<Diagnostic>* diags) {
  Status result;
  if (impl_->path.empty()) {
    result = Status::Error("reload.no_path", "these rules were not loaded from a path, so they cannot be reloaded");
  } else {
    auto rules = LoadVersion(impl_->path, diags, impl_->options, impl_->live_options);
    if (rules.ok()) {
      Replace(std::move(rules).value());
    } else {
      result = rules.status();
    }
  }
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->last_reload = result;
  return result;
}

void LiveRuleset::Replace(Ruleset rules) {
  auto fresh = std::make_shared<const Ruleset>(std::move(rules));
  std::string now = NowRfc3339();
  std::shared_ptr<const Ruleset> old;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    old = std::move(impl_->current);
    impl_->current = std::move(fresh);
    impl_->loaded_at = std::move(now);
    ++impl_->generation;
  }
  // `old` is released here, outside the lock: if this was its last holder,
  // freeing a large rule set does not hold up readers.
}

StatusOr<Decision> LiveRuleset::Decide(std::string_view case_text, const DecideOptions& options) const {
  std::shared_ptr<const Ruleset> rules = Current();
  return referral::Decide(*rules, case_text, options);
}

std::string LiveRuleset::loaded_at() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->loaded_at;
}

Status LiveRuleset::last_reload() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->last_reload;
}

uint64_t LiveRuleset::generation() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->generation;
}

}  // namespace referral
