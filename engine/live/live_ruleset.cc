// LiveRuleset: the current rule set behind a shared pointer, swapped whole on
// reload. Loading happens outside the lock, so deciding never waits for it.
#include "referral/live_ruleset.h"

#include "referral/engine.h"
#include "referral/record.h"

namespace referral {

LiveRuleset::LiveRuleset(Ruleset rules) : LiveRuleset(std::move(rules), {}, {}) {}

LiveRuleset::LiveRuleset(Ruleset rules, std::filesystem::path path, LoadOptions options)
    : path_(std::move(path)),
      options_(options),
      current_(std::make_shared<const Ruleset>(std::move(rules))),
      loaded_at_(NowRfc3339()) {}

StatusOr<std::unique_ptr<LiveRuleset>> LiveRuleset::Open(const std::filesystem::path& path,
                                                         std::vector<Diagnostic>* diags,
                                                         const LoadOptions& options) {
  auto rules = LoadRuleset(path, diags, options);
  if (!rules.ok()) return rules.status();
  return std::unique_ptr<LiveRuleset>(new LiveRuleset(std::move(rules).value(), path, options));
}

std::shared_ptr<const Ruleset> LiveRuleset::Current() const {
  std::lock_guard<std::mutex> lock(mu_);
  return current_;
}

Status LiveRuleset::Reload(std::vector<Diagnostic>* diags) {
  Status result;
  if (path_.empty()) {
    result = Status::Error("reload.no_path", "these rules were not loaded from a path, so they cannot be reloaded");
  } else {
    auto rules = LoadRuleset(path_, diags, options_);
    if (rules.ok()) {
      Replace(std::move(rules).value());
    } else {
      result = rules.status();
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  last_reload_ = result;
  return result;
}

void LiveRuleset::Replace(Ruleset rules) {
  auto fresh = std::make_shared<const Ruleset>(std::move(rules));
  std::string now = NowRfc3339();
  std::shared_ptr<const Ruleset> old;
  {
    std::lock_guard<std::mutex> lock(mu_);
    old = std::move(current_);
    current_ = std::move(fresh);
    loaded_at_ = std::move(now);
    ++generation_;
  }
  // `old` is released here, outside the lock: if this was its last holder,
  // freeing a large rule set does not hold up readers.
}

StatusOr<Decision> LiveRuleset::Decide(std::string_view case_text, const DecideOptions& options) const {
  std::shared_ptr<const Ruleset> rules = Current();
  return referral::Decide(*rules, case_text, options);
}

std::string LiveRuleset::loaded_at() const {
  std::lock_guard<std::mutex> lock(mu_);
  return loaded_at_;
}

Status LiveRuleset::last_reload() const {
  std::lock_guard<std::mutex> lock(mu_);
  return last_reload_;
}

uint64_t LiveRuleset::generation() const {
  std::lock_guard<std::mutex> lock(mu_);
  return generation_;
}

}  // namespace referral
