// See workbench.h. Errors are answered as the sidecar's are (SendError):
// JSON with a 4xx status; no exception escapes a handler.
#include "workbench/workbench.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "cli_common.h"
#include "external_filter.h"
#include "json_text.h"
#include "json_views.h"
#include "referral/book.h"
#include "referral/contracts.h"
#include "referral/graph.h"
#include "referral/record.h"
#include "serve/rules_watcher.h"
#include "serve/sidecar.h"
#include "workbench_page.h"

namespace referral::cli {

namespace {

constexpr const char* kJson = "application/json";

// The page and its script come from this server only. The rule book, shown
// in a frame of the page (srcdoc, under this policy), has inline style and
// no script.
constexpr const char* kPagePolicy =
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
constexpr const char* kBookPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'self'";

void SendJson(HttpResponse& res, const ojson& j) { res.SetContent(JsonText(j) + "\n", kJson); }

const char* LangCode(Lang lang) { return lang == Lang::kEs ? "es" : "en"; }

// The record file's lines that are records, as (1-based line, JSON).
std::vector<std::pair<long, ojson>> RecordLines(const std::string& path) {
  std::vector<std::pair<long, ojson>> out;
  std::ifstream in(path, std::ios::binary);
  std::string line;
  for (long n = 1; std::getline(in, line); ++n) {
    ojson j = ojson::parse(line, nullptr, false);
    if (!j.is_discarded() && j.is_object()) out.emplace_back(n, std::move(j));
  }
  return out;
}

// Whether a Host header names this machine by a loopback name or address
// (with or without a port).
bool LoopbackHost(std::string host) {
  if (!host.empty() && host.front() == '[') {
    const size_t close = host.find(']');
    return close != std::string::npos && host.substr(1, close - 1) == "::1";
  }
  host = host.substr(0, host.find(':'));
  if (host == "localhost") return true;
  if (host.rfind("127.", 0) != 0) return false;
  return host.find_first_not_of("0123456789.") == std::string::npos;
}

std::string Str(const ojson& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Workbench::Workbench(std::string rules_path, WorkbenchOptions options)
    : rules_path_(std::move(rules_path)),
      options_(std::move(options)),
      archived_(options_.archive),
      server_(
          options_.http, [this](const HttpRequest& req, HttpResponse& res) { Handle(req, res); },
          [](int status, const HttpRequest&, HttpResponse& res) {
            SendError(res, status, "http.bad_request", MessageOf("http.bad_request", Lang::kEn));
          },
          [](const HttpExchange&) {}) {}

Workbench::~Workbench() = default;

int Workbench::Bind() {
  std::string error;
  const int port = server_.Bind(&error);
  if (port < 0) spdlog::error("{}", error);
  return port;
}

bool Workbench::Listen() { return server_.Run(); }

void Workbench::Stop() { server_.Stop(); }

std::shared_ptr<const Workbench::Loaded> Workbench::Current() {
  std::lock_guard<std::mutex> lock(mu_);
  // Taken before the files are read: a save during the load is seen by the
  // next request (one load too many, never one missed).
  std::string fingerprint = RulesFingerprint(rules_path_);
  if (loaded_ && loaded_->fingerprint == fingerprint) return loaded_;
  auto next = std::make_shared<Loaded>();
  next->fingerprint = std::move(fingerprint);
  next->generation = loaded_ ? loaded_->generation + 1 : 1;
  const Lang lang = options_.lang ? *options_.lang : DeclaredLanguage(rules_path_).value_or(Lang::kEs);
  auto rules = LoadRuleset(rules_path_, &next->diagnostics, CliLoadOptions(lang));
  if (rules.ok()) next->rules = std::move(rules).value();
  spdlog::info("read the rules at {}: {}", rules_path_,
               next->rules ? next->rules->id() + " " + next->rules->version() + " " + next->rules->digest()
                           : std::to_string(CountErrors(next->diagnostics)) + " error(s)");
  loaded_ = std::move(next);
  return loaded_;
}

Lang Workbench::LangOf(const HttpRequest& req, const Loaded& loaded) const {
  if (const std::string* l = req.Param("lang")) {
    if (*l == "es") return Lang::kEs;
    if (*l == "en") return Lang::kEn;
  }
  if (options_.lang) return *options_.lang;
  return loaded.rules ? loaded.rules->language() : DeclaredLanguage(rules_path_).value_or(Lang::kEs);
}

const Ruleset* Workbench::RulesForDigest(const Ruleset& current, const std::string& digest) {
  if (digest == current.digest()) return &current;
  return options_.archive.empty() ? nullptr : archived_.Find(digest);
}

void Workbench::Handle(const HttpRequest& req, HttpResponse& res) {
  res.SetHeader("X-Content-Type-Options", "nosniff");
  res.SetHeader("Referrer-Policy", "no-referrer");
  res.SetHeader("Cache-Control", "no-store");
  const std::string& path = req.path;
  if (path == "/" || path == "/index.html" || path == "/app.js" || path == "/app.css") {
    if (req.method != "GET") {
      res.SetHeader("Allow", "GET");
      return SendError(res, 405, "http.method_not_allowed", MessageOf("http.method_not_allowed", Lang::kEn, {path, "GET"}));
    }
    res.SetHeader("Content-Security-Policy", kPagePolicy);
    if (path == "/app.js") return res.SetContent(std::string(kWorkbenchJs), "text/javascript; charset=utf-8");
    if (path == "/app.css") return res.SetContent(std::string(kWorkbenchCss), "text/css; charset=utf-8");
    return res.SetContent(std::string(kWorkbenchHtml), "text/html; charset=utf-8");
  }
  if (path.rfind("/api/", 0) != 0) return SendError(res, 404, "http.not_found", MessageOf("http.not_found", Lang::kEn));
  // Without a token, only a page this host loaded may ask: a site whose name
  // was made to resolve to 127.0.0.1 (DNS rebinding) sends its own name.
  if (options_.token.empty() && !LoopbackHost(req.Header("Host"))) {
    return SendError(res, 403, "workbench.bad_host", MessageOf("workbench.bad_host", Lang::kEn));
  }
  if (!options_.token.empty() && !BearerMatches(req, options_.token)) {
    res.SetHeader("WWW-Authenticate", "Bearer");
    return SendError(res, 401, "http.unauthorized", MessageOf("http.unauthorized", Lang::kEn));
  }
  using Handler = void (Workbench::*)(const HttpRequest&, HttpResponse&, const Ruleset&, Lang);
  struct Route {
    const char* path;
    const char* method;
    Handler handler;
  };
  static const Route routes[] = {
      {"/api/form", "GET", &Workbench::OnForm},       {"/api/decide", "POST", &Workbench::OnDecide},
      {"/api/whynot", "POST", &Workbench::OnWhyNot},  {"/api/graph", "GET", &Workbench::OnGraph},
      {"/api/book", "GET", &Workbench::OnBook},       {"/api/analyze", "GET", &Workbench::OnAnalyze},
      {"/api/tests", "GET", &Workbench::OnTests},     {"/api/diff", "GET", &Workbench::OnDiff},
      {"/api/records", "GET", &Workbench::OnRecords}, {"/api/records/explain", "GET", &Workbench::OnRecordExplain}};
  try {
    std::shared_ptr<const Loaded> loaded = Current();
    const Lang lang = LangOf(req, *loaded);
    if (path == "/api/state") {
      if (req.method == "GET") return OnState(res, *loaded, lang);
      res.SetHeader("Allow", "GET");
      return SendError(res, 405, "http.method_not_allowed", MessageOf("http.method_not_allowed", lang, {path, "GET"}));
    }
    for (const Route& r : routes) {
      if (path != r.path) continue;
      if (req.method != r.method) {
        res.SetHeader("Allow", r.method);
        return SendError(res, 405, "http.method_not_allowed",
                         MessageOf("http.method_not_allowed", lang, {r.path, r.method}));
      }
      // A broken rule set: the page shows the diagnostics (GET /api/state).
      if (!loaded->rules) {
        return SendError(res, 409, "workbench.rules_invalid",
                         MessageOf("workbench.rules_invalid", lang, {rules_path_, std::to_string(CountErrors(loaded->diagnostics))}));
      }
      return (this->*r.handler)(req, res, *loaded->rules, lang);
    }
    SendError(res, 404, "http.not_found", MessageOf("http.not_found", lang));
  } catch (const std::exception& e) {
    spdlog::error("internal error on {}: {}", path, e.what());
    SendError(res, 500, "internal", MessageOf("http.internal", Lang::kEn));
  }
}

void Workbench::OnState(HttpResponse& res, const Loaded& l, Lang lang) {
  ojson diagnostics = ojson::array();
  for (const Diagnostic& d : l.diagnostics) {
    diagnostics.push_back({{"severity", SeverityName(d.severity)},
                           {"code", d.code},
                           {"file", d.file},
                           {"line", d.line},
                           {"column", d.column},
                           {"message", d.message},
                           {"text", FormatDiagnostic(d)}});
  }
  ojson j = {{"ok", l.rules.has_value()},
             {"generation", l.generation},
             {"lang", LangCode(lang)},
             {"rules_path", rules_path_},
             {"ruleset", nullptr},
             {"diagnostics", std::move(diagnostics)},
             {"records", !options_.records.empty()},
             {"compare", options_.compare}};
  if (l.rules) {
    j["ruleset"] = RulesetJson(*l.rules);
    j["ruleset"]["title"] = l.rules->title(lang);
    j["ruleset"]["language"] = LangCode(l.rules->language());
  }
  SendJson(res, j);
}

void Workbench::OnForm(const HttpRequest&, HttpResponse& res, const Ruleset& rules, Lang lang) {
  res.SetContent(CaseFormJson(rules, lang), kJson);
}

// Decides the request's body (a case, JSON) with the full trace; on a refused
// case answers 400 with every problem and returns false.
static bool DecideBody(const Ruleset& rules, const HttpRequest& req, HttpResponse& res, Lang lang,
                       DecisionResult* result, std::string* now) {
  DecideOptions options;
  options.lang = lang;
  options.limits = CliCaseLimits();
  options.now = NowRfc3339();  // evaluation dates after the clock are refused
  options.trace = TraceLevel::kFull;  // the explanation's reasons need it
  options.format = CaseFormat::kJson;
  *now = options.now;
  Status s = DecideInto(rules, req.body, options, result);
  if (s.ok()) return true;
  SendError(res, 400, s);
  return false;
}

void Workbench::OnDecide(const HttpRequest& req, HttpResponse& res, const Ruleset& rules, Lang lang) {
  DecisionResult result;
  std::string now;
  if (!DecideBody(rules, req, res, lang, &result, &now)) return;
  ExplainOptions explain{lang, false, now};
  ojson j;
  j["decision"] = ojson::parse(ExplainedDecisionJson(result, explain));
  j["detail"] = Explain(result, ExplainOptions{lang, true, now});
  std::string why;
  const auto dot = FindOnPath("dot");
  std::optional<std::string> svg =
      dot ? DotToSvg(*dot, RenderGraph(result, GraphFormat::kDot, lang), &why) : std::nullopt;
  j["svg"] = svg ? ojson(*svg) : ojson(nullptr);
  if (!dot) why = MessageOf("cli.no_dot", lang);
  if (!svg) j["svg_error"] = why;
  SendJson(res, j);
}

void Workbench::OnWhyNot(const HttpRequest& req, HttpResponse& res, const Ruleset& rules, Lang lang) {
  const std::string* service = req.Param("service");
  if (service == nullptr) {
    return SendError(res, 400, "http.bad_param", MessageOf("http.bad_param", lang, {"service", "id"}), "service");
  }
  auto answer = WhyNot(rules, req.body, *service, CaseFormat::kJson);
  if (!answer.ok()) return SendError(res, 400, answer.status());
  ojson j = WhyNotJson(*answer);
  j["text"] = RenderWhyNot(*answer, lang);
  SendJson(res, j);
}

void Workbench::OnGraph(const HttpRequest&, HttpResponse& res, const Ruleset& rules, Lang lang) {
  const auto dot = FindOnPath("dot");
  if (!dot) return SendError(res, 503, "cli.no_dot", MessageOf("cli.no_dot", lang));
  std::string why;
  auto svg = DotToSvg(*dot, RenderGraph(rules, GraphFormat::kDot, nullptr, lang), &why);
  if (!svg) return SendError(res, 503, "cli.cannot_run_dot", MessageOf("cli.cannot_run_dot", lang, {why}));
  res.SetContent(std::move(*svg), "image/svg+xml");
}

void Workbench::OnBook(const HttpRequest&, HttpResponse& res, const Ruleset& rules, Lang lang) {
  res.SetHeader("Content-Security-Policy", kBookPolicy);
  res.SetContent(RenderBook(rules, BookFormat::kHtml, BookOptions{lang, nullptr}), "text/html; charset=utf-8");
}

void Workbench::OnAnalyze(const HttpRequest&, HttpResponse& res, const Ruleset& rules, Lang lang) {
  SendJson(res, AnalysisJson(rules, Analyze(rules, {}, lang)));
}

void Workbench::OnTests(const HttpRequest&, HttpResponse& res, const Ruleset& rules, Lang lang) {
  // The rule set's own tests, as `referral test RULES`; an overlay's base's
  // tests apart, as `--inherit` adds them.
  const std::vector<TestRun> runs = RunTestFiles(rules, FindTestFiles(rules_path_), lang);
  CoverageCollector coverage(rules);
  for (const TestRun& r : runs) {
    if (r.decision) coverage.Add(*r.decision);
  }
  const CoverageReport report = coverage.Report();
  ojson j = TestRunsJson(rules, runs, &report, true, lang);
  const std::vector<TestRun> inherited = RunInheritedTests(rules, rules_path_, lang);
  if (!inherited.empty()) {
    j["inherited"] = TestRunsJson(rules, inherited, nullptr, true, lang);
    j["inherited"]["from"] = inherited.front().inherited_from;
  }
  SendJson(res, j);
}

void Workbench::OnDiff(const HttpRequest&, HttpResponse& res, const Ruleset& rules, Lang lang) {
  if (options_.compare.empty()) {
    return SendError(res, 404, "workbench.no_compare", MessageOf("workbench.no_compare", lang));
  }
  // An archived rule set (`referral archive`'s DIR/DIGEST) or a rule folder.
  const std::filesystem::path compare(options_.compare);
  std::vector<Diagnostic> diags;
  StatusOr<Ruleset> base = std::filesystem::exists(compare / "manifest.json")
                               ? LoadArchived(compare.parent_path(), compare.filename().string())
                               : LoadRuleset(compare, &diags, CliLoadOptions(lang));
  if (!base.ok()) {
    std::string first;
    for (const auto& d : diags) {
      if (d.severity == Severity::kError) {
        first = FormatDiagnostic(d);
        break;
      }
    }
    return SendError(res, 409, "workbench.compare_invalid",
                     MessageOf("workbench.compare_invalid", lang,
                               {options_.compare, first.empty() ? base.status().message() : first}));
  }
  // A diff over the whole case space takes seconds on Bogotá: kept for the
  // same pair of rule sets.
  const std::string key = base->digest() + "|" + rules.digest();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (diff_key_ == key) return res.SetContent(diff_json_, kJson);
  }
  FactDifferences differences;
  DiffReport report = DiffSharedSpace(*base, rules, &differences);
  ojson j = DiffJson(*base, rules, report, differences);
  j["base"]["path"] = options_.compare;
  j["head"]["path"] = rules_path_;
  const std::string text = JsonText(j) + "\n";
  {
    std::lock_guard<std::mutex> lock(mu_);
    diff_key_ = key;
    diff_json_ = text;
  }
  res.SetContent(text, kJson);
}

void Workbench::OnRecords(const HttpRequest&, HttpResponse& res, const Ruleset& rules, Lang lang) {
  if (options_.records.empty()) {
    return SendError(res, 404, "workbench.no_records", MessageOf("workbench.no_records", lang));
  }
  VerifyReport report = VerifyRecords(
      std::vector<std::filesystem::path>{options_.records},
      [&](const std::string& digest) { return RulesForDigest(rules, digest); }, lang);
  ojson j;
  j["file"] = options_.records;
  j["verify"] = VerifyJson(report, report.ok());
  const auto lines = RecordLines(options_.records);
  std::set<std::string> reviewed;
  for (const auto& [n, r] : lines) {
    if (Str(r, "record") == "review") reviewed.insert(Str(r, "decision_id"));
  }
  ojson decisions = ojson::array();
  for (const auto& [n, r] : lines) {
    if (Str(r, "record") != "decision") continue;
    ojson services = ojson::array(), duties = ojson::array();
    if (const auto it = r.find("referrals"); it != r.end() && it->is_array()) {
      for (const auto& ref : *it) {
        if (!ref.is_object()) continue;
        services.push_back(Str(ref, "service"));
        if (Str(ref, "legal_basis") != "consent") duties.push_back(Str(ref, "service"));
      }
    }
    const std::string id = Str(r, "decision_id");
    const auto ruleset = r.find("ruleset");
    decisions.push_back({{"line", n},
                         {"decision_id", id},
                         {"decided_at", Str(r, "decided_at")},
                         {"ruleset", ruleset != r.end() && ruleset->is_object() ? *ruleset : ojson(nullptr)},
                         {"outcome", Str(r, "outcome")},
                         {"services", std::move(services)},
                         {"fired_rules", r.contains("fired_rules") ? r["fired_rules"] : ojson::array()},
                         {"awaiting_review", !duties.empty() && reviewed.count(id) == 0},
                         {"duties", std::move(duties)}});
  }
  j["decisions"] = std::move(decisions);
  SendJson(res, j);
}

void Workbench::OnRecordExplain(const HttpRequest& req, HttpResponse& res, const Ruleset& rules, Lang lang) {
  const std::string* id = req.Param("id");
  if (options_.records.empty()) {
    return SendError(res, 404, "workbench.no_records", MessageOf("workbench.no_records", lang));
  }
  std::ifstream in(options_.records, std::ios::binary);
  std::string line;
  for (long n = 1; id != nullptr && std::getline(in, line); ++n) {
    ojson r = ojson::parse(line, nullptr, false);
    if (r.is_discarded() || !r.is_object() || Str(r, "record") != "decision" || Str(r, "decision_id") != *id) continue;
    const std::string digest = r.contains("ruleset") && r["ruleset"].is_object() ? Str(r["ruleset"], "digest") : "";
    const Ruleset* decided_by = RulesForDigest(rules, digest);
    if (decided_by == nullptr) {
      return SendError(res, 409, "record.unknown_digest", MessageOf("workbench.unknown_digest", lang, {*id, digest}));
    }
    auto replay = ReplayInput(*decided_by, line);
    if (!replay.ok()) return SendError(res, 409, replay.status());
    DecideOptions options;
    options.lang = lang;
    options.now = Str(r, "decided_at");
    options.trace = TraceLevel::kFull;
    DecisionResult result;
    Status s = DecideInto(*decided_by, *replay, options, &result);
    if (!s.ok()) return SendError(res, 409, s);
    ojson j = {{"line", n},
               {"decision_id", *id},
               {"decided_at", options.now},
               {"ruleset", RulesetJson(*decided_by)},
               {"decision", ojson::parse(ExplainedDecisionJson(result, ExplainOptions{lang, false, options.now}))}};
    return SendJson(res, j);
  }
  SendError(res, 404, "record.unknown_decision", MessageOf("workbench.unknown_decision", lang, {id ? *id : ""}));
}

}  // namespace referral::cli
