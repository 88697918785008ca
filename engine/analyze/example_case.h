// A concrete, valid case inside a region: the analyzer's evidence.
#ifndef REFERRAL_ENGINE_ANALYZE_EXAMPLE_CASE_H_
#define REFERRAL_ENGINE_ANALYZE_EXAMPLE_CASE_H_

#include <string>

#include "analyze/region.h"

namespace referral::internal {

// JSON text of a case in `region` with the given case_id. Derived ages are
// produced through their inputs (a documented birth date, or an estimate).
std::string ExampleCase(const Model& m, const Partition& p, const Region& region, const std::string& case_id);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_ANALYZE_EXAMPLE_CASE_H_
