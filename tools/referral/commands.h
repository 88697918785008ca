// One function per subcommand; each returns the process exit code.
#ifndef REFERRAL_TOOLS_COMMANDS_H_
#define REFERRAL_TOOLS_COMMANDS_H_

#include <string>
#include <vector>

namespace referral::cli {

struct CheckArgs {
  std::string rules = "rules/bogota";
  std::string lang = "en";
  std::string format = "human";
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
};
int RunRoute(const RouteArgs& args);

struct ExplainArgs {
  std::string rules = "rules/bogota";
  std::string input = "-";
  std::string lang;  // default: the rule set's language
  std::string format = "human";
  std::string case_format;
};
int RunExplain(const ExplainArgs& args);

struct TestArgs {
  std::string rules = "rules/bogota";
  std::vector<std::string> files;
  std::string format = "human";
  std::string explain = "failures";  // none | failures | all
  std::string lang;
  bool coverage = false;  // report rules that never fired and conditions not seen both ways
};
int RunTest(const TestArgs& args);

struct AnalyzeArgs {
  std::string rules = "rules/bogota";
  std::string format = "human";
  std::string lang;
};
int RunAnalyze(const AnalyzeArgs& args);

}  // namespace referral::cli

#endif  // REFERRAL_TOOLS_COMMANDS_H_
