// `referral explain`: the decision of one case, explained for people.
#include <iostream>

#include "cli_common.h"
#include "commands.h"
#include "json_text.h"
#include "json_views.h"
#include "referral/engine.h"
#include "referral/record.h"
#include "referral/explain.h"

namespace referral::cli {

int RunExplain(const ExplainArgs& args) {
  auto rules = LoadRulesOrReport(args.rules, CliLang(args.lang, args.rules));
  if (!rules) return kExitFailed;
  auto text = ReadInput(args.input);
  if (!text) return kExitCannotRun;
  DecideOptions options;
  options.lang = CliLang(args.lang, args.rules);  // of error messages
  options.limits = CliCaseLimits();
  options.now = NowRfc3339();  // evaluation dates after the clock are refused
  options.format = args.case_format == "yaml"   ? CaseFormat::kYaml
                   : args.case_format == "json" ? CaseFormat::kJson
                                                : FormatOf(args.input);
  if (!args.capacity.empty() && options.format == CaseFormat::kYaml) {
    std::cerr << "referral: " << MessageOf("cli.capacity_needs_json", CommandLang()) << "\n";
    return kExitUsage;
  }
  text = WithCapacity(*text, args.capacity);
  if (!text) return kExitCannotRun;
  if (!args.why_not.empty()) {
    auto answer = WhyNot(*rules, *text, args.why_not, options.format);
    if (!answer.ok()) {
      for (const ErrorDetail& e : answer.status().errors()) std::cerr << "referral: " << e.code << ": " << e.message << "\n";
      return kExitCannotRun;
    }
    if (args.format == "json") {
      std::cout << JsonText(WhyNotJson(*answer)) << "\n";
    } else {
      std::cout << RenderWhyNot(*answer, ParseLang(args.lang, rules->language()));
    }
    return kExitOk;
  }
  DecisionResult result;
  Status s = DecideInto(*rules, *text, options, &result);
  if (!s.ok()) {
    PrintRejection(s, options.lang);
    return kExitCannotRun;
  }
  ExplainOptions explain;
  explain.lang = ParseLang(args.lang, rules->language());
  explain.detail = args.detail;
  explain.decided_at = options.now;  // deadlines as a date and time from now
  if (args.format == "json") {
    std::cout << ExplainedDecisionJson(result, explain) << "\n";
  } else {
    std::cout << Explain(result, explain);
  }
  return kExitOk;
}

}  // namespace referral::cli
