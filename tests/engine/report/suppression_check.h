// An exact, independent check of a suppressed line: the values a hidden cell
// can take given everything a reader sees. Used by the suppression and
// report tests.
#ifndef REFERRAL_TESTS_ENGINE_REPORT_SUPPRESSION_CHECK_H_
#define REFERRAL_TESTS_ENGINE_REPORT_SUPPRESSION_CHECK_H_

#include <set>
#include <vector>

#include "referral/report.h"

namespace referral::testing {

// The cells of one line and its published sum. A reader knows: a shown cell
// exactly; "<T" lies in [floor, T-1]; "x" lies in [T, sum], or in [0, sum]
// when every cell of the line is "x" (a withheld line). Returns every value
// of cell `i` for which the other hidden cells can make up the sum
// (subset-sum over their ranges).
inline std::set<long> PossibleValues(const std::vector<long>& counts, const std::vector<Shown>& shown, long floor,
                                     long sum, long threshold, size_t i) {
  bool withheld = true;
  long hidden_sum = sum;
  for (size_t c = 0; c < counts.size(); ++c) {
    withheld = withheld && shown[c] == Shown::kHidden;
    if (shown[c] == Shown::kValue) hidden_sum -= counts[c];
  }
  auto range = [&](size_t c) -> std::pair<long, long> {
    if (shown[c] == Shown::kSmall) return {floor, threshold - 1};
    return {withheld ? 0 : threshold, hidden_sum};
  };
  // reach[s]: the hidden cells other than i can sum to s.
  std::vector<bool> reach(hidden_sum + 1, false);
  reach[0] = true;
  for (size_t c = 0; c < counts.size(); ++c) {
    if (c == i || shown[c] == Shown::kValue) continue;
    auto [lo, hi] = range(c);
    std::vector<bool> next(hidden_sum + 1, false);
    for (long s = 0; s <= hidden_sum; ++s) {
      if (!reach[s]) continue;
      for (long v = lo; v <= hi && s + v <= hidden_sum; ++v) next[s + v] = true;
    }
    reach = std::move(next);
  }
  std::set<long> out;
  auto [lo, hi] = range(i);
  for (long v = lo; v <= hi && v <= hidden_sum; ++v) {
    if (reach[hidden_sum - v]) out.insert(v);
  }
  return out;
}

}  // namespace referral::testing

#endif  // REFERRAL_TESTS_ENGINE_REPORT_SUPPRESSION_CHECK_H_
