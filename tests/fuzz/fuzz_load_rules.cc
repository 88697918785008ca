// libFuzzer: a rule file from arbitrary bytes. Loading must return a status
// and diagnostics, never crash, hang or exhaust the stack (docs/limits.md);
// the diagnostics render as JSON; a rule set that loads must decide an empty
// case without crashing, and its decision render as JSON and be explained
// (a rule text that is not UTF-8 used to make that throw).
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "referral/engine.h"
#include "referral/explain.h"
#include "referral/ruleset.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<referral::Diagnostic> diags;
  auto rules = referral::LoadRulesetFromString(text, "fuzz.yaml", &diags);
  for (const auto& d : diags) (void)referral::FormatDiagnostic(d);
  (void)referral::DiagnosticsToJson(diags);
  if (rules.ok()) {
    auto d = referral::Decide(*rules, R"({"case_id": "fuzz"})");
    if (d.ok()) {
      (void)referral::DecisionToJson(*d);
      (void)referral::Explain(*rules, *d, referral::Lang::kEs);
    }
  } else if (diags.empty()) {
    __builtin_trap();  // a refused rule set always says why
  }
  return 0;
}
