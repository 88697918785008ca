// JSON text that no string can make throw: each byte that is not UTF-8
// becomes U+FFFD, where nlohmann's plain dump() would throw and abort the
// command (a file name is the file system's bytes; a record file read by
// `report` or `verify` is anyone's). The program sees only the public API,
// so this restates engine/util/json_text.h.
#ifndef REFERRAL_TOOLS_JSON_TEXT_H_
#define REFERRAL_TOOLS_JSON_TEXT_H_

#include <nlohmann/json.hpp>
#include <string>

namespace referral::cli {

// `j` as JSON text, indented by `indent` spaces a level (-1: on one line).
template <typename Json>
std::string JsonText(const Json& j, int indent = -1) {
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace referral::cli

#endif  // REFERRAL_TOOLS_JSON_TEXT_H_
