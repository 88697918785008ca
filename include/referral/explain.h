// Renders a decision for people, from the trace the evaluator recorded.
#ifndef REFERRAL_EXPLAIN_H_
#define REFERRAL_EXPLAIN_H_

#include "referral/export.h"

#include <string>
#include <string_view>
#include <vector>

#include "referral/status.h"

#include "referral/decision.h"
#include "referral/options.h"
#include "referral/result.h"
#include "referral/ruleset.h"

namespace referral {

struct ExplainOptions {
  Lang lang = Lang::kEs;
  // Also the technical trace: rule ids, nodes and file:line, every condition
  // as the rules write it, and what kept the case from each service not chosen.
  bool detail = false;
  // The decision time, RFC 3339: each referral's deadline is shown as a date
  // and time (in the rule set's `utc_offset`). Empty: as a time span, or the
  // Decision's own `decided_at` when it has one.
  std::string decided_at = {};
};

// The explanation for people, in `options.lang`. First what to do: the
// outcome, each referral by its service's name with its priority, deadline,
// legal basis, office and whether a person must confirm it, the instructions
// of the routing rules that fired, every warning as a sentence (the rule
// set's `warnings:` texts, or the engine's), the follow-up. Then why: each
// referral's because-texts and the conditions the case met, in words (ages
// in years and months, yes/no, "no informado (se asume …)" for a default).
// Then, with `detail`, the technical trace. Sensitive facts show only the
// result of the condition on them. The reasons need a decision made with the
// full trace. `rules` must be the rule set that made `decision`. Thread-safe.
REFERRAL_API std::string Explain(const Ruleset& rules, const Decision& decision, const ExplainOptions& options);
REFERRAL_API std::string Explain(const Ruleset& rules, const Decision& decision, Lang lang);
// The same for a decision held in a DecisionResult, read by index with the
// case it was made from (no Decision is built). Empty without a decision.
REFERRAL_API std::string Explain(const DecisionResult& result, const ExplainOptions& options);
REFERRAL_API std::string Explain(const DecisionResult& result, Lang lang);
// What to do, as the explanation opens with it, as one JSON object for systems
// that render it themselves (`referral explain --format json` gives it as
// `summary`; docs/schema/explain.schema.json): {"lang", "headline",
// "because", "actions": [{"service", "name", "priority", "priority_label",
// "timeframe", "timeframe_text", "deadline" (RFC 3339 in the rule set's
// utc_offset, null without a decision time), "legal_basis",
// "legal_basis_text", "citation", "office", "requires_human_confirmation",
// "instead_of"}], "instructions": [text], "warnings": [{"code", "text",
// "service"}], "follow_up"}. Empty without a decision.
REFERRAL_API std::string ExplainSummaryJson(const DecisionResult& result, const ExplainOptions& options);

// One fact changed by a why-not answer. A sensitive fact is named, but its
// values are not shown. A derived fact (an age in months) names the input
// that drives it, e.g. the birth date that age implies.
struct FactChange {
  std::string fact;
  std::string from;  // empty when sensitive or absent
  std::string to;    // empty when sensitive or absent
  bool sensitive = false;
  std::string via;   // e.g. "birth_date 2021-03-01"
};

struct WhyNotAnswer {
  std::string service;
  bool already = false;  // the case is already referred there
  bool found = false;    // a change was found
  std::vector<FactChange> changes;
  // Why no change of the case's own facts could (when !found), as a code:
  // `whynot.not_referred` (no rule refers to the service), `whynot.no_change`
  // (no change of up to three facts does), `whynot.search_stopped` (the search
  // ran out before trying every such change). RenderWhyNot says it in words.
  std::string reason;
};

// The smallest change to the case's input facts that routes it to `service`:
// fewest facts changed, then the smallest distance (numbers and dates by how
// far they move; other values count 1). Candidate values are the analyzer's
// cells, so every distinct way the rules can see a fact is tried; at most
// three facts are changed together. Errors: the case's own errors (`case.*`),
// `whynot.unknown_service`. Thread-safe.
REFERRAL_API StatusOr<WhyNotAnswer> WhyNot(const Ruleset& rules, std::string_view case_text, const std::string& service,
                              CaseFormat format = CaseFormat::kJson);

REFERRAL_API std::string RenderWhyNot(const WhyNotAnswer& answer, Lang lang);

}  // namespace referral

#endif  // REFERRAL_EXPLAIN_H_
