// `referral workbench RULES`: the rule set as a local web application for
// policy staff and auditors (docs/workbench.md). Stops on SIGINT/SIGTERM.
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <thread>
#include <utility>

#include "cli_common.h"
#include "commands.h"
#include "workbench/workbench.h"

namespace referral::cli {

namespace {
std::atomic<bool> stop_requested{false};
extern "C" void OnStopSignal(int) { stop_requested = true; }
}  // namespace

int RunWorkbench(const WorkbenchArgs& args) {
  const Lang lang = CliLang(args.lang, args.rules);
  WorkbenchOptions options;
  if (!args.lang.empty()) options.lang = lang;
  if (!ParseListen(args.listen, &options.http.host, &options.http.port)) {
    std::cerr << "referral workbench: " << MessageOf("cli.bad_listen", lang, {args.listen}) << "\n";
    return kExitUsage;
  }
  options.http.threads = 2;
  options.http.max_body = 1 << 20;
  if (!args.token_file.empty()) {
    options.token = ReadTokenFile(args.token_file);
    if (options.token.empty()) {
      std::cerr << "referral workbench: " << MessageOf("cli.no_token", lang, {args.token_file}) << "\n";
      return kExitCannotRun;
    }
  }
  if (!LoopbackOrToken("referral workbench", options.http.host, options.token)) return kExitUsage;
  // What the pages read must be there: say so now, not on the page.
  for (const auto& [flag, path] : {std::pair<const char*, const std::string*>{"--records", &args.records},
                                   {"--archive", &args.archive},
                                   {"--compare", &args.compare},
                                   {"RULES", &args.rules}}) {
    std::error_code ec;
    if (!path->empty() && !std::filesystem::exists(*path, ec)) {
      std::cerr << "referral workbench: " << MessageOf("workbench.missing", lang, {flag, *path}) << "\n";
      return kExitCannotRun;
    }
  }
  options.records = args.records;
  options.archive = args.archive;
  options.compare = args.compare;

  Workbench workbench(args.rules, options);
  const int port = workbench.Bind();
  if (port < 0) return kExitCannotRun;
  std::signal(SIGINT, OnStopSignal);
  std::signal(SIGTERM, OnStopSignal);
  std::signal(SIGPIPE, SIG_IGN);
  std::thread stopper([&] {
    while (!stop_requested) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    workbench.Stop();
  });
  // The address on standard output, for people and for scripts (port 0).
  std::cout << MessageOf("workbench.open", lang, {"http://" + options.http.host + ":" + std::to_string(port) + "/"})
            << std::endl;
  const bool ok = workbench.Listen();
  stop_requested = true;
  stopper.join();
  return ok ? kExitOk : kExitCannotRun;
}

}  // namespace referral::cli
