// Text into HTML: the five characters that could end an element or an
// attribute, escaped. Shared by the report and the rule book.
#ifndef REFERRAL_ENGINE_UTIL_HTML_H_
#define REFERRAL_ENGINE_UTIL_HTML_H_

#include <string>
#include <string_view>

namespace referral::internal {

inline std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_UTIL_HTML_H_
