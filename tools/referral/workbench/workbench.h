// `referral workbench`: the rule set as a local web application for policy
// staff and auditors (docs/workbench.md). The pages are files built into the
// program (workbench/page/, embedded at build time); they ask this server for
// JSON: the rules' state (or their diagnostics when broken), the case form,
// a case's decision explained with its highlighted graph, why-not answers,
// the rule book, the analysis, the tests, a diff and the decision records.
// Every answer is computed by the same builders as the commands'
// `--format json` (json_views.h). The rule folder is read, never written: on
// each request the files' fingerprint is compared with the one loaded, and a
// change is loaded again (its diagnostics shown in place of the rule set when
// it does not load).
#ifndef REFERRAL_TOOLS_WORKBENCH_WORKBENCH_H_
#define REFERRAL_TOOLS_WORKBENCH_WORKBENCH_H_

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "referral/diagnostic.h"
#include "referral/options.h"
#include "referral/ruleset.h"
#include "cli_common.h"
#include "serve/http_server.h"

namespace referral::cli {

struct WorkbenchOptions {
  HttpServerOptions http;
  std::string token;    // when set, every /api/ request needs `Authorization: Bearer <token>`
  std::optional<Lang> lang;  // pages that ask for none; unset: the rule set's
  std::string records;  // a record file: the "Registros" page; empty: none
  std::string archive;  // an archive folder (`referral archive`): rule sets of other digests
  std::string compare;  // a second rule folder: the "Cambios" page; empty: none
};

class Workbench {
 public:
  Workbench(std::string rules_path, WorkbenchOptions options);
  ~Workbench();
  Workbench(const Workbench&) = delete;
  Workbench& operator=(const Workbench&) = delete;

  int Bind();  // the port, or -1 (said on stderr)
  bool Listen();
  void Stop();

  void Handle(const HttpRequest& req, HttpResponse& res);

 private:
  // The rule set as last read from the folder, or why it does not load.
  struct Loaded {
    std::optional<Ruleset> rules;
    std::vector<Diagnostic> diagnostics;
    std::string fingerprint;
    long generation = 0;
  };
  std::shared_ptr<const Loaded> Current();
  Lang LangOf(const HttpRequest& req, const Loaded& loaded) const;
  const Ruleset* RulesForDigest(const Ruleset& current, const std::string& digest);

  void OnState(HttpResponse& res, const Loaded& l, Lang lang);
  void OnForm(const HttpRequest& req, HttpResponse& res, const Ruleset& rules, Lang lang);
  void OnDecide(const HttpRequest& req, HttpResponse& res, const Ruleset& rules, Lang lang);
  void OnWhyNot(const HttpRequest& req, HttpResponse& res, const Ruleset& rules, Lang lang);
  void OnGraph(const HttpRequest& req, HttpResponse& res, const Ruleset& rules, Lang lang);
  void OnBook(const HttpRequest& req, HttpResponse& res, const Ruleset& rules, Lang lang);
  void OnAnalyze(const HttpRequest& req, HttpResponse& res, const Ruleset& rules, Lang lang);
  void OnTests(const HttpRequest& req, HttpResponse& res, const Ruleset& rules, Lang lang);
  void OnDiff(const HttpRequest& req, HttpResponse& res, const Ruleset& rules, Lang lang);
  void OnRecords(const HttpRequest& req, HttpResponse& res, const Ruleset& rules, Lang lang);
  void OnRecordExplain(const HttpRequest& req, HttpResponse& res, const Ruleset& rules, Lang lang);

  const std::string rules_path_;
  const WorkbenchOptions options_;
  std::mutex mu_;  // guards loaded_ and the diff kept
  std::shared_ptr<const Loaded> loaded_;
  std::string diff_key_;   // "BASE_DIGEST|HEAD_DIGEST" of the diff kept
  std::string diff_json_;
  ArchivedRules archived_;  // --archive's rule sets, by digest
  HttpServer server_;
};

}  // namespace referral::cli

#endif  // REFERRAL_TOOLS_WORKBENCH_WORKBENCH_H_
