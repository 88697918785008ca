// `referral explain`: the decision of one case, explained for people.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_common.h"
#include "commands.h"
#include "referral/engine.h"
#include "referral/explain.h"

namespace referral::cli {

int RunExplain(const ExplainArgs& args) {
  auto rules = LoadRulesOrReport(args.rules, ParseLang(args.lang, Lang::kEn));
  if (!rules) return kExitFailed;
  auto text = ReadInput(args.input);
  if (!text) return kExitCannotRun;
  DecideOptions options;
  options.format = args.case_format == "yaml"   ? CaseFormat::kYaml
                   : args.case_format == "json" ? CaseFormat::kJson
                                                : FormatOf(args.input);
  auto d = Decide(*rules, *text, options);
  if (!d.ok()) {
    std::cerr << "referral: the case was rejected: " << d.status().code() << ": " << d.status().message() << "\n";
    return kExitCannotRun;
  }
  const Lang lang = ParseLang(args.lang, rules->language());
  std::string explanation = Explain(*rules, *d, lang);
  if (args.format == "json") {
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(DecisionToJson(*d, false));
    j["explanation"] = explanation;
    std::cout << j.dump() << "\n";
  } else {
    std::cout << explanation;
  }
  return kExitOk;
}

}  // namespace referral::cli
