// `referral check RULES`: every problem with file:line:column; exit 0 or 3.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_common.h"
#include "commands.h"
#include "json_text.h"

namespace referral::cli {

int RunCheck(const CheckArgs& args) {
  const Lang lang = CliLang(args.lang, args.rules);
  if (args.print_merged) {
    std::vector<Diagnostic> diags;
    auto yaml = MergedRulesetYaml(args.rules, &diags, LoadOptions{lang});
    for (const auto& d : diags) std::cerr << FormatDiagnostic(d) << "\n";
    if (!yaml.ok()) return kExitFailed;
    std::cout << *yaml;
    return kExitOk;
  }
  std::vector<Diagnostic> diags;
  auto rules = LoadRuleset(args.rules, &diags, CliLoadOptions(lang));
  if (args.format == "json") {
    nlohmann::ordered_json out;
    out["ok"] = rules.ok();
    if (rules.ok()) {
      out["ruleset"] = {{"id", rules->id()}, {"version", rules->version()}, {"digest", rules->digest()}};
    }
    out["diagnostics"] = nlohmann::ordered_json::parse(DiagnosticsToJson(diags));
    std::cout << JsonText(out, 2) << "\n";
  } else {
    for (const auto& d : diags) std::cout << FormatDiagnostic(d) << "\n";
    if (rules.ok()) {
      std::cout << MessageOf("cli.check_ok", lang,
                             {rules->id(), rules->version(), std::to_string(rules->files().size()),
                              std::to_string(rules->services().size()), rules->digest()})
                << "\n";
    } else {
      std::cout << MessageOf("cli.check_errors", lang, {std::to_string(CountErrors(diags))}) << "\n";
    }
  }
  return rules.ok() ? kExitOk : kExitFailed;
}

}  // namespace referral::cli
