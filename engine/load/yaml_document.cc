// Two passes: yaml-cpp's event parser, asked for at most two documents, finds
// out whether anything follows the first; only then does YAML::Load build the
// tree (it reads the first document only). Node building is private to
// yaml-cpp, so the events are not turned into nodes here.
#include "load/yaml_document.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>
#include <yaml-cpp/yaml.h>

#include <sstream>

namespace referral::internal {

namespace {

// Remembers where a document starts; ignores the rest.
class DocumentStarts : public YAML::EventHandler {
 public:
  YAML::Mark start;
  void OnDocumentStart(const YAML::Mark& mark) override { start = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

}  // namespace

YamlDocument LoadOneYamlDocument(const std::string& text) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentStarts events;
  if (!parser.HandleNextDocument(events)) return {};
  YamlDocument out;
  if (parser.HandleNextDocument(events)) {
    const YAML::Mark& at = events.start;
    if (at.pos >= 0 && static_cast<size_t>(at.pos) < text.size() && text[at.pos] == ',') {
      throw YAML::ParserException(at, "a `,` outside [ ] or { } (quote the text if the comma belongs to it)");
    }
    out.second = at;
  }
  out.node = YAML::Load(text);
  return out;
}

}  // namespace referral::internal
