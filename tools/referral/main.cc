// `referral`: check, route, explain and test rule sets from the command line.
// A thin CLI11 front: every subcommand calls the public library API only.
#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdlib>
#include <iostream>

#include "cli_common.h"
#include "commands.h"
#include "referral/version.h"

int main(int argc, char** argv) {
  using namespace referral::cli;
  // A write past a file-size limit (RLIMIT_FSIZE) must fail with EFBIG, as a
  // full disk does, so a record file is restored instead of the program being
  // killed in the middle of a line.
  std::signal(SIGXFSZ, SIG_IGN);
  CLI::App app{"referral: route child-protection cases with declarative rules, and explain why"};
  app.set_version_flag("--version", std::string("referral ") + referral::kEngineVersion);
  app.require_subcommand(1);
  bool verbose = false;
  app.add_flag("-v,--verbose", verbose, "Log what the program does (never case data)");
  std::vector<std::string> limits;
  app.add_option("--limit", limits, "Raise or lower a limit, NAME=N (docs/limits.md), e.g. --limit rules=20000")
      ->take_all();
  std::vector<std::string> rules_path;
  app.add_option("--rules-path", rules_path,
                 "A folder where a base named by `extends: NAME` is looked up (repeatable; before REFERRAL_RULES_PATH)");
  app.fallthrough();  // -v, --limit and --rules-path may also follow the subcommand

  CheckArgs check;
  auto* c = app.add_subcommand("check", "Load and check a rule set; print every problem");
  c->add_option("rules", check.rules, "Rule file or folder (default: rules/bogota)");
  c->add_option("--lang", check.lang, "Language of messages (default: the locale's, else the rule set's)")->check(CLI::IsMember({"es", "en"}));
  c->add_option("--format", check.format, "human or json")->check(CLI::IsMember({"human", "json"}));
  c->add_flag("--print-merged", check.print_merged,
              "Print the rule set as it runs (an overlay merged onto its base) as YAML");

  RouteArgs route;
  auto* r = app.add_subcommand("route", "Decide one case (or a JSONL batch) and print the decision as JSON");
  r->add_option("--rules", route.rules, "Rule file or folder (default: rules/bogota)");
  r->add_option("input", route.input, "Case file (.json/.yaml) or - for standard input");
  r->add_flag("--jsonl", route.jsonl, "Input is JSON Lines: one case per line, one output line per input line");
  r->add_option("--format", route.format, "json or human")->check(CLI::IsMember({"json", "human"}));
  r->add_option("--trace", route.trace, "off, rules or full")->check(CLI::IsMember({"off", "rules", "full"}));
  r->add_option("--case-format", route.case_format, "json or yaml")->check(CLI::IsMember({"json", "yaml"}));
  r->add_option("--lang", route.lang, "Language of --format human and of error messages (default: the locale's, else the rule set's)")->check(CLI::IsMember({"es", "en"}));
  auto* r_record = r->add_option("--record", route.record, "Append a decision record for each decision to this file");
  r->add_option("--rotate", route.rotate, "With --record: begin a new record file `daily` or once the file reaches a SIZE (e.g. 100M)")
      ->needs(r_record);
  r->add_option("--now", route.now, "Decision time, RFC 3339 (default: the clock), for reproducible records");
  r->add_option("--capacity", route.capacity,
                "JSON file of places available per service ({\"SDIS_JARDIN_DIURNO\": 0, ...}); the case's own "
                "`capacity` wins");
  r->add_option("--out", route.out, "With --jsonl: write the output lines to this file (whole lines, synced)");
  r->add_flag("--resume", route.resume,
              "With --out: continue after the last complete line of the output file (a torn last line is cut)");
  r->add_option("--jobs", route.jobs,
                "With --jsonl: threads that decide, 1..256, or 0 for one per core (default 1); the output, and "
                "records, stay in input order");

  ExplainArgs explain;
  auto* e = app.add_subcommand("explain", "Decide one case and explain the decision for people");
  e->add_option("--rules", explain.rules, "Rule file or folder (default: rules/bogota)");
  e->add_option("input", explain.input, "Case file (.json/.yaml) or - for standard input");
  e->add_option("--lang", explain.lang, "es or en (default: the locale's, else the rule set's)")
      ->check(CLI::IsMember({"es", "en"}));
  e->add_option("--format", explain.format, "human or json")->check(CLI::IsMember({"human", "json"}));
  e->add_option("--case-format", explain.case_format, "json or yaml")->check(CLI::IsMember({"json", "yaml"}));
  e->add_option("--capacity", explain.capacity, "JSON file of places available per service (as route)");
  e->add_option("--why-not", explain.why_not, "A service: the smallest change of the case that would route it there");
  e->add_flag("--detail", explain.detail,
              "Also the technical trace: rule ids, nodes, file:line, each condition as written, the services not chosen");

  TestArgs test;
  auto* t = app.add_subcommand("test", "Run a rule set's test cases");
  t->add_option("rules", test.rules, "Rule file or folder (default: rules/bogota)");
  t->add_option("files", test.files, "Test files (default: the rule set's tests/ and *.test.yaml)");
  t->add_option("--format", test.format, "human or json")->check(CLI::IsMember({"human", "json"}));
  t->add_option("--explain", test.explain, "Explain none, failures or all decisions")
      ->check(CLI::IsMember({"none", "failures", "all"}));
  t->add_option("--lang", test.lang, "Language of the output (default: the locale's, else the rule set's)")->check(CLI::IsMember({"es", "en"}));
  t->add_flag("--coverage", test.coverage, "Report rules no test fired and conditions not seen both true and false");
  t->add_flag("--inherit", test.inherit,
              "An overlay: also run its base's tests against it; a different result passes only where its test files "
              "declare it (`inherited: [{test, differs}]`)");

  AnalyzeArgs analyze;
  auto* a = app.add_subcommand("analyze", "Prove over the whole case space that no case falls through the cracks");
  a->add_option("rules", analyze.rules, "Rule file or folder (default: rules/bogota)");
  a->add_option("--format", analyze.format, "human or json")->check(CLI::IsMember({"human", "json"}));
  a->add_option("--lang", analyze.lang, "Language of diagnostics and findings (default: the locale's, else the rule set's)")->check(CLI::IsMember({"es", "en"}));

  GraphArgs graph;
  auto* g = app.add_subcommand("graph", "Draw the routing graph (DOT, Mermaid or SVG), optionally with one case's path");
  g->add_option("rules", graph.rules, "Rule file or folder (default: rules/bogota)");
  g->add_option("--format", graph.format, "dot, mermaid or svg (svg needs Graphviz's `dot`)")
      ->check(CLI::IsMember({"dot", "mermaid", "svg"}));
  g->add_option("--highlight", graph.highlight, "Case file (.json/.yaml, or -) whose decision path is emphasised");
  g->add_option("--case-format", graph.case_format, "json or yaml")->check(CLI::IsMember({"json", "yaml"}));
  g->add_option("--lang", graph.lang, "es or en (default: the locale's, else the rule set's)")
      ->check(CLI::IsMember({"es", "en"}));
  g->add_option("-o,--output", graph.output, "Write to this file instead of standard output");

  SchemaArgs schema;
  auto* s = app.add_subcommand("schema", "Print the JSON Schema of rule files, for editors' YAML support");
  s->add_flag("--tests", schema.tests, "The schema of test files instead");
  s->add_flag("--decision", schema.decision, "The schema of decisions (the output contract)");
  s->add_flag("--record", schema.record, "The schema of decision-record lines");
  s->add_flag("--explain", schema.explain, "The schema of `referral explain --format json` output");
  s->add_flag("--openapi", schema.openapi, "The OpenAPI 3.1 description of `referral serve` (GET /openapi.json)");
  s->add_option("--case", schema.case_rules, "The schema of cases for this rule set (the input contract)");

  ReviewArgs review;
  auto* rv = app.add_subcommand("review", "Record a person's review of a decision in the record chain");
  rv->add_option("records", review.records, "Record file")->required();
  rv->add_option("--decision", review.decision, "Decision id")->required();
  rv->add_option("--rules", review.rules, "The rule set that declares the review roles and reason codes (default: rules/bogota)");
  rv->add_option("--role", review.role, "Role of the reviewer, declared by the rule set, e.g. profesional_sdis")->required();
  rv->add_option("--action", review.action, "accept, override or reject")
      ->required()
      ->check(CLI::IsMember({"accept", "override", "reject"}));
  rv->add_option("--reason", review.reason, "Reason code declared by the rule set, e.g. verificado")->required();
  rv->add_option("--now", review.now, "Review time, RFC 3339 (default: the clock)");

  VerifyArgs verify;
  auto* vf = app.add_subcommand("verify", "Check the record chain and replay every decision");
  vf->add_option("records", verify.records, "Record files: a rotated sequence (any order) and/or one chain per replica")->required();
  auto* vf_rules = vf->add_option("--rules", verify.rules, "Replay with this rule set");
  auto* vf_archive = vf->add_option("--archive", verify.archive, "Replay each record with the archived rule set of its digest");
  vf_rules->excludes(vf_archive);
  vf->add_option("--format", verify.format, "human or json")->check(CLI::IsMember({"human", "json"}));
  vf->add_option("--lang", verify.lang, "es or en (default: the locale's, else the rule set's)")->check(CLI::IsMember({"es", "en"}));
  vf->add_option("--expect-head", verify.expect_heads, "Fail unless each chain's last record hash is one of these published anchors (repeatable)");

  ArchiveArgs archive;
  auto* ar = app.add_subcommand("archive", "Store a published rule set under its digest");
  ar->add_option("rules", archive.rules, "Rule file or folder")->required();
  ar->add_option("dir", archive.dir, "Archive folder")->required();

  DiffArgs diff;
  auto* df = app.add_subcommand("diff", "Impact of a rule change: which cases change route, grouped by change");
  df->add_option("--base", diff.base, "The rules before the change")->required();
  df->add_option("--head", diff.head, "The rules after the change")->required();
  df->add_option("cases", diff.cases, "Cases, JSON Lines (- for standard input); none: the whole case space");
  df->add_option("--format", diff.format, "human or json")->check(CLI::IsMember({"human", "json"}));
  df->add_flag("--fail-on-change", diff.fail_on_change, "Exit 3 when any route changes (for CI)");
  df->add_option("--lang", diff.lang, "es or en (default: the locale's, else the head rule set's)")->check(CLI::IsMember({"es", "en"}));

  WorkbenchArgs workbench;
  auto* wb = app.add_subcommand("workbench", "The rules in the browser: try a case, the rule book, findings, tests, changes and records (docs/workbench.md)");
  wb->add_option("rules", workbench.rules, "Rule file or folder (default: rules/bogota)");
  wb->add_option("--listen", workbench.listen, "HOST:PORT to listen on (default 127.0.0.1:8090; port 0: any free port)");
  wb->add_option("--token-file", workbench.token_file, "File whose first line is the bearer token the pages' requests must carry (needed beyond loopback)");
  wb->add_option("--records", workbench.records, "A record file: the Registros page verifies it and explains each decision from its record");
  wb->add_option("--archive", workbench.archive, "With --records: archived rule sets (`referral archive`) to replay records of other digests");
  wb->add_option("--compare", workbench.compare, "A second rule folder (or archived rule set): the Cambios page shows the diff from it to RULES");
  wb->add_option("--lang", workbench.lang, "es or en (default: the rule set's)")->check(CLI::IsMember({"es", "en"}));

  ServeArgs serve;
  auto* sv = app.add_subcommand("serve", "Serve the engine over HTTP on this host (a sidecar; docs/serve.md)");
  sv->add_option("--rules", serve.rules, "Rule file or folder (default: rules/bogota)");
  sv->add_option("--listen", serve.listen, "HOST:PORT to listen on (default 127.0.0.1:8080; port 0: any free port)");
  sv->add_option("--token-file", serve.token_file, "File whose first line is the bearer token requests must carry");
  sv->add_option("--max-body", serve.max_body, "Largest request body in bytes (default 1048576); larger: 413");
  sv->add_option("--threads", serve.threads, "Threads that serve connections and decide (default: one per core, at least 2)");
  sv->add_option("--poll", serve.poll_seconds, "Seconds between checks for changed rule files (default 2; 0: SIGHUP only)");
  sv->add_option("--settle", serve.settle_seconds, "Seconds the rule files must stay unchanged before a change is loaded (default 1)");
  auto* sv_record = sv->add_option("--record", serve.record, "Append a decision record for every decision to this file");
  sv->add_option("--rotate", serve.rotate, "With --record: begin a new record file `daily` or once the file reaches a SIZE (e.g. 100M)")
      ->needs(sv_record);
  sv->add_flag("--quiet", serve.quiet, "No access log");
  sv->add_option("--lang", serve.lang, "Language of answers that ask for none by ?lang or Accept-Language, and of start-up messages (default: the rule set's)")
      ->check(CLI::IsMember({"es", "en"}));
  sv->add_option("--idle-timeout", serve.idle_seconds, "Seconds a connection may wait between requests (default 30)");
  sv->add_option("--header-timeout", serve.header_seconds, "Seconds a request header may take (default 10); then 408");
  sv->add_option("--body-timeout", serve.body_seconds, "Seconds a request body may take (default 30); then 408");
  sv->add_option("--max-connections", serve.max_connections, "Open connections at most (default 1000); more are closed at once");
  sv->add_option("--max-batch-lines", serve.max_batch_lines, "Lines in one /v1/decide/batch at most (default 1000); more: 413");
  ReportArgs report;
  auto* rp = app.add_subcommand("report", "Programme report from decision records: tables and charts, small cells suppressed");
  rp->add_option("records", report.records, "Record files written by `route --record` or `serve --record` (several: a rotated sequence, one per replica)")->required();
  rp->add_option("--from", report.from, "First decision day, YYYY-MM-DD (inclusive)");
  rp->add_option("--to", report.to, "Last decision day, YYYY-MM-DD (inclusive)");
  rp->add_option("--format", report.format, "md, csv or html")->check(CLI::IsMember({"md", "csv", "html"}));
  rp->add_option("-o,--output", report.output, "Write to this file instead of standard output");
  rp->add_option("--lang", report.lang, "es or en (default: the locale's, else the rule set's)")->check(CLI::IsMember({"es", "en"}));
  rp->add_option("--rules", report.rules,
                 "Rule file or folder whose labels name values, services and legal bases (default: rules/bogota)");
  BookArgs book;
  auto* bk = app.add_subcommand("book", "The rule set as a document to review and sign: each stage and rule in words");
  bk->add_option("rules", book.rules, "Rule file or folder (default: rules/bogota)");
  bk->add_option("--format", book.format, "md or html")->check(CLI::IsMember({"md", "html"}));
  bk->add_option("--lang", book.lang, "es or en (default: the locale's, else the rule set's)")->check(CLI::IsMember({"es", "en"}));
  bk->add_option("-o,--output", book.output, "Write to this file instead of standard output");
  bk->add_option("--base", book.base, "An earlier version of the rules: mark what is new or changed since, and list what was removed");

  InitArgs init;
  auto* in = app.add_subcommand("init", "Start an overlay of a rule set for another territory (docs/rules.md, \"Composition\")");
  in->add_option("dir", init.dir, "The new overlay's folder (created; existing files are never overwritten)")->required();
  in->add_option("--extends", init.extends, "The base: its name on the rules path (e.g. bogota), or a path from DIR")
      ->required();
  in->add_option("--id", init.id, "The overlay's id (default: the folder's name)");
  in->add_option("--areas", init.areas, "Its own service areas: replace the base's area fact, with a directory template")
      ->delimiter(',');
  in->add_option("--lang", init.lang, "Language of messages (default: the locale's, else the base's)")
      ->check(CLI::IsMember({"es", "en"}));

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
  if (!rules_path.empty()) {  // the loader reads the rules path from the environment
    std::string joined;
    for (const auto& dir : rules_path) joined += (joined.empty() ? "" : ":") + dir;
    if (const char* env = std::getenv("REFERRAL_RULES_PATH"); env != nullptr && *env != '\0') joined += ":" + std::string(env);
    ::setenv("REFERRAL_RULES_PATH", joined.c_str(), 1);
  }
  if (std::string error; !SetLimits(limits, &error)) {
    std::cerr << "referral: " << error << "\n";
    return kExitUsage;
  }
  if (in->parsed()) return RunInit(init);
  if (c->parsed()) return RunCheck(check);
  if (r->parsed()) return RunRoute(route);
  if (e->parsed()) return RunExplain(explain);
  if (t->parsed()) return RunTest(test);
  if (a->parsed()) return RunAnalyze(analyze);
  if (g->parsed()) return RunGraph(graph);
  if (s->parsed()) return RunSchema(schema);
  if (rv->parsed()) return RunReview(review);
  if (vf->parsed()) return RunVerify(verify);
  if (ar->parsed()) return RunArchive(archive);
  if (df->parsed()) return RunDiff(diff);
  if (sv->parsed()) return RunServe(serve);
  if (wb->parsed()) return RunWorkbench(workbench);
  if (rp->parsed()) return RunReport(report);
  if (bk->parsed()) return RunBook(book);
  return kExitUsage;
}
