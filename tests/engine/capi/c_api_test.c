/* The C ABI from a C program, as a case-management system in C (or any
 * language with a C FFI) would use it. Usage: c_api_test RULES_DIR CASE.json */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "referral/referral.h"

static int failures = 0;

#define EXPECT(cond)                                                  \
  do {                                                                \
    if (!(cond)) {                                                    \
      fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                     \
    }                                                                 \
  } while (0)

static char* read_file(const char* path, size_t* len) {
  FILE* f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char* buf = malloc((size_t)n + 1);
  *len = fread(buf, 1, (size_t)n, f);
  buf[*len] = '\0';
  fclose(f);
  return buf;
}

static const char kTinyRules[] =
    "ruleset: {id: tiny, version: 1.0.0, effective_date: 2026-01-01, title: {es: Mini, en: Tiny},\n"
    "          language: en, entry: start, priorities: [{id: standard}],\n"
    "          fallback: {reason: none, because: {es: Nada., en: Nothing.}}}\n"
    "facts: {hungry: {type: bool, required: true}}\n"
    "services: {FOOD: {name: {es: Comida, en: Food}, legal_basis: consent}}\n"
    "nodes:\n"
    "  start:\n"
    "    hit: first\n"
    "    rules:\n"
    "      - {id: eat, when: {hungry: true}, refer: [{service: FOOD, priority: standard}],\n"
    "         because: {es: Tiene hambre., en: Hungry.}, basis: {status: assumption}}\n";

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

  /* NULL frees are no-ops. */
  referral_engine_free(NULL);
  referral_string_free(NULL);
  free(case_json);

  if (failures) {
    fprintf(stderr, "%d failed\n", failures);
    return 1;
  }
  printf("c_api_test: all checks passed\n");
  return 0;
}
