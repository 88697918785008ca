// util/json_writer.h writes the bytes nlohmann's dump() writes for the same
// document (the decision JSON was written through nlohmann before, and its
// bytes are a contract): checked on random text of every kind of byte.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "util/json_text.h"
#include "util/json_writer.h"

namespace referral::internal {
namespace {

std::string Written(const std::string& s) {
  std::string out;
  JsonWriter w(&out);
  w.String(s);
  return out;
}

TEST_CASE("the JSON writer escapes as nlohmann does: quotes, backslashes, every control character",
          "[util][json]") {
  for (int c = 0; c < 0x80; ++c) {
    const std::string s = std::string("a") + static_cast<char>(c) + "z";
    CHECK(Written(s) == JsonText(nlohmann::json(s)));
  }
  CHECK(Written("\x1b[8m") == "\"\\u001b[8m\"");
  CHECK(Written("línea\nnueva \"x\" \\ /") == "\"línea\\nnueva \\\"x\\\" \\\\ /\"");
}

TEST_CASE("the JSON writer gives nlohmann's bytes on random text, valid UTF-8 or not", "[util][json]") {
  std::mt19937 rng(20261203);
  const std::vector<std::string> pieces = {"a", "Z", " ", "\"", "\\", "\n", "\t", "\x01", "\x7f", "ñ", "€", "😀",
                                           "\xf1", "\xc3", "\xe2\x82", "\xff", "\xed\xa0\x80", "\xf4\x90\x80\x80"};
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    const int n = static_cast<int>(rng() % 12);
    for (int k = 0; k < n; ++k) s += pieces[rng() % pieces.size()];
    INFO("text: " << nlohmann::json(s).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace));
    REQUIRE(Written(s) == JsonText(nlohmann::json(s)));
  }
}

TEST_CASE("the JSON writer separates keys and values as a one-line dump does", "[util][json]") {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("a");
  w.Int(-42);
  w.Key("b");
  w.BeginArray();
  w.String("x");
  w.Null();
  w.Bool(true);
  w.BeginObject();
  w.EndObject();
  w.BeginArray();
  w.EndArray();
  w.EndArray();
  w.Key("c");
  w.StringOrNull("");
  w.Key("d\n");
  w.BeginObject();
  w.Key("r");
  w.Int(1);
  w.EndObject();
  w.EndObject();
  nlohmann::ordered_json j;
  j["a"] = -42;
  j["b"] = nlohmann::ordered_json::array({"x", nullptr, true, nlohmann::ordered_json::object(),
                                          nlohmann::ordered_json::array()});
  j["c"] = nullptr;
  j["d\n"] = {{"r", 1}};
  CHECK(out == JsonText(j));
}

}  // namespace
}  // namespace referral::internal
