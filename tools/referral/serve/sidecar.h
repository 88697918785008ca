// `referral serve`: the engine behind a local HTTP API, for systems that
// cannot link the library. The routes, their errors and reloads are here;
// the connections are HttpServer's (serve/http_server.h). Documented in
// docs/serve.md.
#ifndef REFERRAL_TOOLS_SERVE_SIDECAR_H_
#define REFERRAL_TOOLS_SERVE_SIDECAR_H_

#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "referral/diagnostic.h"
#include "referral/engine.h"
#include "referral/live_ruleset.h"
#include "referral/record.h"
#include "referral/result.h"
#include "serve/http_server.h"
#include "serve/metrics.h"

namespace referral::cli {

// Shared with the workbench (workbench/workbench.h):
// An error answer, JSON: {"error": {"code", "message", "field"}, "errors":
// [{"code", "field", "message"}, …]}.
void SendError(HttpResponse& res, int status, const Status& s);
void SendError(HttpResponse& res, int status, const std::string& code, const std::string& message,
               const std::string& field = {});
// The language a request asks for: `?lang=es|en`, else the first tag of its
// Accept-Language that is es or en; nullopt when it asks for neither. `*bad`
// when `?lang` is something else.
std::optional<Lang> AskedLang(const HttpRequest& req, bool* bad);
// Whether the request carries `Authorization: Bearer <token>`, compared in
// constant time.
bool BearerMatches(const HttpRequest& req, const std::string& token);

struct SidecarOptions {
  HttpServerOptions http;        // address, workers, body limit, timeouts
  std::string token;             // when set, every request but the probes needs `Authorization: Bearer <token>`
  RecordLog* records = nullptr;  // when set, every decision is recorded here
  CaseLimits case_limits;        // per case (and per batch line)
  size_t max_batch_lines = 1000; // a longer batch gets 413 before any line is decided
  // The language of answers that ask for none (`?lang`, Accept-Language):
  // `serve --lang`; unset, the rule set's.
  std::optional<Lang> lang;
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

  // One request that was read whole: the token, the route, its handler.
  void Handle(const HttpRequest& req, HttpResponse& res);
  // The language `req` is answered in: `?lang`, else Accept-Language, else
  // SidecarOptions::lang, else the rule set's.
  Lang LangOf(const HttpRequest& req) const;

  // Loads the rules again (on SIGHUP or a changed file): a refused version is
  // logged, counted and shown in /v1/ruleset, and the old rules keep serving.
  void Reload(const std::string& why);

 private:
  using Route = void (Sidecar::*)(const HttpRequest&, HttpResponse&);
  struct Endpoint {
    const char* path;
    const char* method;
    Route handler;
  };
  static const std::vector<Endpoint>& Endpoints();
  static const Endpoint* EndpointAt(const std::string& path);  // nullptr: no such route

  void OnDecide(const HttpRequest& req, HttpResponse& res);
  void OnBatch(const HttpRequest& req, HttpResponse& res);
  void OnExplain(const HttpRequest& req, HttpResponse& res);
  void OnReview(const HttpRequest& req, HttpResponse& res);
  void OnRuleset(const HttpRequest& req, HttpResponse& res);
  void OnHealth(const HttpRequest& req, HttpResponse& res);
  void OnReady(const HttpRequest& req, HttpResponse& res);
  void OnMetrics(const HttpRequest& req, HttpResponse& res);
  void OnOpenApi(const HttpRequest& req, HttpResponse& res);

  // Reading a case request: its options from the query and headers, then the
  // decision (recorded when --record). Each answers the error itself and
  // returns false / nullopt.
  // `*asked`: the language the request asked for, if any.
  bool OptionsOf(const HttpRequest& req, HttpResponse& res, TraceLevel fallback, DecideOptions* options,
                 std::optional<Lang>* asked = nullptr) const;
  // Decides into `*result` (per thread, reused); `*receipt` holds the record's
  // id and time (empty without --record).
  bool DecideRecorded(const Ruleset& rules, const HttpRequest& req, const DecideOptions& options,
                      HttpResponse& res, DecisionResult* result, RecordReceipt* receipt);
  void Log(const HttpExchange& exchange);

  std::string RulesetJson() const;

  LiveRuleset& live_;
  const SidecarOptions options_;
  Metrics metrics_;
  std::mutex records_mu_;  // RecordLog has one writer at a time

  mutable std::mutex reload_mu_;  // guards the last reload's report
  std::string last_reload_at_;
  Status last_reload_;
  std::vector<Diagnostic> last_reload_diags_;

  HttpServer server_;  // last: destroyed (its workers joined) before what they use
};

}  // namespace referral::cli

#endif  // REFERRAL_TOOLS_SERVE_SIDECAR_H_
