#include "util/json_writer.h"

#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>

#include "util/json_text.h"
#include "util/utf8.h"

namespace referral::internal {

void JsonWriter::Int(int64_t n) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  (void)ec;
  Literal(std::string_view(buf, static_cast<size_t>(end - buf)));
}

namespace {

// Per byte: 1 = must be escaped (control characters, `"` and `\`), 2 = not
// ASCII (the text must be checked as UTF-8), 0 = copied as is.
constexpr std::array<uint8_t, 256> kByteClass = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = c < 0x20 || c == '"' || c == '\\' ? 1 : c >= 0x80 ? 2 : 0;
  return t;
}();

// Whether `s` is printable ASCII without `"` or `\\`, eight bytes at a time.
bool PlainAscii(std::string_view s) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  auto zero_byte = [&](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    // A byte >= 0x80, < 0x20, `"` or `\\`.
    if ((w & kHigh) || ((w - kOnes * 0x20) & ~w & kHigh) || zero_byte(w ^ (kOnes * '"')) ||
        zero_byte(w ^ (kOnes * '\\'))) {
      return false;
    }
  }
  for (; i < s.size(); ++i) {
    if (kByteClass[static_cast<unsigned char>(s[i])] != 0) return false;
  }
  return true;
}

}  // namespace

void JsonWriter::Quote(std::string_view s) {
  std::string& out = *out_;
  if (PlainAscii(s)) {  // the common case: ids, dates, codes
    out.push_back('"');
    out.append(s);
    out.push_back('"');
    return;
  }
  uint8_t classes = 0;
  for (unsigned char c : s) classes |= kByteClass[c];
  if ((classes & 2) && FirstInvalidUtf8(s) != std::string_view::npos) {
    // Rare (text the engine did not check, such as a file name): nlohmann
    // itself decides how stray bytes become U+FFFD, so the bytes stay its own.
    out += JsonText(nlohmann::json(std::string(s)));
    return;
  }
  out.push_back('"');
  size_t run = 0;  // start of the bytes not yet copied
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (kByteClass[c] != 1) continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        const char escape[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
        out.append(escape, sizeof escape);
      }
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

}  // namespace referral::internal
