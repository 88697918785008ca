// Diagnostic collection and formatting.
#include "diag/diag_sink.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "diag/diag_order.h"
#include "util/json_text.h"

namespace referral {

std::string FormatDiagnostic(const Diagnostic& d) {
  std::string out = d.file;
  if (d.line > 0) {
    out += ":" + std::to_string(d.line) + ":" + std::to_string(d.column);
  }
  out += d.severity == Severity::kError     ? ": error["
         : d.severity == Severity::kWarning ? ": warning["
                                            : ": note[";
  out += d.code + "]: " + d.message;
  if (!d.help.empty()) out += " (" + d.help + ")";
  return out;
}

bool HasErrors(const std::vector<Diagnostic>& diags) { return CountErrors(diags) > 0; }

size_t CountErrors(const std::vector<Diagnostic>& diags) {
  return static_cast<size_t>(std::count_if(diags.begin(), diags.end(),
                                           [](const Diagnostic& d) { return d.severity == Severity::kError; }));
}

std::string DiagnosticsToJson(const std::vector<Diagnostic>& diags) {
  auto list = nlohmann::ordered_json::array();
  for (const auto& d : diags) {
    list.push_back({{"code", d.code},
                    {"severity", d.severity == Severity::kError     ? "error"
                                 : d.severity == Severity::kWarning ? "warning"
                                                                    : "note"},
                    {"message", d.message},
                    {"file", d.file},
                    {"line", d.line},
                    {"column", d.column},
                    {"help", d.help}});
  }
  return internal::JsonText(list);
}

}  // namespace referral

namespace referral::internal {

void DiagSink::Error(const Location& at, std::string_view code,
                     std::vector<std::string> args, std::string suggestion) {
  ++errors_;
  Add(Severity::kError, at, code, args, suggestion);
}

void DiagSink::LimitError(const Location& at, std::string_view code, std::vector<std::string> args,
                          std::string_view option, std::string_view flag) {
  ++errors_;
  Add(Severity::kError, at, code, args, {});
  diags_.back().help = RenderMessage("help.raise_limit", lang_, {std::string(option), std::string(flag)});
}

void DiagSink::Warning(const Location& at, std::string_view code,
                       std::vector<std::string> args) {
  Add(Severity::kWarning, at, code, args, {});
}

void DiagSink::Add(Severity severity, const Location& at, std::string_view code,
                   const std::vector<std::string>& args, const std::string& suggestion) {
  Diagnostic d;
  d.code = std::string(code);
  d.severity = severity;
  d.message = RenderMessage(code, lang_, args);
  d.file = at.file;
  d.line = at.line;
  d.column = at.column;
  if (!suggestion.empty()) {
    d.help = RenderMessage("help.did_you_mean", lang_, {suggestion});
  }
  diags_.push_back(std::move(d));
}

std::vector<Diagnostic> DiagSink::Take() {
  std::stable_sort(diags_.begin(), diags_.end(), DiagnosticBefore);
  return std::move(diags_);
}

}  // namespace referral::internal
