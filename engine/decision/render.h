// Renders an evaluator Result (eval/result.h) with the rule set and the case
// it was made from: the public Decision, and the decision JSON written
// straight into a buffer. The JSON has one serializer (decision_json.cc),
// which also writes a Decision (DecisionToJson): both give the same bytes for
// the same decision (tests/engine/decision/render_test.cc).
#ifndef REFERRAL_ENGINE_DECISION_RENDER_H_
#define REFERRAL_ENGINE_DECISION_RENDER_H_

#include <string>
#include <string_view>

#include "case/case_values.h"
#include "eval/result.h"
#include "model/model.h"
#include "referral/decision.h"
#include "referral/result.h"

namespace referral::internal {

Decision ToDecision(const Model& m, const CaseValues& c, const Result& r);

// One check of a trace entry as people and the JSON read it.
struct CheckFields {
  std::string_view fact;
  std::string_view predicate;
  bool sensitive = false;
  std::string_view test;    // empty when sensitive
  std::string_view actual;  // the case's value; empty when sensitive
  bool absent = false;
  bool defaulted = false;   // not given: the fact's default (known from a case, not from a Decision)
  bool result = false;
  bool wanted = true;
};

// A recorded check with the case's value (written into `*actual`, which the
// fields view).
CheckFields CheckOf(const Model& m, const CaseValues& c, const ResultCheck& k, std::string* actual);

// The rule set's reason for a non-referred outcome (empty when none).
std::string_view ReasonOf(const Model& m, const Result& r);
// The because-text of whatever set the outcome, with the case's values
// (empty when nothing did, or the trace is off).
std::string OutcomeBecause(const Model& m, const CaseValues& c, const Result& r, Lang lang);
// The because-texts of a referral's rules, joined by a space.
std::string ReferralBecause(const Model& m, const CaseValues& c, const Result& r, const ResultReferral& ref);

// The index result of a Decision made elsewhere with `m` (a public
// Decision, a recorded one): ids looked up by hash, a rule's version told
// apart by the conditions its trace entry checked. Checks keep the
// Decision's order: trace entry i is the Decision's entry i (index -1 when
// `m` does not know its rule), check k the Decision's check k of its trace
// then eligibility, flattened. Other ids `m` does not know are left out.
void ResultFromDecision(const Model& m, const Decision& d, Result* r);

// A public DecisionResult's parts, for the renderers (decide.cc). Only for a
// result that has_decision().
struct ResultAccess {
  static const Model& ModelOf(const DecisionResult& d);
  static const CaseValues& CaseOf(const DecisionResult& d);
  static const Result& Of(const DecisionResult& d);
};

// A rule set's text (a because-text) with each `{fact}` replaced by the
// case's value (`?` for a sensitive or unknown fact).
std::string RenderText(const std::string& text, const Model& m, const CaseValues& c, Lang lang);

// Appends the decision's JSON (one line, no newline) to `*out`: the bytes
// DecisionToJson(ToDecision(m, c, r)) gives.
void AppendDecisionJson(const Model& m, const CaseValues& c, const Result& r, const DecisionJsonOptions& options,
                        std::string* out);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_DECISION_RENDER_H_
