/* What the C ABI's C tests share: a check that counts failures and goes on,
 * and reading a file whole. */
#ifndef REFERRAL_TESTS_CAPI_C_TEST_SUPPORT_H_
#define REFERRAL_TESTS_CAPI_C_TEST_SUPPORT_H_

#include <stdio.h>
#include <stdlib.h>

static int failures = 0;

#define EXPECT(cond)                                                      \
  do {                                                                    \
    if (!(cond)) {                                                        \
      fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                         \
    }                                                                     \
  } while (0)

/* The file's bytes, NUL-terminated, in a malloc'd buffer (NULL if it cannot
 * be read); *len receives their count. */
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

/* A rule set of one rule: FOOD for a hungry case. */
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

#endif /* REFERRAL_TESTS_CAPI_C_TEST_SUPPORT_H_ */
