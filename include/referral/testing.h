// Rule tests: YAML files of cases with the referrals they must get
// (docs/rules.md, "Test files"), and running them against a rule set.
#ifndef REFERRAL_TESTING_H_
#define REFERRAL_TESTING_H_

#include "referral/export.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "referral/decision.h"
#include "referral/diagnostic.h"
#include "referral/ruleset.h"
#include "referral/status.h"

namespace referral {

// What a test asks of one referral's terms besides its service and priority:
// an entry of `referrals` or `includes` written as a mapping with
// `legal_basis` or `requires_human_confirmation` (docs/rules.md, "Test files").
struct ExpectedTerms {
  std::string service;
  std::optional<std::string> legal_basis;
  std::optional<bool> requires_human_confirmation;
};

struct TestExpectation {
  std::optional<std::string> outcome;
  std::optional<std::string> reason;
  std::optional<bool> follow_up;
  // Exactly these services; the priority is checked where it is not empty.
  std::optional<std::vector<std::pair<std::string, std::string>>> referrals;
  std::vector<std::string> includes;
  std::vector<std::string> excludes;
  std::vector<std::string> warnings;
  std::optional<std::string> error;  // the case must be rejected with this code
  std::vector<ExpectedTerms> terms;   // checked for each service that is referred
};

struct TestCase {
  std::string name;
  std::string file;
  int line = 0;
  std::string case_json;
  TestExpectation expect;
};

// The test files of a rule set: files under `tests/` folders and files named
// `*.test.yaml` below `rules_root` (or `rules_root` itself if it is a test
// file), in byte order of their paths.
REFERRAL_API std::vector<std::filesystem::path> FindTestFiles(const std::filesystem::path& rules_root);

// Reads test files. Problems (bad YAML, unknown keys) go to `diags` with their
// location; the tests that could be read are returned. Thread-safe.
REFERRAL_API std::vector<TestCase> LoadTests(const std::vector<std::filesystem::path>& files,
                                std::vector<Diagnostic>* diags);

struct TestResult {
  bool passed = false;
  std::vector<std::string> failures;  // one line per unmet expectation
  std::optional<Decision> decision;   // absent when the case was rejected
  Status error;                       // why the case was rejected, if it was
};

// Decides the test's case (full trace) and compares. Thread-safe.
REFERRAL_API TestResult RunTest(const Ruleset& rules, const TestCase& test);
// The same, with each failure worded in `lang` (the form above words them in
// English). Codes, values and ids stay as the test file gives them.
REFERRAL_API TestResult RunTest(const Ruleset& rules, const TestCase& test, Lang lang);

// One test of a test file as run by RunTestFiles. A malformed entry (an
// unknown key, a value of the wrong type, no case, nothing to check) is not
// decided: it fails, each problem a located failure line. A file that cannot
// be read or parsed is one failed run named after the file.
struct TestRun {
  std::string name;
  std::string file;
  int line = 0;
  bool passed = false;
  std::vector<std::string> failures;  // one line per unmet expectation or problem, in `lang`
  std::optional<Decision> decision;   // absent when not decided or rejected
  Status error;                       // why the case was rejected, if it was
  // RunInheritedTests: the base rule set the test comes from, and, when the
  // overlay declares this test gives another result on purpose, why (the
  // test then passes when it fails, and fails when it passes).
  std::string inherited_from;
  std::string declared_difference;
};

// Reads and runs test files with every key of the format (docs/analysis.md,
// "Test files": exact or at-least referrals with each of their terms, warnings
// given and not given, fired rules, the path, a pinned decision time), in
// file order. Thread-safe.
REFERRAL_API std::vector<TestRun> RunTestFiles(const Ruleset& rules, const std::vector<std::filesystem::path>& files,
                                               Lang lang);

// The tests of the base that the overlay at `overlay_path` extends, run
// against `overlay` (the overlay loaded): an overlay inherits its base's
// tests. A base test whose result differs passes only when the overlay's
// test files declare it (`inherited: [{test: NAME, differs: WHY}]`); a
// declared difference that no longer differs, or that names no base test,
// fails. Empty when the rule set is not an overlay. Thread-safe.
REFERRAL_API std::vector<TestRun> RunInheritedTests(const Ruleset& overlay, const std::filesystem::path& overlay_path,
                                                    Lang lang);

// What a set of decisions exercised: rules that fired, and condition tests
// seen both true and false (OPA's `test --coverage`, per rule and per test).
struct CoverageItem {
  std::string what;  // rule id, or `fact test` for a condition
  std::string file;
  int line = 0;
  int column = 0;
  bool seen_true = false;
  bool seen_false = false;
};

struct CoverageReport {
  size_t rules_total = 0;
  size_t rules_fired = 0;
  std::vector<CoverageItem> rules_never_fired;
  size_t conditions_total = 0;
  size_t conditions_both_ways = 0;
  std::vector<CoverageItem> conditions_not_both_ways;  // never evaluated, or only one way
};

// Accumulates decisions made with the full trace. Not thread-safe.
class REFERRAL_API CoverageCollector {
 public:
  explicit CoverageCollector(const Ruleset& rules);
  void Add(const Decision& decision);
  CoverageReport Report() const;

 private:
  const Ruleset& rules_;
  std::vector<std::string> fired_;
  std::vector<uint8_t> seen_true_;
  std::vector<uint8_t> seen_false_;
};

}  // namespace referral

#endif  // REFERRAL_TESTING_H_
