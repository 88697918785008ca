// `referral`: check, route, explain and test rule sets from the command line.
// A thin CLI11 front: every subcommand calls the public library API only.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli_common.h"
#include "commands.h"
#include "referral/version.h"

int main(int argc, char** argv) {
  using namespace referral::cli;
  CLI::App app{"referral: route child-protection cases with declarative rules, and explain why"};
  app.set_version_flag("--version", std::string("referral ") + referral::kEngineVersion);
  app.require_subcommand(1);
  bool verbose = false;
  app.add_flag("-v,--verbose", verbose, "Log what the program does (never case data)");

  CheckArgs check;
  auto* c = app.add_subcommand("check", "Load and check a rule set; print every problem");
  c->add_option("rules", check.rules, "Rule file or folder (default: rules/bogota)");
  c->add_option("--lang", check.lang, "Language of messages")->check(CLI::IsMember({"es", "en"}));
  c->add_option("--format", check.format, "human or json")->check(CLI::IsMember({"human", "json"}));

  RouteArgs route;
  auto* r = app.add_subcommand("route", "Decide one case (or a JSONL batch) and print the decision as JSON");
  r->add_option("--rules", route.rules, "Rule file or folder (default: rules/bogota)");
  r->add_option("input", route.input, "Case file (.json/.yaml) or - for standard input");
  r->add_flag("--jsonl", route.jsonl, "Input is JSON Lines: one case per line, one output line per input line");
  r->add_option("--format", route.format, "json or human")->check(CLI::IsMember({"json", "human"}));
  r->add_option("--trace", route.trace, "off, rules or full")->check(CLI::IsMember({"off", "rules", "full"}));
  r->add_option("--case-format", route.case_format, "json or yaml")->check(CLI::IsMember({"json", "yaml"}));
  r->add_option("--lang", route.lang, "Language for --format human")->check(CLI::IsMember({"es", "en"}));

  ExplainArgs explain;
  auto* e = app.add_subcommand("explain", "Decide one case and explain the decision for people");
  e->add_option("--rules", explain.rules, "Rule file or folder (default: rules/bogota)");
  e->add_option("input", explain.input, "Case file (.json/.yaml) or - for standard input");
  e->add_option("--lang", explain.lang, "es or en (default: the rule set's language)")
      ->check(CLI::IsMember({"es", "en"}));
  e->add_option("--format", explain.format, "human or json")->check(CLI::IsMember({"human", "json"}));
  e->add_option("--case-format", explain.case_format, "json or yaml")->check(CLI::IsMember({"json", "yaml"}));

  TestArgs test;
  auto* t = app.add_subcommand("test", "Run a rule set's test cases");
  t->add_option("rules", test.rules, "Rule file or folder (default: rules/bogota)");
  t->add_option("files", test.files, "Test files (default: the rule set's tests/ and *.test.yaml)");
  t->add_option("--format", test.format, "human or json")->check(CLI::IsMember({"human", "json"}));
  t->add_option("--explain", test.explain, "Explain none, failures or all decisions")
      ->check(CLI::IsMember({"none", "failures", "all"}));
  t->add_option("--lang", test.lang, "Language of explanations")->check(CLI::IsMember({"es", "en"}));
  t->add_flag("--coverage", test.coverage, "Report rules no test fired and conditions not seen both true and false");

  AnalyzeArgs analyze;
  auto* a = app.add_subcommand("analyze", "Prove over the whole case space that no case falls through the cracks");
  a->add_option("rules", analyze.rules, "Rule file or folder (default: rules/bogota)");
  a->add_option("--format", analyze.format, "human or json")->check(CLI::IsMember({"human", "json"}));
  a->add_option("--lang", analyze.lang, "Language of load diagnostics")->check(CLI::IsMember({"es", "en"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& ex) {
    return app.exit(ex);
  } catch (const CLI::CallForAllHelp& ex) {
    return app.exit(ex);
  } catch (const CLI::CallForVersion& ex) {
    return app.exit(ex);
  } catch (const CLI::ParseError& ex) {
    app.exit(ex);
    return kExitUsage;
  }
  InitLogging(verbose);
  if (c->parsed()) return RunCheck(check);
  if (r->parsed()) return RunRoute(route);
  if (e->parsed()) return RunExplain(explain);
  if (t->parsed()) return RunTest(test);
  if (a->parsed()) return RunAnalyze(analyze);
  return kExitUsage;
}
