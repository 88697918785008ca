#include "support/paths.h"

#include <fstream>
#include <sstream>

namespace referral::testing {

std::string SourcePath(const std::string& relative) { return std::string(REFERRAL_SOURCE_DIR) + "/" + relative; }

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

size_t Occurrences(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace referral::testing
