// See encoding.h.
#include "load/encoding.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "util/utf8.h"

namespace referral::internal {

namespace {

bool IsContinuation(unsigned char b) { return (b & 0xC0) == 0x80; }

// `0xF1`, as messages name a byte.
std::string ByteName(unsigned char b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", b);
  return buf;
}

// The word holding `text[at]` (at most 16 bytes either side), as Printable
// shows it: what to look for on the line.
std::string WordAround(std::string_view text, std::size_t at) {
  constexpr std::size_t kReach = 16;
  const auto ends_word = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '\'' || c == '{' || c == '}' ||
           c == '[' || c == ']' || c == ',' || c == ':';
  };
  std::size_t begin = at;
  std::size_t end = at + 1;
  while (begin > 0 && at - begin < kReach && !ends_word(text[begin - 1])) --begin;
  while (end < text.size() && end - at < kReach && !ends_word(text[end])) ++end;
  return Printable(text.substr(begin, end - begin));
}

// The catalogue text naming the encoding `text` looks like, when its byte at
// `at` is not UTF-8 text.
const char* LikelyEncoding(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  // UTF-16's byte order marks (FF FE, FE FF; UTF-32's begin with one, or
  // with 00 00), and the NUL byte every ASCII character has in both.
  const std::string_view head = text.substr(0, 2);
  if (head == "\xff\xfe" || head == "\xfe\xff" || byte(at) == 0) return "help.encoding_utf16";
  // A lead byte with continuation bytes after it that make no character
  // (cut short, overlong, a surrogate, past U+10FFFF): damaged UTF-8.
  const unsigned char b = byte(at);
  if (b >= 0xC2 && b <= 0xF4 && at + 1 < text.size() && IsContinuation(byte(at + 1))) {
    return "help.encoding_malformed";
  }
  // A byte standing alone: a character of a one-byte encoding.
  return "help.encoding_latin1";
}

// The first byte at or after `from` (a character boundary) that is not
// UTF-8 text, or npos.
std::size_t FirstNotText(std::string_view text, std::size_t from) {
  const std::size_t invalid = FirstInvalidUtf8(text.substr(from));
  const std::size_t nul = text.find('\0', from);
  return std::min(invalid == std::string_view::npos ? invalid : from + invalid, nul);
}

// The first control character of (UTF-8) `text` other than a tab or a line
// feed, as a code point.
std::optional<uint32_t> FirstShownControl(std::string_view text) {
  for (std::size_t from = 0; from < text.size();) {
    auto control = FirstControl(text.substr(from));
    if (!control) return std::nullopt;
    if (control->code_point != '\t' && control->code_point != '\n') return control->code_point;
    from += control->offset + 1;
  }
  return std::nullopt;
}

}  // namespace

bool CheckFileText(std::string_view bytes, const std::string& display, DiagSink& diags) {
  int reported = 0;
  int line = 1;
  std::size_t line_start = 0;
  std::size_t counted = 0;  // newlines before here are counted in `line`
  for (std::size_t from = 0; reported < kMaxEncodingErrors;) {
    const std::size_t bad = FirstNotText(bytes, from);
    if (bad == std::string_view::npos) break;
    for (; counted < bad; ++counted) {
      if (bytes[counted] == '\n') {
        ++line;
        line_start = counted + 1;
      }
    }
    const char* encoding = LikelyEncoding(bytes, bad);
    diags.Error(Location{display, line, static_cast<int>(bad - line_start) + 1}, "file.bad_encoding",
                {ByteName(static_cast<unsigned char>(bytes[bad])), WordAround(bytes, bad),
                 RenderMessage(encoding, diags.lang(), {})});
    ++reported;
    // UTF-16 has a NUL on every line: once is enough.
    if (std::string_view(encoding) == "help.encoding_utf16") break;
    from = bytes.find('\n', bad);  // the next line; a newline is a character boundary
    if (from == std::string_view::npos) break;
  }
  return reported == 0;
}

bool CheckParsedText(const YAML::Node& root, const std::string& display, DiagSink& diags, Controls controls) {
  int reported = 0;
  // Mappings and sequences by where they begin: an alias is its anchor's
  // node, met again, and is walked once. (No two of one kind begin at one
  // place; a block mapping begins where its first key does, so scalars are
  // never skipped this way.)
  std::set<std::pair<int, bool>> walked;
  std::vector<YAML::Node> stack = {root};
  while (!stack.empty() && reported < kMaxEncodingErrors) {
    const YAML::Node node = stack.back();
    stack.pop_back();
    const YAML::Mark mark = node.Mark();
    if (node.IsScalar()) {
      const std::string& text = node.Scalar();
      const std::size_t bad = FirstInvalidUtf8(text);
      const Location at = mark.pos >= 0 ? Location{display, mark.line + 1, mark.column + 1} : Location{display, 0, 0};
      if (bad == std::string::npos) {
        // Rule texts are shown in terminals, pages and explanations: a
        // control character (a YAML escape such as "\e[8m", or a
        // bidirectional override) could hide or forge what a person reads.
        // Tabs and line breaks are text.
        if (auto control = controls == Controls::kRefused ? FirstShownControl(text) : std::nullopt) {
          diags.Error(at, "file.control_character", {Printable(Truncated(text, 60)), CodePointName(*control)});
          ++reported;
        }
        continue;
      }
      diags.Error(at, "file.bad_encoding",
                  {ByteName(static_cast<unsigned char>(text[bad])), WordAround(text, bad),
                   RenderMessage("help.encoding_escape", diags.lang(), {})});
      ++reported;
      continue;
    }
    if (mark.pos >= 0 && !walked.insert({mark.pos, node.IsMap()}).second) continue;
    if (node.IsSequence()) {
      for (const auto& item : node) stack.push_back(item);
    } else if (node.IsMap()) {
      for (auto it = node.begin(); it != node.end(); ++it) {
        stack.push_back(it->first);
        stack.push_back(it->second);
      }
    }
  }
  return reported == 0;
}

bool CheckFileName(std::string_view relative, const std::string& display, DiagSink& diags) {
  if (FirstNotText(relative, 0) == std::string_view::npos) return true;
  diags.Error(Location{display, 0, 0}, "file.bad_name_encoding", {Printable(relative)});
  return false;
}

}  // namespace referral::internal
