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

}  // namespace referral::testing
