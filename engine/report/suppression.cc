// Primary suppression (every count below the threshold, zero included: a "<5"
// never tells "none" from "a few"), then complementary suppression line by
// line until each line's hidden cells are not pinned down by its total.
#include "report/suppression.h"

#include <limits>

namespace referral::internal {

namespace {

// Whether the hidden cells of `line` each keep two or more possible values
// given the line's published sum. A "<5" cell lies in [floor, threshold-1];
// an "x" cell in [threshold, inf) (a reader knows it was not small).
bool Protected(const std::vector<long>& counts, const std::vector<long>& floors, const SuppressionLine& line,
               long threshold, const std::vector<Shown>& shown) {
  int hidden = 0;
  long sum = 0, least = 0;
  bool unbounded = false;
  long greatest = 0;
  for (int c : line.cells) {
    if (shown[c] == Shown::kValue) continue;
    ++hidden;
    sum += counts[c];
    if (shown[c] == Shown::kSmall) {
      least += floors[c];
      greatest += threshold - 1;
    } else {
      least += threshold;
      unbounded = true;
    }
  }
  if (hidden == 0) return true;
  return hidden >= 2 && least < sum && (unbounded || sum < greatest);
}

}  // namespace

bool Suppress(const std::vector<long>& counts, const std::vector<long>& floors,
              const std::vector<SuppressionLine>& lines, long threshold, std::vector<Shown>* shown) {
  shown->assign(counts.size(), Shown::kValue);
  for (size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] < threshold) (*shown)[i] = Shown::kSmall;
  }
  bool ok = true;
  for (const auto& line : lines) {
    while (!Protected(counts, floors, line, threshold, *shown)) {
      // Hide the smallest count still shown: it costs the reader least.
      int pick = -1;
      for (int c : line.cells) {
        if ((*shown)[c] == Shown::kValue && (pick < 0 || counts[c] < counts[pick])) pick = c;
      }
      if (pick < 0) {
        for (int c : line.cells) (*shown)[c] = Shown::kHidden;
        ok = ok && line.cells.size() >= 2;
        break;
      }
      (*shown)[pick] = Shown::kHidden;
    }
  }
  return ok;
}

}  // namespace referral::internal
