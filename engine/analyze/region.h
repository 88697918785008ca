// A region of the case space: for each fact, the set of its cells still
// possible (a "cube"). Splitting a region by a condition gives the disjoint
// regions where it holds and where it does not: exact, because every test is
// constant on every cell.
#ifndef REFERRAL_ENGINE_ANALYZE_REGION_H_
#define REFERRAL_ENGINE_ANALYZE_REGION_H_

#include <vector>

#include "analyze/partition.h"

namespace referral::internal {

using Region = std::vector<Cells>;  // indexed by fact

Region FullRegion(const Partition& p);

struct SplitResult {
  std::vector<Region> holds;
  std::vector<Region> fails;
};

// REQUIRES: cond >= 0 (an absent condition always holds).
void Split(const Model& m, const Partition& p, int cond, const Region& r, SplitResult* out);

// Facts whose cells a condition reads (through predicates too).
void FactsRead(const Model& m, int cond, std::vector<bool>* facts);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_ANALYZE_REGION_H_
