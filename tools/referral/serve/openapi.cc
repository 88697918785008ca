// See openapi.h. The bytes come from the .cc that embed_openapi.cmake
// generates from docs/openapi.json at build time.
#include "serve/openapi.h"

#include <cstddef>

namespace referral::cli {

namespace internal {
extern const char kOpenApiJson[];
extern const std::size_t kOpenApiJsonSize;
}  // namespace internal

const std::string& OpenApiDocument() {
  static const std::string document(internal::kOpenApiJson, internal::kOpenApiJsonSize);
  return document;
}

}  // namespace referral::cli
