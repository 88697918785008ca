// `referral graph`: the routing graph as DOT, Mermaid or SVG, optionally with
// the path one case's decision took, so policy staff can see their rules.
#include <spdlog/spdlog.h>

#include <iostream>
#include <optional>

#include "cli_common.h"
#include "commands.h"
#include "external_filter.h"
#include "referral/engine.h"
#include "referral/record.h"
#include "referral/graph.h"

namespace referral::cli {

int RunGraph(const GraphArgs& args) {
  std::vector<NamedInput> inputs = RuleInputs(args.rules);
  inputs.push_back({"the case file", args.highlight});
  if (OutputClashes("-o", args.output, inputs, CliLang(args.lang, args.rules))) return kExitUsage;
  // SVG needs Graphviz; say so before doing any work.
  std::optional<std::string> dot;
  if (args.format == "svg") {
    dot = FindOnPath("dot");
    if (!dot) {
      std::cerr << "referral: " << MessageOf("cli.no_dot", CliLang(args.lang, args.rules)) << "\n";
      return kExitCannotRun;
    }
  }
  auto rules = LoadRulesOrReport(args.rules, CliLang(args.lang, args.rules));
  if (!rules) return kExitFailed;
  const Lang lang = ParseLang(args.lang, rules->language());

  DecisionResult decision;
  if (!args.highlight.empty()) {
    auto text = ReadInput(args.highlight);
    if (!text) return kExitCannotRun;
    DecideOptions options;
    options.limits = CliCaseLimits();
    options.now = NowRfc3339();  // evaluation dates after the clock are refused
    options.trace = TraceLevel::kRules;  // the path and fired rules are all the drawing needs
    options.format = args.case_format == "yaml"   ? CaseFormat::kYaml
                     : args.case_format == "json" ? CaseFormat::kJson
                                                  : FormatOf(args.highlight);
    Status s = DecideInto(*rules, *text, options, &decision);
    if (!s.ok()) {
      PrintRejection(s);
      return kExitCannotRun;
    }
  }

  const GraphFormat format = args.format == "mermaid" ? GraphFormat::kMermaid : GraphFormat::kDot;
  std::string text = decision.has_decision() ? RenderGraph(decision, format, lang)
                                             : RenderGraph(*rules, format, nullptr, lang);
  if (dot) {
    std::string why;
    auto svg = DotToSvg(*dot, text, &why);
    if (!svg) {
      std::cerr << "referral: " << MessageOf("cli.cannot_run_dot", lang, {why}) << "\n";
      return kExitCannotRun;
    }
    text = std::move(*svg);
  }
  spdlog::debug("drew rule set {} as {}", rules->id(), args.format);
  return WriteOutput(args.output, text) ? kExitOk : kExitCannotRun;
}

}  // namespace referral::cli
