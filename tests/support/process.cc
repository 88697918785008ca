// fork/exec with pipes: no shell, so arguments need no quoting.
#include "support/process.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace referral::testing {

namespace {

// In the child after fork: runs `program` (found on PATH when it has no
// slash) from the source tree, or exits 126/127 when it cannot.
[[noreturn]] void ExecProgram(const std::string& program, const std::vector<std::string>& args) {
  if (chdir(REFERRAL_SOURCE_DIR) != 0) _exit(126);
  std::vector<char*> argv;
  std::string binary = program;
  argv.push_back(binary.data());
  std::vector<std::string> copy = args;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  execvp(binary.c_str(), argv.data());
  _exit(127);
}

}  // namespace

// The program picks its default language from the locale (LC_ALL,
// LC_MESSAGES, LANG): every run starts from none, so that what a test
// expects does not depend on the machine; a test sets one through `env`.
const std::vector<std::string> kNoLocale = {"LC_ALL=", "LC_MESSAGES=", "LANG=C"};

ProcessResult RunReferral(const std::vector<std::string>& args, const std::string& input,
                          const std::vector<std::string>& env) {
  std::vector<std::string> all = kNoLocale;
  all.insert(all.end(), env.begin(), env.end());
  return RunProgram(REFERRAL_BINARY, args, input, all);
}

ProcessResult RunProgram(const std::string& program, const std::vector<std::string>& args, const std::string& input,
                         const std::vector<std::string>& env) {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe(in_pipe) || pipe(out_pipe) || pipe(err_pipe)) throw std::runtime_error("pipe failed");
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) close(fd);
    for (const auto& e : env) putenv(strdup(e.c_str()));
    ExecProgram(program, args);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  ProcessResult result;
  size_t written = 0;
  int in_fd = in_pipe[1];
  // Non-blocking: POLLOUT only promises room for some bytes, and a blocking
  // write of a large input would wait for the child, which may itself be
  // waiting for us to read its output.
  fcntl(in_fd, F_SETFL, fcntl(in_fd, F_GETFL) | O_NONBLOCK);
  if (input.empty()) {
    close(in_fd);
    in_fd = -1;
  }
  bool out_open = true, err_open = true;
  char buf[65536];
  while (out_open || err_open || in_fd >= 0) {
    pollfd fds[3];
    int n = 0;
    int out_i = -1, err_i = -1, in_i = -1;
    if (out_open) { fds[n] = {out_pipe[0], POLLIN, 0}; out_i = n++; }
    if (err_open) { fds[n] = {err_pipe[0], POLLIN, 0}; err_i = n++; }
    if (in_fd >= 0) { fds[n] = {in_fd, POLLOUT, 0}; in_i = n++; }
    if (poll(fds, n, -1) < 0) break;
    if (out_i >= 0 && fds[out_i].revents) {
      ssize_t r = read(out_pipe[0], buf, sizeof buf);
      if (r <= 0) out_open = false; else result.out.append(buf, r);
    }
    if (err_i >= 0 && fds[err_i].revents) {
      ssize_t r = read(err_pipe[0], buf, sizeof buf);
      if (r <= 0) err_open = false; else result.err.append(buf, r);
    }
    if (in_i >= 0 && fds[in_i].revents) {
      ssize_t w = write(in_fd, input.data() + written, input.size() - written);
      if (w < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (w <= 0 || (written += w) == input.size()) {
        close(in_fd);
        in_fd = -1;
      }
    }
  }
  close(out_pipe[0]);
  close(err_pipe[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

Background::Background(const std::vector<std::string>& args) {
  int out_pipe[2];
  if (pipe(out_pipe)) throw std::runtime_error("pipe failed");
  char tmpl[] = "/tmp/referral-bg-XXXXXX";
  int err_fd = mkstemp(tmpl);
  if (err_fd < 0) throw std::runtime_error("mkstemp failed");
  err_path_ = tmpl;
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    int null = open("/dev/null", O_RDONLY);
    dup2(null, 0);
    dup2(out_pipe[1], 1);
    dup2(err_fd, 2);
    close(out_pipe[0]);
    close(out_pipe[1]);
    for (const auto& e : kNoLocale) putenv(strdup(e.c_str()));
    ExecProgram(REFERRAL_BINARY, args);
  }
  close(out_pipe[1]);
  close(err_fd);
  out_ = out_pipe[0];
}

Background::~Background() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (out_ >= 0) close(out_);
  if (!err_path_.empty()) unlink(err_path_.c_str());
}

std::string Background::ReadLine(int timeout_ms) {
  char buf[4096];
  for (;;) {
    size_t nl = pending_.find('\n');
    if (nl != std::string::npos) {
      std::string line = pending_.substr(0, nl);
      pending_.erase(0, nl + 1);
      return line;
    }
    pollfd fd = {out_, POLLIN, 0};
    if (poll(&fd, 1, timeout_ms) <= 0) return "";
    ssize_t r = read(out_, buf, sizeof buf);
    if (r <= 0) return "";
    pending_.append(buf, r);
  }
}

void Background::Signal(int sig) {
  if (pid_ > 0) kill(pid_, sig);
}

int Background::Stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string Background::Stderr() const {
  std::string text;
  if (FILE* f = fopen(err_path_.c_str(), "rb")) {
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
    fclose(f);
  }
  return text;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return lines;
}

}  // namespace referral::testing
