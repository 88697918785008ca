// A problem found in a rule file, located at file:line:column.
#ifndef REFERRAL_DIAGNOSTIC_H_
#define REFERRAL_DIAGNOSTIC_H_

#include "referral/export.h"
#include "referral/options.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace referral {

enum class Severity { kError, kWarning, kInfo };

struct Diagnostic {
  std::string code;     // stable, e.g. `rule.unknown_service`; see docs/diagnostics.md
  Severity severity = Severity::kError;
  std::string message;  // in the language asked for at load time
  std::string file;     // path as given by the caller, joined with the file's relative path
  int line = 0;         // 1-based; 0 when the problem is not in one place
  int column = 0;       // 1-based
  std::string help;     // e.g. "did you mean `ICBF_PARD`?"; may be empty
};

// `file:line:column: error[code]: message (help)` on one line.
REFERRAL_API std::string FormatDiagnostic(const Diagnostic& d);

// The diagnostics as a JSON array of {code, severity, message, file, line,
// column, help}, in the order given.
REFERRAL_API std::string DiagnosticsToJson(const std::vector<Diagnostic>& diags);

REFERRAL_API bool HasErrors(const std::vector<Diagnostic>& diags);
// How many of them are errors (not warnings or notes).
REFERRAL_API size_t CountErrors(const std::vector<Diagnostic>& diags);

// The catalogue's message for `code` (a diagnostic or case error code of
// docs/diagnostics.md) in `lang`, its `{0}`, `{1}`... replaced by `args`: for
// a host that reports a refusal of its own with the engine's words (an
// empty JSON Lines line: `case.empty_line`). An unknown code is returned
// with its arguments.
REFERRAL_API std::string MessageOf(std::string_view code, Lang lang, const std::vector<std::string>& args = {});

}  // namespace referral

#endif  // REFERRAL_DIAGNOSTIC_H_
