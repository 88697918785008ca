// posix_spawn with three pipes and a poll loop.
#include "external_filter.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

extern char** environ;

namespace referral::cli {

namespace {

// Closes its descriptors on every return path.
struct Pipe {
  int fd[2] = {-1, -1};
  bool Open() { return pipe2(fd, O_CLOEXEC) == 0; }
  void Close(int i) {
    if (fd[i] >= 0) close(fd[i]);
    fd[i] = -1;
  }
  ~Pipe() {
    Close(0);
    Close(1);
  }
};

// Writing to a filter that has exited must fail with EPIPE, not kill us with
// SIGPIPE; the previous disposition is restored afterwards.
class IgnoreSigpipe {
 public:
  IgnoreSigpipe() {
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGPIPE, &ignore, &saved_);
  }
  ~IgnoreSigpipe() { sigaction(SIGPIPE, &saved_, nullptr); }

 private:
  struct sigaction saved_ {};
};

}  // namespace

std::optional<std::string> FindOnPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (!path || !*path || program.empty()) return std::nullopt;
  std::string dirs = path;
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    // Appended piecewise: GCC 12 reports a false -Wrestrict for `dir + "/" + program` (GCC bug 105329).
    std::string candidate = end > start ? dirs.substr(start, end - start) : ".";  // empty entry: the current folder
    candidate += '/';
    candidate += program;
    struct stat st {};
    if (stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
    start = end + 1;
  }
  return std::nullopt;
}

std::optional<FilterResult> RunFilter(const std::string& path, const std::vector<std::string>& args,
                                      const std::string& input, std::string* why) {
  Pipe in, out, err;
  if (!in.Open() || !out.Open() || !err.Open()) {
    *why = std::string("pipe: ") + std::strerror(errno);
    return std::nullopt;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.fd[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out.fd[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err.fd[1], 2);
  // The child gets the default SIGPIPE even while we ignore it.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);

  std::vector<std::string> owned = {path};
  owned.insert(owned.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : owned) argv.push_back(a.data());
  argv.push_back(nullptr);

  IgnoreSigpipe ignore_sigpipe;
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, path.c_str(), &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (spawned != 0) {
    *why = path + ": " + std::strerror(spawned);
    return std::nullopt;
  }
  in.Close(0);
  out.Close(1);
  err.Close(1);
  if (input.empty()) in.Close(1);

  FilterResult result;
  size_t written = 0;
  char buf[65536];
  while (out.fd[0] >= 0 || err.fd[0] >= 0 || in.fd[1] >= 0) {
    pollfd fds[3];
    nfds_t n = 0;
    int out_i = -1, err_i = -1, in_i = -1;
    if (out.fd[0] >= 0) { fds[n] = {out.fd[0], POLLIN, 0}; out_i = static_cast<int>(n++); }
    if (err.fd[0] >= 0) { fds[n] = {err.fd[0], POLLIN, 0}; err_i = static_cast<int>(n++); }
    if (in.fd[1] >= 0) { fds[n] = {in.fd[1], POLLOUT, 0}; in_i = static_cast<int>(n++); }
    if (poll(fds, n, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (out_i >= 0 && fds[out_i].revents) {
      ssize_t r = read(out.fd[0], buf, sizeof buf);
      if (r <= 0) out.Close(0); else result.out.append(buf, static_cast<size_t>(r));
    }
    if (err_i >= 0 && fds[err_i].revents) {
      ssize_t r = read(err.fd[0], buf, sizeof buf);
      if (r <= 0) err.Close(0); else result.err.append(buf, static_cast<size_t>(r));
    }
    if (in_i >= 0 && fds[in_i].revents) {
      ssize_t w = write(in.fd[1], input.data() + written, input.size() - written);
      if (w < 0 && errno == EINTR) continue;
      // On EPIPE the filter stopped reading; its exit code and stderr say why.
      if (w <= 0 || (written += static_cast<size_t>(w)) == input.size()) in.Close(1);
    }
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

std::optional<std::string> DotToSvg(const std::string& dot, const std::string& dot_text, std::string* why) {
  auto svg = RunFilter(dot, {"-Tsvg"}, dot_text, why);
  if (!svg) return std::nullopt;
  if (svg->exit_code != 0) {
    *why = "`" + dot + " -Tsvg` failed (exit " + std::to_string(svg->exit_code) + "): " + svg->err;
    return std::nullopt;
  }
  return std::move(svg->out);
}

}  // namespace referral::cli
