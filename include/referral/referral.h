/* The C ABI of the referral engine, for systems in any language that can call
 * C (Python ctypes, Ruby FFI, Java FFM/JNA, Go cgo, ...).
 *
 * Conventions (libgit2's): opaque handles; output parameters first; functions
 * return REFERRAL_OK (0) or a negative REFERRAL_E_* code. Strings returned
 * through `char** out` are UTF-8, NUL-terminated, owned by the caller and
 * released with referral_string_free(). No C++ exception ever crosses this
 * boundary. Every *_free(NULL) is a no-op.
 *
 * Errors, two ways. Every function that can fail has an `_ex` form that ends
 * with `referral_error_t** err`: when `err` is not NULL it is set to NULL
 * first, and after a failure it holds an owned error object (code, field,
 * message, every problem) that the caller reads from any thread, at any time,
 * and releases with referral_error_free(). Prefer it from runtimes that move
 * work between OS threads (Go, Java virtual threads, async Python, Ruby
 * fibers). Every function, `_ex` or not, also leaves its outcome in the
 * calling OS thread's last error (referral_last_error() and friends, below).
 *
 * Options: the `_ex` forms take a `const referral_options_t*` (limits, the
 * language of messages and explanations, the trace level; NULL for the
 * defaults, or at decision time for the options the engine was opened with).
 * The short forms are their `_ex` forms with NULL options and NULL `err`
 * (plus the trace level or language they take).
 *
 * Arguments: a pointer argument may be NULL only where its function says so
 * (`name`, `lang`, `decided_at`, `idempotency_key`, `reviewed_at`, `options`,
 * `err`); any other
 * NULL is REFERRAL_E_ARG with the code `arg.null`. Output parameters (`out`,
 * `out_json`) are set to NULL before anything else, so after any failure they
 * hold NULL; after a success the caller owns what they point to and releases
 * it with the matching *_free(). Input strings are only read during the call.
 *
 * Thread-safety: a referral_engine_t may be used from any number of threads at
 * once, including referral_engine_reload() while others decide; a decision in
 * flight finishes on the rules it started with. So may a referral_records_t
 * and a referral_options_t that no one sets meanwhile.
 * The last-error functions are per OS thread: read them on the thread that
 * made the failed call, before any other call. A Go goroutine or a Java
 * virtual thread may move to another OS thread between two calls; pin it for
 * the call and the error read (Go: runtime.LockOSThread; Java: a platform
 * thread).
 *
 * Link with -lreferral_c (pkg-config referral-c; CMake referral::c).
 */
#ifndef REFERRAL_REFERRAL_H_
#define REFERRAL_REFERRAL_H_

#include <stddef.h>

#include "referral/version.h" /* REFERRAL_VERSION_MAJOR, _MINOR, _PATCH, _NUMBER, _STRING */

/* On Windows (untested here): exported while the library is built
 * (REFERRAL_C_BUILDING), imported by its consumers. */
#if defined(_WIN32)
#if defined(REFERRAL_C_BUILDING)
#define REFERRAL_C_API __declspec(dllexport)
#else
#define REFERRAL_C_API __declspec(dllimport)
#endif
#else
#define REFERRAL_C_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Error codes. Stable: never renumbered or reused. */
#define REFERRAL_OK 0
#define REFERRAL_E_ARG (-1)      /* a NULL or otherwise invalid argument */
#define REFERRAL_E_IO (-2)       /* a rule file could not be read */
#define REFERRAL_E_RULES (-3)    /* the rules are invalid; the message lists every problem */
#define REFERRAL_E_CASE (-4)     /* the case was rejected (`case.*`, or over a `limit.*`); see referral_last_error_field() */
#define REFERRAL_E_EVAL (-5)     /* the case broke the rules' contract (e.g. a `unique` node) */
#define REFERRAL_E_NOMEM (-6)    /* out of memory */
#define REFERRAL_E_INTERNAL (-7) /* a bug: please report it with the case's shape */
#define REFERRAL_E_RECORD (-8)   /* the record file could not be opened or written (`record.io`,
                                    `record.unavailable`): nothing was recorded */

/* Trace levels for referral_decide(): every level gives the same referrals. */
#define REFERRAL_TRACE_OFF 0
#define REFERRAL_TRACE_RULES 1
#define REFERRAL_TRACE_FULL 2

typedef struct referral_engine referral_engine_t;
typedef struct referral_records referral_records_t;
typedef struct referral_options referral_options_t;
typedef struct referral_error referral_error_t;

/* ---- Errors as owned objects ---------------------------------------------
 * What an `_ex` function returns through `err` after a failure. The strings
 * live as long as the error object. Each accessor given NULL returns
 * REFERRAL_OK or "" (for referral_error_list(), "[]"). */

/* The REFERRAL_E_* code the function returned. */
REFERRAL_C_API int referral_error_status(const referral_error_t* err);
/* A message for people, in the language the options asked for. */
REFERRAL_C_API const char* referral_error_message(const referral_error_t* err);
/* The stable code, e.g. "case.unknown_field", "ruleset.invalid", "arg.null". */
REFERRAL_C_API const char* referral_error_code(const referral_error_t* err);
/* The input field or parameter it concerns, "" when none. */
REFERRAL_C_API const char* referral_error_field(const referral_error_t* err);
/* Every problem, as a JSON array of {"code", "field" (null when none),
 * "message"}: for a rejected case, every invalid field at once (the first is
 * the error's own code, field and message); for other errors, that one. */
REFERRAL_C_API const char* referral_error_list(const referral_error_t* err);
/* Releases the error. NULL is a no-op. */
REFERRAL_C_API void referral_error_free(referral_error_t* err);

/* ---- Options ---------------------------------------------------------------
 * Created with the defaults: docs/limits.md's limits, messages and
 * explanations in the rule set's language (for a load, the language its
 * header declares; English for rules held in memory), REFERRAL_TRACE_FULL,
 * explanations without their technical detail. */
REFERRAL_C_API int referral_options_new(referral_options_t** out, referral_error_t** err);
REFERRAL_C_API void referral_options_free(referral_options_t* options);
/* "es" or "en": the language of error messages, of diagnostics and of
 * explanations. Anything else is REFERRAL_E_ARG (`arg.lang`). */
REFERRAL_C_API int referral_options_set_lang(referral_options_t* options, const char* lang, referral_error_t** err);
/* REFERRAL_TRACE_OFF, _RULES or _FULL; anything else is REFERRAL_E_ARG
 * (`arg.trace_level`). */
/* 1: explanations (referral_explain_ex) add their technical detail (rule ids,
 * nodes, file:line, and why each service was not chosen), as `referral
 * explain --detail`; 0 (the default): the action summary and the reasons.
 * Anything else is REFERRAL_E_ARG (`arg.detail`). */
REFERRAL_C_API int referral_options_set_explain_detail(referral_options_t* options, int detail,
                                                       referral_error_t** err);
REFERRAL_C_API int referral_options_set_trace(referral_options_t* options, int trace_level, referral_error_t** err);
/* Sets a limit by the name docs/limits.md gives it (the name
 * `referral --limit NAME=N` takes: "rules", "yaml_depth", "case_bytes", ...)
 * to `value`; an unknown name or 0 is REFERRAL_E_ARG (`arg.limit`, whose
 * message lists the names). Loading uses the rule-set limits, deciding the
 * case limits. */
REFERRAL_C_API int referral_options_set_limit(referral_options_t* options, const char* name, size_t value,
                                              referral_error_t** err);

/* The library's version, e.g. "0.1.0". Static storage. */
REFERRAL_C_API const char* referral_version(void);
/* The library's version as MAJOR * 10000 + MINOR * 100 + PATCH: compare it
 * with REFERRAL_VERSION_NUMBER, the header's, to find a library older than
 * the header a program was built with. */
REFERRAL_C_API int referral_version_number(void);

/* Loads a rule set from a folder or a YAML file. On success *out holds a new
 * engine, to be released with referral_engine_free(); on failure *out is NULL. */
REFERRAL_C_API int referral_engine_open(referral_engine_t** out, const char* path);
/* With options: their rule-set limits and language load the rules, and the
 * engine keeps them for its reloads and as its decisions' default options. */
REFERRAL_C_API int referral_engine_open_ex(referral_engine_t** out, const char* path,
                                           const referral_options_t* options, referral_error_t** err);

/* Loads a rule set from one YAML document of `len` bytes; `name` stands for
 * the file name in error messages (may be NULL). Such an engine cannot be
 * reloaded from disk. */
REFERRAL_C_API int referral_engine_open_memory(referral_engine_t** out, const char* yaml, size_t len,
                                               const char* name);
REFERRAL_C_API int referral_engine_open_memory_ex(referral_engine_t** out, const char* yaml, size_t len,
                                                  const char* name, const referral_options_t* options,
                                                  referral_error_t** err);

/* Loads the engine's path again and swaps the new rules in atomically. On
 * failure the old rules keep serving and the error says why. */
REFERRAL_C_API int referral_engine_reload(referral_engine_t* engine);
REFERRAL_C_API int referral_engine_reload_ex(referral_engine_t* engine, referral_error_t** err);

/* Releases the engine. NULL is a no-op. No call may be in flight on it. */
REFERRAL_C_API void referral_engine_free(referral_engine_t* engine);

/* The rules in force, as JSON:
 * {"id", "version", "digest", "loaded_at", "generation", "engine_version"}. */
REFERRAL_C_API int referral_engine_info(char** out_json, referral_engine_t* engine);
REFERRAL_C_API int referral_engine_info_ex(char** out_json, referral_engine_t* engine, referral_error_t** err);

/* Decides one case given as a JSON object of `len` bytes. *out_json receives
 * the decision JSON exactly as `referral route` writes it (docs/schema/
 * decision.schema.json). The decision time is the clock: a case whose
 * evaluation date is more than a day after it is refused
 * (`case.future_evaluation_date`). A rejected case is REFERRAL_E_CASE, and
 * referral_last_errors() lists every problem found in it. */
REFERRAL_C_API int referral_decide(char** out_json, referral_engine_t* engine, const char* case_json, size_t len,
                                   int trace_level);
/* With options: their trace level, case limits and message language; NULL
 * for the options the engine was opened with. */
REFERRAL_C_API int referral_decide_ex(char** out_json, referral_engine_t* engine, const char* case_json, size_t len,
                                      const referral_options_t* options, referral_error_t** err);

/* Decides and explains one case: *out_json receives the decision (without its
 * trace) with an added "explanation" string, in `lang` ("es", "en", or NULL for
 * the rule set's language). */
REFERRAL_C_API int referral_explain(char** out_json, referral_engine_t* engine, const char* case_json, size_t len,
                                    const char* lang);
/* With options: the explanation's and messages' language is theirs (the rule
 * set's when they set none), and so is its detail; NULL for the options the
 * engine was opened with. The trace level does not apply: an explanation
 * reads the full trace. Deadlines are dates and times from the clock. The
 * JSON also holds "summary": what to do, structured as
 * docs/schema/explain.schema.json's summary. */
REFERRAL_C_API int referral_explain_ex(char** out_json, referral_engine_t* engine, const char* case_json,
                                       size_t len, const referral_options_t* options, referral_error_t** err);

/* Decision records (docs/records.md): an append-only, hash-chained file of
 * decisions and the reviews people make of them, replayed by `referral verify`.
 *
 * Opens the record file at `path`, creating it (mode 0640) if need be, and cuts
 * off a torn last line left by a writer that crashed. On success *out holds a
 * new handle, to be released with referral_records_free(); on failure *out is
 * NULL and the code is REFERRAL_E_RECORD with `record.io` (for instance, the
 * path is a folder or cannot be written). A handle may be used from any number
 * of threads at once (appends take turns inside it), and several handles, in
 * this process or others (`referral serve --record`, `referral review`), may
 * share one file: each append locks the file and first reads what the others
 * appended. */
REFERRAL_C_API int referral_records_open(referral_records_t** out, const char* path);
REFERRAL_C_API int referral_records_open_ex(referral_records_t** out, const char* path, referral_error_t** err);

/* Closes the record file. NULL is a no-op. No call may be in flight on it. */
REFERRAL_C_API void referral_records_free(referral_records_t* records);

/* Decides one case as referral_decide() does, with the engine's current rules,
 * records the decision in `records`, and only then gives *out_json the decision
 * JSON with two more keys: "decision_id" (32 hex digits, unique in the file:
 * give it to referral_review()) and "decided_at".
 * `decided_at`: the decision time, RFC 3339 (e.g. "2026-03-01T10:00:00Z"), or
 * NULL for the clock (UTC, to the second); evaluation dates more than a day
 * after it are refused, as by referral_decide().
 * `idempotency_key`: NULL for none, or a non-empty token the caller chose for
 * this request. A retry with the same key, case and rules records nothing and
 * returns the first record's "decision_id" and "decided_at"; the same key with
 * another case or rule set is refused (`record.idempotency_conflict`).
 * A decision whose record failed is never returned: on any error *out_json is
 * NULL and nothing was recorded. Errors: those of referral_decide();
 * REFERRAL_E_ARG with `record.bad_time` (field "decided_at"),
 * `record.idempotency_conflict` ("idempotency_key") or `arg.idempotency_key`
 * (an empty key); REFERRAL_E_RECORD with `record.io` (the write failed, e.g. a
 * full disk; the file still ends with its last whole record, so a retry may
 * succeed) or `record.unavailable` (a failed write could not be undone, or the
 * file was changed by something else: this handle records nothing more; check
 * the file with `referral verify`). */
REFERRAL_C_API int referral_decide_recorded(char** out_json, referral_engine_t* engine, referral_records_t* records,
                                            const char* case_json, size_t len, int trace_level,
                                            const char* decided_at, const char* idempotency_key);
/* With options, as referral_decide_ex(). */
REFERRAL_C_API int referral_decide_recorded_ex(char** out_json, referral_engine_t* engine,
                                               referral_records_t* records, const char* case_json, size_t len,
                                               const referral_options_t* options, const char* decided_at,
                                               const char* idempotency_key, referral_error_t** err);

/* Records a person's review of a decision already in `records` (policy: the
 * engine recommends, a person decides). `role` and `reason` are codes that the
 * engine's current rule set declares (`ruleset: reviews:`; for rules/bogota,
 * e.g. "profesional_sdis" and "verificado"); free text stays in the case
 * system. `action` is "accept", "override" or "reject". `reviewed_at`: RFC
 * 3339, not before the decision, or NULL for the clock. *out_json receives
 * {"review_id", "decision_id", "role", "action", "reason", "reviewed_at"}.
 * On any error *out_json is NULL and nothing was recorded. Errors:
 * REFERRAL_E_ARG with `record.bad_review` (field "role", "action" or
 * "reason"), `record.unknown_decision` ("decision_id": not in this file) or
 * `record.bad_time` ("reviewed_at"); REFERRAL_E_RECORD as for
 * referral_decide_recorded(). */
REFERRAL_C_API int referral_review(char** out_json, referral_engine_t* engine, referral_records_t* records,
                                   const char* decision_id, const char* role, const char* action, const char* reason,
                                   const char* reviewed_at);
REFERRAL_C_API int referral_review_ex(char** out_json, referral_engine_t* engine, referral_records_t* records,
                                      const char* decision_id, const char* role, const char* action,
                                      const char* reason, const char* reviewed_at, referral_error_t** err);

/* Checks a rule set without keeping it: *out_json receives
 * {"ok": bool, "diagnostics": [{"code", "severity", "message", "file", "line",
 * "column", "help"}]}. Returns REFERRAL_OK whenever the check ran, valid or
 * not. */
REFERRAL_C_API int referral_check(char** out_json, const char* path);
/* With options: their rule-set limits, and the diagnostics' language. */
REFERRAL_C_API int referral_check_ex(char** out_json, const char* path, const referral_options_t* options,
                                     referral_error_t** err);

/* Releases a string returned by this library. NULL is a no-op. */
REFERRAL_C_API void referral_string_free(char* s);

/* The last error on this OS thread (see "Errors, two ways" above): a message
 * for people, its stable code (e.g. "case.unknown_field", "ruleset.invalid")
 * and the input field it concerns ("" when none). Empty strings after a success. Valid until the next call
 * into this library on the same thread. */
REFERRAL_C_API const char* referral_last_error(void);
REFERRAL_C_API const char* referral_last_error_code(void);
REFERRAL_C_API const char* referral_last_error_field(void);

/* Every problem of the last error on this thread, as a JSON array of
 * {"code", "field" (null when none), "message"}: for a rejected case, every
 * invalid field at once (the first is referral_last_error() and its code and
 * field); for other errors, that one error. "[]" after a success. Valid until
 * the next call into this library on the same thread. */
REFERRAL_C_API const char* referral_last_errors(void);

#ifdef __cplusplus
}
#endif

#endif /* REFERRAL_REFERRAL_H_ */
