// `referral schema`: the JSON Schema of rule files (or, with --tests, of test
// files) for editors' YAML support; with --decision, --record, --explain or
// --case RULES, the versioned JSON contracts (docs/compatibility.md); with
// --openapi, the HTTP sidecar's (docs/openapi.json, as GET /openapi.json
// serves it). The schemas (but the generated case schema) are
// docs/schema/*.json and docs/openapi.json, embedded at build time
// (embed_schemas.cmake), so the output is exactly those files and the program
// needs no data files at run time.
#include <iostream>

#include "cli_common.h"
#include "commands.h"
#include "referral/contracts.h"
#include "schemas.h"

namespace referral::cli {

int RunSchema(const SchemaArgs& args) {
  if (args.tests + args.decision + args.record + args.explain + args.openapi + !args.case_rules.empty() > 1) {
    std::cerr << "referral schema: " << MessageOf("cli.schema_one", ParseLang("", Lang::kEn)) << "\n";
    return kExitUsage;
  }
  if (!args.case_rules.empty()) {
    auto rules = LoadRulesOrReport(args.case_rules, CliLang("", args.case_rules));
    if (!rules) return kExitFailed;
    std::cout << CaseJsonSchema(*rules);
    return std::cout.flush() ? kExitOk : kExitCannotRun;
  }
  const std::string_view schema = args.openapi    ? kOpenApiDocument
                                  : args.tests    ? kTestsSchema
                                  : args.decision ? kDecisionSchema
                                  : args.record   ? kRecordSchema
                                  : args.explain  ? kExplainSchema
                                                  : kRulesSchema;
  std::cout.write(schema.data(), static_cast<std::streamsize>(schema.size()));
  return std::cout.flush() ? kExitOk : kExitCannotRun;
}

}  // namespace referral::cli
