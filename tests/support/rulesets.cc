// See rulesets.h.
#include "support/rulesets.h"

#include <catch2/catch.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "support/paths.h"

namespace referral::testing {

const Ruleset& LoadedRules(const std::string& path) {
  static std::mutex mu;
  static auto* loaded = new std::map<std::string, std::unique_ptr<const Ruleset>>;
  std::lock_guard<std::mutex> lock(mu);
  auto& slot = (*loaded)[path];
  if (!slot) {
    std::vector<Diagnostic> diags;
    auto rules = LoadRuleset(SourcePath(path), &diags);
    INFO(path << ": " << (diags.empty() ? rules.status().message() : FormatDiagnostic(diags.front())));
    REQUIRE(rules.ok());
    slot = std::make_unique<const Ruleset>(std::move(rules).value());
  }
  return *slot;
}

}  // namespace referral::testing
