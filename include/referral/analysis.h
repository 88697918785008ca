// Exact static analysis of a rule set over its typed case space: gaps, dead
// rules, eligibility conflicts, unique-node overlaps, consent-blocked duties,
// referrals under a consent the case did not give, and unused definitions, each with a concrete example case where one exists.
#ifndef REFERRAL_ANALYSIS_H_
#define REFERRAL_ANALYSIS_H_

#include "referral/export.h"

#include <cstddef>
#include <string>
#include <vector>

#include "referral/diagnostic.h"
#include "referral/ruleset.h"

namespace referral {

struct Finding {
  // Stable codes: analyze.gap, analyze.dead_rule, analyze.eligibility_conflict,
  // analyze.unique_overlap, analyze.consent_blocked_duty,
  // analyze.consent_basis_without_consent, analyze.consent_undeclared (a note),
  // analyze.unused_fact, analyze.unused_service, analyze.unused_value.
  std::string code;
  Severity severity = Severity::kWarning;
  std::string message;
  std::string file;  // where to look: the rule, service or fact
  int line = 0;
  int column = 0;
  std::string example_case;  // a JSON case that shows the finding, or empty
};

struct AnalysisReport {
  std::vector<Finding> findings;   // sorted by file, line, code
  size_t regions = 0;              // regions of the case space the walk produced
  bool complete = true;            // false if a limit cut the exploration short
  std::string incomplete_reason;
};

struct AnalyzeOptions {
  size_t max_regions = 5'000'000;  // stop (and say so) past this many leaf regions
  bool include_info = true;        // report unused facts and enum values
};

// Explores every region of the case space through the routing graph.
// Thread-safe; the rule set is not modified.
REFERRAL_API AnalysisReport Analyze(const Ruleset& rules, const AnalyzeOptions& options = {});
// The same, its messages (findings, the reason it is incomplete) in `lang`.
REFERRAL_API AnalysisReport Analyze(const Ruleset& rules, const AnalyzeOptions& options, Lang lang);

}  // namespace referral

#endif  // REFERRAL_ANALYSIS_H_
