// Small-cell suppression over "lines": sets of counts whose sum the report
// publishes (a table's total, a rule's total). Takes the counts and the lines,
// produces how each count is shown. docs/reports.md states the rule and why it
// is sound; tests/engine/report/suppression_test.cc checks it by brute force.
#ifndef REFERRAL_ENGINE_REPORT_SUPPRESSION_H_
#define REFERRAL_ENGINE_REPORT_SUPPRESSION_H_

#include <vector>

#include "referral/report.h"

namespace referral::internal {

struct SuppressionLine {
  std::vector<int> cells;  // indices into the counts; lines must not share cells
};

// What a reader knows of a cell before seeing it: the least value it can
// have (1 for a row that is listed only because it has a case, else 0).
// Returns, per count: kValue, kSmall (count < threshold) or kHidden
// (complementary). Every line then has no hidden cell, or at least two whose
// sum lies strictly between the least and the greatest sum a reader could
// infer from the markers, so no hidden count has only one possible value.
// A line that cannot be protected that way (too few cases) is withheld
// whole: every cell kHidden, so a reader cannot tell its small cells from the
// others and each keeps every value from 0 to the line's sum. Returns false
// when such a line has fewer than two cells, which nothing protects: the
// caller withholds the table.
// (A line whose sum is 0 tells a reader every cell is 0 whatever is hidden:
// there is nobody in it to protect.)
// REQUIRES: threshold >= 3, lines disjoint.
bool Suppress(const std::vector<long>& counts, const std::vector<long>& floors,
              const std::vector<SuppressionLine>& lines, long threshold, std::vector<Shown>* shown);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_REPORT_SUPPRESSION_H_
