// `referral explain`: the decision of one case, explained for people.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_common.h"
#include "commands.h"
#include "json_text.h"
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
      nlohmann::ordered_json j = {{"service", answer->service}, {"already", answer->already}, {"found", answer->found}};
      auto changes = nlohmann::ordered_json::array();
      for (const auto& c : answer->changes) {
        nlohmann::ordered_json cj = {{"fact", c.fact}, {"sensitive", c.sensitive}};
        if (!c.sensitive) {
          cj["from"] = c.from.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(c.from);
          cj["to"] = c.to.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(c.to);
        }
        if (!c.via.empty()) cj["via"] = c.via;
        changes.push_back(std::move(cj));
      }
      j["changes"] = std::move(changes);
      if (!answer->reason.empty()) j["reason"] = answer->reason;
      std::cout << JsonText(j) << "\n";
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
  std::string explanation = Explain(result, explain);
  if (args.format == "json") {
    DecisionJsonOptions json;
    json.include_trace = false;
    json.explanation = explanation;
    std::string line;
    result.AppendJson(&line, json);
    std::cout << WithSummary(std::move(line), ExplainSummaryJson(result, explain)) << "\n";
  } else {
    std::cout << explanation;
  }
  return kExitOk;
}

}  // namespace referral::cli
