// What the fuzz targets share: the Bogotá rules, loaded once.
#ifndef REFERRAL_TESTS_FUZZ_FUZZ_COMMON_H_
#define REFERRAL_TESTS_FUZZ_FUZZ_COMMON_H_

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "referral/ruleset.h"

namespace referral::fuzz {

inline const Ruleset& BogotaRules() {
  static const Ruleset* rules = [] {
    std::vector<Diagnostic> diags;
    auto loaded = LoadRuleset(REFERRAL_SOURCE_DIR "/rules/bogota", &diags);
    if (!loaded.ok()) {
      std::fprintf(stderr, "cannot load rules/bogota\n");
      std::abort();
    }
    return new Ruleset(std::move(loaded).value());
  }();
  return *rules;
}

}  // namespace referral::fuzz

#endif  // REFERRAL_TESTS_FUZZ_FUZZ_COMMON_H_
