// `referral book`: the rule set as a document for legal and committee
// sign-off, in Markdown or one self-contained HTML page (docs/book.md).
#include "cli_common.h"
#include "commands.h"
#include "referral/book.h"

namespace referral::cli {

int RunBook(const BookArgs& args) {
  const Lang lang = ParseLang(args.lang, Lang::kEs);
  if (OutputClashes("-o", args.output, RuleInputs(args.rules), lang)) return kExitUsage;
  auto rules = LoadRulesOrReport(args.rules, lang);
  if (!rules) return kExitFailed;
  const BookFormat format = args.format == "html" ? BookFormat::kHtml : BookFormat::kMarkdown;
  return WriteOutput(args.output, RenderBook(*rules, format, ParseLang(args.lang, rules->language()))) ? kExitOk
                                                                                                     : kExitCannotRun;
}

}  // namespace referral::cli
