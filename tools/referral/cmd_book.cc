// `referral book`: the rule set as a document for legal and committee
// sign-off, in Markdown or one self-contained HTML page (docs/book.md).
#include <optional>
#include <vector>

#include "cli_common.h"
#include "commands.h"
#include "referral/book.h"

namespace referral::cli {

int RunBook(const BookArgs& args) {
  const Lang lang = CliLang(args.lang, args.rules);
  std::vector<NamedInput> inputs = RuleInputs(args.rules);
  if (!args.base.empty()) {
    for (auto& r : RuleInputs(args.base)) inputs.push_back(std::move(r));
  }
  if (OutputClashes("-o", args.output, inputs, lang)) return kExitUsage;
  auto rules = LoadRulesOrReport(args.rules, lang);
  if (!rules) return kExitFailed;
  std::optional<Ruleset> base;
  if (!args.base.empty()) {
    base = LoadRulesOrReport(args.base, lang);
    if (!base) return kExitFailed;
  }
  const BookFormat format = args.format == "html" ? BookFormat::kHtml : BookFormat::kMarkdown;
  const BookOptions options{ParseLang(args.lang, rules->language()), base ? &*base : nullptr};
  return WriteOutput(args.output, RenderBook(*rules, format, options)) ? kExitOk : kExitCannotRun;
}

}  // namespace referral::cli
