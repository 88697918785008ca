// See openapi.h. The bytes are docs/openapi.json, embedded at build time
// (embed_schemas.cmake) with the JSON Schemas `referral schema` prints.
#include "serve/openapi.h"

#include "schemas.h"

namespace referral::cli {

const std::string& OpenApiDocument() {
  static const std::string document(kOpenApiDocument);
  return document;
}

}  // namespace referral::cli
