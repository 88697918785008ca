// See input_scan.h.
#include "util/input_scan.h"

#include <vector>

namespace referral::internal {

ScanResult ScanJson(std::string_view text, int max_depth) {
  ScanResult r;
  int depth = 0;
  int line = 1;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') ++line;
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > r.depth) r.depth = depth;
      if (depth > max_depth) {
        r.depth_line = line;
        return r;
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      if (--depth == 0 && r.value_end == 0) r.value_end = i + 1;
    }
  }
  return r;
}

namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Whether a token may start after `prev` (so `'`, `"`, `*`, `#` there are
// YAML syntax and not part of a plain scalar such as `it's`).
bool TokenStart(char prev) {
  return IsBlank(prev) || prev == '[' || prev == '{' || prev == ',' || prev == '\n';
}

}  // namespace

ScanResult ScanYaml(std::string_view text, int max_depth, std::size_t max_aliases) {
  ScanResult r;
  std::vector<int> indents;  // the block indentation levels open above this line
  int flow = 0;              // open flow brackets
  int block_scalar = -1;     // indentation of the key owning a `|`/`>` scalar, or -1
  char quote = 0;            // the quote of a quoted scalar continuing from an earlier line
  int line = 0;
  size_t pos = 0;
  auto deeper = [&](int depth) {
    if (depth > r.depth) r.depth = depth;
    if (depth > max_depth && r.depth_line == 0) r.depth_line = line;
    return r.depth_line != 0;
  };
  while (pos < text.size()) {
    ++line;
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view l = text.substr(pos, end - pos);
    pos = end + 1;
    size_t i = 0;
    while (i < l.size() && l[i] == ' ') ++i;
    const int indent = static_cast<int>(i);
    const bool blank = i == l.size() || l[i] == '\r' || (l[i] == '#' && !quote);
    if (block_scalar >= 0) {
      if (blank || indent > block_scalar) continue;
      block_scalar = -1;
    }
    if (blank) continue;
    if (!quote && flow == 0) {
      while (!indents.empty() && indents.back() >= indent) indents.pop_back();
      indents.push_back(indent);
      if (deeper(static_cast<int>(indents.size()))) return r;
    }
    // `before` is the character before `c`: read at the top of the loop, never
    // past the end (the body may skip to the end of the line).
    char prev = '\n';
    for (; i < l.size(); ++i) {
      const char c = l[i];
      const char before = prev;
      prev = c;
      if (quote) {
        if (quote == '"' && c == '\\') {
          ++i;
        } else if (c == quote) {
          if (quote == '\'' && i + 1 < l.size() && l[i + 1] == '\'') ++i;
          else quote = 0;
        }
        continue;
      }
      if (!TokenStart(before) && c != '[' && c != '{' && c != ']' && c != '}' && c != ',') continue;
      switch (c) {
        case '#':
          if (TokenStart(before)) i = l.size();
          break;
        case '"':
        case '\'':
          quote = c;
          break;
        case '[':
        case '{':
          ++flow;
          if (deeper(static_cast<int>(indents.size()) + flow)) return r;
          break;
        case ']':
        case '}':
          if (flow > 0) --flow;
          break;
        case '-':
          // `- - x`: each entry marker opens one more block sequence.
          if (flow == 0 && (i + 1 == l.size() || IsBlank(l[i + 1]))) {
            indents.push_back(static_cast<int>(i) + 1);
            if (deeper(static_cast<int>(indents.size()))) return r;
          }
          break;
        case '*':
          if (i + 1 < l.size() && !IsBlank(l[i + 1]) && ++r.aliases > max_aliases) {
            r.alias_line = line;
            return r;
          }
          break;
        case '|':
        case '>':
          if (flow == 0) {
            size_t j = i + 1;
            while (j < l.size() && (l[j] == '-' || l[j] == '+' || (l[j] >= '1' && l[j] <= '9'))) ++j;
            while (j < l.size() && IsBlank(l[j])) ++j;
            if (j == l.size() || l[j] == '#') {
              block_scalar = indent;
              i = l.size();
            }
          }
          break;
        default:
          break;
      }
    }
  }
  return r;
}

}  // namespace referral::internal
