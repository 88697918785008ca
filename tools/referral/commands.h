// One function per subcommand; each returns the process exit code.
#ifndef REFERRAL_TOOLS_COMMANDS_H_
#define REFERRAL_TOOLS_COMMANDS_H_

#include <string>
#include <vector>

namespace referral::cli {

struct CheckArgs {
  std::string rules = "rules/bogota";
  std::string lang;  // es | en; default: the locale's, else English
  std::string format = "human";
  bool print_merged = false;  // print the rule set as it runs (after `extends`) as YAML
};
int RunCheck(const CheckArgs& args);

struct RouteArgs {
  std::string rules = "rules/bogota";
  std::string input = "-";
  bool jsonl = false;
  std::string format = "json";
  std::string trace;  // off | rules | full; default full, rules for --jsonl
  std::string case_format;  // json | yaml; default from the file name
  std::string lang;
  std::string record;  // append decision records to this file
  std::string rotate;  // `daily` or a size: begin a new record file then
  std::string now;     // RFC 3339 decision time (default: the clock)
  std::string capacity;  // JSON file {service: places}; the case's own `capacity` wins
  std::string out;     // --jsonl: output file instead of standard output
  bool resume = false; // --jsonl --out: skip the input lines already answered in `out`
  int jobs = 1;        // --jsonl: threads that decide (0: one per core); output and records stay in input order
};
int RunRoute(const RouteArgs& args);

struct ReviewArgs {
  std::string records;
  std::string rules = "rules/bogota";  // declares the review roles and reason codes
  std::string decision;
  std::string role;
  std::string action;
  std::string reason;
  std::string now;
};
int RunReview(const ReviewArgs& args);

struct VerifyArgs {
  std::vector<std::string> records;  // one or more files: rotated sequences and one chain per replica
  std::string rules;
  std::string archive;
  std::string format = "human";
  std::vector<std::string> expect_heads;  // published anchors: every chain's head must be one of them
  std::string lang;
};
int RunVerify(const VerifyArgs& args);

struct ArchiveArgs {
  std::string rules = "rules/bogota";
  std::string dir;
};
int RunArchive(const ArchiveArgs& args);

struct DiffArgs {
  std::string base;
  std::string head;
  std::string cases;  // JSON Lines; empty = the whole case space
  std::string format = "human";
  bool fail_on_change = false;
  std::string lang;
};
int RunDiff(const DiffArgs& args);

struct ReportArgs {
  std::vector<std::string> records;  // one or more record files
  std::string from;            // YYYY-MM-DD, inclusive
  std::string to;              // YYYY-MM-DD, inclusive
  std::string format = "md";   // md | csv | html
  std::string output;          // default: standard output
  std::string lang;  // es | en; default: the locale's, else Spanish
  std::string rules = "rules/bogota";  // names values, services and legal bases (not CSV)
};
int RunReport(const ReportArgs& args);

struct BookArgs {
  std::string rules = "rules/bogota";
  std::string format = "md";  // md | html
  std::string lang;           // es | en; default: the rule set's language
  std::string output;         // default: standard output
  std::string base;           // an earlier version: mark what changed since
};
int RunBook(const BookArgs& args);

struct ExplainArgs {
  std::string rules = "rules/bogota";
  std::string input = "-";
  std::string lang;  // default: the rule set's language
  std::string format = "human";
  std::string case_format;
  std::string why_not;  // a service: the smallest change that would route the case there
  bool detail = false;  // also the technical trace and the services not chosen
  std::string capacity;  // as RouteArgs::capacity
};
int RunExplain(const ExplainArgs& args);

struct TestArgs {
  std::string rules = "rules/bogota";
  std::vector<std::string> files;
  std::string format = "human";
  std::string explain = "failures";  // none | failures | all
  std::string lang;
  bool coverage = false;  // report rules that never fired and conditions not seen both ways
  bool inherit = false;   // an overlay: its base's tests too, with the differences it declares
};
int RunTest(const TestArgs& args);

struct AnalyzeArgs {
  std::string rules = "rules/bogota";
  std::string format = "human";
  std::string lang;
};
int RunAnalyze(const AnalyzeArgs& args);

struct GraphArgs {
  std::string rules = "rules/bogota";
  std::string format = "dot";  // dot | mermaid | svg
  std::string highlight;       // a case file whose decision path is drawn emphasised
  std::string case_format;     // json | yaml; default from the file name
  std::string lang;            // default: the rule set's language
  std::string output;          // default: standard output
};
int RunGraph(const GraphArgs& args);

struct SchemaArgs {
  bool tests = false;     // the schema of test files instead of rule files
  bool decision = false;  // the decision contract
  bool record = false;    // the record contract
  bool explain = false;   // the contract of `explain --format json`
  bool openapi = false;   // the HTTP sidecar's contract (OpenAPI 3.1)
  std::string case_rules;  // the case contract of this rule set (generated)
};
int RunSchema(const SchemaArgs& args);

struct ServeArgs {
  std::string rules = "rules/bogota";
  std::string listen = "127.0.0.1:8080";
  std::string token_file;  // first line: the bearer token every request but /healthz must carry
  size_t max_body = 1 << 20;
  int threads = 0;  // 0: one per core, at least 2
  double poll_seconds = 2;  // how often to look for changed rule files; 0: only on SIGHUP
  double settle_seconds = 1;  // a change is loaded once the rule files have not changed for this long
  std::string record;       // append decision records to this file
  std::string rotate;       // `daily` or a size: begin a new record file then
  bool quiet = false;       // no access log
  double idle_seconds = 30;    // a connection with no request under way is closed
  double header_seconds = 10;  // a request header must arrive within this, from its first byte
  double body_seconds = 30;    // and its body within this
  size_t max_connections = 1000;
  size_t max_batch_lines = 1000;
  std::string lang;  // answers that ask for no language; empty: the rule set's
};
int RunServe(const ServeArgs& args);
// Shared by `serve` and `workbench`: HOST:PORT, [V6]:PORT or PORT; the first
// line of a token file (empty when unreadable or empty); whether `host` may be
// served on: loopback, or any address with a token (else says why on stderr).
bool ParseListen(const std::string& listen, std::string* host, int* port);
std::string ReadTokenFile(const std::string& path);
bool LoopbackOrToken(const char* program, const std::string& host, const std::string& token);

// `referral workbench RULES`: the rule set as a local web application for
// policy staff and auditors (docs/workbench.md).
struct WorkbenchArgs {
  std::string rules = "rules/bogota";
  std::string listen = "127.0.0.1:8090";
  std::string token_file;
  std::string records;  // a record file: the "Registros" page
  std::string archive;  // rule sets of other digests, to replay records
  std::string compare;  // a second rule folder: the "Cambios" page
  std::string lang;     // the page's language; empty: the rule set's
};
int RunWorkbench(const WorkbenchArgs& args);

struct InitArgs {
  std::string dir;      // the new overlay's folder
  std::string extends;  // the base: a name on the rules path, or a path relative to dir
  std::string id;       // default: the folder's name
  std::vector<std::string> areas;  // its own service areas: replace the area fact, with a directory template
  std::string lang;
};
int RunInit(const InitArgs& args);

}  // namespace referral::cli

#endif  // REFERRAL_TOOLS_COMMANDS_H_
