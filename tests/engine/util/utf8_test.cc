// Text from untrusted input: well-formed UTF-8 or not, and shown so that it
// cannot forge lines, move a terminal's cursor or hide text.
#include <catch2/catch.hpp>

#include <string>

#include "util/utf8.h"

using referral::internal::FirstControl;
using referral::internal::FirstInvalidUtf8;
using referral::internal::Printable;
using referral::internal::Truncated;

TEST_CASE("well-formed UTF-8 is told from Latin-1, overlong forms, surrogates and stray bytes", "[utf8]") {
  constexpr auto npos = std::string::npos;
  CHECK(FirstInvalidUtf8("") == npos);
  CHECK(FirstInvalidUtf8("niño, 𝄞, €") == npos);
  CHECK(FirstInvalidUtf8("Ni\xf1o") == 2);          // Latin-1 ñ
  CHECK(FirstInvalidUtf8("a\xc0\xaf") == 1);        // overlong '/'
  CHECK(FirstInvalidUtf8("a\xed\xa0\x80") == 1);    // a surrogate, U+D800
  CHECK(FirstInvalidUtf8("a\xf4\x90\x80\x80") == 1);  // past U+10FFFF
  CHECK(FirstInvalidUtf8("ab\x80") == 2);           // a continuation byte alone
  CHECK(FirstInvalidUtf8("ab\xe2\x82") == 2);       // cut short at the end
}

TEST_CASE("control characters are found: C0, DEL, C1, separators and bidi overrides", "[utf8]") {
  CHECK_FALSE(FirstControl("caso-001 niña"));
  CHECK(FirstControl("a\nb")->offset == 1);
  CHECK(FirstControl("a\nb")->code_point == 0x0A);
  CHECK(FirstControl("x\x1b[8m")->code_point == 0x1B);
  CHECK(FirstControl("x\x7f")->code_point == 0x7F);
  CHECK(FirstControl("x\xc2\x85")->code_point == 0x85);          // NEL
  CHECK(FirstControl("x\xe2\x80\xae" "abc")->code_point == 0x202E);  // RIGHT-TO-LEFT OVERRIDE
  CHECK(FirstControl("x\xe2\x80\xa8")->code_point == 0x2028);    // LINE SEPARATOR
  CHECK(FirstControl(std::string("x\0y", 3))->code_point == 0);
  CHECK(FirstControl("x\xff")->code_point == 0xFFFFFFFF);        // not UTF-8 at all
}

TEST_CASE("Printable escapes what could forge lines or hide text, and keeps the rest", "[utf8]") {
  CHECK(Printable("caso niña €") == "caso niña €");
  CHECK(Printable("a\nResultado: sin remisión\x1b[8m") == "a\\nResultado: sin remisión\\x1b[8m");
  CHECK(Printable("\t\r") == "\\t\\r");
  CHECK(Printable("x\xe2\x80\xae" "cba") == "x\\u202ecba");
  CHECK(Printable("Ni\xf1o") == "Ni\\xf1o");
  CHECK(Printable(Printable("a\nb")) == Printable("a\nb"));  // idempotent: safe to apply twice
}

TEST_CASE("Truncated never cuts a character in two", "[utf8]") {
  CHECK(Truncated("abc", 3) == "abc");
  CHECK(Truncated("abcd", 3) == "abc...");
  CHECK(Truncated("añb", 2) == "a...");  // ñ is two bytes: not split
  CHECK(FirstInvalidUtf8(Truncated("ññññ", 5)) == std::string::npos);
}
