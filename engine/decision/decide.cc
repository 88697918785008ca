// The public ways to decide a case: Decide (a Decision) and DecideInto (a
// reusable DecisionResult). One path: read the case, evaluate, render.
#include <optional>

#include "decision/render.h"
#include "case/case_values.h"
#include "eval/result.h"
#include "diag/diag_sink.h"
#include "eval/evaluator.h"
#include "referral/engine.h"
#include "referral/result.h"
#include "util/date.h"
#include "util/utf8.h"

namespace referral {

// What a DecisionResult holds: the rule set (kept alive), the case as read,
// and the evaluator's result over both.
struct DecisionResult::Impl {
  std::optional<Ruleset> rules;  // set while it holds a decision
  internal::CaseValues c;
  internal::Result r;
};

namespace {

// Reads `case_text` into `*c` as options say (`options.now` checked first).
Status ReadFor(const Ruleset& rules, std::string_view case_text, const DecideOptions& options,
               internal::CaseValues* c) {
  std::optional<int64_t> decision_day;
  if (!options.now.empty()) {
    auto now = internal::ParseRfc3339(options.now);
    if (!now) {
      return Status::Error("options.bad_now",
                           internal::RenderMessage("options.bad_now", options.lang,
                                                   {internal::Printable(internal::Truncated(options.now, 64))}),
                           "now");
    }
    decision_day = now->UtcDay();
  }
  return internal::ReadCaseInto(internal::ModelOf(rules), case_text, options.format, options.limits, decision_day,
                                options.lang, c);
}

Status Internal(const std::exception& e) {
  // Not expected; a decision must never escape as an exception.
  return Status::Error("internal.error", std::string("internal error: ") + e.what());
}

}  // namespace

StatusOr<Decision> Decide(const Ruleset& rules, std::string_view case_text, const DecideOptions& options) {
  try {
    internal::CaseValues c;
    Status read = ReadFor(rules, case_text, options, &c);
    if (!read.ok()) return read;
    thread_local internal::Result r;
    Status s = internal::Evaluate(internal::ModelOf(rules), c, options.trace, &r);
    if (!s.ok()) return s;
    return internal::ToDecision(internal::ModelOf(rules), c, r);
  } catch (const std::exception& e) {
    return Internal(e);
  }
}

Status DecideInto(const Ruleset& rules, std::string_view case_text, const DecideOptions& options,
                  DecisionResult* out) {
  if (!out->impl_) out->impl_ = std::make_unique<DecisionResult::Impl>();  // a moved-from result
  DecisionResult::Impl& impl = *out->impl_;
  impl.rules.reset();
  try {
    Status read = ReadFor(rules, case_text, options, &impl.c);
    if (!read.ok()) return read;
    Status s = internal::Evaluate(internal::ModelOf(rules), impl.c, options.trace, &impl.r);
    if (!s.ok()) return s;
    impl.rules = rules;
    return Status::Ok();
  } catch (const std::exception& e) {
    return Internal(e);
  }
}

DecisionResult::DecisionResult() : impl_(std::make_unique<Impl>()) {}
DecisionResult::~DecisionResult() = default;
DecisionResult::DecisionResult(DecisionResult&&) noexcept = default;
DecisionResult& DecisionResult::operator=(DecisionResult&&) noexcept = default;

bool DecisionResult::has_decision() const { return impl_ && impl_->rules.has_value(); }
const Ruleset& DecisionResult::ruleset() const { return *impl_->rules; }
const std::string& DecisionResult::case_id() const { return impl_->c.case_id; }
Outcome DecisionResult::outcome() const { return impl_->r.outcome; }
std::size_t DecisionResult::referral_count() const { return has_decision() ? impl_->r.referrals.size() : 0; }
int DecisionResult::referral_service_index(std::size_t i) const { return impl_->r.referrals.at(i).service; }
std::string_view DecisionResult::referral_service(std::size_t i) const {
  return internal::ModelOf(*impl_->rules).services[impl_->r.referrals.at(i).service].id;
}
int DecisionResult::referral_priority_rank(std::size_t i) const { return impl_->r.referrals.at(i).priority + 1; }
bool DecisionResult::referral_requires_human_confirmation(std::size_t i) const {
  return impl_->r.referrals.at(i).confirm;
}

Decision DecisionResult::ToDecision() const {
  if (!has_decision()) return Decision{};
  return internal::ToDecision(internal::ModelOf(*impl_->rules), impl_->c, impl_->r);
}

void DecisionResult::AppendJson(std::string* out, const DecisionJsonOptions& options) const {
  if (!has_decision()) return;
  internal::AppendDecisionJson(internal::ModelOf(*impl_->rules), impl_->c, impl_->r, options, out);
}

namespace internal {
const Model& ResultAccess::ModelOf(const DecisionResult& d) { return internal::ModelOf(*d.impl_->rules); }
const CaseValues& ResultAccess::CaseOf(const DecisionResult& d) { return d.impl_->c; }
const Result& ResultAccess::Of(const DecisionResult& d) { return d.impl_->r; }
}  // namespace internal

}  // namespace referral
