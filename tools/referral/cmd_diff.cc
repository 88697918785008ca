// `referral diff --base OLD --head NEW [CASES]`: the impact of a rule change,
// over given cases or, without cases, over the whole case space.
#include <fstream>
#include <iostream>

#include "cli_common.h"
#include "commands.h"
#include "json_text.h"
#include "json_views.h"
#include "referral/diagnostic.h"
#include "referral/diff.h"

namespace referral::cli {

int RunDiff(const DiffArgs& args) {
  auto base = LoadRulesOrReport(args.base, CliLang(args.lang, args.base));
  auto head = LoadRulesOrReport(args.head, CliLang(args.lang, args.head));
  if (!base || !head) return kExitFailed;
  const Lang lang = ParseLang(args.lang, head->language());
  const auto say = [lang](std::string_view code, const std::vector<std::string>& a = {}) {
    return MessageOf(code, lang, a);
  };
  DiffReport report;
  FactDifferences differences;
  if (!args.cases.empty()) {
    std::ifstream file;
    std::istream* in = &std::cin;
    if (args.cases != "-") {
      file.open(args.cases);
      if (!file) {
        std::cerr << "referral: " << say("cli.cannot_read", {args.cases}) << "\n";
        return kExitCannotRun;
      }
      in = &file;
    }
    report = DiffCases(*base, *head, *in);
  } else {
    report = DiffSharedSpace(*base, *head, &differences);
  }
  const auto names = [](const std::vector<std::string>& list) {
    std::string out;
    for (const auto& n : list) out += (out.empty() ? "`" : ", `") + n + "`";
    return out.empty() ? std::string("-") : out;
  };
  const std::string unit = say(report.over_space ? "diff.unit_regions" : "diff.unit_cases");
  if (args.format == "json") {
    std::cout << JsonText(DiffJson(*base, *head, report, differences), 2) << "\n";
  } else {
    auto named = [](const Ruleset& r) { return r.id() + " " + r.version() + " (" + r.digest().substr(0, 12) + ")"; };
    std::cout << say("diff.header", {named(*base), named(*head)}) << "\n";
    if (differences.any()) {
      std::cout << say("diff.facts_differ",
                       {names(differences.only_in_base), names(differences.only_in_head), names(differences.changed)})
                << "\n";
    }
    if (report.over_space) {
      std::cout << say("diff.regions", {std::to_string(report.changed)})
                << (report.complete ? "" : say("diff.incomplete"));
      if (report.rejected) std::cout << say("diff.rejected", {std::to_string(report.rejected)});
      std::cout << "\n";
    } else {
      std::cout << say("diff.cases", {std::to_string(report.changed), std::to_string(report.total)});
      if (report.rejected) std::cout << say("diff.rejected", {std::to_string(report.rejected)});
      std::cout << "\n";
    }
    for (const auto& c : report.changes) {
      std::cout << "  " << c.change << ": " << c.count << " " << unit;
      if (!c.example_ids.empty()) {
        std::cout << " (" << say("diff.for_example");
        for (const auto& id : c.example_ids) std::cout << " " << id;
        std::cout << ")";
      }
      std::cout << "\n";
      if (!c.example_case.empty()) std::cout << "    " << say("diff.example", {c.example_case}) << "\n";
    }
    for (const auto& [r, n] : report.rules_fired_more) {
      std::cout << "  " << say("diff.fires_more", {r, std::to_string(n)}) << "\n";
    }
    for (const auto& [r, n] : report.rules_fired_less) {
      std::cout << "  " << say("diff.fires_less", {r, std::to_string(n)}) << "\n";
    }
  }
  return args.fail_on_change && report.changed > 0 ? kExitFailed : kExitOk;
}

}  // namespace referral::cli
