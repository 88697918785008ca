// libFuzzer: a case from arbitrary bytes, decided on the Bogotá rules as JSON
// and as YAML, then explained and asked why-not. Every path must answer with
// a decision or a `case.*`/`limit.*` error, never crash, and an explanation
// never holds a control character from the input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_common.h"
#include "referral/engine.h"
#include "referral/explain.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const referral::Ruleset& rules = referral::fuzz::BogotaRules();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (auto format : {referral::CaseFormat::kJson, referral::CaseFormat::kYaml}) {
    referral::DecideOptions options;
    options.format = format;
    auto d = referral::Decide(rules, text, options);
    (void)referral::PeekCaseId(text, format);
    if (!d.ok()) {
      const std::string& code = d.status().code();
      if (code.rfind("case.", 0) != 0 && code.rfind("limit.", 0) != 0 && code.rfind("eval.", 0) != 0) {
        __builtin_trap();  // e.g. internal.error: an exception escaped the reader
      }
      continue;
    }
    (void)referral::DecisionToJson(*d, true);
    // Input is shown escaped: no control character but the line breaks the
    // explanation itself writes (a case id or a value must not forge lines
    // or move a terminal's cursor).
    for (unsigned char c : referral::Explain(rules, *d, referral::Lang::kEs)) {
      if ((c < 0x20 && c != '\n') || c == 0x7f) __builtin_trap();
    }
    auto why = referral::WhyNot(rules, text, "ICBF_PARD", format);
    (void)why;
  }
  return 0;
}
