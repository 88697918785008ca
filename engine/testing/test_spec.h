// A test of a rule test file as written, every key of docs/analysis.md's
// format ("Test files"), and how a decision is checked against it. The public
// TestCase (referral/testing.h) is the subset 0.1 read; both run through here.
#ifndef REFERRAL_ENGINE_TESTING_TEST_SPEC_H_
#define REFERRAL_ENGINE_TESTING_TEST_SPEC_H_

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "referral/decision.h"
#include "referral/diagnostic.h"
#include "referral/status.h"
#include "referral/testing.h"

namespace referral::internal {

// One entry of `referrals` (exactly these) or `includes` (at least these):
// each term that is set must match the referral to `service`.
struct ExpectedReferral {
  std::string service;
  std::optional<std::string> priority;
  std::optional<std::string> timeframe;
  std::optional<std::string> legal_basis;
  std::optional<bool> requires_human_confirmation;
  std::optional<std::string> office;         // the office's id; "" for none
  std::optional<std::string> fallback_from;  // "" for a referral made as asked
};

struct TestSpec {
  std::string name;
  std::string file;
  int line = 0;
  std::string case_json;
  std::string now;  // `now`: the decision time (RFC 3339); empty: the clock's
  std::optional<std::string> outcome;
  std::optional<std::string> reason;
  std::optional<bool> follow_up;
  std::optional<std::string> error;  // the case must be refused with this code
  std::optional<std::vector<ExpectedReferral>> referrals;
  std::vector<ExpectedReferral> includes;
  std::vector<std::string> excludes;
  std::vector<std::string> warnings;         // given, at least these
  std::vector<std::string> absent_warnings;  // not given
  std::vector<std::string> fired_rules;      // fired, at least these
  std::optional<std::vector<std::string>> path;  // exactly these nodes, in order
  bool has_case = false;
  // Why the entry is malformed (an unknown key, a value of the wrong type, no
  // case, nothing to check): such a test fails with these, located.
  std::vector<Diagnostic> problems;
};

// An overlay's declaration that one of its base's tests gives another result
// on purpose (`inherited:` in the overlay's test files).
struct InheritedDifference {
  std::string test;  // the base test's name
  std::string why;
  Diagnostic at;     // where it is declared (code and message unused)
};

// Reads test files in `lang`; problems that belong to no test (the file
// cannot be read or parsed, a top-level key) go to `outside`, declared
// differences from a base's tests to `inherited` when given.
std::vector<TestSpec> ReadTestSpecs(const std::vector<std::filesystem::path>& files, Lang lang,
                                    std::vector<Diagnostic>* outside,
                                    std::vector<InheritedDifference>* inherited = nullptr);

// Decides the test's case (full trace, at `now` when it pins one) and checks
// it; a malformed test fails with its problems and is not decided.
TestRun RunSpec(const Ruleset& rules, const TestSpec& spec, Lang lang);

// The TestCase 0.1 exposes, to and from a spec.
TestCase ToTestCase(const TestSpec& spec);
TestSpec FromTestCase(const TestCase& test);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_TESTING_TEST_SPEC_H_
