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
// `env` entries (`NAME=VALUE`) are added to the child's environment.
ProcessResult RunReferral(const std::vector<std::string>& args, const std::string& input = "",
                          const std::vector<std::string>& env = {});

// The real `referral` program running in the background (e.g. `serve`):
// standard output is read line by line; standard error goes to a file the
// test can read. The destructor kills it if it is still running.
class Background {
 public:
  explicit Background(const std::vector<std::string>& args);
  ~Background();
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;
  // The next line of standard output, or "" after `timeout_ms` or at EOF.
  std::string ReadLine(int timeout_ms = 10000);
  void Signal(int sig);
  // Sends SIGTERM and waits: the exit code (128+N when killed by signal N).
  int Stop();
  std::string Stderr() const;  // everything written to standard error so far
  int pid() const { return pid_; }

 private:
  int pid_ = -1;
  int out_ = -1;
  std::string err_path_;
  std::string pending_;
};
// The same for any program, found on PATH when `program` has no slash
// (python3, chromium).
ProcessResult RunProgram(const std::string& program, const std::vector<std::string>& args,
                         const std::string& input = "", const std::vector<std::string>& env = {});

// Splits text into lines (without the newlines).
std::vector<std::string> Lines(const std::string& text);

}  // namespace referral::testing

#endif  // REFERRAL_TESTS_SUPPORT_PROCESS_H_
