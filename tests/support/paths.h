// Paths into the source tree for tests, and loading rule sets from it.
#ifndef REFERRAL_TESTS_SUPPORT_PATHS_H_
#define REFERRAL_TESTS_SUPPORT_PATHS_H_

#include <cstddef>
#include <string>

namespace referral::testing {

// REFERRAL_SOURCE_DIR + "/" + relative.
std::string SourcePath(const std::string& relative);
std::string ReadText(const std::string& path);
// How many times `what` occurs in `text` (overlaps counted).
size_t Occurrences(const std::string& text, const std::string& what);

}  // namespace referral::testing

#endif  // REFERRAL_TESTS_SUPPORT_PATHS_H_
