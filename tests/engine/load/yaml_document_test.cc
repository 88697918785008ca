// yaml-cpp left to itself drops text after a stray `,` (`- 1\n, 2` loads as
// `[1]`), loops for ever on it in LoadAll (found by fuzz_decide_case), and
// reads only the first of several documents. LoadOneYamlDocument says so.
#include "load/yaml_document.h"

#include <yaml-cpp/yaml.h>

#include <catch2/catch.hpp>

namespace referral::internal {
namespace {

TEST_CASE("one YAML document is read whole", "[load][yaml]") {
  YamlDocument doc = LoadOneYamlDocument("a: 1\nb: [2, 3]\n");
  REQUIRE(doc.node.IsMap());
  CHECK(doc.node["b"][1].as<int>() == 3);
  CHECK_FALSE(doc.second);
  // Marked start and end are still one document; an empty text is a null one.
  CHECK_FALSE(LoadOneYamlDocument("---\na: 1\n...\n").second);
  CHECK(LoadOneYamlDocument("").node.IsNull());
  CHECK(LoadOneYamlDocument("# only a comment\n").node.IsNull());
  // A comma inside a plain scalar or a flow collection is text, not a stray.
  CHECK(LoadOneYamlDocument("name: a, b\n").node["name"].as<std::string>() == "a, b");
  CHECK(LoadOneYamlDocument("[1, 2]\n").node.size() == 2);
  CHECK(LoadOneYamlDocument("- 1\n- 2\n  , 3\n").node[1].as<std::string>() == "2 , 3");  // a continued scalar
}

TEST_CASE("a second document is found, with its line", "[load][yaml]") {
  YamlDocument doc = LoadOneYamlDocument("a: 1\n---\nb: 2\n");
  REQUIRE(doc.second);
  CHECK(doc.second->line == 1);
  CHECK(doc.node["a"].as<int>() == 1);
  CHECK_FALSE(doc.node["b"]);
}

TEST_CASE("a stray comma is an error at the comma, never text dropped or a hang", "[load][yaml]") {
  struct Row {
    const char* text;
    int line;  // 0-based, as yaml-cpp counts
    int column;
  };
  const Row rows[] = {
      {"- 1\n, 2\n", 1, 0},  // was [1]: the `2` silently dropped
      {",a", 0, 0},          // was a null document; LoadAll looped for ever
      {", \"identifying_team\": \"x\"}", 0, 0},
      {"- 1\n- 2\n\n# comment\n, 3\n", 4, 0},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    try {
      (void)LoadOneYamlDocument(row.text);
      FAIL("no error");
    } catch (const YAML::ParserException& e) {
      CHECK(e.mark.line == row.line);
      CHECK(e.mark.column == row.column);
      CHECK_THAT(e.msg, Catch::Contains("a `,` outside [ ] or { }"));
    }
  }
}

}  // namespace
}  // namespace referral::internal
