// The C ABI (include/referral/referral.h) over the public C++ API. Every entry
// point catches everything, so no exception crosses into C, and reports
// failure through a negative code, an owned error object when the caller asks
// for one, and a per-thread last error.
#include "referral/referral.h"

#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "referral/engine.h"
#include "referral/explain.h"
#include "referral/live_ruleset.h"
#include "referral/record.h"
#include "referral/version.h"

struct referral_error {
  int status = REFERRAL_OK;
  std::string message, code, field;
  std::string errors_json = "[]";  // every problem, for referral_error_list()
};

struct referral_options {
  referral::LoadLimits load;
  referral::CaseLimits cases;
  referral::TraceLevel trace = referral::TraceLevel::kFull;
  std::optional<referral::Lang> lang;  // unset: the rule set's (as it declares it, when it is loaded)
  bool explain_detail = false;         // explanations add the technical trace

  // `path`: the rule set's, whose declared language speaks when none is set
  // (English for rules held in memory).
  referral::LoadOptions Load(const char* path = nullptr) const {
    referral::LoadOptions o;
    o.lang = lang ? *lang
                  : path ? referral::DeclaredLanguage(path).value_or(referral::Lang::kEn) : referral::Lang::kEn;
    o.limits = load;
    return o;
  }
  referral::DecideOptions Decide(const referral::Ruleset& rules) const {
    referral::DecideOptions o;
    o.trace = trace;
    o.limits = cases;
    o.lang = lang.value_or(rules.language());
    o.now = referral::NowRfc3339();  // evaluation dates after the clock are refused
    return o;
  }
};

struct referral_engine {
  std::unique_ptr<referral::LiveRuleset> live;
  referral_options options;  // what it was opened with: its decisions' defaults
};

struct referral_records {
  std::mutex mu;  // RecordLog is not thread-safe: one append at a time
  std::unique_ptr<referral::RecordLog> log;
};

namespace {

thread_local referral_error last_error;

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

// One call's outcome: the error it fails with, published when it returns.
class Call {
 public:
  int Fail(int rc, std::string code, std::string message, std::string field = {}) {
    error = {rc, message, code, field, ErrorsJson({{code, field, message}})};
    return rc;
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
    error.errors_json = ErrorsJson(s.errors());
    return rc;
  }

  // A record error names the C parameter at fault rather than the
  // command-line option the C++ status names (`now`, `decision`).
  int FailRecord(const referral::Status& s, const char* time_param) {
    int rc = FailStatus(s);
    if (error.field == "now") error.field = time_param;
    else if (error.field == "decision") error.field = "decision_id";
    return rc;
  }

  // The status message, followed by every error-level diagnostic on its line.
  int FailLoad(const referral::Status& s, const std::vector<referral::Diagnostic>& diags) {
    std::string message = s.message();
    for (const auto& d : diags) {
      if (d.severity == referral::Severity::kError) message += "\n" + referral::FormatDiagnostic(d);
    }
    int rc = FailStatus(s);
    error.message = std::move(message);
    return rc;
  }

  int NullArg(const char* name) { return Fail(REFERRAL_E_ARG, "arg.null", std::string("`") + name + "` is NULL"); }

  int Give(char** out, const std::string& text) {
    char* s = static_cast<char*>(std::malloc(text.size() + 1));
    if (s == nullptr) return Fail(REFERRAL_E_NOMEM, "nomem", "out of memory");
    std::memcpy(s, text.data(), text.size() + 1);
    *out = s;
    return REFERRAL_OK;
  }

  referral_error error;
};

// Runs `body(call)`, turning any exception into an error code, then leaves
// the outcome in the thread's last error and, after a failure, in a new error
// object for `err` (when not NULL; NULL too if memory ran out).
template <typename F>
int Guard(referral_error_t** err, F&& body) {
  if (err != nullptr) *err = nullptr;
  Call call;
  int rc = REFERRAL_E_INTERNAL;
  try {
    rc = body(call);
  } catch (const std::bad_alloc&) {
    rc = call.Fail(REFERRAL_E_NOMEM, "nomem", "out of memory");
  } catch (const std::exception& e) {
    rc = call.Fail(REFERRAL_E_INTERNAL, "internal", std::string("internal error: ") + e.what());
  } catch (...) {
    rc = call.Fail(REFERRAL_E_INTERNAL, "internal", "internal error");
  }
  if (rc == REFERRAL_OK) call.error = {};
  try {
    if (rc != REFERRAL_OK && err != nullptr) *err = new referral_error(call.error);
    last_error = std::move(call.error);
  } catch (...) {
    last_error = {};  // out of memory: the code alone says what happened
  }
  return rc;
}

// The options of a call: the caller's, else the engine's.
const referral_options& OptionsOf(const referral_options* options, const referral_engine_t* engine) {
  return options != nullptr ? *options : engine->options;
}

bool IsTraceLevel(int level) { return level >= REFERRAL_TRACE_OFF && level <= REFERRAL_TRACE_FULL; }

int BadTrace(Call& call) {
  return call.Fail(REFERRAL_E_ARG, "arg.trace_level", "`trace_level` must be REFERRAL_TRACE_OFF, _RULES or _FULL",
                   "trace_level");
}

// "es", "en"; nullopt for anything else.
std::optional<referral::Lang> LangOf(const char* lang) {
  if (std::strcmp(lang, "es") == 0) return referral::Lang::kEs;
  if (std::strcmp(lang, "en") == 0) return referral::Lang::kEn;
  return std::nullopt;
}

const referral_options kDefaults{};

// For the short forms: the engine's options with their trace level; nullopt,
// with the `arg.trace_level` error's code in *rc, for a level that is none.
std::optional<referral_options> OptionsWithTrace(char** out_json, const referral_engine_t* engine, int trace_level,
                                                 int* rc) {
  if (!IsTraceLevel(trace_level)) {
    *rc = Guard(nullptr, [&](Call& call) {
      if (out_json != nullptr) *out_json = nullptr;
      return BadTrace(call);
    });
    return std::nullopt;
  }
  referral_options options = engine != nullptr ? engine->options : kDefaults;
  options.trace = static_cast<referral::TraceLevel>(trace_level);
  return options;
}

// The decision JSON as `referral route --trace LEVEL` writes it: no `trace`
// key when tracing is off.
referral::DecisionJsonOptions JsonOptions(const referral::DecideOptions& decide) {
  referral::DecisionJsonOptions json;
  json.include_trace = decide.trace != referral::TraceLevel::kOff;
  return json;
}

}  // namespace

extern "C" {

const char* referral_version(void) { return referral::kEngineVersion; }

int referral_version_number(void) { return REFERRAL_VERSION_NUMBER; }

int referral_error_status(const referral_error_t* err) { return err ? err->status : REFERRAL_OK; }
const char* referral_error_message(const referral_error_t* err) { return err ? err->message.c_str() : ""; }
const char* referral_error_code(const referral_error_t* err) { return err ? err->code.c_str() : ""; }
const char* referral_error_field(const referral_error_t* err) { return err ? err->field.c_str() : ""; }
const char* referral_error_list(const referral_error_t* err) { return err ? err->errors_json.c_str() : "[]"; }
void referral_error_free(referral_error_t* err) { delete err; }

int referral_options_new(referral_options_t** out, referral_error_t** err) {
  return Guard(err, [&](Call& call) {
    if (out == nullptr) return call.NullArg("out");
    *out = new referral_options();
    return REFERRAL_OK;
  });
}

void referral_options_free(referral_options_t* options) { delete options; }

int referral_options_set_lang(referral_options_t* options, const char* lang, referral_error_t** err) {
  return Guard(err, [&](Call& call) {
    if (options == nullptr) return call.NullArg("options");
    if (lang == nullptr) return call.NullArg("lang");
    auto l = LangOf(lang);
    if (!l) return call.Fail(REFERRAL_E_ARG, "arg.lang", "`lang` must be \"es\" or \"en\"", "lang");
    options->lang = *l;
    return REFERRAL_OK;
  });
}

int referral_options_set_explain_detail(referral_options_t* options, int detail, referral_error_t** err) {
  return Guard(err, [&](Call& call) {
    if (options == nullptr) return call.NullArg("options");
    if (detail != 0 && detail != 1) {
      return call.Fail(REFERRAL_E_ARG, "arg.detail", "`detail` must be 0 or 1", "detail");
    }
    options->explain_detail = detail == 1;
    return REFERRAL_OK;
  });
}

int referral_options_set_trace(referral_options_t* options, int trace_level, referral_error_t** err) {
  return Guard(err, [&](Call& call) {
    if (options == nullptr) return call.NullArg("options");
    if (!IsTraceLevel(trace_level)) return BadTrace(call);
    options->trace = static_cast<referral::TraceLevel>(trace_level);
    return REFERRAL_OK;
  });
}

int referral_options_set_limit(referral_options_t* options, const char* name, size_t value, referral_error_t** err) {
  return Guard(err, [&](Call& call) {
    if (options == nullptr) return call.NullArg("options");
    if (name == nullptr) return call.NullArg("name");
    if (!referral::SetLimit(name, value, &options->load, &options->cases)) {
      return call.Fail(REFERRAL_E_ARG, "arg.limit",
                       std::string("no limit `") + name + "` of " + std::to_string(value) +
                           ": the value must be positive and the name one of " + referral::LimitNames() +
                           " (docs/limits.md)",
                       "name");
    }
    return REFERRAL_OK;
  });
}

int referral_engine_open_ex(referral_engine_t** out, const char* path, const referral_options_t* options,
                            referral_error_t** err) {
  return Guard(err, [&](Call& call) {
    if (out == nullptr) return call.NullArg("out");
    *out = nullptr;
    if (path == nullptr) return call.NullArg("path");
    const referral_options& o = options ? *options : kDefaults;
    std::vector<referral::Diagnostic> diags;
    auto live = referral::LiveRuleset::Open(path, &diags, o.Load(path));
    if (!live.ok()) return call.FailLoad(live.status(), diags);
    *out = new referral_engine{std::move(live).value(), o};
    return REFERRAL_OK;
  });
}

int referral_engine_open(referral_engine_t** out, const char* path) {
  return referral_engine_open_ex(out, path, nullptr, nullptr);
}

int referral_engine_open_memory_ex(referral_engine_t** out, const char* yaml, size_t len, const char* name,
                                   const referral_options_t* options, referral_error_t** err) {
  return Guard(err, [&](Call& call) {
    if (out == nullptr) return call.NullArg("out");
    *out = nullptr;
    if (yaml == nullptr) return call.NullArg("yaml");
    const referral_options& o = options ? *options : kDefaults;
    std::vector<referral::Diagnostic> diags;
    auto rules =
        referral::LoadRulesetFromString(std::string_view(yaml, len), name ? name : "<memory>", &diags, o.Load());
    if (!rules.ok()) return call.FailLoad(rules.status(), diags);
    *out = new referral_engine{std::make_unique<referral::LiveRuleset>(std::move(rules).value()), o};
    return REFERRAL_OK;
  });
}

int referral_engine_open_memory(referral_engine_t** out, const char* yaml, size_t len, const char* name) {
  return referral_engine_open_memory_ex(out, yaml, len, name, nullptr, nullptr);
}

int referral_engine_reload_ex(referral_engine_t* engine, referral_error_t** err) {
  return Guard(err, [&](Call& call) {
    if (engine == nullptr) return call.NullArg("engine");
    std::vector<referral::Diagnostic> diags;
    referral::Status s = engine->live->Reload(&diags);
    if (!s.ok()) return s.code() == "reload.no_path" ? call.FailStatus(s) : call.FailLoad(s, diags);
    return REFERRAL_OK;
  });
}

int referral_engine_reload(referral_engine_t* engine) { return referral_engine_reload_ex(engine, nullptr); }

void referral_engine_free(referral_engine_t* engine) { delete engine; }

int referral_engine_info_ex(char** out_json, referral_engine_t* engine, referral_error_t** err) {
  return Guard(err, [&](Call& call) {
    if (out_json == nullptr) return call.NullArg("out_json");
    *out_json = nullptr;
    if (engine == nullptr) return call.NullArg("engine");
    auto rules = engine->live->Current();
    nlohmann::ordered_json j = {{"id", rules->id()},
                                {"version", rules->version()},
                                {"digest", rules->digest()},
                                {"loaded_at", engine->live->loaded_at()},
                                {"generation", engine->live->generation()},
                                {"engine_version", referral::kEngineVersion}};
    return call.Give(out_json, JsonText(j));
  });
}

int referral_engine_info(char** out_json, referral_engine_t* engine) {
  return referral_engine_info_ex(out_json, engine, nullptr);
}

int referral_decide_ex(char** out_json, referral_engine_t* engine, const char* case_json, size_t len,
                       const referral_options_t* options, referral_error_t** err) {
  return Guard(err, [&](Call& call) {
    if (out_json == nullptr) return call.NullArg("out_json");
    *out_json = nullptr;
    if (engine == nullptr) return call.NullArg("engine");
    if (case_json == nullptr) return call.NullArg("case_json");
    auto rules = engine->live->Current();
    const referral::DecideOptions decide = OptionsOf(options, engine).Decide(*rules);
    referral::DecisionResult result;
    referral::Status s = referral::DecideInto(*rules, std::string_view(case_json, len), decide, &result);
    if (!s.ok()) return call.FailStatus(s);
    std::string out;
    result.AppendJson(&out, JsonOptions(decide));
    return call.Give(out_json, out);
  });
}

int referral_decide(char** out_json, referral_engine_t* engine, const char* case_json, size_t len, int trace_level) {
  int rc = REFERRAL_OK;
  auto options = OptionsWithTrace(out_json, engine, trace_level, &rc);
  return options ? referral_decide_ex(out_json, engine, case_json, len, &*options, nullptr) : rc;
}

int referral_explain_ex(char** out_json, referral_engine_t* engine, const char* case_json, size_t len,
                        const referral_options_t* options, referral_error_t** err) {
  return Guard(err, [&](Call& call) {
    if (out_json == nullptr) return call.NullArg("out_json");
    *out_json = nullptr;
    if (engine == nullptr) return call.NullArg("engine");
    if (case_json == nullptr) return call.NullArg("case_json");
    auto rules = engine->live->Current();
    const referral_options& o = OptionsOf(options, engine);
    referral::DecideOptions decide = o.Decide(*rules);
    decide.trace = referral::TraceLevel::kFull;  // the explanation reads it
    referral::DecisionResult result;
    referral::Status s = referral::DecideInto(*rules, std::string_view(case_json, len), decide, &result);
    if (!s.ok()) return call.FailStatus(s);
    // Deadlines as dates and times from the decision time (the clock).
    const referral::ExplainOptions explain{decide.lang, o.explain_detail, decide.now};
    const std::string explanation = referral::Explain(result, explain);
    referral::DecisionJsonOptions json;
    json.include_trace = false;
    json.explanation = explanation;
    std::string out;
    result.AppendJson(&out, json);
    // What to do, structured (docs/schema/explain.schema.json), as /v1/explain gives it.
    out.insert(out.rfind('}'), ",\"summary\":" + referral::ExplainSummaryJson(result, explain));
    return call.Give(out_json, out);
  });
}

int referral_explain(char** out_json, referral_engine_t* engine, const char* case_json, size_t len,
                     const char* lang) {
  referral_options options = engine != nullptr ? engine->options : kDefaults;
  if (lang != nullptr) {
    auto l = LangOf(lang);
    if (!l) {
      return Guard(nullptr, [&](Call& call) {
        if (out_json != nullptr) *out_json = nullptr;
        return call.Fail(REFERRAL_E_ARG, "arg.lang", "`lang` must be \"es\", \"en\" or NULL", "lang");
      });
    }
    options.lang = *l;
  }
  return referral_explain_ex(out_json, engine, case_json, len, &options, nullptr);
}

int referral_records_open_ex(referral_records_t** out, const char* path, referral_error_t** err) {
  return Guard(err, [&](Call& call) {
    if (out == nullptr) return call.NullArg("out");
    *out = nullptr;
    if (path == nullptr) return call.NullArg("path");
    auto log = referral::RecordLog::Open(path);
    if (!log.ok()) return call.FailStatus(log.status());
    auto records = std::make_unique<referral_records>();
    records->log = std::move(log).value();
    *out = records.release();
    return REFERRAL_OK;
  });
}

int referral_records_open(referral_records_t** out, const char* path) {
  return referral_records_open_ex(out, path, nullptr);
}

void referral_records_free(referral_records_t* records) { delete records; }

int referral_decide_recorded_ex(char** out_json, referral_engine_t* engine, referral_records_t* records,
                                const char* case_json, size_t len, const referral_options_t* options,
                                const char* decided_at, const char* idempotency_key, referral_error_t** err) {
  return Guard(err, [&](Call& call) {
    if (out_json == nullptr) return call.NullArg("out_json");
    *out_json = nullptr;
    if (engine == nullptr) return call.NullArg("engine");
    if (records == nullptr) return call.NullArg("records");
    if (case_json == nullptr) return call.NullArg("case_json");
    if (idempotency_key != nullptr && *idempotency_key == '\0') {
      return call.Fail(REFERRAL_E_ARG, "arg.idempotency_key", "`idempotency_key` is empty; pass NULL for none",
                       "idempotency_key");
    }
    auto rules = engine->live->Current();
    referral::DecideOptions decide = OptionsOf(options, engine).Decide(*rules);
    // The decision time: the caller's `decided_at`, else the clock. A bad
    // `decided_at` is the record's to refuse (`record.bad_time`).
    if (decided_at != nullptr && referral::IsRfc3339(decided_at)) decide.now = decided_at;
    // One rule set for the decision and its record, whatever reloads meanwhile.
    const std::string_view text(case_json, len);
    auto d = referral::Decide(*rules, text, decide);
    if (!d.ok()) return call.FailStatus(d.status());
    referral::RecordReceipt receipt;
    referral::Status s;
    {
      std::lock_guard<std::mutex> lock(records->mu);
      // The clock is read under the lock, so that the file's times never go back.
      s = records->log->AppendDecision(*rules, *d, text, decide.format,
                                       decided_at ? decided_at : referral::NowRfc3339(),
                                       idempotency_key ? idempotency_key : "", &receipt);
    }
    if (!s.ok()) return call.FailRecord(s, "decided_at");
    d->decision_id = std::move(receipt.decision_id);
    d->decided_at = std::move(receipt.decided_at);
    return call.Give(out_json, referral::DecisionToJson(*d, JsonOptions(decide)));
  });
}

int referral_decide_recorded(char** out_json, referral_engine_t* engine, referral_records_t* records,
                             const char* case_json, size_t len, int trace_level, const char* decided_at,
                             const char* idempotency_key) {
  int rc = REFERRAL_OK;
  auto options = OptionsWithTrace(out_json, engine, trace_level, &rc);
  return options ? referral_decide_recorded_ex(out_json, engine, records, case_json, len, &*options, decided_at,
                                               idempotency_key, nullptr)
                 : rc;
}

int referral_review_ex(char** out_json, referral_engine_t* engine, referral_records_t* records,
                       const char* decision_id, const char* role, const char* action, const char* reason,
                       const char* reviewed_at, referral_error_t** err) {
  return Guard(err, [&](Call& call) {
    if (out_json == nullptr) return call.NullArg("out_json");
    *out_json = nullptr;
    if (engine == nullptr) return call.NullArg("engine");
    if (records == nullptr) return call.NullArg("records");
    if (decision_id == nullptr) return call.NullArg("decision_id");
    if (role == nullptr) return call.NullArg("role");
    if (action == nullptr) return call.NullArg("action");
    if (reason == nullptr) return call.NullArg("reason");
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
    if (!s.ok()) return call.FailRecord(s, "reviewed_at");
    nlohmann::ordered_json j = {{"review_id", review_id}, {"decision_id", review.decision_id},
                                {"role", review.role},     {"action", review.action},
                                {"reason", review.reason}, {"reviewed_at", at}};
    return call.Give(out_json, JsonText(j));
  });
}

int referral_review(char** out_json, referral_engine_t* engine, referral_records_t* records, const char* decision_id,
                    const char* role, const char* action, const char* reason, const char* reviewed_at) {
  return referral_review_ex(out_json, engine, records, decision_id, role, action, reason, reviewed_at, nullptr);
}

int referral_check_ex(char** out_json, const char* path, const referral_options_t* options, referral_error_t** err) {
  return Guard(err, [&](Call& call) {
    if (out_json == nullptr) return call.NullArg("out_json");
    *out_json = nullptr;
    if (path == nullptr) return call.NullArg("path");
    std::vector<referral::Diagnostic> diags;
    auto rules = referral::LoadRuleset(path, &diags, (options ? *options : kDefaults).Load(path));
    nlohmann::ordered_json j = {{"ok", rules.ok()},
                                {"diagnostics", nlohmann::ordered_json::parse(referral::DiagnosticsToJson(diags))}};
    return call.Give(out_json, JsonText(j));
  });
}

int referral_check(char** out_json, const char* path) { return referral_check_ex(out_json, path, nullptr, nullptr); }

void referral_string_free(char* s) { std::free(s); }

const char* referral_last_error(void) { return last_error.message.c_str(); }
const char* referral_last_error_code(void) { return last_error.code.c_str(); }
const char* referral_last_error_field(void) { return last_error.field.c_str(); }
const char* referral_last_errors(void) { return last_error.errors_json.c_str(); }

}  // extern "C"
