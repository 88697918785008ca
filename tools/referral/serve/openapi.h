// The sidecar's machine-readable contract: docs/openapi.json, the OpenAPI 3.1
// description of every endpoint, embedded at build time (GET /openapi.json).
#ifndef REFERRAL_TOOLS_SERVE_OPENAPI_H_
#define REFERRAL_TOOLS_SERVE_OPENAPI_H_

#include <string>

namespace referral::cli {

// The bytes of docs/openapi.json as built into the program (JSON, UTF-8,
// ending in a newline). The string lives as long as the program.
// Thread-safe.
const std::string& OpenApiDocument();

}  // namespace referral::cli

#endif  // REFERRAL_TOOLS_SERVE_OPENAPI_H_
