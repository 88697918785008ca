// `referral schema`: the JSON Schema of rule files (or, with --tests, of test
// files) for editors' YAML support. The schemas are docs/schema/*.json,
// embedded at build time (embed_schemas.cmake), so the output is exactly
// those files and the program needs no data files at run time.
#include <iostream>

#include "cli_common.h"
#include "commands.h"
#include "schemas.h"

namespace referral::cli {

int RunSchema(const SchemaArgs& args) {
  const std::string_view schema = args.tests ? kTestsSchema : kRulesSchema;
  std::cout.write(schema.data(), static_cast<std::streamsize>(schema.size()));
  return std::cout.flush() ? kExitOk : kExitCannotRun;
}

}  // namespace referral::cli
