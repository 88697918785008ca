// LiveRuleset: many threads decide while the rules are reloaded, a broken
// reload keeps the old rules, and every decision names the digest it used.
// Run under ThreadSanitizer by `scripts/test.sh --tsan` (the [concurrency] tag).
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <mutex>
#include <thread>

#include "referral/live_ruleset.h"
#include "support/paths.h"

namespace fs = std::filesystem;
using referral::testing::CopyOfRules;
using referral::testing::ReadText;
using referral::testing::SetRulesetVersion;
using referral::testing::SourcePath;


TEST_CASE("decisions from many threads while the rules are reloaded name a live digest", "[live][concurrency]") {
  fs::path dir = CopyOfRules("rules/bogota", "live-threads");
  const std::string sample = ReadText(SourcePath("rules/bogota/samples/nina-venezolana-3-anos.json"));

  std::vector<referral::Diagnostic> diags;
  auto live = referral::LiveRuleset::Open(dir, &diags);
  REQUIRE(live.ok());
  const std::string first = (*live)->Current()->digest();

  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::mutex seen_mu;
  std::set<std::string> seen;
  std::vector<std::thread> deciders;
  for (int t = 0; t < 3; ++t) {
    deciders.emplace_back([&] {
      std::set<std::string> mine;
      while (!stop.load()) {
        auto d = (*live)->Decide(sample, {referral::TraceLevel::kRules, referral::CaseFormat::kJson});
        if (!d.ok() || d->referrals.empty()) {
          ++failures;
          continue;
        }
        mine.insert(d->ruleset_digest);
      }
      std::lock_guard<std::mutex> lock(seen_mu);
      seen.insert(mine.begin(), mine.end());
    });
  }

  std::set<std::string> published = {first};
  for (int i = 1; i <= 4; ++i) {
    SetRulesetVersion(dir, "live-" + std::to_string(i));
    REQUIRE((*live)->Reload().ok());
    published.insert((*live)->Current()->digest());
  }
  // A broken version is refused and the last good one keeps serving.
  const std::string good = (*live)->Current()->digest();
  std::ofstream(dir / "broken.yaml") << "nodes: {triaje: {hit: sometimes}}\n";
  std::vector<referral::Diagnostic> why;
  referral::Status refused = (*live)->Reload(&why);
  fs::remove(dir / "broken.yaml");
  stop = true;
  for (auto& t : deciders) t.join();

  CHECK(refused.code() == "ruleset.invalid");
  CHECK_FALSE(why.empty());
  CHECK((*live)->last_reload().code() == "ruleset.invalid");
  CHECK((*live)->Current()->digest() == good);
  CHECK((*live)->generation() == 4);
  CHECK(failures == 0);
  CHECK(published.size() == 5);  // each version has its own digest
  for (const auto& digest : seen) CHECK(published.count(digest) == 1);
  fs::remove_all(dir);
}

TEST_CASE("a decision in flight keeps the rules it started with", "[live][concurrency]") {
  fs::path dir = CopyOfRules("rules/bogota", "live-inflight");
  std::vector<referral::Diagnostic> diags;
  auto live = referral::LiveRuleset::Open(dir, &diags);
  REQUIRE(live.ok());
  std::shared_ptr<const referral::Ruleset> held = (*live)->Current();
  const std::string before = held->digest();
  SetRulesetVersion(dir, "next");
  REQUIRE((*live)->Reload().ok());
  CHECK((*live)->Current()->digest() != before);
  CHECK(held->digest() == before);  // still alive and unchanged for its holder
  fs::remove_all(dir);
}

TEST_CASE("rules given by the caller cannot be reloaded from disk, and keep serving", "[live]") {
  std::vector<referral::Diagnostic> diags;
  auto rules = referral::LoadRuleset(SourcePath("rules/bogota"), &diags);
  REQUIRE(rules.ok());
  referral::LiveRuleset live(std::move(rules).value());
  CHECK(live.Reload().code() == "reload.no_path");
  CHECK(live.last_reload().code() == "reload.no_path");
  CHECK(live.generation() == 0);
  CHECK(live.Current() != nullptr);
  CHECK_FALSE(live.loaded_at().empty());
}

TEST_CASE("opening a missing rule set fails with its diagnostics", "[live]") {
  std::vector<referral::Diagnostic> diags;
  auto live = referral::LiveRuleset::Open("/nonexistent/referral/rules", &diags);
  CHECK_FALSE(live.ok());
  CHECK(live.status().code() == "ruleset.io");
}
