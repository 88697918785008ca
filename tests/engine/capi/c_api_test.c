/* The C ABI from a C program, as a case-management system in C (or any
 * language with a C FFI) would use it. Usage: c_api_test RULES_DIR CASE.json */
#define _XOPEN_SOURCE 700 /* mkdtemp, setrlimit, SIGXFSZ */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "referral/referral.h"

#include "c_test_support.h"

/* Lines in a file (0 when it cannot be read); *whole is set when it is empty
 * or ends with a newline, i.e. holds whole records only. */
static long count_lines(const char* path, int* whole) {
  size_t len = 0;
  char* text = read_file(path, &len);
  long lines = 0;
  if (!text) return 0;
  for (size_t i = 0; i < len; ++i) lines += text[i] == '\n';
  if (whole) *whole = len == 0 || text[len - 1] == '\n';
  free(text);
  return lines;
}

/* Copies the 32-hex "decision_id" of a decision JSON into id[33]; 0 if none. */
static int decision_id_of(const char* json, char id[33]) {
  static const char kKey[] = "\"decision_id\":\"";
  const char* at = json ? strstr(json, kKey) : NULL;
  if (!at) return 0;
  at += sizeof kKey - 1;
  for (int i = 0; i < 32; ++i) {
    if (!strchr("0123456789abcdef", at[i]) || at[i] == '\0') return 0;
    id[i] = at[i];
  }
  id[32] = '\0';
  return at[32] == '"';
}

/* Decisions recorded and reviewed through the C ABI, in a scratch folder. */
static void check_records(const char* rules_dir, const char* case_json, size_t case_len) {
  char dir[] = "/tmp/referral-capi-XXXXXX";
  if (!mkdtemp(dir)) {
    perror("mkdtemp");
    ++failures;
    return;
  }
  char path[sizeof dir + 32];
  snprintf(path, sizeof path, "%s/records.jsonl", dir);
  const char kAt[] = "2026-03-01T10:00:00Z";

  /* A folder is no record file: a clear error, no handle. */
  referral_records_t* records = (referral_records_t*)1;
  EXPECT(referral_records_open(&records, dir) == REFERRAL_E_RECORD);
  EXPECT(records == NULL);
  EXPECT(strcmp(referral_last_error_code(), "record.io") == 0);
  EXPECT(strstr(referral_last_error(), dir) != NULL);

  referral_engine_t* engine = NULL;
  EXPECT(referral_engine_open(&engine, rules_dir) == REFERRAL_OK);
  EXPECT(referral_records_open(&records, path) == REFERRAL_OK);
  EXPECT(records != NULL);

  /* The recorded decision carries its id and time. */
  char* decision = NULL;
  char first[33] = "", second[33] = "", keyed[33] = "", retried[33] = "";
  EXPECT(referral_decide_recorded(&decision, engine, records, case_json, case_len, REFERRAL_TRACE_RULES, kAt, NULL) ==
         REFERRAL_OK);
  EXPECT(decision && strstr(decision, "\"outcome\":\"referred\"") != NULL);
  EXPECT(decision_id_of(decision, first));
  EXPECT(decision && strstr(decision, "\"decided_at\":\"2026-03-01T10:00:00Z\"") != NULL);
  referral_string_free(decision);

  /* The same case in the same second is another decision, with another id. */
  EXPECT(referral_decide_recorded(&decision, engine, records, case_json, case_len, REFERRAL_TRACE_OFF, kAt, NULL) ==
         REFERRAL_OK);
  EXPECT(decision_id_of(decision, second));
  EXPECT(strcmp(first, second) != 0);
  referral_string_free(decision);
  EXPECT(count_lines(path, NULL) == 2);

  /* A retry with the same idempotency key: the first id, no second record. */
  EXPECT(referral_decide_recorded(&decision, engine, records, case_json, case_len, REFERRAL_TRACE_OFF, kAt,
                                  "request-7") == REFERRAL_OK);
  EXPECT(decision_id_of(decision, keyed));
  referral_string_free(decision);
  EXPECT(referral_decide_recorded(&decision, engine, records, case_json, case_len, REFERRAL_TRACE_OFF,
                                  "2026-03-01T10:00:09Z", "request-7") == REFERRAL_OK);
  EXPECT(decision_id_of(decision, retried));
  EXPECT(decision && strstr(decision, "\"decided_at\":\"2026-03-01T10:00:00Z\"") != NULL);
  referral_string_free(decision);
  EXPECT(strcmp(keyed, retried) == 0);
  EXPECT(strcmp(keyed, first) != 0 && strcmp(keyed, second) != 0);
  EXPECT(count_lines(path, NULL) == 3);

  /* A review by a role the rule set declares; one it does not is refused. */
  char* review = NULL;
  EXPECT(referral_review(&review, engine, records, keyed, "profesional_sdis", "accept", "verificado",
                         "2026-03-01T10:05:00Z") == REFERRAL_OK);
  EXPECT(review && strncmp(review, "{\"review_id\":\"", 14) == 0);
  EXPECT(review && strstr(review, keyed) != NULL);
  EXPECT(review && strstr(review, "\"reviewed_at\":\"2026-03-01T10:05:00Z\"") != NULL);
  referral_string_free(review);
  review = (char*)1;
  EXPECT(referral_review(&review, engine, records, keyed, "vecino", "accept", "verificado", NULL) == REFERRAL_E_ARG);
  EXPECT(review == NULL);
  EXPECT(strcmp(referral_last_error_code(), "record.bad_review") == 0);
  EXPECT(strcmp(referral_last_error_field(), "role") == 0);
  EXPECT(count_lines(path, NULL) == 4);

  /* Bad arguments are errors; nothing is recorded. */
  EXPECT(referral_decide_recorded(&decision, engine, records, case_json, case_len, REFERRAL_TRACE_OFF,
                                  "2026-02-31T10:00:00Z", NULL) == REFERRAL_E_ARG);
  EXPECT(strcmp(referral_last_error_code(), "record.bad_time") == 0);
  EXPECT(strcmp(referral_last_error_field(), "decided_at") == 0);
  EXPECT(referral_decide_recorded(&decision, engine, NULL, case_json, case_len, REFERRAL_TRACE_OFF, NULL, NULL) ==
         REFERRAL_E_ARG);
  EXPECT(decision == NULL);
  EXPECT(count_lines(path, NULL) == 4);

  /* A write that fails (a file-size limit, as a full disk would) returns no
   * decision, and the file still ends with its last whole record. */
  {
    struct rlimit saved, tight;
    int whole = 0;
    EXPECT(getrlimit(RLIMIT_FSIZE, &saved) == 0);
    FILE* f = fopen(path, "rb");
    EXPECT(f != NULL && fseek(f, 0, SEEK_END) == 0);
    tight = saved;
    tight.rlim_cur = (rlim_t)(f ? ftell(f) : 0) + 16; /* room for less than a record */
    if (f) fclose(f);
    void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN); /* write(2) then fails with EFBIG */
    EXPECT(setrlimit(RLIMIT_FSIZE, &tight) == 0);
    decision = (char*)1;
    EXPECT(referral_decide_recorded(&decision, engine, records, case_json, case_len, REFERRAL_TRACE_OFF, kAt,
                                    NULL) == REFERRAL_E_RECORD);
    EXPECT(decision == NULL);
    EXPECT(strcmp(referral_last_error_code(), "record.io") == 0);
    EXPECT(setrlimit(RLIMIT_FSIZE, &saved) == 0);
    signal(SIGXFSZ, old_handler);
    EXPECT(count_lines(path, &whole) == 4);
    EXPECT(whole);
    /* The limit lifted, the same handle records again. */
    EXPECT(referral_decide_recorded(&decision, engine, records, case_json, case_len, REFERRAL_TRACE_OFF, kAt,
                                    NULL) == REFERRAL_OK);
    referral_string_free(decision);
    EXPECT(count_lines(path, &whole) == 5);
    EXPECT(whole);
  }

  referral_records_free(records);
  referral_engine_free(engine);
  remove(path);
  remove(dir);
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s RULES_DIR CASE.json\n", argv[0]);
    return 2;
  }
  size_t case_len = 0;
  char* case_json = read_file(argv[2], &case_len);
  EXPECT(case_json != NULL);
  if (!case_json) return 1;

  EXPECT(strlen(referral_version()) > 0);
  /* One version: the library's, as text and as a number, is the header's. */
  EXPECT(strcmp(referral_version(), REFERRAL_VERSION_STRING) == 0);
  EXPECT(referral_version_number() == REFERRAL_VERSION_NUMBER);
  EXPECT(REFERRAL_VERSION_NUMBER == REFERRAL_VERSION_MAJOR * 10000 + REFERRAL_VERSION_MINOR * 100 + REFERRAL_VERSION_PATCH);

  /* Open a real rule set, decide and explain. */
  referral_engine_t* engine = NULL;
  EXPECT(referral_engine_open(&engine, argv[1]) == REFERRAL_OK);
  EXPECT(engine != NULL);
  EXPECT(strcmp(referral_last_error(), "") == 0);

  char* info = NULL;
  EXPECT(referral_engine_info(&info, engine) == REFERRAL_OK);
  EXPECT(info && strstr(info, "\"digest\":\"") != NULL);
  referral_string_free(info);

  char* decision = NULL;
  EXPECT(referral_decide(&decision, engine, case_json, case_len, REFERRAL_TRACE_RULES) == REFERRAL_OK);
  EXPECT(decision && strstr(decision, "\"outcome\":\"referred\"") != NULL);
  EXPECT(decision && strstr(decision, "\"service\":\"SDIS_CENTRO_ABRAZAR\"") != NULL);
  referral_string_free(decision);

  char* explained = NULL;
  EXPECT(referral_explain(&explained, engine, case_json, case_len, "es") == REFERRAL_OK);
  EXPECT(explained && strstr(explained, "\"explanation\":\"") != NULL);
  referral_string_free(explained);

  /* A rejected case names its field; nothing is returned. */
  const char bad_case[] = "{\"case_id\": \"x\", \"nacionalidad\": \"venezolana\"}";
  decision = (char*)1;
  EXPECT(referral_decide(&decision, engine, bad_case, sizeof bad_case - 1, REFERRAL_TRACE_OFF) == REFERRAL_E_CASE);
  EXPECT(decision == NULL);
  EXPECT(strcmp(referral_last_error_code(), "case.unknown_field") == 0);
  EXPECT(strcmp(referral_last_error_field(), "nacionalidad") == 0);
  EXPECT(strstr(referral_last_error(), "nationality") != NULL); /* the did-you-mean */

  /* Every problem of a rejected case at once: referral_last_errors(). */
  {
    const char three[] = "{\"case_id\": \"x\", \"nacionalidad\": 1, \"colour\": 2, \"pregnant\": \"no\"}";
    EXPECT(referral_decide(&decision, engine, three, sizeof three - 1, REFERRAL_TRACE_OFF) == REFERRAL_E_CASE);
    const char* all = referral_last_errors();
    const char first[] = "[{\"code\":\"case.unknown_field\",\"field\":\"colour\"";
    EXPECT(strncmp(all, first, sizeof first - 1) == 0);
    EXPECT(strstr(all, "\"field\":\"nacionalidad\"") != NULL);
    EXPECT(strstr(all, "\"field\":\"pregnant\"") != NULL);
    EXPECT(strcmp(referral_last_error_field(), "colour") == 0); /* the first */
    /* A key given twice, and a case evaluated after the clock's day. */
    const char twice[] = "{\"case_id\": \"x\", \"case_id\": \"y\"}";
    EXPECT(referral_decide(&decision, engine, twice, sizeof twice - 1, REFERRAL_TRACE_OFF) == REFERRAL_E_CASE);
    EXPECT(strcmp(referral_last_error_code(), "case.duplicate_key") == 0);
    char* future = malloc(case_len + 1);
    memcpy(future, case_json, case_len + 1);
    char* date = strstr(future, "2026-03-01");
    EXPECT(date != NULL);
    if (date) memcpy(date, "2999", 4);
    EXPECT(referral_decide(&decision, engine, future, case_len, REFERRAL_TRACE_OFF) == REFERRAL_E_CASE);
    EXPECT(strcmp(referral_last_error_code(), "case.future_evaluation_date") == 0);
    free(future);
    /* Other errors are a list of one; a success empties it. */
    EXPECT(referral_decide(NULL, engine, case_json, case_len, 0) == REFERRAL_E_ARG);
    EXPECT(strstr(referral_last_errors(), "\"code\":\"arg.null\"") != NULL);
    EXPECT(referral_decide(&decision, engine, case_json, case_len, 0) == REFERRAL_OK);
    EXPECT(strcmp(referral_last_errors(), "[]") == 0);
    referral_string_free(decision);
  }

  const char not_json[] = "{\"case_id\": ";
  EXPECT(referral_decide(&decision, engine, not_json, sizeof not_json - 1, REFERRAL_TRACE_OFF) == REFERRAL_E_CASE);
  EXPECT(strcmp(referral_last_error_code(), "case.bad_json") == 0);

  /* A case over a limit is the case's fault, not an internal error. */
  {
    enum { kDepth = 100000 };
    char* deep = malloc(2 * kDepth + 1);
    memset(deep, '[', kDepth);
    memset(deep + kDepth, ']', kDepth);
    deep[2 * kDepth] = '\0';
    EXPECT(referral_decide(&decision, engine, deep, 2 * kDepth, REFERRAL_TRACE_OFF) == REFERRAL_E_CASE);
    EXPECT(strncmp(referral_last_error_code(), "limit.", 6) == 0);
    EXPECT(decision == NULL);
    free(deep);
  }

  /* Bad arguments are errors, not crashes. */
  EXPECT(referral_decide(NULL, engine, case_json, case_len, 0) == REFERRAL_E_ARG);
  EXPECT(referral_decide(&decision, NULL, case_json, case_len, 0) == REFERRAL_E_ARG);
  EXPECT(referral_decide(&decision, engine, NULL, 0, 0) == REFERRAL_E_ARG);
  EXPECT(referral_decide(&decision, engine, case_json, case_len, 7) == REFERRAL_E_ARG);
  EXPECT(referral_explain(&decision, engine, case_json, case_len, "fr") == REFERRAL_E_ARG);
  EXPECT(strcmp(referral_last_error_code(), "arg.lang") == 0);

  /* Reloading the same path keeps serving; the generation moves on. */
  EXPECT(referral_engine_reload(engine) == REFERRAL_OK);
  EXPECT(referral_engine_info(&info, engine) == REFERRAL_OK);
  EXPECT(info && strstr(info, "\"generation\":1") != NULL);
  referral_string_free(info);
  referral_engine_free(engine);

  /* Invalid rules: no handle, every problem in the message. */
  engine = (referral_engine_t*)1;
  EXPECT(referral_engine_open(&engine, "/nonexistent/rules") == REFERRAL_E_IO);
  EXPECT(engine == NULL);
  const char broken[] = "ruleset: {id: x}\nnodes: {a: {hit: sometimes}}\n";
  EXPECT(referral_engine_open_memory(&engine, broken, sizeof broken - 1, "broken.yaml") == REFERRAL_E_RULES);
  EXPECT(engine == NULL);
  EXPECT(strcmp(referral_last_error_code(), "ruleset.invalid") == 0);
  EXPECT(strstr(referral_last_error(), "broken.yaml:") != NULL);

  char* check = NULL;
  EXPECT(referral_check(&check, argv[1]) == REFERRAL_OK);
  EXPECT(check && strncmp(check, "{\"ok\":true", 10) == 0);
  referral_string_free(check);

  /* From memory: decide, and reload refuses (no path) but keeps serving. */
  EXPECT(referral_engine_open_memory(&engine, kTinyRules, sizeof kTinyRules - 1, "tiny.yaml") == REFERRAL_OK);
  const char hungry[] = "{\"case_id\": \"c1\", \"hungry\": true}";
  EXPECT(referral_decide(&decision, engine, hungry, sizeof hungry - 1, REFERRAL_TRACE_OFF) == REFERRAL_OK);
  EXPECT(decision && strstr(decision, "\"service\":\"FOOD\"") != NULL);
  referral_string_free(decision);
  EXPECT(referral_engine_reload(engine) == REFERRAL_E_RULES);
  EXPECT(strcmp(referral_last_error_code(), "reload.no_path") == 0);
  EXPECT(referral_decide(&decision, engine, hungry, sizeof hungry - 1, REFERRAL_TRACE_OFF) == REFERRAL_OK);
  referral_string_free(decision);
  referral_engine_free(engine);

  check_records(argv[1], case_json, case_len);

  /* NULL frees are no-ops. */
  referral_engine_free(NULL);
  referral_records_free(NULL);
  referral_string_free(NULL);
  free(case_json);

  if (failures) {
    fprintf(stderr, "%d failed\n", failures);
    return 1;
  }
  printf("c_api_test: all checks passed\n");
  return 0;
}
