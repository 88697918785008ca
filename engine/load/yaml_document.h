// One YAML document from text, and nothing silently left over. yaml-cpp 0.7
// reads a `,` outside `[ ]` or `{ }` as a flow entry that no block can hold:
// YAML::Load then stops before it and drops the rest of the text (`- 1\n, 2`
// loads as `[1]`), and YAML::LoadAll loops for ever on it. Every YAML the
// engine reads (rule files, test files, cases) goes through here.
#ifndef REFERRAL_ENGINE_LOAD_YAML_DOCUMENT_H_
#define REFERRAL_ENGINE_LOAD_YAML_DOCUMENT_H_

#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/node/node.h>

#include <optional>
#include <string>

namespace referral::internal {

struct YamlDocument {
  YAML::Node node;                  // the first document (null for an empty text)
  std::optional<YAML::Mark> second;  // where a second document begins, if one does
};

// The text's first document, and where a second one begins (after `---` or
// `...`), which a caller refuses: the reader would otherwise ignore it.
// Throws YAML::ParserException at content the parser cannot place (a stray
// `,`), and whatever YAML::Load throws.
YamlDocument LoadOneYamlDocument(const std::string& text);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_LOAD_YAML_DOCUMENT_H_
