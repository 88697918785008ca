// `referral check RULES`: every problem with file:line:column; exit 0 or 3.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_common.h"
#include "commands.h"
#include "json_text.h"

namespace referral::cli {

int RunCheck(const CheckArgs& args) {
  const Lang lang = ParseLang(args.lang, Lang::kEn);
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
      std::cout << "ok: " << rules->id() << " " << rules->version() << " (" << rules->files().size()
                << " file(s), " << rules->services().size() << " services) sha256 " << rules->digest() << "\n";
    } else {
      std::cout << (lang == Lang::kEs ? "errores: " : "errors: ") << CountErrors(diags) << "\n";
    }
  }
  return rules.ok() ? kExitOk : kExitFailed;
}

}  // namespace referral::cli
