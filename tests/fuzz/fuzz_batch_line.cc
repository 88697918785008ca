// libFuzzer: one JSON Lines input line, as `referral route --jsonl` and the
// sidecar's batch endpoint decide it. Exactly one output line comes out: one
// JSON object, without a newline in it.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "batch.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view line(reinterpret_cast<const char*>(data), size);
  const size_t nl = line.find('\n');
  if (nl != std::string_view::npos) line = line.substr(0, nl);  // the batch reader splits lines
  referral::DecideOptions options;
  options.trace = referral::TraceLevel::kRules;
  auto out = referral::cli::DecideLine(referral::fuzz::BogotaRules(), line, 7, options, {});
  if (out.text.find('\n') != std::string::npos) __builtin_trap();
  auto j = nlohmann::json::parse(out.text, nullptr, false);
  if (!j.is_object()) __builtin_trap();
  if (out.ok == j.contains("error")) __builtin_trap();
  if (!out.ok && j["line"] != 7) __builtin_trap();
  return 0;
}
