// Runs the real `referral` program as a child process, as a user would.
#ifndef REFERRAL_TESTS_SUPPORT_PROCESS_H_
#define REFERRAL_TESTS_SUPPORT_PROCESS_H_

#include <string>
#include <vector>

namespace referral::testing {

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs REFERRAL_BINARY with `args` (each passed as one argument), feeding
// `input` on standard input. Working directory: the source tree.
ProcessResult RunReferral(const std::vector<std::string>& args, const std::string& input = "");

// The same for any program, found on PATH when `program` has no slash
// (python3, chromium).
ProcessResult RunProgram(const std::string& program, const std::vector<std::string>& args,
                         const std::string& input = "");

// Splits text into lines (without the newlines).
std::vector<std::string> Lines(const std::string& text);

}  // namespace referral::testing

#endif  // REFERRAL_TESTS_SUPPORT_PROCESS_H_
