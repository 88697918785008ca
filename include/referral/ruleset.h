// A loaded, checked and compiled rule set. Immutable once loaded.
#ifndef REFERRAL_RULESET_H_
#define REFERRAL_RULESET_H_

#include "referral/export.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "referral/diagnostic.h"
#include "referral/options.h"
#include "referral/status.h"

namespace referral {

namespace internal {
struct Model;
struct RulesetAccess;  // the library's own way in (engine/model/model.h)
}

// A service of the catalogue, as callers may list it.
struct ServiceInfo {
  std::string id;
  std::string name_es;
  std::string name_en;
  std::string legal_basis;  // `consent`, `legal_duty_...`, `public_function_...`
  bool human_confirmation = false;
};

class REFERRAL_API Ruleset {
 public:
  const std::string& id() const;
  const std::string& version() const;
  const std::string& effective_date() const;
  const std::string& title(Lang lang) const;
  Lang language() const;  // default language of explanations
  // Lower-case hex SHA-256 of the rule files (docs/rules.md, "Files").
  const std::string& digest() const;
  std::vector<ServiceInfo> services() const;
  // The rule files, relative to the loaded root, in the order read.
  const std::vector<std::string>& files() const;
  // Who may review a decision, and the reason codes a review may give
  // (`ruleset: reviews:`; docs/records.md). Empty: no review is accepted.
  const std::vector<std::string>& review_roles() const;
  const std::vector<std::string>& review_reasons() const;

  // Copies share one immutable rule set (a Ruleset is cheap to copy and to
  // pass between threads).

 private:
  friend struct internal::RulesetAccess;
  explicit Ruleset(std::shared_ptr<const internal::Model> model) : model_(std::move(model)) {}
  std::shared_ptr<const internal::Model> model_;  // the opaque rule set: shared, never mutated
};

// Loads a rule set from a YAML file or a folder of them (docs/rules.md).
// On failure returns a non-OK status (`ruleset.invalid` or `ruleset.io`) and
// `diags` holds every problem found, sorted by file and line. Warnings may be
// appended even on success. `diags` may be null.
// Thread-safe; touches no global state.
REFERRAL_API StatusOr<Ruleset> LoadRuleset(const std::filesystem::path& path,
                              std::vector<Diagnostic>* diags,
                              const LoadOptions& options = {});

// The rule set at `path` as it runs, as one YAML document: for an overlay
// (`extends`), its base with the overlay applied; every entry is preceded by a
// comment naming the file and line it came from. Loading the document gives
// the same decisions (its digest differs). On failure, as LoadRuleset.
// Thread-safe; touches no global state.
REFERRAL_API StatusOr<std::string> MergedRulesetYaml(const std::filesystem::path& path,
                                                     std::vector<Diagnostic>* diags,
                                                     const LoadOptions& options = {});

// The language the rule set at `path` declares (`ruleset: language`; for an
// overlay that declares none, its base's; `es` for a header without it), read
// from the header alone: for a host or command choosing the language of what
// it says about these rules, their load errors included. nullopt when no
// header can be read or its language is not es or en.
// Thread-safe; touches no global state.
REFERRAL_API std::optional<Lang> DeclaredLanguage(const std::filesystem::path& path);

// The files of a new overlay at `dir` extending `extends` (a base's name, found
// as `extends: NAME` is, or a path relative to `dir`), as (relative path,
// text): a header that changes nothing, and a test file for the differences
// it will declare from the base's tests; with `areas`, the base's area fact
// replaced by them and a directory template (one office to confirm per
// locally delivered service). Comments are in the base's language.
// Errors: `init.base_not_found`, `init.base_invalid`. Writes nothing.
REFERRAL_API StatusOr<std::vector<std::pair<std::string, std::string>>> OverlayStarter(
    const std::string& extends, const std::filesystem::path& dir, const std::string& id,
    const std::vector<std::string>& areas);

// As LoadRuleset, from one YAML document held in memory; `name` stands for the
// file name in diagnostics. It cannot `extends` a base (there is no folder to
// find it from: `overlay.no_folder`).
REFERRAL_API StatusOr<Ruleset> LoadRulesetFromString(std::string_view yaml,
                                        std::string_view name,
                                        std::vector<Diagnostic>* diags,
                                        const LoadOptions& options = {});

}  // namespace referral

#endif  // REFERRAL_RULESET_H_
