// The C ABI (include/referral/referral.h) over the public C++ API. Every entry
// point catches everything, so no exception crosses into C, and reports
// failure through a negative code and a per-thread last error.
#include "referral/referral.h"

#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <nlohmann/json.hpp>
#include <string>

#include "referral/engine.h"
#include "referral/explain.h"
#include "referral/live_ruleset.h"
#include "referral/record.h"
#include "referral/version.h"

struct referral_engine {
  std::unique_ptr<referral::LiveRuleset> live;
};

struct referral_records {
  std::mutex mu;  // RecordLog is not thread-safe: one append at a time
  std::unique_ptr<referral::RecordLog> log;
};

namespace {

struct LastError {
  std::string message, code, field;
  std::string errors_json = "[]";  // every problem, for referral_last_errors()
};
thread_local LastError last_error;

// JSON text that no string can make throw: each byte that is not UTF-8 (a
// rule file's name is the file system's bytes) becomes U+FFFD. The C ABI sees
// only the public API, so this is engine/util/json_text.h's rule restated.
std::string JsonText(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string ErrorsJson(const std::vector<referral::ErrorDetail>& errors) {
  auto j = nlohmann::ordered_json::array();
  for (const auto& e : errors) {
    j.push_back({{"code", e.code},
                 {"field", e.field.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(e.field)},
                 {"message", e.message}});
  }
  return JsonText(j);
}

int Fail(int rc, std::string code, std::string message, std::string field = {}) {
  last_error = {message, code, field, ErrorsJson({{code, field, message}})};
  return rc;
}

int Ok() {
  last_error = {};
  return REFERRAL_OK;
}

int FailStatus(const referral::Status& s) {
  const std::string& code = s.code();
  int rc = REFERRAL_E_INTERNAL;
  // A `limit.*` status from deciding is the case's own (too large, too deep);
  // limits hit while loading rules come back as `ruleset.invalid`.
  if (code.rfind("case.", 0) == 0 || code.rfind("limit.", 0) == 0) rc = REFERRAL_E_CASE;
  else if (code.rfind("eval.", 0) == 0) rc = REFERRAL_E_EVAL;
  else if (code == "ruleset.io") rc = REFERRAL_E_IO;
  else if (code.rfind("ruleset.", 0) == 0 || code.rfind("reload.", 0) == 0) rc = REFERRAL_E_RULES;
  else if (code == "record.io" || code == "record.unavailable") rc = REFERRAL_E_RECORD;
  else if (code == "record.bad_time" || code == "record.bad_review" || code == "record.unknown_decision" ||
           code == "record.idempotency_conflict" || code == "record.bad_idempotency_key") {
    rc = REFERRAL_E_ARG;
  }
  Fail(rc, code, s.message(), s.field());
  last_error.errors_json = ErrorsJson(s.errors());
  return rc;
}

// A record error names the C parameter at fault rather than the command-line
// option the C++ status names (`now`, `decision`).
int FailRecord(const referral::Status& s, const char* time_param) {
  int rc = FailStatus(s);
  if (last_error.field == "now") last_error.field = time_param;
  else if (last_error.field == "decision") last_error.field = "decision_id";
  return rc;
}

// The status message, followed by every error-level diagnostic on its line.
int FailLoad(const referral::Status& s, const std::vector<referral::Diagnostic>& diags) {
  std::string message = s.message();
  for (const auto& d : diags) {
    if (d.severity == referral::Severity::kError) message += "\n" + referral::FormatDiagnostic(d);
  }
  int rc = FailStatus(s);
  last_error.message = std::move(message);
  return rc;
}

int Give(char** out, const std::string& text) {
  char* s = static_cast<char*>(std::malloc(text.size() + 1));
  if (s == nullptr) return Fail(REFERRAL_E_NOMEM, "nomem", "out of memory");
  std::memcpy(s, text.data(), text.size() + 1);
  *out = s;
  return Ok();
}

// Runs `body`, turning any exception into an error code.
template <typename F>
int Guard(F&& body) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return Fail(REFERRAL_E_NOMEM, "nomem", "out of memory");
  } catch (const std::exception& e) {
    return Fail(REFERRAL_E_INTERNAL, "internal", std::string("internal error: ") + e.what());
  } catch (...) {
    return Fail(REFERRAL_E_INTERNAL, "internal", "internal error");
  }
}

int NullArg(const char* name) { return Fail(REFERRAL_E_ARG, "arg.null", std::string("`") + name + "` is NULL"); }

// Sets options->trace from a REFERRAL_TRACE_* level; false (and the error set)
// for any other value.
bool TraceOption(int trace_level, referral::DecideOptions* options) {
  if (trace_level < REFERRAL_TRACE_OFF || trace_level > REFERRAL_TRACE_FULL) {
    Fail(REFERRAL_E_ARG, "arg.trace_level", "`trace_level` must be REFERRAL_TRACE_OFF, _RULES or _FULL");
    return false;
  }
  options->trace = static_cast<referral::TraceLevel>(trace_level);
  return true;
}

}  // namespace

extern "C" {

const char* referral_version(void) { return referral::kEngineVersion; }

int referral_version_number(void) { return REFERRAL_VERSION_NUMBER; }

int referral_engine_open(referral_engine_t** out, const char* path) {
  return Guard([&] {
    if (out == nullptr) return NullArg("out");
    *out = nullptr;
    if (path == nullptr) return NullArg("path");
    std::vector<referral::Diagnostic> diags;
    auto live = referral::LiveRuleset::Open(path, &diags);
    if (!live.ok()) return FailLoad(live.status(), diags);
    *out = new referral_engine{std::move(live).value()};
    return Ok();
  });
}

int referral_engine_open_memory(referral_engine_t** out, const char* yaml, size_t len, const char* name) {
  return Guard([&] {
    if (out == nullptr) return NullArg("out");
    *out = nullptr;
    if (yaml == nullptr) return NullArg("yaml");
    std::vector<referral::Diagnostic> diags;
    auto rules = referral::LoadRulesetFromString(std::string_view(yaml, len), name ? name : "<memory>", &diags);
    if (!rules.ok()) return FailLoad(rules.status(), diags);
    *out = new referral_engine{std::make_unique<referral::LiveRuleset>(std::move(rules).value())};
    return Ok();
  });
}

int referral_engine_reload(referral_engine_t* engine) {
  return Guard([&] {
    if (engine == nullptr) return NullArg("engine");
    std::vector<referral::Diagnostic> diags;
    referral::Status s = engine->live->Reload(&diags);
    if (!s.ok()) return s.code() == "reload.no_path" ? FailStatus(s) : FailLoad(s, diags);
    return Ok();
  });
}

void referral_engine_free(referral_engine_t* engine) { delete engine; }

int referral_engine_info(char** out_json, referral_engine_t* engine) {
  return Guard([&] {
    if (out_json == nullptr) return NullArg("out_json");
    *out_json = nullptr;
    if (engine == nullptr) return NullArg("engine");
    auto rules = engine->live->Current();
    nlohmann::ordered_json j = {{"id", rules->id()},
                                {"version", rules->version()},
                                {"digest", rules->digest()},
                                {"loaded_at", engine->live->loaded_at()},
                                {"generation", engine->live->generation()},
                                {"engine_version", referral::kEngineVersion}};
    return Give(out_json, JsonText(j));
  });
}

int referral_decide(char** out_json, referral_engine_t* engine, const char* case_json, size_t len, int trace_level) {
  return Guard([&] {
    if (out_json == nullptr) return NullArg("out_json");
    *out_json = nullptr;
    if (engine == nullptr) return NullArg("engine");
    if (case_json == nullptr) return NullArg("case_json");
    referral::DecideOptions options;
    if (!TraceOption(trace_level, &options)) return REFERRAL_E_ARG;
    options.now = referral::NowRfc3339();  // evaluation dates after the clock are refused
    referral::DecisionResult result;
    referral::Status s = referral::DecideInto(*engine->live->Current(), std::string_view(case_json, len), options,
                                              &result);
    if (!s.ok()) return FailStatus(s);
    std::string out;
    result.AppendJson(&out);
    return Give(out_json, out);
  });
}

int referral_records_open(referral_records_t** out, const char* path) {
  return Guard([&] {
    if (out == nullptr) return NullArg("out");
    *out = nullptr;
    if (path == nullptr) return NullArg("path");
    auto log = referral::RecordLog::Open(path);
    if (!log.ok()) return FailStatus(log.status());
    auto records = std::make_unique<referral_records>();
    records->log = std::move(log).value();
    *out = records.release();
    return Ok();
  });
}

void referral_records_free(referral_records_t* records) { delete records; }

int referral_decide_recorded(char** out_json, referral_engine_t* engine, referral_records_t* records,
                             const char* case_json, size_t len, int trace_level, const char* decided_at,
                             const char* idempotency_key) {
  return Guard([&] {
    if (out_json == nullptr) return NullArg("out_json");
    *out_json = nullptr;
    if (engine == nullptr) return NullArg("engine");
    if (records == nullptr) return NullArg("records");
    if (case_json == nullptr) return NullArg("case_json");
    if (idempotency_key != nullptr && *idempotency_key == '\0') {
      return Fail(REFERRAL_E_ARG, "arg.idempotency_key", "`idempotency_key` is empty; pass NULL for none",
                  "idempotency_key");
    }
    referral::DecideOptions options;
    if (!TraceOption(trace_level, &options)) return REFERRAL_E_ARG;
    // The decision time: the caller's `decided_at`, else the clock. A bad
    // `decided_at` is the record's to refuse (`record.bad_time`).
    options.now = decided_at != nullptr && referral::IsRfc3339(decided_at) ? decided_at : referral::NowRfc3339();
    // One rule set for the decision and its record, whatever reloads meanwhile.
    auto rules = engine->live->Current();
    const std::string_view text(case_json, len);
    auto d = referral::Decide(*rules, text, options);
    if (!d.ok()) return FailStatus(d.status());
    referral::RecordReceipt receipt;
    referral::Status s;
    {
      std::lock_guard<std::mutex> lock(records->mu);
      // The clock is read under the lock, so that the file's times never go back.
      s = records->log->AppendDecision(*rules, *d, text, options.format,
                                       decided_at ? decided_at : referral::NowRfc3339(),
                                       idempotency_key ? idempotency_key : "", &receipt);
    }
    if (!s.ok()) return FailRecord(s, "decided_at");
    d->decision_id = std::move(receipt.decision_id);
    d->decided_at = std::move(receipt.decided_at);
    return Give(out_json, referral::DecisionToJson(*d));
  });
}

int referral_review(char** out_json, referral_engine_t* engine, referral_records_t* records, const char* decision_id,
                    const char* role, const char* action, const char* reason, const char* reviewed_at) {
  return Guard([&] {
    if (out_json == nullptr) return NullArg("out_json");
    *out_json = nullptr;
    if (engine == nullptr) return NullArg("engine");
    if (records == nullptr) return NullArg("records");
    if (decision_id == nullptr) return NullArg("decision_id");
    if (role == nullptr) return NullArg("role");
    if (action == nullptr) return NullArg("action");
    if (reason == nullptr) return NullArg("reason");
    auto rules = engine->live->Current();  // its declared review roles and reason codes
    const referral::Review review{decision_id, role, action, reason};
    std::string at;
    std::string review_id;
    referral::Status s;
    {
      std::lock_guard<std::mutex> lock(records->mu);
      at = reviewed_at ? reviewed_at : referral::NowRfc3339();
      s = records->log->AppendReview(*rules, review, at, &review_id);
    }
    if (!s.ok()) return FailRecord(s, "reviewed_at");
    nlohmann::ordered_json j = {{"review_id", review_id}, {"decision_id", review.decision_id},
                                {"role", review.role},     {"action", review.action},
                                {"reason", review.reason}, {"reviewed_at", at}};
    return Give(out_json, JsonText(j));
  });
}

int referral_explain(char** out_json, referral_engine_t* engine, const char* case_json, size_t len,
                     const char* lang) {
  return Guard([&] {
    if (out_json == nullptr) return NullArg("out_json");
    *out_json = nullptr;
    if (engine == nullptr) return NullArg("engine");
    if (case_json == nullptr) return NullArg("case_json");
    auto rules = engine->live->Current();
    referral::Lang l = rules->language();
    if (lang != nullptr) {
      if (std::strcmp(lang, "es") == 0) l = referral::Lang::kEs;
      else if (std::strcmp(lang, "en") == 0) l = referral::Lang::kEn;
      else return Fail(REFERRAL_E_ARG, "arg.lang", "`lang` must be \"es\", \"en\" or NULL");
    }
    referral::DecideOptions options;
    options.now = referral::NowRfc3339();  // evaluation dates after the clock are refused
    if (lang != nullptr) options.lang = l;  // a refused case's messages too
    referral::DecisionResult result;
    referral::Status s = referral::DecideInto(*rules, std::string_view(case_json, len), options, &result);
    if (!s.ok()) return FailStatus(s);
    const std::string explanation = referral::Explain(result, l);
    referral::DecisionJsonOptions json;
    json.include_trace = false;
    json.explanation = explanation;
    std::string out;
    result.AppendJson(&out, json);
    return Give(out_json, out);
  });
}

int referral_check(char** out_json, const char* path) {
  return Guard([&] {
    if (out_json == nullptr) return NullArg("out_json");
    *out_json = nullptr;
    if (path == nullptr) return NullArg("path");
    std::vector<referral::Diagnostic> diags;
    auto rules = referral::LoadRuleset(path, &diags);
    nlohmann::ordered_json j = {{"ok", rules.ok()},
                                {"diagnostics", nlohmann::ordered_json::parse(referral::DiagnosticsToJson(diags))}};
    return Give(out_json, JsonText(j));
  });
}

void referral_string_free(char* s) { std::free(s); }

const char* referral_last_error(void) { return last_error.message.c_str(); }
const char* referral_last_error_code(void) { return last_error.code.c_str(); }
const char* referral_last_error_field(void) { return last_error.field.c_str(); }
const char* referral_last_errors(void) { return last_error.errors_json.c_str(); }

}  // extern "C"
