// Options shared by loading, deciding and explaining.
#ifndef REFERRAL_OPTIONS_H_
#define REFERRAL_OPTIONS_H_

#include <optional>

namespace referral {

// Language of diagnostics and explanations.
enum class Lang { kEs, kEn };

// How much of its reasoning the evaluator records while it decides. Every level
// gives the same referrals; only the trace differs.
enum class TraceLevel {
  kOff,    // no trace
  kRules,  // which rules fired
  kFull,   // every rule evaluated and every condition with the case's value
};

struct LoadOptions {
  Lang lang = Lang::kEn;  // language of diagnostic messages
};

enum class CaseFormat { kJson, kYaml };

struct DecideOptions {
  TraceLevel trace = TraceLevel::kFull;
  CaseFormat format = CaseFormat::kJson;
};

}  // namespace referral

#endif  // REFERRAL_OPTIONS_H_
