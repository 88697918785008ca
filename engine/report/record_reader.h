// Reads a decision-record file (docs/records.md) for reports: each decision
// reduced to what the tables count, reviews as the set of decisions reviewed,
// and every line that cannot be used, with its number. Never throws.
#ifndef REFERRAL_ENGINE_REPORT_RECORD_READER_H_
#define REFERRAL_ENGINE_REPORT_RECORD_READER_H_

#include <cstdint>
#include <istream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "referral/report.h"

namespace referral::internal {

struct ReportReferral {
  std::string service;
  std::string legal_basis;
};

struct ReportDecision {
  long line = 0;
  std::string decision_id;
  std::string case_id;
  std::string ruleset;                       // "id version"
  std::map<std::string, std::string> facts;  // string-valued input facts; absent: not recorded
  std::string outcome;
  std::string reason;                        // empty when null
  std::vector<ReportReferral> referrals;
  std::vector<std::string> fired_rules;
};

struct ReportRecords {
  std::vector<ReportDecision> decisions;  // in the period, the last one per case id, in file order
  std::set<std::string> reviewed;         // decision ids with a review record
  long lines = 0;
  long reviews = 0;
  long outside_period = 0;
  long superseded = 0;
  std::vector<ReportProblem> problems;
};

// `from` and `to` are days since 1970-01-01 (inclusive), or nullopt.
ReportRecords ReadReportRecords(std::istream& in, std::optional<int64_t> from, std::optional<int64_t> to);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_REPORT_RECORD_READER_H_
