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

namespace referral::internal {

Decision ToDecision(const Model& m, const CaseValues& c, const Result& r);

// A rule set's text (a because-text) with each `{fact}` replaced by the
// case's value (`?` for a sensitive or unknown fact).
std::string RenderText(const std::string& text, const Model& m, const CaseValues& c);

// Appends the decision's JSON (one line, no newline) to `*out`: the bytes
// DecisionToJson(ToDecision(m, c, r)) gives.
void AppendDecisionJson(const Model& m, const CaseValues& c, const Result& r, const DecisionJsonOptions& options,
                        std::string* out);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_DECISION_RENDER_H_
