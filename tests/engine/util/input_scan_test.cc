// The pre-scans of untrusted text: depth and aliases counted outside strings,
// comments and block scalars.
#include <catch2/catch.hpp>

#include <cstring>
#include <memory>
#include <string>

#include "support/paths.h"
#include "util/input_scan.h"

using referral::internal::ScanJson;
using referral::internal::ScanYaml;

TEST_CASE("the JSON scan counts nesting outside strings", "[limits]") {
  CHECK(ScanJson(R"({"a": [1, {"b": "[[[["}]})", 10).depth == 3);
  CHECK(ScanJson(R"(["\"[[[", [[]]])", 10).depth == 3);
  auto deep = ScanJson(std::string(50, '['), 10);
  CHECK(deep.depth_line == 1);
}

TEST_CASE("the JSON scan finds where the first value ends, so bytes after it are not ignored", "[limits][case]") {
  CHECK(ScanJson(R"({"a": "}"} {"b": 1})", 10).value_end == 10);
  CHECK(ScanJson(R"( [1, [2]] )", 10).value_end == 9);
  CHECK(ScanJson(R"({"a": 1)", 10).value_end == 0);  // never closed
  CHECK(ScanJson("42", 10).value_end == 0);          // a scalar: the parser's to judge
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

// Found by fuzz_decide_case: after a `\` escape or a comment at the end of a
// line, the scan read one byte past the line (and past the buffer at its end).
// The fixture is the fuzzer's input; it is scanned from a buffer of exactly its
// size so that ASan sees any read past it.
TEST_CASE("the YAML scan never reads past the end of its text", "[limits][fuzz]") {
  const std::string text = referral::testing::ReadText(
      referral::testing::SourcePath("tests/fixtures/fuzz/scan_yaml_reads_past_line_end.yaml"));
  REQUIRE_FALSE(text.empty());
  for (const std::string& t : {text, std::string("a: \"x\\"), std::string("a: b #"), std::string("k: |")}) {
    std::unique_ptr<char[]> exact(new char[t.size()]);
    std::memcpy(exact.get(), t.data(), t.size());
    auto r = ScanYaml(std::string_view(exact.get(), t.size()), 64, 100);
    CHECK(r.depth >= 1);
  }
}
