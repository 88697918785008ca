/* Embedding the engine in C: the README's example. Usage: consumer_c RULES CASE_JSON_TEXT */
#include <stdio.h>
#include <string.h>

#include <referral/referral.h>

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  referral_engine_t* engine = NULL;
  if (referral_engine_open(&engine, argv[1]) != REFERRAL_OK) {
    fprintf(stderr, "%s\n", referral_last_error());
    return 3;
  }
  char* decision = NULL;
  int rc = referral_decide(&decision, engine, argv[2], strlen(argv[2]), REFERRAL_TRACE_RULES);
  if (rc == REFERRAL_OK) printf("%s\n", decision);
  else fprintf(stderr, "%s (field %s): %s\n", referral_last_error_code(), referral_last_error_field(), referral_last_error());
  referral_string_free(decision);
  referral_engine_free(engine);
  return rc == REFERRAL_OK ? 0 : 1;
}
