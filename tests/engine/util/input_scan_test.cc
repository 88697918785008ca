// The pre-scans of untrusted text: depth and aliases counted outside strings,
// comments and block scalars.
#include <catch2/catch.hpp>

#include "util/input_scan.h"

using referral::internal::ScanJson;
using referral::internal::ScanYaml;

TEST_CASE("the JSON scan counts nesting outside strings", "[limits]") {
  CHECK(ScanJson(R"({"a": [1, {"b": "[[[["}]})", 10).depth == 3);
  CHECK(ScanJson(R"(["\"[[[", [[]]])", 10).depth == 3);
  auto deep = ScanJson(std::string(50, '['), 10);
  CHECK(deep.depth_line == 1);
}

TEST_CASE("the YAML scan over-estimates depth and counts aliases outside quotes and comments", "[limits]") {
  const char* yaml = R"(a:
  b:
    - c: 'it''s *not an alias'   # nor *this
      d: "[[[["
    - *alias
  text: |
    [[[[ * not yaml here
         - - - -
  e: [1, {f: *g}]
)";
  auto r = ScanYaml(yaml, 64, 100);
  CHECK(r.aliases == 2);
  CHECK(r.depth >= 4);
  CHECK(r.depth <= 8);
  CHECK(ScanYaml(yaml, 64, 1).alias_line == 9);
}
