// Rule tests: YAML files of cases with the referrals they must get
// (docs/rules.md, "Test files"), and running them against a rule set.
#ifndef REFERRAL_TESTING_H_
#define REFERRAL_TESTING_H_

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
std::vector<std::filesystem::path> FindTestFiles(const std::filesystem::path& rules_root);

// Reads test files. Problems (bad YAML, unknown keys) go to `diags` with their
// location; the tests that could be read are returned. Thread-safe.
std::vector<TestCase> LoadTests(const std::vector<std::filesystem::path>& files,
                                std::vector<Diagnostic>* diags);

struct TestResult {
  bool passed = false;
  std::vector<std::string> failures;  // one line per unmet expectation
  std::optional<Decision> decision;   // absent when the case was rejected
  Status error;                       // why the case was rejected, if it was
};

// Decides the test's case (full trace) and compares. Thread-safe.
TestResult RunTest(const Ruleset& rules, const TestCase& test);

}  // namespace referral

#endif  // REFERRAL_TESTING_H_
