// Cheap pre-scans of untrusted text, run before a parser sees it: how deep it
// nests and how many YAML aliases it uses. yaml-cpp and nlohmann/json recurse
// on nesting (parsing, copying, destroying), so a file of 100,000 `[` would
// overflow the stack before any check on the parsed tree could run.
#ifndef REFERRAL_ENGINE_UTIL_INPUT_SCAN_H_
#define REFERRAL_ENGINE_UTIL_INPUT_SCAN_H_

#include <cstddef>
#include <string_view>

namespace referral::internal {

struct ScanResult {
  int depth = 0;            // deepest nesting seen (stops counting past the limit)
  int depth_line = 0;       // 1-based line where `depth` first passed the limit, or 0
  std::size_t aliases = 0;  // YAML `*alias` uses
  int alias_line = 0;       // 1-based line of the alias that passed the limit, or 0
  // JSON: the offset just past the bracket that closes the first top-level
  // array or object, or 0 (none closed). Anything but whitespace after it is
  // a second value (or garbage), never part of the case.
  std::size_t value_end = 0;
};

// JSON: the depth of arrays/objects, outside strings, and where the first
// top-level value ends. Stops early once `max_depth` is passed. Never fails:
// malformed JSON is the parser's to report.
ScanResult ScanJson(std::string_view text, int max_depth);

// YAML: an over-estimate of the nesting depth (block indentation levels, `- `
// sequence entries and flow brackets) and the number of aliases. Block scalars
// (`|`, `>`), quoted scalars and comments are skipped. Stops early once either
// limit is passed.
ScanResult ScanYaml(std::string_view text, int max_depth, std::size_t max_aliases);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_UTIL_INPUT_SCAN_H_
