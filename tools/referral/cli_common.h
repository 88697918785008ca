// What every subcommand shares: exit codes, loading rules with printed
// diagnostics, reading inputs, and the stderr logger.
#ifndef REFERRAL_TOOLS_CLI_COMMON_H_
#define REFERRAL_TOOLS_CLI_COMMON_H_

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "referral/options.h"
#include "referral/record.h"
#include "referral/ruleset.h"
#include "referral/status.h"

namespace referral::cli {

// Exit codes (documented in README.md, stable).
inline constexpr int kExitOk = 0;
inline constexpr int kExitCannotRun = 1;  // unreadable input, invalid case
inline constexpr int kExitUsage = 2;
inline constexpr int kExitFailed = 3;     // rules invalid, a test failed

// The rule sets of an archive (`referral archive`) by digest, each loaded
// once: what `verify --archive` and the workbench replay records with.
// Thread-safe; a returned rule set lives as long as this object.
class ArchivedRules {
 public:
  explicit ArchivedRules(std::string archive) : archive_(std::move(archive)) {}
  // Null when the archive holds no such digest, or its files no longer hash to it.
  const Ruleset* Find(const std::string& digest);

 private:
  const std::string archive_;
  std::mutex mu_;
  std::map<std::string, std::optional<Ruleset>> loaded_;
};

// Sets the limits of every later load and decision from `--limit NAME=N`
// flags (docs/limits.md). False, with *error, for an unknown name or a bad N.
bool SetLimits(const std::vector<std::string>& specs, std::string* error);
// LoadOptions with the limits set by SetLimits (the defaults otherwise).
LoadOptions CliLoadOptions(Lang lang);

// `--rotate daily` or `--rotate SIZE` (bytes, or with a K, M or G suffix):
// when a record file is closed and a new one begun. Empty: never. Sets
// *error (and returns nullopt) on anything else.
std::optional<RecordRotation> ParseRotation(const std::string& spec, std::string* error);
// DecideOptions::limits as set by SetLimits.
CaseLimits CliCaseLimits();

// Loads rules, printing diagnostics to stderr (human) or not at all (json,
// where the caller prints them). nullopt when the rules are invalid.
std::optional<Ruleset> LoadRulesOrReport(const std::string& path, Lang lang);

// Reads a whole file, or standard input for "-". nullopt (logged) on failure.
std::optional<std::string> ReadInput(const std::string& path);

// Writes `text` to `path`, or to standard output for "" or "-". A new file is
// created with mode 0640, as records are (an output may hold case data).
// False (logged) on failure.
bool WriteOutput(const std::string& path, const std::string& text);

// An input of a command, as a refusal names it: {"the input", "cases.jsonl"}.
struct NamedInput {
  std::string what;
  std::string path;
};
// The inputs a rule set is read from: the file, or every file under the folder.
std::vector<NamedInput> RuleInputs(const std::string& rules);

// The explanation JSON with `summary`: ExplainSummaryJson()'s object added as
// the last key of `decision_json` (one JSON object).
std::string WithSummary(std::string decision_json, const std::string& summary_json);

// Whether `output` (given with `option`, e.g. "--out") is one of `inputs`:
// the same file, also through symbolic or hard links, or, for a file that
// does not exist yet (a record file about to be created), the same path once
// links are resolved. Writing it would destroy the input, so on a clash this
// prints `file.output_is_input` in `lang` and returns true, before anything
// is written (the caller exits 2). "" and "-" (standard output) never clash.
bool OutputClashes(const std::string& option, const std::string& output, const std::vector<NamedInput>& inputs,
                   Lang lang);

// Prints a rejected case's problems on standard error, one a line (every one
// of Status::errors()).
void PrintRejection(const Status& s, Lang lang = Lang::kEn);

// The places available per service in `file` (a JSON object {service: places})
// added to a JSON case's `capacity`, where the case does not give them; the
// case text unchanged when `file` is empty or the case is not a JSON object
// (Decide then reports the case). Nullopt after printing why the file is bad.
std::optional<std::string> WithCapacity(const std::string& case_text, const std::string& file);

// Case format from a file name: .yaml/.yml is YAML, anything else JSON.
CaseFormat FormatOf(const std::string& path);

// `--lang` ("es", "en"); without it, the locale's language when it is Spanish
// or English (LC_ALL, LC_MESSAGES, LANG: the first set decides); else `fallback`
// (the rule set's language, or the command's default).
Lang ParseLang(const std::string& lang, Lang fallback);
// ParseLang with the language the rule set at `rules` declares as the
// fallback (English when it declares none that can be read), so that a
// command speaks its rules' language even about rules that do not load.
Lang CliLang(const std::string& lang, const std::string& rules);
// The language the command's last CliLang() chose (English before any): for
// the messages of helpers that read and write its files.
Lang CommandLang();

// Sets up the stderr logger (spdlog). The library itself never logs; the
// program logs what it does, never case data.
void InitLogging(bool verbose);

}  // namespace referral::cli

#endif  // REFERRAL_TOOLS_CLI_COMMON_H_
