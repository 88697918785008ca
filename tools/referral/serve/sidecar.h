// `referral serve`: the engine behind a local HTTP API (cpp-httplib), for
// systems that cannot link the library. Endpoints, errors and reloads are
// documented in docs/serve.md.
#ifndef REFERRAL_TOOLS_SERVE_SIDECAR_H_
#define REFERRAL_TOOLS_SERVE_SIDECAR_H_

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "referral/diagnostic.h"
#include "referral/live_ruleset.h"
#include "referral/record.h"
#include "serve/metrics.h"

namespace httplib {
class Server;
}

namespace referral::cli {

struct SidecarOptions {
  std::string host = "127.0.0.1";
  int port = 8080;           // 0: any free port (see Bind)
  std::string token;         // when set, every request but /healthz needs `Authorization: Bearer <token>`
  size_t max_body = 1 << 20; // bytes; larger bodies get 413
  int threads = 8;           // worker threads
  RecordLog* records = nullptr;  // when set, every decision is recorded here
  CaseLimits case_limits;        // per case (and per batch line)
};

class Sidecar {
 public:
  Sidecar(LiveRuleset& live, SidecarOptions options);
  ~Sidecar();
  Sidecar(const Sidecar&) = delete;
  Sidecar& operator=(const Sidecar&) = delete;

  // Binds the listening socket; returns the port, or -1 (logged) on failure.
  int Bind();
  // Serves until Stop(). REQUIRES: Bind() succeeded.
  bool Listen();
  void Stop();

  // Loads the rules again (on SIGHUP or a changed file): a refused version is
  // logged, counted and shown in /v1/ruleset, and the old rules keep serving.
  void Reload(const std::string& why);

 private:
  void Routes();
  std::string RulesetJson() const;

  LiveRuleset& live_;
  const SidecarOptions options_;
  std::unique_ptr<httplib::Server> server_;
  Metrics metrics_;
  std::mutex records_mu_;  // RecordLog has one writer at a time

  mutable std::mutex reload_mu_;  // guards the last reload's report
  std::string last_reload_at_;
  Status last_reload_;
  std::vector<Diagnostic> last_reload_diags_;
};

}  // namespace referral::cli

#endif  // REFERRAL_TOOLS_SERVE_SIDECAR_H_
