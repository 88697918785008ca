// JSON text that no string can make throw. nlohmann's dump() throws on a
// string that is not UTF-8, and a text the engine writes (a decision, a
// record, an error) must never fail for the bytes someone else chose: a rule
// file's name is the file system's, a Decision is a public struct. Every
// JSON the engine writes is dumped here, each stray byte as U+FFFD. Rule
// text and cases are UTF-8 already (load/encoding.h, case/case_reader.cc);
// this is the second line of defence.
#ifndef REFERRAL_ENGINE_UTIL_JSON_TEXT_H_
#define REFERRAL_ENGINE_UTIL_JSON_TEXT_H_

#include <nlohmann/json.hpp>
#include <string>

namespace referral::internal {

// `j` as JSON text, indented by `indent` spaces a level (-1: on one line).
template <typename Json>
std::string JsonText(const Json& j, int indent = -1) {
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_UTIL_JSON_TEXT_H_
