// `referral serve`: the engine as a local HTTP sidecar. Reloads the rules on
// SIGHUP and when the rule files change and then stay quiet for --settle, in
// both cases only if the new version passes its own tests; stops cleanly on
// SIGINT/SIGTERM.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <fstream>
#include <iostream>
#include <thread>

#include "cli_common.h"
#include "commands.h"
#include "referral/live_ruleset.h"
#include "referral/record.h"
#include "serve/rules_watcher.h"
#include "serve/sidecar.h"

namespace referral::cli {

namespace {

std::atomic<bool> reload_requested{false};
std::atomic<bool> stop_requested{false};
static_assert(std::atomic<bool>::is_always_lock_free, "set from signal handlers");

extern "C" void OnSignal(int sig) {
  if (sig == SIGHUP) reload_requested = true;
  else stop_requested = true;
}

}  // namespace

// HOST:PORT, [V6]:PORT or PORT (`serve`, `workbench`).
bool ParseListen(const std::string& listen, std::string* host, int* port) {
  size_t colon = listen.rfind(':');
  std::string h = colon == std::string::npos ? "127.0.0.1" : listen.substr(0, colon);
  std::string p = colon == std::string::npos ? listen : listen.substr(colon + 1);
  if (h.size() > 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  if (h.empty() || p.empty() || p.find_first_not_of("0123456789") != std::string::npos || p.size() > 5) return false;
  *port = std::stoi(p);
  *host = h;
  return *port <= 65535;
}

std::string ReadTokenFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string token;
  std::getline(in, token);
  while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
  if (!in && !in.eof()) token.clear();
  return token;
}

bool LoopbackOrToken(const char* program, const std::string& host, const std::string& token) {
  // Decided on the addresses the name resolves to, not on its text:
  // `127.attacker.example` may resolve to every interface.
  if (ResolvesToLoopbackOnly(host)) return true;
  if (token.empty()) {
    std::cerr << program << ": `" << host
              << "` is not (or does not resolve only to) a loopback address; serving case data beyond this "
                 "host needs --token-file\n";
    return false;
  }
  spdlog::warn("listening on {}, beyond loopback: put TLS in front of it", host);
  return true;
}

int RunServe(const ServeArgs& args) {
  // The access log is the sidecar's job: on at info level unless --quiet.
  if (!args.quiet && spdlog::default_logger()->level() > spdlog::level::info) {
    spdlog::default_logger()->set_level(spdlog::level::info);
  }
  SidecarOptions options;
  if (!args.lang.empty()) options.lang = args.lang == "es" ? Lang::kEs : Lang::kEn;
  HttpServerOptions& http = options.http;
  if (!ParseListen(args.listen, &http.host, &http.port)) {
    std::cerr << "referral serve: " << MessageOf("cli.bad_listen", CliLang(args.lang, args.rules), {args.listen}) << "\n";
    return kExitUsage;
  }
  auto timeout = [](double s) { return s > 0 && s <= 3600; };
  if (args.max_body == 0 || args.threads < 0 || args.threads > 256 || !(args.poll_seconds >= 0) ||
      !(args.settle_seconds >= 0) || args.poll_seconds > 86400 || args.settle_seconds > 86400 ||
      !timeout(args.idle_seconds) || !timeout(args.header_seconds) || !timeout(args.body_seconds) ||
      args.max_connections < 1 || args.max_batch_lines < 1) {
    std::cerr << "referral serve: " << MessageOf("cli.bad_serve_flags", CliLang(args.lang, args.rules)) << "\n";
    return kExitUsage;
  }
  auto millis = [](double s) { return std::chrono::milliseconds(static_cast<long long>(s * 1000)); };
  http.max_body = args.max_body;
  // More threads than cores only take turns: on 2 cores, 8 threads served a
  // third fewer requests a second than 2 (tools/bench/serve_bench.sh).
  http.threads = args.threads > 0 ? args.threads : std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
  http.idle = millis(args.idle_seconds);
  http.header = millis(args.header_seconds);
  http.body = millis(args.body_seconds);
  http.max_connections = args.max_connections;
  options.max_batch_lines = args.max_batch_lines;
  options.case_limits = CliCaseLimits();
  if (!args.token_file.empty()) {
    options.token = ReadTokenFile(args.token_file);
    if (options.token.empty()) {
      std::cerr << "referral serve: " << MessageOf("cli.no_token", CliLang(args.lang, args.rules), {args.token_file}) << "\n";
      return kExitCannotRun;
    }
  }
  if (!LoopbackOrToken("referral serve", http.host, options.token)) return kExitUsage;

  // Taken before the rules are read, so a change made while they load is seen
  // by the first poll (at worst one reload too many, never one missed).
  auto seconds = [](double s) {
    return std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(s));
  };
  // A record file over a rule file or the token file would spoil it.
  std::vector<NamedInput> inputs = RuleInputs(args.rules);
  inputs.push_back({"the token file", args.token_file});
  if (OutputClashes("--record", args.record, inputs, CliLang(args.lang, args.rules))) return kExitUsage;
  RulesWatcher watch(args.rules, seconds(args.settle_seconds));
  // What is served has passed its own tests: at start and on every reload.
  LiveOptions gate;
  gate.run_tests = true;
  std::vector<Diagnostic> diags;
  auto live = LiveRuleset::Open(args.rules, &diags, CliLoadOptions(CliLang(args.lang, args.rules)), gate);
  if (!live.ok()) {
    for (const auto& d : diags) std::cerr << FormatDiagnostic(d) << "\n";
    std::cerr << "referral serve: "
              << MessageOf("cli.cannot_serve", CliLang(args.lang, args.rules), {live.status().code(), live.status().message()})
              << "\n";
    return kExitFailed;
  }
  std::unique_ptr<RecordLog> records;
  if (!args.record.empty()) {
    std::string error;
    auto rotation = ParseRotation(args.rotate, &error);
    if (!rotation) {
      std::cerr << "referral serve: " << error << "\n";
      return kExitUsage;
    }
    auto opened = RecordLog::Open(args.record, nullptr, *rotation);
    if (!opened.ok()) {
      std::cerr << "referral serve: " << opened.status().code() << ": " << opened.status().message() << "\n";
      return kExitCannotRun;
    }
    records = std::move(opened).value();
    options.records = records.get();
  }

  Sidecar sidecar(**live, options);
  const int port = sidecar.Bind();
  if (port < 0) return kExitCannotRun;
  std::signal(SIGHUP, OnSignal);
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::signal(SIGPIPE, SIG_IGN);

  // The watcher: SIGHUP (at once), changed rule files (once they have been
  // quiet for --settle), and the stop signals. Both reloads go through the
  // same gate: the new version must load and pass its tests.
  std::thread watcher([&] {
    auto next_poll = std::chrono::steady_clock::now();
    while (!stop_requested) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      if (reload_requested.exchange(false)) {
        watch.TakeNow();
        sidecar.Reload("SIGHUP");
      }
      const auto now = std::chrono::steady_clock::now();
      if (args.poll_seconds > 0 && (now >= next_poll || watch.Due(now))) {
        if (now >= next_poll) next_poll = now + seconds(args.poll_seconds);
        if (watch.Settled(now)) sidecar.Reload("a rule file changed");
      }
    }
    sidecar.Stop();
  });

  // The bound address on standard output, for scripts and tests (port 0).
  std::cout << "listening on " << http.host << ":" << port << std::endl;
  spdlog::info("serving rules {} {} (digest {}) on {}:{}", (*live)->Current()->id(), (*live)->Current()->version(),
               (*live)->Current()->digest(), http.host, port);
  bool ok = sidecar.Listen();
  stop_requested = true;
  watcher.join();
  spdlog::info("stopped");
  return ok ? kExitOk : kExitCannotRun;
}

}  // namespace referral::cli
