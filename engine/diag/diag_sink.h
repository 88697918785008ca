// Collects located diagnostics, rendering each message from the bilingual
// catalogue (diag/messages.cc) in the language asked for.
#ifndef REFERRAL_ENGINE_DIAG_DIAG_SINK_H_
#define REFERRAL_ENGINE_DIAG_DIAG_SINK_H_

#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"
#include "referral/diagnostic.h"
#include "referral/options.h"

namespace referral::internal {

// The message for `code` in `lang` with {0}, {1}, ... replaced by `args`.
// Unknown codes render as the code itself followed by the args.
std::string RenderMessage(std::string_view code, Lang lang,
                          const std::vector<std::string>& args);
// Every code of the catalogue, and a code's pattern in `lang` (empty when
// unknown): for the test that every message has both languages.
std::vector<std::string_view> MessageCodes();
std::string_view MessagePattern(std::string_view code, Lang lang);
// A text of the catalogue as it stands (no placeholders filled): the words of
// explanations, the rule book and reports. "" for a code it lacks.
const char* MessageText(std::string_view code, Lang lang);
// A text of the catalogue with `{0}`, `{1}`... filled by `args` as given
// (names, values, numbers: never translated): the sentences of explanations,
// why-not answers, the rule book, graphs and reports.
std::string FillText(std::string_view code, Lang lang, const std::vector<std::string>& args);

class DiagSink {
 public:
  explicit DiagSink(Lang lang) : lang_(lang) {}

  void Error(const Location& at, std::string_view code,
             std::vector<std::string> args = {}, std::string suggestion = {});
  // A limit of LoadLimits reached: the help says how to raise it
  // (`option` is the LoadLimits member, `flag` the name for `--limit`).
  void LimitError(const Location& at, std::string_view code, std::vector<std::string> args,
                  std::string_view option, std::string_view flag);
  void Warning(const Location& at, std::string_view code,
               std::vector<std::string> args = {});

  bool has_errors() const { return errors_ > 0; }
  Lang lang() const { return lang_; }
  // Sorted by file, line and column; stable for equal places.
  std::vector<Diagnostic> Take();

 private:
  void Add(Severity severity, const Location& at, std::string_view code,
           const std::vector<std::string>& args, const std::string& suggestion);
  Lang lang_;
  int errors_ = 0;
  std::vector<Diagnostic> diags_;
};

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_DIAG_DIAG_SINK_H_
