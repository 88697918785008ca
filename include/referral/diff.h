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

// The facts two rule sets do not share alike (e.g. an overlay that replaces
// the area fact), by name.
struct FactDifferences {
  std::vector<std::string> only_in_base;
  std::vector<std::string> only_in_head;
  std::vector<std::string> changed;  // in both, declared otherwise (type, values, bounds, default)
  bool any() const { return !only_in_base.empty() || !only_in_head.empty() || !changed.empty(); }
};

// As DiffSpace when both declare the same facts (in any order: the exact
// comparison then needs the same order too, else this one is used). Otherwise
// it says which facts differ in `*differences`, and decides each region of
// either rule set's case space (split by both rule sets' tests on the facts
// they share alike) under both with one example case. The example keeps its
// value of every fact both declare, where the other rule set takes it; a
// fact only the other declares takes one value (that rule set's own first
// example's), and so does a fact declared otherwise whose value the other
// cannot take, unless a condition reads it: that example is not comparable
// and is counted in `rejected`, as are examples a rule set refuses. A change
// found is real, with its example (the case as the head reads it); a change
// that only some values of a fact one rule set lacks would show can be
// missed. Counts are of those examples.
REFERRAL_API DiffReport DiffSharedSpace(const Ruleset& base, const Ruleset& head, FactDifferences* differences,
                                        size_t max_regions = 5'000'000);

}  // namespace referral

#endif  // REFERRAL_DIFF_H_
