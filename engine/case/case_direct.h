// A JSON case read straight into its fact slots by nlohmann's SAX interface:
// no tree, no per-key allocation. It accepts only a plain valid case, one
// object whose keys are known facts (each once), `case_id` and `capacity`,
// with values of the right type and range; on anything else it gives up
// and the caller reads the case again with ReadCaseTree (case_values.h),
// which reports every problem in the case's language. So it never words an
// error and never accepts what ReadCaseTree refuses.
#ifndef REFERRAL_ENGINE_CASE_CASE_DIRECT_H_
#define REFERRAL_ENGINE_CASE_CASE_DIRECT_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "case/case_values.h"
#include "model/model.h"

namespace referral::internal {

// True: `*out` holds the case, derived facts included, exactly as
// ReadCaseTree would give it. False: read it with ReadCaseTree (`*out` is
// left in any state).
bool ReadCaseDirect(const Model& model, std::string_view text, const CaseLimits& limits,
                    std::optional<int64_t> decision_day, CaseValues* out);

// The end of reading a case (case_reader.cc): required facts, defaults and
// derived facts. False if that finds any problem.
bool FinishDirectCase(const Model& model, CaseValues& c);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_CASE_CASE_DIRECT_H_
