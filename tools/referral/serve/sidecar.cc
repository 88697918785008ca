// See sidecar.h. Every handler answers JSON errors `{"error": {"code",
// "message", "field"}}` with a 4xx status, and none lets an exception escape.
#include "serve/sidecar.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "batch.h"
#include "json_text.h"
#include "referral/engine.h"
#include "referral/explain.h"
#include "referral/version.h"

namespace referral::cli {

namespace {

using nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

constexpr const char* kJson = "application/json";

// {"error": {"code", "message", "field"}, "errors": [{"code", "field",
// "message"}, …]}: `errors` lists every problem (every invalid field of a
// case), `error` is the first, as before the list existed.
ordered_json ErrorBody(const Status& s) {
  ordered_json errors = ErrorsJson(s);
  ordered_json first = errors.empty() ? ordered_json::object() : errors[0];
  return {{"error", {{"code", first["code"]}, {"message", first["message"]}, {"field", first["field"]}}},
          {"errors", std::move(errors)}};
}

void SendError(httplib::Response& res, int status, const Status& s) {
  res.status = status;
  res.set_content(JsonText(ErrorBody(s)) + "\n", kJson);
}

void SendError(httplib::Response& res, int status, const std::string& code, const std::string& message,
               const std::string& field = {}) {
  SendError(res, status, Status::Error(code, message, field));
}

// The HTTP status for a decision or review error: the case is the client's
// fault (400), a case that breaks the rules' own contract is unprocessable
// (422), a record that cannot be written now makes the service unavailable
// (503: nothing was recorded, the caller may retry), a review of no such
// decision is 404.
int StatusFor(const Status& s) {
  const std::string& code = s.code();
  if (code.rfind("case.", 0) == 0) return 400;
  if (code.rfind("limit.", 0) == 0) return 413;
  if (code.rfind("eval.", 0) == 0) return 422;
  if (code == "record.idempotency_conflict") return 422;
  if (code == "record.bad_review" || code == "record.bad_time" || code == "record.bad_idempotency_key") return 400;
  if (code == "record.unknown_decision") return 404;
  if (code == "record.io" || code == "record.unavailable") return 503;
  return 500;
}


std::string OutcomeOf(const std::string& decision_json) {
  // The outcome is the second key of a decision line; parse to be sure.
  auto j = nlohmann::json::parse(decision_json, nullptr, false);
  return j.is_object() && j.contains("outcome") ? j["outcome"].get<std::string>() : "unknown";
}

// Paths the sidecar knows, with the method each takes (for 405).
const std::vector<std::pair<std::string, std::string>>& KnownPaths() {
  static const std::vector<std::pair<std::string, std::string>> paths = {
      {"/v1/decide", "POST"}, {"/v1/decide/batch", "POST"}, {"/v1/explain", "POST"}, {"/v1/reviews", "POST"},
      {"/v1/ruleset", "GET"}, {"/healthz", "GET"},          {"/readyz", "GET"},  {"/metrics", "GET"}};
  return paths;
}

// When the request being served began; unset (epoch) for a request refused
// before routing (a bad request line, a body over the limit), which httplib
// gives no hook to time.
thread_local Clock::time_point request_started;

// The request id: the client's `X-Request-Id` when it is 1 to 128 of
// [A-Za-z0-9._:-] (so it can be logged as is), else 32 random hex digits.
std::string RequestIdOf(const httplib::Request& req) {
  const std::string& sent = req.get_header_value("X-Request-Id");
  const bool usable = !sent.empty() && sent.size() <= 128 &&
                      std::all_of(sent.begin(), sent.end(), [](unsigned char c) {
                        return std::isalnum(c) || c == '.' || c == '_' || c == ':' || c == '-';
                      });
  if (usable) return sent;
  thread_local std::mt19937_64 random{std::random_device{}()};
  char hex[33];
  std::snprintf(hex, sizeof hex, "%016llx%016llx", static_cast<unsigned long long>(random()),
                static_cast<unsigned long long>(random()));
  return hex;
}

void SetRequestId(const httplib::Request& req, httplib::Response& res) {
  if (!res.has_header("X-Request-Id")) res.set_header("X-Request-Id", RequestIdOf(req));
}

// What the access log names: the route (never the raw path, which may hold
// case data or forge a log line), or `(unknown)`.
std::string RouteOf(const httplib::Request& req) {
  for (const auto& [path, method] : KnownPaths()) {
    if (req.path == path) return path;
  }
  return "(unknown)";
}

std::string MethodOf(const httplib::Request& req) {
  for (const char* m : {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"}) {
    if (req.method == m) return m;
  }
  return "(other)";
}

// A query parameter's value among `allowed`, or a 400 naming it.
bool CheckParam(const httplib::Request& req, httplib::Response& res, const std::string& name,
                std::initializer_list<const char*> allowed) {
  if (!req.has_param(name.c_str())) return true;
  const std::string v = req.get_param_value(name.c_str());
  std::string list;
  for (const char* a : allowed) {
    if (v == a) return true;
    list += (list.empty() ? "" : ", ") + std::string(a);
  }
  SendError(res, 400, "http.bad_param", "`" + name + "` must be one of: " + list, name);
  return false;
}

// The language a request asks for: `?lang=es|en`, else the first tag of its
// Accept-Language that is es or en (`es-CO;q=0.9` is es); nullopt when it
// asks for neither. `*bad` when `?lang` is something else.
std::optional<Lang> AskedLang(const httplib::Request& req, bool* bad) {
  if (req.has_param("lang")) {
    const std::string l = req.get_param_value("lang");
    if (l == "es" || l == "en") return l == "es" ? Lang::kEs : Lang::kEn;
    *bad = true;
    return std::nullopt;
  }
  const std::string header = req.get_header_value("Accept-Language");
  std::string_view accept = header;
  while (!accept.empty()) {
    const size_t comma = accept.find(',');
    std::string_view tag = accept.substr(0, comma);
    accept = comma == std::string_view::npos ? std::string_view() : accept.substr(comma + 1);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    tag = tag.substr(0, tag.find_first_of(";-_ "));
    if (tag == "es" || tag == "ES") return Lang::kEs;
    if (tag == "en" || tag == "EN") return Lang::kEn;
  }
  return std::nullopt;
}

}  // namespace

Sidecar::Sidecar(LiveRuleset& live, SidecarOptions options)
    : live_(live), options_(std::move(options)), server_(std::make_unique<httplib::Server>()) {
  last_reload_at_ = live_.loaded_at();
  Routes();
}

Sidecar::~Sidecar() = default;

int Sidecar::Bind() {
  int port = options_.port;
  if (port == 0) {
    port = server_->bind_to_any_port(options_.host);
  } else if (!server_->bind_to_port(options_.host, port)) {
    port = -1;
  }
  if (port < 0) spdlog::error("cannot listen on {}:{}", options_.host, options_.port);
  return port;
}

bool Sidecar::Listen() { return server_->listen_after_bind(); }

void Sidecar::Stop() { server_->stop(); }

void Sidecar::Reload(const std::string& why) {
  std::vector<Diagnostic> diags;
  Status s = live_.Reload(&diags);
  metrics_.Reloaded(s.ok() ? std::string() : s.code());
  {
    std::lock_guard<std::mutex> lock(reload_mu_);
    last_reload_at_ = NowRfc3339();
    last_reload_ = s;
    last_reload_diags_ = s.ok() ? std::vector<Diagnostic>{} : diags;
  }
  if (s.ok()) {
    spdlog::info("reloaded the rules ({}): digest {}", why, live_.Current()->digest());
  } else {
    size_t errors = 0;
    for (const auto& d : diags) errors += d.severity == Severity::kError;
    // The message names the failing tests (a bounded list) for
    // reload.tests_failed; each error below is one of them, at file:line.
    spdlog::error("refused the new rules ({}): {}: {} ({} error(s)); still serving digest {}", why, s.code(),
                  s.message(), errors, live_.Current()->digest());
    for (const auto& d : diags) {
      if (d.severity == Severity::kError) spdlog::error("  {}", FormatDiagnostic(d));
    }
  }
}

std::string Sidecar::RulesetJson() const {
  auto rules = live_.Current();
  ordered_json j = {{"id", rules->id()},
                    {"version", rules->version()},
                    {"digest", rules->digest()},
                    {"loaded_at", live_.loaded_at()},
                    {"generation", live_.generation()},
                    {"engine_version", kEngineVersion}};
  std::lock_guard<std::mutex> lock(reload_mu_);
  ordered_json last = {{"at", last_reload_at_}, {"ok", last_reload_.ok()}};
  if (!last_reload_.ok()) {
    last["code"] = last_reload_.code();
    last["message"] = last_reload_.message();
    last["diagnostics"] = ordered_json::parse(DiagnosticsToJson(last_reload_diags_));
  }
  j["last_reload"] = std::move(last);
  return JsonText(j) + "\n";
}

void Sidecar::Routes() {
  httplib::Server& s = *server_;
  s.set_payload_max_length(options_.max_body);
  // Small request/response pairs on keep-alive connections: without
  // TCP_NODELAY, Nagle and delayed ACKs add ~40 ms to every response.
  s.set_tcp_nodelay(true);
  // A worker serves one connection at a time: after this many requests the
  // connection is closed, so more clients than workers still take turns.
  s.set_keep_alive_max_count(100);
  const int threads = options_.threads;
  s.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };

  s.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    request_started = Clock::now();
    SetRequestId(req, res);
    // Probes (an orchestrator's liveness and readiness checks) need no token.
    if (options_.token.empty() || req.path == "/healthz" || req.path == "/readyz") {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    const std::string want = "Bearer " + options_.token;
    const std::string& got = req.get_header_value("Authorization");
    // Compare in time independent of where the first difference is.
    unsigned diff = got.size() != want.size();
    for (size_t i = 0; i < want.size(); ++i) diff |= static_cast<unsigned>(i < got.size() ? got[i] ^ want[i] : 1);
    if (diff == 0) return httplib::Server::HandlerResponse::Unhandled;
    res.set_header("WWW-Authenticate", "Bearer");
    SendError(res, 401, "http.unauthorized", "missing or wrong bearer token (Authorization: Bearer <token>)");
    return httplib::Server::HandlerResponse::Handled;
  });

  // Errors that no handler answered (unknown path, wrong method, body too
  // large, bad request line) get the same JSON error shape.
  s.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
    SetRequestId(req, res);
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    if (res.status == 404) {
      for (const auto& [path, method] : KnownPaths()) {
        if (req.path == path) {
          res.set_header("Allow", method);
          SendError(res, 405, "http.method_not_allowed", "`" + path + "` takes " + method);
          return httplib::Server::HandlerResponse::Handled;
        }
      }
      SendError(res, 404, "http.not_found", "no such endpoint; see docs/serve.md");
    } else if (res.status == 414) {
      SendError(res, 414, "http.uri_too_long", "the request line is too long");
    } else if (res.status == 413) {
      SendError(res, 413, "http.body_too_large",
                "the request body is over the limit; raise it with `referral serve --max-body BYTES`");
    } else {
      SendError(res, res.status, "http.bad_request", "the request could not be read");
    }
    return httplib::Server::HandlerResponse::Handled;
  }));

  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    SendError(res, 500, "internal", "internal error; the request was not decided");
  });

  // Access log: method, route, status, sizes, time and request id; never the
  // raw path, a query, a body or a header value (they may hold case data or
  // the token, or forge a line). `-` for a request refused before routing,
  // which cannot be timed.
  s.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    metrics_.Request(res.status);
    std::string took = "-";
    if (request_started != Clock::time_point{}) {
      took = fmt::format("{:.3f}ms",
                         std::chrono::duration<double, std::milli>(Clock::now() - request_started).count());
    }
    request_started = {};
    spdlog::info("{} {} {} in={}B out={}B {} id={}", MethodOf(req), RouteOf(req), res.status, req.body.size(),
                 res.body.size(), took, res.get_header_value("X-Request-Id"));
  });

  // How a single case is decided, with its record and metrics. A decision
  // whose record could not be written is not given out.
  auto decide = [this](const Ruleset& rules, const httplib::Request& req, const DecideOptions& options,
                       httplib::Response& res) -> std::optional<Decision> {
    // RecordLog checks the key (1 to 200 printable ASCII); an empty header
    // value is a key too, and refused there.
    const std::string key = req.get_header_value("Idempotency-Key");
    if (req.has_header("Idempotency-Key") && key.empty()) {
      SendError(res, 400, "record.bad_idempotency_key", "an idempotency key is 1 to 200 printable ASCII characters",
                "Idempotency-Key");
      return std::nullopt;
    }
    auto started = Clock::now();
    auto d = Decide(rules, req.body, options);
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    if (!d.ok()) {
      metrics_.Failed(d.status().code());
      SendError(res, StatusFor(d.status()), d.status());
      return std::nullopt;
    }
    if (options_.records != nullptr) {
      RecordReceipt receipt;
      Status st;
      {
        std::lock_guard<std::mutex> lock(records_mu_);
        st = options_.records->AppendDecision(rules, *d, req.body, options.format, NowRfc3339(), key, &receipt);
      }
      if (!st.ok()) {
        metrics_.Failed(st.code());
        if (StatusFor(st) == 503) res.set_header("Retry-After", "5");
        SendError(res, StatusFor(st), st.code(), st.message(), st.field());
        return std::nullopt;
      }
      d->decision_id = receipt.decision_id;
      d->decided_at = receipt.decided_at;
      if (receipt.repeated) res.set_header("Idempotent-Replayed", "true");
    } else if (!key.empty()) {
      SendError(res, 400, "http.idempotency_without_records",
                "`Idempotency-Key` needs a sidecar that records decisions (`referral serve --record FILE`)",
                "Idempotency-Key");
      return std::nullopt;
    }
    metrics_.Decided(OutcomeName(d->outcome), seconds);
    return std::move(d).value();
  };

  auto options_of = [this](const httplib::Request& req, httplib::Response& res, TraceLevel fallback,
                           DecideOptions* options) {
    options->trace = fallback;
    options->limits = options_.case_limits;
    options->now = NowRfc3339();  // evaluation dates after the clock are refused
    if (req.has_param("trace")) {
      const std::string t = req.get_param_value("trace");
      if (t != "off" && t != "rules" && t != "full") {
        SendError(res, 400, "http.bad_param", "`trace` must be off, rules or full", "trace");
        return false;
      }
      options->trace = ParseTrace(t, fallback);
    }
    // `?lang=es|en`: the language of a refused case's messages (and of an
    // explanation); without it, the first of Accept-Language that is es or en.
    bool bad = false;
    options->lang = AskedLang(req, &bad).value_or(Lang::kEn);
    if (bad) {
      SendError(res, 400, "http.bad_param", "`lang` must be es or en", "lang");
      return false;
    }
    const std::string type = req.get_header_value("Content-Type");
    options->format = type.rfind("application/yaml", 0) == 0 || type.rfind("application/x-yaml", 0) == 0
                          ? CaseFormat::kYaml
                          : CaseFormat::kJson;
    return true;
  };

  s.Post("/v1/decide", [this, decide, options_of](const httplib::Request& req, httplib::Response& res) {
    DecideOptions options;
    if (!options_of(req, res, TraceLevel::kFull, &options)) return;
    auto rules = live_.Current();  // this request decides on these rules, whatever reloads meanwhile
    auto d = decide(*rules, req, options, res);
    if (!d) return;
    res.set_content(DecisionToJson(*d, options.trace != TraceLevel::kOff) + "\n", kJson);
  });

  s.Post("/v1/decide/batch", [this, options_of](const httplib::Request& req, httplib::Response& res) {
    if (req.has_header("Idempotency-Key")) {
      return SendError(res, 400, "http.bad_idempotency_key",
                       "`Idempotency-Key` is taken by /v1/decide and /v1/explain, one case each; a batch is "
                       "not retried as a whole",
                       "Idempotency-Key");
    }
    DecideOptions options;
    if (!options_of(req, res, TraceLevel::kRules, &options)) return;
    options.format = CaseFormat::kJson;  // JSON Lines
    auto rules = live_.Current();        // the whole batch on one rule set
    Recorder record;
    if (options_.records != nullptr) {
      record = [this](const Ruleset& r, Decision& d, std::string_view text, CaseFormat format) {
        RecordReceipt receipt;
        std::lock_guard<std::mutex> lock(records_mu_);
        Status st = options_.records->AppendDecision(r, d, text, format, NowRfc3339(), {}, &receipt);
        d.decision_id = receipt.decision_id;
        d.decided_at = receipt.decided_at;
        return st;
      };
    }
    std::string out;
    std::string_view body = req.body;
    long number = 0;
    while (!body.empty()) {
      size_t nl = body.find('\n');
      std::string_view line = body.substr(0, nl);
      body = nl == std::string_view::npos ? std::string_view() : body.substr(nl + 1);
      auto started = Clock::now();
      LineResult r = DecideLine(*rules, line, ++number, options, record);
      const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
      if (r.ok) {
        metrics_.Decided(OutcomeOf(r.text), seconds);
      } else {
        auto j = nlohmann::json::parse(r.text, nullptr, false);
        metrics_.Failed(j.is_object() ? j["error"]["code"].get<std::string>() : "unknown");
      }
      out += r.text;
      out += '\n';
    }
    res.set_content(out, "application/x-ndjson");
  });

  s.Post("/v1/explain", [this, decide, options_of](const httplib::Request& req, httplib::Response& res) {
    if (!CheckParam(req, res, "format", {"text", "json"})) return;
    DecideOptions options;
    if (!options_of(req, res, TraceLevel::kFull, &options)) return;
    options.trace = TraceLevel::kFull;  // the explanation is rendered from the full trace
    auto rules = live_.Current();
    bool bad = false;  // already refused by options_of
    const Lang lang = AskedLang(req, &bad).value_or(rules->language());
    auto d = decide(*rules, req, options, res);
    if (!d) return;
    std::string text = Explain(*rules, *d, lang);
    if (req.get_param_value("format") == "json") {  // checked above
      auto j = ordered_json::parse(DecisionToJson(*d, false));
      j["explanation"] = std::move(text);
      res.set_content(JsonText(j) + "\n", kJson);
    } else {
      res.set_content(text, "text/plain; charset=utf-8");
    }
  });

  // A person's review of a recorded decision, appended to the same chain;
  // the server sets the time. Roles and reason codes are the rule set's.
  s.Post("/v1/reviews", [this](const httplib::Request& req, httplib::Response& res) {
    if (options_.records == nullptr) {
      return SendError(res, 409, "http.no_records",
                       "this sidecar records nothing, so it has no decision to review (start it with "
                       "`referral serve --record FILE`)");
    }
    auto body = nlohmann::json::parse(req.body, nullptr, false);
    if (!body.is_object()) {
      return SendError(res, 400, "review.bad_json",
                       "the body must be one JSON object: {\"decision_id\", \"role\", \"action\", \"reason\"}");
    }
    Review review;
    for (auto it = body.begin(); it != body.end(); ++it) {
      std::string* slot = it.key() == "decision_id" ? &review.decision_id
                          : it.key() == "role"      ? &review.role
                          : it.key() == "action"    ? &review.action
                          : it.key() == "reason"    ? &review.reason
                                                    : nullptr;
      if (!slot) {
        return SendError(res, 400, "review.unknown_field",
                         "unknown field `" + it.key() + "`; expected decision_id, role, action, reason (the server "
                         "sets the time; free text stays in the case system)",
                         it.key());
      }
      if (!it.value().is_string()) {
        return SendError(res, 400, "review.bad_type", "`" + it.key() + "` must be a string", it.key());
      }
      *slot = it.value().get<std::string>();
    }
    for (const auto& [field, value] : {std::pair<const char*, const std::string*>{"decision_id", &review.decision_id},
                                       {"role", &review.role},
                                       {"action", &review.action},
                                       {"reason", &review.reason}}) {
      if (value->empty()) return SendError(res, 400, "review.missing_field", std::string("`") + field + "` is required", field);
    }
    auto rules = live_.Current();
    const std::string now = NowRfc3339();
    std::string id;
    Status st;
    {
      std::lock_guard<std::mutex> lock(records_mu_);
      st = options_.records->AppendReview(*rules, review, now, &id);
    }
    if (!st.ok()) {
      if (StatusFor(st) == 503) res.set_header("Retry-After", "5");
      return SendError(res, StatusFor(st), st.code(), st.message(), st.field());
    }
    res.status = 201;
    ordered_json j = {{"review_id", id},      {"decision_id", review.decision_id}, {"role", review.role},
                      {"action", review.action}, {"reason", review.reason},           {"reviewed_at", now}};
    res.set_content(JsonText(j) + "\n", kJson);
  });

  s.Get("/v1/ruleset", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(RulesetJson(), kJson);
  });
  s.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("{\"status\":\"ok\"}\n", kJson);
  });
  // Ready to decide: rules are loaded (always, once serving) and, with
  // --record, the record file can be written; else 503 and why.
  s.Get("/readyz", [this](const httplib::Request&, httplib::Response& res) {
    auto rules = live_.Current();
    ordered_json j = {{"status", "ready"}, {"ruleset", {{"id", rules->id()}, {"digest", rules->digest()}}},
                      {"records", options_.records == nullptr ? "off" : "writable"}};
    if (options_.records != nullptr) {
      Status st;
      {
        std::lock_guard<std::mutex> lock(records_mu_);
        st = options_.records->Ready();
      }
      if (!st.ok()) {
        res.status = 503;
        j["status"] = "not_ready";
        j["records"] = {{"code", st.code()}, {"message", st.message()}};
      }
    }
    res.set_content(JsonText(j) + "\n", kJson);
  });
  s.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    auto rules = live_.Current();
    res.set_content(metrics_.Render({rules->id(), rules->version(), rules->digest()}),
                    "text/plain; version=0.0.4; charset=utf-8");
  });
}

}  // namespace referral::cli
