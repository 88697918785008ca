// The impact of a rule change: which cases (or which regions of the case
// space) change route between two rule sets, grouped by the change.
#ifndef REFERRAL_DIFF_H_
#define REFERRAL_DIFF_H_

#include "referral/export.h"

#include <istream>
#include <string>
#include <utility>
#include <vector>

#include "referral/ruleset.h"
#include "referral/status.h"

namespace referral {

struct RouteChange {
  // e.g. "+SED_MATRICULA −SDIS_CENTRO_AMAR", "ICBF_PARD: estandar→urgente",
  // "outcome: no_referral (sin_ruta) → out_of_scope (mayor_de_edad)"
  std::string change;
  long count = 0;                         // cases (with cases) or regions (over the space)
  std::vector<std::string> example_ids;   // up to 5 case ids (with cases)
  std::string example_case;               // a JSON case (over the space)
};

struct DiffReport {
  bool over_space = false;  // true: regions of the case space; false: the given cases
  bool complete = true;
  long total = 0;           // cases decided (with cases)
  long changed = 0;         // cases (or regions) whose route changes
  long rejected = 0;        // cases rejected by either rule set
  std::vector<RouteChange> changes;  // most frequent first, then by name
  // Rules whose firing changed: (rule id, cases where it fires only in head
  // minus cases where it fires only in base), with cases only.
  std::vector<std::pair<std::string, long>> rules_fired_more;
  std::vector<std::pair<std::string, long>> rules_fired_less;
};

// Decides every JSON line of `cases` under both rule sets.
REFERRAL_API DiffReport DiffCases(const Ruleset& base, const Ruleset& head, std::istream& cases);

// Exact comparison over the whole case space, on one partition of both rule
// sets' tests. Needs both to declare the same facts (`diff.facts_differ`).
REFERRAL_API StatusOr<DiffReport> DiffSpace(const Ruleset& base, const Ruleset& head, size_t max_regions = 5'000'000);

}  // namespace referral

#endif  // REFERRAL_DIFF_H_
