// LiveRuleset: many threads decide while the rules are reloaded, a broken
// reload keeps the old rules, and every decision names the digest it used.
// Run under ThreadSanitizer by `scripts/test.sh --tsan` (the [concurrency] tag).
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <mutex>
#include <thread>
#include <unistd.h>

#include "referral/live_ruleset.h"
#include "support/paths.h"

namespace fs = std::filesystem;
using referral::testing::CopyOfRules;
using referral::testing::CopyOfRulesWithTests;
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

namespace {

// The Bogotá rule `R1.solo_en_escena` with the child police's priority
// lowered: the rules still load and check, but the rule set's own test
// "solo en la escena: ICBF + Policía de Infancia" fails.
void BreakAloneAtTheScene(const fs::path& dir) {
  const fs::path file = dir / "proteccion.yaml";
  std::string text = ReadText(file.string());
  const std::string rule = "- id: R1.solo_en_escena";
  const std::string from = "{service: POLICIA_INFANCIA, priority: urgente}";
  const size_t at = text.find(from, text.find(rule));
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), "{service: POLICIA_INFANCIA, priority: prioritaria}");
  std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
}

const char* kAloneTest = "solo en la escena: ICBF + Policía de Infancia";

referral::LiveOptions Gate(size_t listed = 10) {
  referral::LiveOptions gate;
  gate.run_tests = true;
  gate.max_failed_listed = listed;
  return gate;
}

}  // namespace

TEST_CASE("with run_tests, a reload that breaks one of the rule set's tests is refused and names it", "[live][gate]") {
  fs::path dir = CopyOfRulesWithTests("rules/bogota", "live-gate");
  const std::string original = ReadText((dir / "proteccion.yaml").string());
  std::vector<referral::Diagnostic> diags;
  auto live = referral::LiveRuleset::Open(dir, &diags, {}, Gate());
  REQUIRE(live.ok());
  // Without the gate, the same change is served (what the sidecar did).
  auto ungated = referral::LiveRuleset::Open(dir, &diags);
  REQUIRE(ungated.ok());
  const std::string old_digest = (*live)->Current()->digest();

  BreakAloneAtTheScene(dir);
  std::vector<referral::Diagnostic> why;
  referral::Status refused = (*live)->Reload(&why);
  CHECK(refused.code() == "reload.tests_failed");
  CHECK_THAT(refused.message(), Catch::Contains(kAloneTest));
  CHECK((*live)->last_reload().code() == "reload.tests_failed");
  CHECK((*live)->Current()->digest() == old_digest);
  CHECK((*live)->generation() == 0);
  const auto failing = std::find_if(why.begin(), why.end(), [](const referral::Diagnostic& d) {
    return d.code == "test.failed" && d.message.find(kAloneTest) != std::string::npos;
  });
  REQUIRE(failing != why.end());
  CHECK(failing->severity == referral::Severity::kError);
  CHECK(failing->file == (dir / "tests" / "proteccion.yaml").string());
  CHECK(failing->line > 0);
  CHECK_THAT(failing->message, Catch::Contains("POLICIA_INFANCIA/prioritaria"));
  CHECK((*ungated)->Reload().ok());
  CHECK((*ungated)->Current()->digest() != old_digest);

  // Opening goes through the same gate.
  auto fresh = referral::LiveRuleset::Open(dir, &diags, {}, Gate());
  CHECK(fresh.status().code() == "reload.tests_failed");

  // A good change (the rule mended, a new version) is accepted.
  std::ofstream(dir / "proteccion.yaml", std::ios::binary | std::ios::trunc) << original;
  SetRulesetVersion(dir, "gate-2");
  referral::Status accepted = (*live)->Reload();
  CHECK(accepted.ok());
  CHECK((*live)->last_reload().ok());
  CHECK((*live)->Current()->digest() != old_digest);
  CHECK((*live)->Current()->version() == "gate-2");
  CHECK((*live)->generation() == 1);
  fs::remove_all(dir);
}

TEST_CASE("the refusal names a bounded number of failing tests and counts the rest", "[live][gate]") {
  fs::path dir = CopyOfRulesWithTests("rules/bogota", "live-gate-bound");
  std::vector<referral::Diagnostic> diags;
  auto live = referral::LiveRuleset::Open(dir, &diags, {}, Gate(1));
  REQUIRE(live.ok());
  // Every duty referral lowered: many tests fail at once.
  std::string text = ReadText((dir / "proteccion.yaml").string());
  for (size_t at = text.find("priority: urgente"); at != std::string::npos; at = text.find("priority: urgente", at)) {
    text.replace(at, 17, "priority: prioritaria");
  }
  std::ofstream(dir / "proteccion.yaml", std::ios::binary | std::ios::trunc) << text;
  std::vector<referral::Diagnostic> why;
  referral::Status refused = (*live)->Reload(&why);
  REQUIRE(refused.code() == "reload.tests_failed");
  CHECK_THAT(refused.message(), Catch::Contains(" more"));
  CHECK(std::count_if(why.begin(), why.end(), [](const auto& d) { return d.code == "test.failed"; }) == 1);
  fs::remove_all(dir);
}

TEST_CASE("with run_tests, a reload whose test files cannot be read is refused", "[live][gate]") {
  fs::path dir = CopyOfRulesWithTests("rules/bogota", "live-gate-badtests");
  std::vector<referral::Diagnostic> diags;
  auto live = referral::LiveRuleset::Open(dir, &diags, {}, Gate());
  REQUIRE(live.ok());
  const std::string digest = (*live)->Current()->digest();
  // A test file cut off half-way through a copy.
  const std::string tests = ReadText((dir / "tests" / "proteccion.yaml").string());
  std::ofstream(dir / "tests" / "proteccion.yaml", std::ios::binary | std::ios::trunc)
      << tests.substr(0, tests.find("case:", tests.size() / 2) + 3);
  SetRulesetVersion(dir, "gate-badtests");
  std::vector<referral::Diagnostic> why;
  referral::Status refused = (*live)->Reload(&why);
  CHECK(refused.code() == "reload.tests_invalid");
  CHECK(referral::HasErrors(why));
  CHECK((*live)->Current()->digest() == digest);
  fs::remove_all(dir);
}

TEST_CASE("a rule set reached through a symbolic link reloads the version the link leads to", "[live][gate]") {
  fs::path v1 = CopyOfRulesWithTests("rules/bogota", "live-link-v1");
  fs::path v2 = CopyOfRulesWithTests("rules/bogota", "live-link-v2");
  fs::path v3 = CopyOfRulesWithTests("rules/bogota", "live-link-v3");
  SetRulesetVersion(v2, "link-2");
  SetRulesetVersion(v3, "link-3");
  BreakAloneAtTheScene(v3);
  fs::path link = v1.parent_path() / ("referral-live-link-current-" + std::to_string(::getpid()));
  fs::remove(link);
  fs::create_directory_symlink(v1, link);
  std::vector<referral::Diagnostic> diags;
  auto live = referral::LiveRuleset::Open(link, &diags, {}, Gate());
  REQUIRE(live.ok());
  auto swap = [&](const fs::path& to) {
    fs::path next = link.string() + ".next";
    fs::remove(next);
    fs::create_directory_symlink(to, next);
    fs::rename(next, link);  // rename(2): the link is replaced at once
  };
  swap(v2);
  CHECK((*live)->Reload().ok());
  CHECK((*live)->Current()->version() == "link-2");
  swap(v3);
  std::vector<referral::Diagnostic> why;
  CHECK((*live)->Reload(&why).code() == "reload.tests_failed");
  CHECK((*live)->Current()->version() == "link-2");
  REQUIRE_FALSE(why.empty());
  CHECK_THAT(why.front().file, Catch::StartsWith(fs::canonical(v3).string()));  // names the version refused
  fs::remove(link);
  for (const auto& d : {v1, v2, v3}) fs::remove_all(d);
}
