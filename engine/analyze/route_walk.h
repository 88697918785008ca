// The analyzer's walk with routes tracked: the case space split into classes
// of regions that get the same referrals (service and priority) and the same
// outcome rule. Used by `referral diff` to compare two rule sets exactly.
#ifndef REFERRAL_ENGINE_ANALYZE_ROUTE_WALK_H_
#define REFERRAL_ENGINE_ANALYZE_ROUTE_WALK_H_

#include <vector>

#include "analyze/region.h"

namespace referral::internal {

struct RouteClass {
  std::vector<int> priority;  // by service: priority index, -1 = not referred
  int outcome_rule = -1;      // first rule that set an outcome; kOutOfScope for out-of-scope regions
  std::vector<Region> regions;
  int origin = 0;             // WalkRoutesFrom: the index of the start class these regions came from
  static constexpr int kOutOfScope = -2;
};

// Sets *complete to false if `max_regions` cut the walk short.
std::vector<RouteClass> WalkRoutes(const Model& m, const Partition& p, size_t max_regions, bool* complete);

// The same walk, starting from the regions of `starts` (e.g. another rule
// set's route classes on the same partition) instead of the whole space;
// each resulting class remembers its start class in `origin`.
std::vector<RouteClass> WalkRoutesFrom(const Model& m, const Partition& p, std::vector<std::vector<Region>> starts,
                                       size_t max_regions, bool* complete);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_ANALYZE_ROUTE_WALK_H_
