// What the report tabulates by: the rule set's facts that records keep for
// reports, and the table each one makes. Shared by the tables and by the
// labels that name their values.
#ifndef REFERRAL_ENGINE_REPORT_DIMENSIONS_H_
#define REFERRAL_ENGINE_REPORT_DIMENSIONS_H_

#include <string_view>
#include <utility>

namespace referral::internal {

// The rule set's facts that the programme reports on (rules/bogota/hechos.yaml
// marks them `report: true`, so records keep them).
struct Dimension {
  const char* table;
  const char* fact;
  bool is_protected;  // a locality, or a fact near enough to one's identity (POLICY §5.2.3)
};
constexpr Dimension kDimensions[] = {
    {"by_category", "identification_category", false},
    {"by_channel", "identification_channel", false},
    {"by_team", "identifying_team", false},
    {"by_source", "report_source", false},
    {"by_nationality", "nationality", true},
    {"by_locality", "localidad", true},
};

// Rule firing rates by the protected facts: a table, and the fact whose
// values are its columns.
constexpr std::pair<const char*, const char*> kFiringDimensions[] = {
    {"firing_by_locality", "localidad"},
    {"firing_by_nationality", "nationality"},
};

// The fact whose values a table's rows (or, for firing_by_*, columns) are;
// nullptr when none.
inline const char* FactOfTable(std::string_view table) {
  for (const auto& d : kDimensions) {
    if (table == d.table) return d.fact;
  }
  for (const auto& [t, fact] : kFiringDimensions) {
    if (table == t) return fact;
  }
  return nullptr;
}

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_REPORT_DIMENSIONS_H_
