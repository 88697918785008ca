// A case validated against a rule set's facts: one int64 slot per fact (see
// model/model.h for the encoding), plus what the evaluator needs to show it.
#ifndef REFERRAL_ENGINE_CASE_CASE_VALUES_H_
#define REFERRAL_ENGINE_CASE_CASE_VALUES_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/model.h"
#include "referral/decision.h"
#include "referral/options.h"
#include "referral/status.h"

namespace referral::internal {

// CaseValues::present of a fact the case did not give, set to its default.
constexpr uint8_t kDefaulted = 2;

struct CaseValues {
  std::string case_id;
  std::vector<int64_t> values;
  std::vector<uint8_t> present;  // 0 absent, 1 given, kDefaulted: the fact's default (not given)
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

// Parses and validates a case, and reports every problem at once
// (Status::errors(), at most kMaxCaseErrors): each invalid field, each
// missing required field, each duplicate key.
// The text must be one JSON value (or one YAML document), UTF-8, without a NUL
// byte and without a key given twice, before any field is read:
// `case.bad_json`, `case.bad_yaml`, `case.trailing_data`, `case.nul_byte`,
// `case.bad_encoding`, `case.number_too_large` (1e400), and, before any parsing, `limit.case_size` and
// `limit.case_depth`. Then `case.duplicate_key` (every key given twice, at
// any depth), `case.not_object`, `case.missing_field`, `case.unknown_field`,
// `case.derived_field`, `case.bad_type`, `case.bad_case_id`,
// `case.out_of_range`, `case.bad_date`, `case.unknown_value`,
// `case.unknown_service` (a `capacity` key), `case.age_unknown`,
// `case.birth_after_evaluation`, `case.bad_estimate`, and, with a
// `decision_day` (days since 1970-01-01, UTC), `case.future_evaluation_date`
// for an evaluation date more than a day after it.
// Messages are in `lang`, and never contain the value of a sensitive fact, and show input text
// only through Printable() (util/utf8.h).
//
// A JSON case is first read directly into the slots, without a tree
// (case/case_direct.h); anything that reader does not accept as a plain valid
// case is read again by ReadCaseTree, which finds and words every problem.
// Both give the same CaseValues for every case the direct reader accepts
// (tests/engine/case/case_direct_test.cc, fuzz_decide_case).
StatusOr<CaseValues> ReadCase(const Model& model, std::string_view text, CaseFormat format,
                              const CaseLimits& limits = {}, std::optional<int64_t> decision_day = std::nullopt,
                              Lang lang = Lang::kEn);

// As ReadCase, into `*out`, whose vectors' memory is reused (DecideInto).
Status ReadCaseInto(const Model& model, std::string_view text, CaseFormat format, const CaseLimits& limits,
                    std::optional<int64_t> decision_day, Lang lang, CaseValues* out);

// ReadCase through a parsed tree (nlohmann's, or YAML converted to it): the
// reader that reports every problem.
StatusOr<CaseValues> ReadCaseTree(const Model& model, std::string_view text, CaseFormat format,
                                  const CaseLimits& limits = {}, std::optional<int64_t> decision_day = std::nullopt,
                                  Lang lang = Lang::kEn);

// The most problems one rejected case reports; past it, a last entry
// `case.too_many_errors` says how many more there were.
inline constexpr size_t kMaxCaseErrors = 100;

// Whether fact `f` is a date the case was evaluated on: the rule set's date
// fact (effective dates) or the `as_of` of an age derivation, or a date fact
// named `evaluation_date`.
bool IsEvaluationDate(const Model& model, int f);

// The case's value of fact `f` as people read it ("venezolana", "[a, b]", "40");
// a string fact's text through Printable().
std::string FormatValue(const Model& model, const CaseValues& c, int f);

// Converts a YAML case (one document) to JSON text (defined in
// engine/load/yaml_case.cc: yaml-cpp stays in engine/load/). A key given
// twice stays twice in the JSON. Errors: `case.bad_yaml` (also when the
// document, its aliases expanded, has more than `max_nodes` nodes),
// `case.trailing_data` (a second document), `case.bad_encoding` (an escape
// that is not UTF-8).
StatusOr<std::string> YamlToJsonText(std::string_view yaml, size_t max_nodes = size_t{1} << 20,
                                     Lang lang = Lang::kEn);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_CASE_CASE_VALUES_H_
