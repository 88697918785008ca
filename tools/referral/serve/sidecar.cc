// See sidecar.h. Every handler answers JSON errors `{"error": {"code",
// "message", "field"}}` with a 4xx status, and none lets an exception escape.
#include "serve/sidecar.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "batch.h"
#include "cli_common.h"
#include "json_text.h"
#include "referral/engine.h"
#include "referral/explain.h"
#include "referral/version.h"
#include "serve/openapi.h"

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

}  // namespace

void SendError(HttpResponse& res, int status, const Status& s) {
  res.status = status;
  res.SetContent(JsonText(ErrorBody(s)) + "\n", kJson);
}

void SendError(HttpResponse& res, int status, const std::string& code, const std::string& message,
               const std::string& field) {
  SendError(res, status, Status::Error(code, message, field));
}

// The language a request asks for: `?lang=es|en`, else the first tag of its
// Accept-Language that is es or en (`es-CO;q=0.9` is es); nullopt when it
// asks for neither. `*bad` when `?lang` is something else.
std::optional<Lang> AskedLang(const HttpRequest& req, bool* bad) {
  if (const std::string* l = req.Param("lang")) {
    if (*l == "es" || *l == "en") return *l == "es" ? Lang::kEs : Lang::kEn;
    *bad = true;
    return std::nullopt;
  }
  const std::string header = req.Header("Accept-Language");
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

bool BearerMatches(const HttpRequest& req, const std::string& token) {
  const std::string want = "Bearer " + token;
  const std::string got = req.Header("Authorization");
  // Compare in time independent of where the first difference is.
  unsigned diff = got.size() != want.size();
  for (size_t i = 0; i < want.size(); ++i) diff |= static_cast<unsigned>(i < got.size() ? got[i] ^ want[i] : 1);
  return diff == 0;
}

namespace {

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


// The request id: the client's `X-Request-Id` when it is 1 to 128 of
// [A-Za-z0-9._:-] (so it can be logged as is), else 32 random hex digits.
std::string RequestIdOf(const HttpRequest& req) {
  const std::string sent = req.Header("X-Request-Id");
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

// What the access log names of a request: a method it knows and the route
// (never the raw path, which may hold case data or forge a log line).
std::string MethodOf(const HttpRequest& req) {
  if (req.method.empty()) return "-";
  for (const char* m : {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"}) {
    if (req.method == m) return m;
  }
  return "(other)";
}

// A query parameter's value among `allowed`, or a 400 naming it.
bool CheckParam(const HttpRequest& req, HttpResponse& res, Lang lang, const std::string& name,
                std::initializer_list<const char*> allowed) {
  const std::string* v = req.Param(name);
  if (v == nullptr) return true;
  std::string list;
  for (const char* a : allowed) {
    if (*v == a) return true;
    list += (list.empty() ? "" : ", ") + std::string(a);
  }
  SendError(res, 400, "http.bad_param", MessageOf("http.bad_param", lang, {name, list}), name);
  return false;
}

// The media type of a Content-Type, lower case, without parameters.
std::string MediaType(const HttpRequest& req) {
  std::string type = req.Header("Content-Type");
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
  return type;
}

bool IsYamlType(const std::string& type) { return type == "application/yaml" || type == "application/x-yaml"; }

// The body is the case whatever the Content-Type says (curl's `--data` and
// Ruby's Net::HTTP#post call JSON a form): only a body that does not even
// begin as JSON, sent as something other than JSON, is refused with 415,
// naming the type to send. A JSON type with a broken body is `case.bad_json`.
bool RefuseForeignBody(const HttpRequest& req, HttpResponse& res, Lang lang, const char* expected) {
  const std::string type = MediaType(req);
  const bool json_type = type.empty() || type == "application/json" || type == "application/x-ndjson" ||
                         type == "application/jsonl" || type == "application/json-seq" ||
                         (type.size() > 5 && type.compare(type.size() - 5, 5, "+json") == 0) || IsYamlType(type);
  if (json_type) return false;
  const size_t first = req.body.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && req.body[first] == '{') return false;
  SendError(res, 415, "http.unsupported_media_type",
            MessageOf("http.unsupported_media_type", lang, {MessageOf(expected, lang), type}), "Content-Type");
  return true;
}

}  // namespace

Sidecar::Sidecar(LiveRuleset& live, SidecarOptions options)
    : live_(live),
      options_(std::move(options)),
      server_(
          options_.http, [this](const HttpRequest& req, HttpResponse& res) { Handle(req, res); },
          [this](int status, const HttpRequest& req, HttpResponse& res) {
            res.SetHeader("X-Request-Id", RequestIdOf(req));
            const char* code = status == 408   ? "http.timeout"
                               : status == 413 ? "http.body_too_large"
                               : status == 414 ? "http.uri_too_long"
                               : status == 431 ? "http.header_too_large"
                                               : "http.bad_request";
            SendError(res, code == std::string_view("http.bad_request") ? 400 : status, code,
                      MessageOf(code, LangOf(req)));
          },
          [this](const HttpExchange& e) { Log(e); }) {
  last_reload_at_ = live_.loaded_at();
}

Sidecar::~Sidecar() = default;

Lang Sidecar::LangOf(const HttpRequest& req) const {
  bool bad = false;
  if (auto asked = AskedLang(req, &bad)) return *asked;
  return options_.lang ? *options_.lang : live_.Current()->language();
}

const std::vector<Sidecar::Endpoint>& Sidecar::Endpoints() {
  static const std::vector<Endpoint> endpoints = {
      {"/v1/decide", "POST", &Sidecar::OnDecide},   {"/v1/decide/batch", "POST", &Sidecar::OnBatch},
      {"/v1/explain", "POST", &Sidecar::OnExplain}, {"/v1/reviews", "POST", &Sidecar::OnReview},
      {"/v1/ruleset", "GET", &Sidecar::OnRuleset},  {"/healthz", "GET", &Sidecar::OnHealth},
      {"/readyz", "GET", &Sidecar::OnReady},        {"/metrics", "GET", &Sidecar::OnMetrics},
      {"/openapi.json", "GET", &Sidecar::OnOpenApi}};
  return endpoints;
}

const Sidecar::Endpoint* Sidecar::EndpointAt(const std::string& path) {
  for (const auto& e : Endpoints()) {
    if (path == e.path) return &e;
  }
  return nullptr;
}

int Sidecar::Bind() {
  std::string error;
  const int port = server_.Bind(&error);
  if (port < 0) spdlog::error("{}", error);
  return port;
}

bool Sidecar::Listen() { return server_.Run(); }

void Sidecar::Stop() { server_.Stop(); }

void Sidecar::Handle(const HttpRequest& req, HttpResponse& res) {
  res.SetHeader("X-Request-Id", RequestIdOf(req));
  const Endpoint* endpoint = EndpointAt(req.path);
  // Probes (an orchestrator's liveness and readiness checks) need no token.
  const bool probe = req.path == "/healthz" || req.path == "/readyz";
  if (!options_.token.empty() && !probe) {
    if (!BearerMatches(req, options_.token)) {
      res.SetHeader("WWW-Authenticate", "Bearer");
      return SendError(res, 401, "http.unauthorized", MessageOf("http.unauthorized", LangOf(req)));
    }
  }
  if (endpoint == nullptr) return SendError(res, 404, "http.not_found", MessageOf("http.not_found", LangOf(req)));
  if (req.method != endpoint->method) {
    res.SetHeader("Allow", endpoint->method);
    return SendError(res, 405, "http.method_not_allowed",
                     MessageOf("http.method_not_allowed", LangOf(req), {endpoint->path, endpoint->method}));
  }
  try {
    (this->*endpoint->handler)(req, res);
  } catch (const std::exception& e) {
    spdlog::error("internal error on {}: {}", endpoint->path, e.what());
    res.headers.erase(std::remove_if(res.headers.begin(), res.headers.end(),
                                     [](const auto& h) { return h.first != "X-Request-Id"; }),
                      res.headers.end());
    SendError(res, 500, "internal", MessageOf("http.internal", LangOf(req)));
  }
}

// Access log: method, route, status, sizes, time from the request's first
// byte, and request id; never the raw path, a query, a body or a header value
// (they may hold case data or the token, or forge a line).
void Sidecar::Log(const HttpExchange& e) {
  metrics_.Request(e.response.status);
  const Endpoint* endpoint = EndpointAt(e.request.path);
  const std::string route = e.request.method.empty() ? "-" : endpoint ? endpoint->path : "(unknown)";
  spdlog::info("{} {} {} in={}B out={}B {:.3f}ms id={}", MethodOf(e.request), route, e.response.status,
               e.request.body.size(), e.body_bytes, std::chrono::duration<double, std::milli>(e.took).count(),
               e.response.Header("X-Request-Id"));
}

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
    // The message names the failing tests (a bounded list) for
    // reload.tests_failed; each error below is one of them, at file:line.
    spdlog::error("refused the new rules ({}): {}: {} ({} error(s)); still serving digest {}", why, s.code(),
                  s.message(), CountErrors(diags), live_.Current()->digest());
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

bool Sidecar::OptionsOf(const HttpRequest& req, HttpResponse& res, TraceLevel fallback, DecideOptions* options,
                        std::optional<Lang>* asked) const {
  options->trace = fallback;
  options->limits = options_.case_limits;
  options->now = NowRfc3339();  // evaluation dates after the clock are refused
  // `?lang=es|en`: the language of a refused case's messages (and of an
  // explanation); without it, the first of Accept-Language that is es or en,
  // else `serve --lang`, else the rule set's.
  bool bad = false;
  const std::optional<Lang> lang = AskedLang(req, &bad);
  options->lang = LangOf(req);
  if (asked != nullptr) *asked = lang;
  if (bad) {
    SendError(res, 400, "http.bad_param", MessageOf("http.bad_param", options->lang, {"lang", "es, en"}), "lang");
    return false;
  }
  if (!CheckParam(req, res, options->lang, "trace", {"off", "rules", "full"})) return false;
  if (const std::string* t = req.Param("trace")) options->trace = ParseTrace(*t, fallback);
  options->format = IsYamlType(MediaType(req)) ? CaseFormat::kYaml : CaseFormat::kJson;
  return true;
}

// How a single case is decided, with its record and metrics. A decision
// whose record could not be written is not given out.
bool Sidecar::DecideRecorded(const Ruleset& rules, const HttpRequest& req, const DecideOptions& options,
                             HttpResponse& res, DecisionResult* result, RecordReceipt* receipt) {
  // RecordLog checks the key (1 to 200 printable ASCII); an empty header
  // value is a key too, and refused there.
  const std::string key = req.Header("Idempotency-Key");
  if (req.HasHeader("Idempotency-Key") && key.empty()) {
    SendError(res, 400, "record.bad_idempotency_key", MessageOf("http.bad_idempotency_key", options.lang),
              "Idempotency-Key");
    return false;
  }
  auto started = Clock::now();
  Status decided = referral::DecideInto(rules, req.body, options, result);
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  if (!decided.ok()) {
    metrics_.Failed(decided.code());
    SendError(res, StatusFor(decided), decided);
    return false;
  }
  if (options_.records != nullptr) {
    Status st;
    {
      const Decision d = result->ToDecision();
      std::lock_guard<std::mutex> lock(records_mu_);
      st = options_.records->AppendDecision(rules, d, req.body, options.format, NowRfc3339(), key, receipt);
    }
    if (!st.ok()) {
      metrics_.Failed(st.code());
      if (StatusFor(st) == 503) res.SetHeader("Retry-After", "5");
      SendError(res, StatusFor(st), st.code(), st.message(), st.field());
      return false;
    }
    if (receipt->repeated) res.SetHeader("Idempotent-Replayed", "true");
  } else if (!key.empty()) {
    SendError(res, 400, "http.idempotency_without_records",
              MessageOf("http.idempotency_without_records", options.lang), "Idempotency-Key");
    return false;
  }
  metrics_.Decided(OutcomeName(result->outcome()), seconds);
  return true;
}

void Sidecar::OnDecide(const HttpRequest& req, HttpResponse& res) {
  DecideOptions options;
  if (!OptionsOf(req, res, TraceLevel::kFull, &options)) return;
  if (RefuseForeignBody(req, res, options.lang, "http.expect_case")) return;
  auto rules = live_.Current();  // this request decides on these rules, whatever reloads meanwhile
  thread_local DecisionResult result;
  RecordReceipt receipt;
  if (!DecideRecorded(*rules, req, options, res, &result, &receipt)) return;
  DecisionJsonOptions json;
  json.include_trace = options.trace != TraceLevel::kOff;
  json.decision_id = receipt.decision_id;
  json.decided_at = receipt.decided_at;
  std::string body;
  result.AppendJson(&body, json);
  body += '\n';
  res.SetContent(std::move(body), kJson);
}

void Sidecar::OnBatch(const HttpRequest& req, HttpResponse& res) {
  if (req.HasHeader("Idempotency-Key")) {
    return SendError(res, 400, "http.bad_idempotency_key", MessageOf("http.batch_idempotency_key", LangOf(req)),
                     "Idempotency-Key");
  }
  DecideOptions options;
  if (!OptionsOf(req, res, TraceLevel::kRules, &options)) return;
  options.format = CaseFormat::kJson;  // JSON Lines
  if (RefuseForeignBody(req, res, options.lang, "http.expect_batch")) return;
  // Counted before any line is decided: the answer is then at most
  // max_batch_lines lines, each one decision or error record.
  std::string_view body = req.body;
  if (!body.empty() && body.back() == '\n') body.remove_suffix(1);
  const size_t lines = body.empty() ? 0 : static_cast<size_t>(std::count(body.begin(), body.end(), '\n')) + 1;
  if (lines > options_.max_batch_lines) {
    return SendError(res, 413, "limit.batch_lines",
                     MessageOf("http.batch_lines", options.lang,
                               {std::to_string(lines), std::to_string(options_.max_batch_lines)}));
  }
  auto rules = live_.Current();  // the whole batch on one rule set
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
  body = req.body;
  long number = 0;
  while (!body.empty()) {
    size_t nl = body.find('\n');
    std::string_view line = body.substr(0, nl);
    body = nl == std::string_view::npos ? std::string_view() : body.substr(nl + 1);
    auto started = Clock::now();
    LineResult r = DecideLine(*rules, line, ++number, options, record);
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    if (r.ok) {
      metrics_.Decided(r.code, seconds);
    } else {
      metrics_.Failed(r.code);
    }
    out += r.text;
    out += '\n';
  }
  res.SetContent(std::move(out), "application/x-ndjson");
}

void Sidecar::OnExplain(const HttpRequest& req, HttpResponse& res) {
  if (!CheckParam(req, res, LangOf(req), "format", {"text", "json"})) return;
  if (!CheckParam(req, res, LangOf(req), "detail", {"true", "false"})) return;
  const std::string* detail = req.Param("detail");
  DecideOptions options;
  std::optional<Lang> asked;
  if (!OptionsOf(req, res, TraceLevel::kFull, &options, &asked)) return;
  if (RefuseForeignBody(req, res, options.lang, "http.expect_case")) return;
  options.trace = TraceLevel::kFull;  // the explanation is rendered from the full trace
  auto rules = live_.Current();
  const Lang lang = options.lang;
  thread_local DecisionResult result;
  RecordReceipt receipt;
  if (!DecideRecorded(*rules, req, options, res, &result, &receipt)) return;
  // Deadlines from the decision time: the record's, else the clock's.
  const ExplainOptions explain{lang, detail != nullptr && *detail == "true",
                               receipt.decided_at.empty() ? options.now : receipt.decided_at};
  std::string text = Explain(result, explain);
  const std::string* format = req.Param("format");
  if (format != nullptr && *format == "json") {
    DecisionJsonOptions json;
    json.include_trace = false;
    json.decision_id = receipt.decision_id;
    json.decided_at = receipt.decided_at;
    json.explanation = text;
    std::string body;
    result.AppendJson(&body, json);
    body = WithSummary(std::move(body), ExplainSummaryJson(result, explain)) + '\n';
    res.SetContent(std::move(body), kJson);
  } else {
    res.SetContent(std::move(text), "text/plain; charset=utf-8");
  }
}

// A person's review of a recorded decision, appended to the same chain; the
// server sets the time. Roles and reason codes are the rule set's.
void Sidecar::OnReview(const HttpRequest& req, HttpResponse& res) {
  if (options_.records == nullptr) {
    return SendError(res, 409, "http.no_records", MessageOf("http.no_records", LangOf(req)));
  }
  const Lang lang = LangOf(req);
  if (RefuseForeignBody(req, res, LangOf(req), "http.expect_review")) return;
  auto body = nlohmann::json::parse(req.body, nullptr, false);
  if (!body.is_object()) {
    return SendError(res, 400, "review.bad_json", MessageOf("review.bad_json", lang));
  }
  Review review;
  for (auto it = body.begin(); it != body.end(); ++it) {
    std::string* slot = it.key() == "decision_id" ? &review.decision_id
                        : it.key() == "role"      ? &review.role
                        : it.key() == "action"    ? &review.action
                        : it.key() == "reason"    ? &review.reason
                                                  : nullptr;
    if (!slot) {
      return SendError(res, 400, "review.unknown_field", MessageOf("review.unknown_field", lang, {it.key()}), it.key());
    }
    if (!it.value().is_string()) {
      return SendError(res, 400, "review.bad_type", MessageOf("review.bad_type", lang, {it.key()}), it.key());
    }
    *slot = it.value().get<std::string>();
  }
  for (const auto& [field, value] : {std::pair<const char*, const std::string*>{"decision_id", &review.decision_id},
                                     {"role", &review.role},
                                     {"action", &review.action},
                                     {"reason", &review.reason}}) {
    if (value->empty()) return SendError(res, 400, "review.missing_field", MessageOf("review.missing_field", lang, {field}), field);
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
    if (StatusFor(st) == 503) res.SetHeader("Retry-After", "5");
    return SendError(res, StatusFor(st), st.code(), st.message(), st.field());
  }
  res.status = 201;
  ordered_json j = {{"review_id", id},      {"decision_id", review.decision_id}, {"role", review.role},
                    {"action", review.action}, {"reason", review.reason},           {"reviewed_at", now}};
  res.SetContent(JsonText(j) + "\n", kJson);
}

void Sidecar::OnRuleset(const HttpRequest&, HttpResponse& res) { res.SetContent(RulesetJson(), kJson); }

void Sidecar::OnHealth(const HttpRequest&, HttpResponse& res) { res.SetContent("{\"status\":\"ok\"}\n", kJson); }

// Ready to decide: rules are loaded (always, once serving) and, with
// --record, the record file can be written; else 503 and why.
void Sidecar::OnReady(const HttpRequest&, HttpResponse& res) {
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
  res.SetContent(JsonText(j) + "\n", kJson);
}

// The contract, docs/openapi.json as built in (the token applies, as for
// every route but the probes).
void Sidecar::OnOpenApi(const HttpRequest&, HttpResponse& res) { res.SetContent(OpenApiDocument(), kJson); }

void Sidecar::OnMetrics(const HttpRequest&, HttpResponse& res) {
  auto rules = live_.Current();
  res.SetContent(metrics_.Render({rules->id(), rules->version(), rules->digest()}),
                 "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace referral::cli
