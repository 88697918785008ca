// Text from untrusted input (cases, their values and keys): is it UTF-8, and
// how to show it so that it cannot forge lines, move a terminal's cursor or
// hide text. Output that people read (explanations, error messages) passes
// input text through Printable(); a case id may hold no control at all.
#ifndef REFERRAL_ENGINE_UTIL_UTF8_H_
#define REFERRAL_ENGINE_UTIL_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace referral::internal {

// The offset of the first byte of `text` that is not well-formed UTF-8
// (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF), or
// std::string_view::npos when all of it is.
std::size_t FirstInvalidUtf8(std::string_view text);

// A character that changes how the text around it is shown: a C0 control
// (U+0000..U+001F, tab and newline included), DEL, a C1 control
// (U+0080..U+009F), the line and paragraph separators (U+2028, U+2029) or a
// bidirectional mark, embedding, override or isolate (U+061C, U+200E, U+200F,
// U+202A..U+202E, U+2066..U+2069: "Trojan Source").
bool IsControl(uint32_t code_point);

struct ControlChar {
  std::size_t offset = 0;   // byte offset in the text
  uint32_t code_point = 0;  // 0xFFFFFFFF for a byte that is not UTF-8
};
// The first control character (IsControl) or non-UTF-8 byte of `text`.
std::optional<ControlChar> FirstControl(std::string_view text);

// `text` with each control character written as an escape (`\n`, `\t`, `\r`,
// `\x1b`, `\u202e`) and each byte that is not UTF-8 as `\xNN`; all else as is.
std::string Printable(std::string_view text);

// `U+000A`: how a code point is named in messages.
std::string CodePointName(uint32_t code_point);

// At most `max_bytes` of `text`, cut at a character boundary, with "..."
// appended when it was cut.
std::string Truncated(std::string_view text, std::size_t max_bytes);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_UTIL_UTF8_H_
