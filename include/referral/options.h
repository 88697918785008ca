// Options shared by loading, deciding and explaining.
#ifndef REFERRAL_OPTIONS_H_
#define REFERRAL_OPTIONS_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "referral/export.h"

namespace referral {

// Language of diagnostics and explanations.
enum class Lang { kEs, kEn };

// How much of its reasoning the evaluator records while it decides. Every level
// gives the same referrals; only the trace differs.
enum class TraceLevel {
  kOff,    // no trace
  kRules,  // which rules fired
  kFull,   // every rule evaluated and every condition with the case's value
};

// Bounds on what a rule set may hold, so that hostile or runaway input is
// refused quickly with a clear error instead of exhausting memory or the stack
// (docs/limits.md). Reaching one is an error diagnostic with a stable code
// (`file.too_large`, `limit.*`) whose help says how to raise it.
struct LoadLimits {
  std::size_t max_file_bytes = 4 * 1024 * 1024;  // file.too_large: bytes of one rule file
  std::size_t max_files = 1000;                  // limit.files: rule files in a folder
  int max_yaml_depth = 64;                       // limit.yaml_depth: nesting of mappings/lists
  std::size_t max_yaml_aliases = 256;            // limit.yaml_aliases: `*alias` uses in one file
  std::size_t max_yaml_nodes = 1'000'000;        // limit.yaml_nodes: YAML nodes of a file, aliases expanded
  std::size_t max_facts = 1000;                  // limit.facts
  std::size_t max_predicates = 1000;             // limit.predicates
  std::size_t max_services = 1000;               // limit.services
  std::size_t max_nodes = 1000;                  // limit.nodes
  std::size_t max_rules = 10000;                 // limit.rules
  int max_condition_depth = 128;                 // limit.condition_depth: nesting, through predicates
  // A folder's files and sub-folders that are symbolic links leading outside
  // the folder are refused (`file.outside_root`) unless this is set.
  bool follow_symlinks_outside = false;
};

struct LoadOptions {
  Lang lang = Lang::kEn;  // language of diagnostic messages
  LoadLimits limits = {};
};

enum class CaseFormat { kJson, kYaml };

// Bounds on one case (docs/limits.md); reaching one is a `limit.*` error.
struct CaseLimits {
  std::size_t max_case_bytes = 1024 * 1024;  // limit.case_size: bytes of one case (a JSONL line)
  int max_case_depth = 32;                   // limit.case_depth: nesting of arrays/objects
};

// Sets the limit `name` (docs/limits.md's names: "rules", "yaml_depth",
// "case_bytes", ...) to `value` in `load` or `cases`, whichever holds it, as
// `referral --limit NAME=N` does. False, and nothing set, for a name that is
// not a limit or a value of 0 (depths above 100000 are taken as 100000).
REFERRAL_API bool SetLimit(std::string_view name, std::size_t value, LoadLimits* load, CaseLimits* cases);

// The limit names SetLimit knows, comma-separated, for error messages.
REFERRAL_API const char* LimitNames();

struct DecideOptions {
  TraceLevel trace = TraceLevel::kFull;
  CaseFormat format = CaseFormat::kJson;
  CaseLimits limits = {};
  // The decision time, RFC 3339 (`2026-03-01T10:00:00Z`, as a record's
  // `decided_at`). A case whose evaluation date is more than a day after its
  // UTC day is refused (`case.future_evaluation_date`: a typo such as 2062
  // for 2026 would silently make a child an adult). The engine never reads
  // the clock itself: a host deciding live cases passes the clock here (the
  // `referral` program, its sidecar and the C ABI do); empty, no evaluation
  // date is checked against a time (replays, rule tests, what-if questions).
  // Not RFC 3339: `options.bad_now`.
  std::string now = {};
  // The language of error messages for a refused case (`Status::message()`
  // and each `errors()` entry's). Codes and fields are the same in both.
  Lang lang = Lang::kEn;
};

}  // namespace referral

#endif  // REFERRAL_OPTIONS_H_
