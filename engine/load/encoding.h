// Rule and test files are UTF-8 text. Takes a file's bytes before yaml-cpp
// parses them, then the parsed tree, and reports `file.bad_encoding` where
// either holds something else, naming the encoding the bytes look like.
// Everything a rule file says reaches decisions, explanations and records,
// which are UTF-8 (JSON can carry nothing else): a Latin-1 `ñ` that loaded
// made every decision that quoted it throw. yaml-cpp would not object: it
// keeps stray bytes as they are, and decodes UTF-16 and UTF-32 itself.
#ifndef REFERRAL_ENGINE_LOAD_ENCODING_H_
#define REFERRAL_ENGINE_LOAD_ENCODING_H_

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "diag/diag_sink.h"

namespace referral::internal {

// Reports `file.bad_encoding` at the first byte on each line of `bytes` that
// is not UTF-8 text (a NUL byte is not text either: the mark of UTF-16), for
// at most kMaxEncodingErrors lines. `display` names the file. Returns whether
// the bytes are UTF-8 text; when they are not, the file is not to be parsed.
bool CheckFileText(std::string_view bytes, const std::string& display, DiagSink& diags);

// Reports `file.bad_encoding` at each scalar of `root` (keys too) that is not
// UTF-8 once parsed, and returns whether there was none. After CheckFileText
// this finds nothing with yaml-cpp 0.7, which writes every escape (`\xf1`,
// `\u00f1`) as UTF-8; it keeps the model UTF-8 whatever the parser does.
// Each node is visited once, so aliases cost nothing.
// Unless `controls` is kAllowed, it also reports `file.control_character` at
// each scalar holding a control character other than a tab or a line feed:
// rule texts are shown to people. (Test files may hold such cases on purpose:
// a case id with a newline must be refused.)
enum class Controls { kRefused, kAllowed };
bool CheckParsedText(const YAML::Node& root, const std::string& display, DiagSink& diags,
                     Controls controls = Controls::kRefused);

// Reports `file.bad_name_encoding` when `relative`, a rule file's name as
// explanations and records show it, is not UTF-8. Returns whether it is.
bool CheckFileName(std::string_view relative, const std::string& display, DiagSink& diags);

// The first `file.bad_encoding` lines of one file that are reported: a file
// in another encoding has one on nearly every line, and saving it as UTF-8
// fixes them all.
inline constexpr int kMaxEncodingErrors = 10;

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_LOAD_ENCODING_H_
