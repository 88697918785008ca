// The JSON the program gives of an analysis, a test run, a diff, a record
// verification and a why-not answer: one builder each, shared by the
// commands' `--format json` and the workbench's pages, so both say the same.
#ifndef REFERRAL_TOOLS_JSON_VIEWS_H_
#define REFERRAL_TOOLS_JSON_VIEWS_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "referral/analysis.h"
#include "referral/diagnostic.h"
#include "referral/diff.h"
#include "referral/explain.h"
#include "referral/record.h"
#include "referral/result.h"
#include "referral/ruleset.h"
#include "referral/testing.h"

namespace referral::cli {

using ojson = nlohmann::ordered_json;

// "error", "warning" or "note".
const char* SeverityName(Severity s);

// {"id", "version", "digest"} of a rule set.
ojson RulesetJson(const Ruleset& rules);

// `referral analyze --format json`.
ojson AnalysisJson(const Ruleset& rules, const AnalysisReport& report);

// `referral test --format json`: each test's result; with `coverage`, what
// the tests exercised; with `explain_failures`, each failed test's decision
// explained (with rule ids and file:line) in `lang`.
ojson TestRunsJson(const Ruleset& rules, const std::vector<TestRun>& runs, const CoverageReport* coverage,
                   bool explain_failures, Lang lang);

// `referral diff --format json`.
ojson DiffJson(const Ruleset& base, const Ruleset& head, const DiffReport& report,
               const FactDifferences& differences);

// `referral verify --format json`; `ok` also counts heads not anchored.
ojson VerifyJson(const VerifyReport& report, bool ok);

// `referral explain --why-not --format json`.
ojson WhyNotJson(const WhyNotAnswer& answer);

// `referral explain --format json`: the decision with its explanation and
// what to do (`summary`), as one line of JSON text.
std::string ExplainedDecisionJson(const DecisionResult& result, const ExplainOptions& options);

}  // namespace referral::cli

#endif  // REFERRAL_TOOLS_JSON_VIEWS_H_
