/* The C ABI's owned error objects and options object, from C: an error a
 * caller can read on another thread, later, after other calls; limits, the
 * language and the trace level set without the command line.
 * Usage: c_api_options_test RULES_DIR CASE.json */
#define _XOPEN_SOURCE 700
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "referral/referral.h"

#include "c_test_support.h"

/* What another OS thread reads of an error object it was handed. */
struct seen {
  const referral_error_t* err;
  int status;
  char code[64];
  char field[64];
};

static void* read_error(void* arg) {
  struct seen* s = arg;
  s->status = referral_error_status(s->err);
  snprintf(s->code, sizeof s->code, "%s", referral_error_code(s->err));
  snprintf(s->field, sizeof s->field, "%s", referral_error_field(s->err));
  return NULL;
}

/* An error object is the caller's: it outlives later calls, and any thread
 * may read it. */
static void check_owned_errors(referral_engine_t* engine, const char* case_json, size_t case_len) {
  referral_error_t* err = (referral_error_t*)1;
  char* decision = (char*)1;
  const char bad[] = "{\"case_id\": \"x\", \"age_monthz\": 3, \"colour\": \"red\"}";
  EXPECT(referral_decide_ex(&decision, engine, bad, sizeof bad - 1, NULL, &err) == REFERRAL_E_CASE);
  EXPECT(decision == NULL);
  EXPECT(err != NULL);
  EXPECT(referral_error_status(err) == REFERRAL_E_CASE);
  EXPECT(strcmp(referral_error_code(err), "case.unknown_field") == 0);
  EXPECT(strcmp(referral_error_field(err), "age_monthz") == 0);
  EXPECT(strstr(referral_error_message(err), "age_monthz") != NULL);
  /* Every problem at once: both unknown fields. */
  EXPECT(strstr(referral_error_list(err), "\"field\":\"age_monthz\"") != NULL);
  EXPECT(strstr(referral_error_list(err), "\"field\":\"colour\"") != NULL);

  /* A later success on this thread empties the thread's last error, not the
   * caller's object; and a success sets *err to NULL. */
  referral_error_t* none = (referral_error_t*)1;
  EXPECT(referral_decide_ex(&decision, engine, case_json, case_len, NULL, &none) == REFERRAL_OK);
  EXPECT(none == NULL);
  EXPECT(decision != NULL && strstr(decision, "\"outcome\":\"referred\"") != NULL);
  referral_string_free(decision);
  EXPECT(strcmp(referral_last_error_code(), "") == 0);
  EXPECT(strcmp(referral_error_code(err), "case.unknown_field") == 0);

  /* Another OS thread, which never called the library, reads it whole. */
  struct seen s;
  memset(&s, 0, sizeof s);
  s.err = err;
  pthread_t t;
  EXPECT(pthread_create(&t, NULL, read_error, &s) == 0);
  pthread_join(t, NULL);
  EXPECT(s.status == REFERRAL_E_CASE);
  EXPECT(strcmp(s.code, "case.unknown_field") == 0);
  EXPECT(strcmp(s.field, "age_monthz") == 0);
  referral_error_free(err);

  /* A NULL argument is an error object too, naming the argument. */
  EXPECT(referral_decide_ex(&decision, NULL, case_json, case_len, NULL, &err) == REFERRAL_E_ARG);
  EXPECT(strcmp(referral_error_code(err), "arg.null") == 0);
  EXPECT(strstr(referral_error_message(err), "`engine`") != NULL);
  referral_error_free(err);
  EXPECT(referral_decide_ex(NULL, engine, case_json, case_len, NULL, &err) == REFERRAL_E_ARG);
  EXPECT(strstr(referral_error_message(err), "`out_json`") != NULL);
  referral_error_free(err);

  /* `err` may be NULL: the thread's last error still says why. */
  EXPECT(referral_decide_ex(&decision, engine, bad, sizeof bad - 1, NULL, NULL) == REFERRAL_E_CASE);
  EXPECT(strcmp(referral_last_error_code(), "case.unknown_field") == 0);

  /* The accessors take NULL. */
  EXPECT(referral_error_status(NULL) == REFERRAL_OK);
  EXPECT(strcmp(referral_error_code(NULL), "") == 0);
  EXPECT(strcmp(referral_error_message(NULL), "") == 0);
  EXPECT(strcmp(referral_error_field(NULL), "") == 0);
  EXPECT(strcmp(referral_error_list(NULL), "[]") == 0);
  referral_error_free(NULL);
}

/* Options: limits by name, language, trace level; an engine keeps the ones
 * it was opened with as its decisions' defaults. */
static void check_options(const char* rules_dir, const char* case_json, size_t case_len) {
  referral_options_t* options = NULL;
  referral_error_t* err = NULL;
  EXPECT(referral_options_new(&options, &err) == REFERRAL_OK);
  EXPECT(options != NULL && err == NULL);

  /* Mistakes in options are clear errors that change nothing. */
  EXPECT(referral_options_set_limit(options, "case_byte", 10, &err) == REFERRAL_E_ARG);
  EXPECT(strcmp(referral_error_code(err), "arg.limit") == 0);
  EXPECT(strcmp(referral_error_field(err), "name") == 0);
  EXPECT(strstr(referral_error_message(err), "case_bytes") != NULL); /* lists the names */
  referral_error_free(err);
  EXPECT(referral_options_set_limit(options, "rules", 0, &err) == REFERRAL_E_ARG);
  referral_error_free(err);
  EXPECT(referral_options_set_limit(options, NULL, 3, &err) == REFERRAL_E_ARG);
  EXPECT(strcmp(referral_error_code(err), "arg.null") == 0);
  referral_error_free(err);
  EXPECT(referral_options_set_lang(options, "fr", &err) == REFERRAL_E_ARG);
  EXPECT(strcmp(referral_error_code(err), "arg.lang") == 0);
  referral_error_free(err);
  EXPECT(referral_options_set_trace(options, 9, &err) == REFERRAL_E_ARG);
  EXPECT(strcmp(referral_error_code(err), "arg.trace_level") == 0);
  referral_error_free(err);
  EXPECT(referral_options_set_lang(NULL, "es", &err) == REFERRAL_E_ARG);
  referral_error_free(err);

  referral_engine_t* engine = NULL;
  char* out = NULL;

  /* A rule-set limit: Bogotá's rules are more than 3, refused in Spanish. */
  EXPECT(referral_options_set_lang(options, "es", NULL) == REFERRAL_OK);
  EXPECT(referral_options_set_limit(options, "rules", 3, NULL) == REFERRAL_OK);
  engine = (referral_engine_t*)1;
  EXPECT(referral_engine_open_ex(&engine, rules_dir, options, &err) == REFERRAL_E_RULES);
  EXPECT(engine == NULL);
  EXPECT(strcmp(referral_error_code(err), "ruleset.invalid") == 0);
  EXPECT(strstr(referral_error_message(err), "error[limit.rules]") != NULL);
  EXPECT(strstr(referral_error_message(err), "el conjunto define más de 3 reglas") != NULL);
  referral_error_free(err);
  /* So is checking, with the diagnostics in Spanish. */
  EXPECT(referral_check_ex(&out, rules_dir, options, &err) == REFERRAL_OK);
  EXPECT(out && strncmp(out, "{\"ok\":false", 11) == 0);
  EXPECT(out && strstr(out, "el conjunto define más de 3 reglas") != NULL);
  referral_string_free(out);

  /* Opened with a case limit and no trace: its decisions keep both. */
  EXPECT(referral_options_set_limit(options, "rules", 10000, NULL) == REFERRAL_OK);
  EXPECT(referral_options_set_trace(options, REFERRAL_TRACE_OFF, NULL) == REFERRAL_OK);
  EXPECT(referral_engine_open_ex(&engine, rules_dir, options, &err) == REFERRAL_OK);
  EXPECT(err == NULL);
  EXPECT(referral_decide_ex(&out, engine, case_json, case_len, NULL, &err) == REFERRAL_OK);
  EXPECT(out && strstr(out, "\"trace\"") == NULL);
  referral_string_free(out);
  /* The short form keeps the engine's options but its own trace level. */
  EXPECT(referral_decide(&out, engine, case_json, case_len, REFERRAL_TRACE_RULES) == REFERRAL_OK);
  EXPECT(out && strstr(out, "\"trace\":[{\"node\":\"triaje\"") != NULL);
  referral_string_free(out);

  /* Per call: a case limit, with the message in the options' language, else
   * the rule set's (Bogotá's: Spanish). */
  referral_options_t* small = NULL;
  EXPECT(referral_options_new(&small, NULL) == REFERRAL_OK);
  EXPECT(referral_options_set_limit(small, "case_bytes", 10, NULL) == REFERRAL_OK);
  EXPECT(referral_decide_ex(&out, engine, case_json, case_len, small, &err) == REFERRAL_E_CASE);
  EXPECT(strcmp(referral_error_code(err), "limit.case_size") == 0);
  EXPECT(strstr(referral_error_message(err), "el límite es 10") != NULL);
  referral_error_free(err);
  EXPECT(referral_options_set_lang(small, "en", NULL) == REFERRAL_OK);
  EXPECT(referral_decide_ex(&out, engine, case_json, case_len, small, &err) == REFERRAL_E_CASE);
  EXPECT(strstr(referral_error_message(err), "the limit is 10") != NULL);
  referral_error_free(err);
  /* A limit raised: a case nested deeper than the default 32 is decided
   * far enough to name the field it does not know. */
  {
    char deep[256] = "{\"case_id\": \"d\", \"deep\": ";
    for (int i = 0; i < 40; ++i) strcat(deep, "[");
    for (int i = 0; i < 40; ++i) strcat(deep, "]");
    strcat(deep, "}");
    EXPECT(referral_decide_ex(&out, engine, deep, strlen(deep), NULL, &err) == REFERRAL_E_CASE);
    EXPECT(strcmp(referral_error_code(err), "limit.case_depth") == 0);
    referral_error_free(err);
    EXPECT(referral_options_set_limit(small, "case_bytes", 1000, NULL) == REFERRAL_OK);
    EXPECT(referral_options_set_limit(small, "case_depth", 64, NULL) == REFERRAL_OK);
    EXPECT(referral_decide_ex(&out, engine, deep, strlen(deep), small, &err) == REFERRAL_E_CASE);
    EXPECT(strcmp(referral_error_code(err), "case.unknown_field") == 0);
    EXPECT(strcmp(referral_error_field(err), "deep") == 0);
    referral_error_free(err);
  }

  /* Explanations: the options' language, else the rule set's (Spanish). */
  EXPECT(referral_explain_ex(&out, engine, case_json, case_len, NULL, &err) == REFERRAL_OK);
  EXPECT(out && strstr(out, "Qué hacer") != NULL);
  referral_string_free(out);
  referral_options_t* english = NULL;
  EXPECT(referral_options_new(&english, NULL) == REFERRAL_OK);
  EXPECT(referral_options_set_lang(english, "en", NULL) == REFERRAL_OK);
  EXPECT(referral_options_set_trace(english, REFERRAL_TRACE_OFF, NULL) == REFERRAL_OK);
  EXPECT(referral_explain_ex(&out, engine, case_json, case_len, english, &err) == REFERRAL_OK);
  EXPECT(out && strstr(out, "What to do") != NULL && strstr(out, "Qué hacer") == NULL);
  referral_string_free(out);
  /* The structured summary comes with it; the technical detail only when
   * asked for, and 0 or 1 are the only answers. */
  EXPECT(referral_explain_ex(&out, engine, case_json, case_len, english, &err) == REFERRAL_OK);
  EXPECT(out && strstr(out, "\"summary\":{") != NULL);
  EXPECT(out && strstr(out, "Technical detail") == NULL);
  referral_string_free(out);
  EXPECT(referral_options_set_explain_detail(english, 2, &err) == REFERRAL_E_ARG);
  EXPECT(strcmp(referral_error_code(err), "arg.detail") == 0);
  referral_error_free(err);
  EXPECT(referral_options_set_explain_detail(english, 1, &err) == REFERRAL_OK);
  EXPECT(referral_explain_ex(&out, engine, case_json, case_len, english, &err) == REFERRAL_OK);
  EXPECT(out && strstr(out, "Technical detail") != NULL);
  referral_string_free(out);
  EXPECT(referral_options_set_explain_detail(english, 0, NULL) == REFERRAL_OK);

  /* Reload keeps the options the engine was opened with. */
  EXPECT(referral_engine_reload_ex(engine, &err) == REFERRAL_OK);
  EXPECT(referral_engine_info_ex(&out, engine, &err) == REFERRAL_OK);
  EXPECT(out && strstr(out, "\"generation\":1") != NULL);
  referral_string_free(out);
  EXPECT(referral_decide_ex(&out, engine, case_json, case_len, NULL, &err) == REFERRAL_OK);
  EXPECT(out && strstr(out, "\"trace\"") == NULL);
  referral_string_free(out);

  /* From memory, with options; reload has no path. */
  referral_engine_t* memory = NULL;
  EXPECT(referral_engine_open_memory_ex(&memory, kTinyRules, sizeof kTinyRules - 1, "tiny.yaml", english, &err) ==
         REFERRAL_OK);
  EXPECT(referral_engine_reload_ex(memory, &err) == REFERRAL_E_RULES);
  EXPECT(strcmp(referral_error_code(err), "reload.no_path") == 0);
  referral_error_free(err);
  referral_engine_free(memory);

  referral_options_free(english);
  referral_options_free(small);
  referral_options_free(options);
  referral_options_free(NULL);
  referral_engine_free(engine);
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s RULES_DIR CASE.json\n", argv[0]);
    return 2;
  }
  size_t case_len = 0;
  char* case_json = read_file(argv[2], &case_len);
  if (!case_json) {
    perror(argv[2]);
    return 2;
  }
  referral_engine_t* engine = NULL;
  referral_error_t* err = NULL;
  if (referral_engine_open_ex(&engine, argv[1], NULL, &err) != REFERRAL_OK) {
    fprintf(stderr, "%s\n", referral_error_message(err));
    return 2;
  }
  check_owned_errors(engine, case_json, case_len);
  referral_engine_free(engine);

  /* The records functions report through objects too. */
  referral_records_t* records = (referral_records_t*)1;
  EXPECT(referral_records_open_ex(&records, "/", &err) == REFERRAL_E_RECORD);
  EXPECT(records == NULL);
  EXPECT(strcmp(referral_error_code(err), "record.io") == 0);
  referral_error_free(err);

  check_options(argv[1], case_json, case_len);
  free(case_json);
  if (failures) {
    fprintf(stderr, "%d failed\n", failures);
    return 1;
  }
  printf("c_api_options_test: all checks passed\n");
  return 0;
}
