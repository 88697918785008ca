// Paths into the source tree for tests, and loading rule sets from it.
#ifndef REFERRAL_TESTS_SUPPORT_PATHS_H_
#define REFERRAL_TESTS_SUPPORT_PATHS_H_

#include <filesystem>
#include <cstddef>
#include <string>

namespace referral::testing {

// REFERRAL_SOURCE_DIR + "/" + relative.
std::string SourcePath(const std::string& relative);
std::string ReadText(const std::string& path);
// How many times `what` occurs in `text` (overlaps counted).
size_t Occurrences(const std::string& text, const std::string& what);

// A private copy of the rule set's *.yaml files (e.g. "rules/bogota") in a
// fresh temporary folder named after `name`, for tests that rewrite rules.
std::filesystem::path CopyOfRules(const std::string& relative, const std::string& name);

// The same with the rule set's test files (its `tests/` folder) too, for
// tests of what runs them (a reload that must pass them).
std::filesystem::path CopyOfRulesWithTests(const std::string& relative, const std::string& name);

// An empty folder `<temp>/referral-<group>-<pid>/<name>`, emptied first: one
// per test, so tests of one binary and parallel test binaries never share.
std::filesystem::path FreshDir(const std::string& group, const std::string& name);
// Writes `text` to `path`, byte for byte, replacing what was there.
void WriteText(const std::filesystem::path& path, const std::string& text);

// Rewrites the `version:` of the copy's ruleset.yaml (so its digest changes).
void SetRulesetVersion(const std::filesystem::path& dir, const std::string& version);

}  // namespace referral::testing

#endif  // REFERRAL_TESTS_SUPPORT_PATHS_H_
