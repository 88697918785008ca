// A decision as the evaluator made it: indices into the rule set that made
// it, held alive by the result, rendered on demand. For hosts that decide
// many cases: DecideInto reuses one DecisionResult's memory, so once it has
// grown to the largest decision seen, deciding and writing the decision's
// JSON into a reused string allocate almost nothing. The JSON is
// byte-identical to DecisionToJson(ToDecision()).
#ifndef REFERRAL_RESULT_H_
#define REFERRAL_RESULT_H_

#include "referral/export.h"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "referral/decision.h"
#include "referral/options.h"
#include "referral/ruleset.h"
#include "referral/status.h"

namespace referral {

namespace internal {
struct ResultAccess;
}

class REFERRAL_API DecisionResult {
 public:
  DecisionResult();
  ~DecisionResult();
  DecisionResult(DecisionResult&&) noexcept;
  DecisionResult& operator=(DecisionResult&&) noexcept;
  DecisionResult(const DecisionResult&) = delete;
  DecisionResult& operator=(const DecisionResult&) = delete;

  // Whether it holds a decision (DecideInto succeeded since it was made).
  bool has_decision() const;
  // The rule set that made it (only with has_decision()).
  const Ruleset& ruleset() const;
  const std::string& case_id() const;
  Outcome outcome() const;
  std::size_t referral_count() const;
  // Referral `i` (< referral_count(), most urgent first, then by id): its
  // service as an index into ruleset().services(), and as an id.
  int referral_service_index(std::size_t i) const;
  std::string_view referral_service(std::size_t i) const;
  int referral_priority_rank(std::size_t i) const;  // 1 = most urgent level
  bool referral_requires_human_confirmation(std::size_t i) const;

  // The decision as the public struct (allocates its strings).
  Decision ToDecision() const;
  // Appends the decision's JSON (one line, no newline) to `*out`.
  void AppendJson(std::string* out, const DecisionJsonOptions& options = {}) const;


 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  friend struct internal::ResultAccess;
  friend Status DecideInto(const Ruleset&, std::string_view, const DecideOptions&, DecisionResult*);
};

// As Decide (engine.h), into `*out`, whose memory is reused: same checks,
// same errors, same decision. On error `*out` holds no decision. `out` must
// not be null. Thread-safe for distinct results.
REFERRAL_API Status DecideInto(const Ruleset& rules, std::string_view case_text, const DecideOptions& options,
                               DecisionResult* out);

}  // namespace referral

#endif  // REFERRAL_RESULT_H_
