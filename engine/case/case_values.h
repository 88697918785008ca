// A case validated against a rule set's facts: one int64 slot per fact (see
// model/model.h for the encoding), plus what the evaluator needs to show it.
#ifndef REFERRAL_ENGINE_CASE_CASE_VALUES_H_
#define REFERRAL_ENGINE_CASE_CASE_VALUES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/model.h"
#include "referral/decision.h"
#include "referral/options.h"
#include "referral/status.h"

namespace referral::internal {

struct CaseValues {
  std::string case_id;
  std::vector<int64_t> values;
  std::vector<uint8_t> present;
  std::vector<std::string> strings;  // the raw text of string facts, for display
  std::vector<Warning> warnings;     // from derivations, e.g. presumed age
  std::vector<std::pair<std::string, std::string>> derived;  // derived facts, shown
  // Every referral of the decision requires human confirmation (the age was
  // presumed: a minor of unknown age, Ley 1098 art. 3 par. 1).
  bool confirm_all = false;
  // `capacity`: places available per service id, in key order. Validated,
  // not yet read by any rule (the R4 capacity fallback is a later issue).
  std::vector<std::pair<std::string, int64_t>> capacity;
};

// Parses and validates a case. Errors: `case.bad_json`, `case.bad_yaml`,
// `case.not_object`, `case.missing_field`, `case.unknown_field`,
// `case.derived_field`, `case.bad_type`, `case.out_of_range`, `case.bad_date`,
// `case.unknown_value`, `case.unknown_service` (a `capacity` key),
// `case.age_unknown`, `case.birth_after_evaluation`, `case.bad_estimate`,
// and, before any parsing, `limit.case_size` and `limit.case_depth`.
// Messages never contain the value of a sensitive fact.
StatusOr<CaseValues> ReadCase(const Model& model, std::string_view text, CaseFormat format,
                              const CaseLimits& limits = {});

// The limits of CaseLimits on a case text, checked before it is parsed: OK, or
// `limit.case_size` / `limit.case_depth`.
Status CheckCaseLimits(std::string_view text, CaseFormat format, const CaseLimits& limits);

// The case's value of fact `f` as people read it ("venezolana", "[a, b]", "40").
std::string FormatValue(const Model& model, const CaseValues& c, int f);

// Converts a YAML document to JSON text (defined in engine/load/yaml_case.cc:
// yaml-cpp stays in engine/load/). Sets *error on failure, also when the
// document, its aliases expanded, has more than `max_nodes` nodes.
std::string YamlToJsonText(std::string_view yaml, std::string* error, size_t max_nodes = size_t{1} << 20);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_CASE_CASE_VALUES_H_
