// A case written in YAML, converted to JSON text so that one reader validates
// both. Scalars keep their YAML meaning: true/false, integers, null; anything
// else is a string (dates stay strings, as in JSON). The JSON is written key
// by key, not through a JSON tree, so that a key the YAML gives twice is
// given twice in the JSON too and the case reader refuses it as it refuses a
// JSON duplicate (`case.duplicate_key`).
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "case/case_values.h"
#include "diag/diag_sink.h"
#include "load/yaml_case.h"
#include "load/yaml_document.h"
#include "util/utf8.h"

namespace referral::internal {

namespace {

// A scalar whose text is not UTF-8 once YAML's escapes are applied.
struct NotUtf8 : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The tree, its aliases expanded, is too deep or too large: `key` is the
// catalogue's message for it.
struct TreeLimit {
  const char* key;
};

void WriteString(const std::string& s, std::string* out) {
  if (FirstInvalidUtf8(s) != std::string::npos) throw NotUtf8("a string is not valid UTF-8");
  *out += nlohmann::json(s).dump();
}

// YAML 1.2's core-schema float, without .inf and .nan:
// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool IsYamlFloat(const std::string& s) {
  size_t i = 0;
  auto digits = [&] {
    const size_t from = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i > from;
  };
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  const bool whole = digits();
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits() && !whole) return false;
  } else if (!whole) {
    return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

// `budget` counts down the nodes converted: aliases may make a small text
// stand for a huge tree.
void Convert(const YAML::Node& n, int depth, size_t* budget, std::string* out) {
  if (depth > 64) throw TreeLimit{"case.yaml_too_deep"};
  if (*budget == 0) throw TreeLimit{"case.yaml_too_many_nodes"};
  --*budget;
  switch (n.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      *out += "null";
      return;
    case YAML::NodeType::Sequence: {
      *out += '[';
      bool first = true;
      for (const auto& item : n) {
        if (!first) *out += ',';
        first = false;
        Convert(item, depth + 1, budget, out);
      }
      *out += ']';
      return;
    }
    case YAML::NodeType::Map: {
      *out += '{';
      bool first = true;
      for (auto it = n.begin(); it != n.end(); ++it) {
        if (!first) *out += ',';
        first = false;
        WriteString(it->first.Scalar(), out);
        *out += ':';
        Convert(it->second, depth + 1, budget, out);
      }
      *out += '}';
      return;
    }
    case YAML::NodeType::Scalar:
      break;
  }
  const std::string& s = n.Scalar();
  if (n.Tag() == "!") return WriteString(s, out);  // quoted: always a string
  if (s == "true" || s == "false") {
    *out += s;
    return;
  }
  if (s == "null" || s == "~") {
    *out += "null";
    return;
  }
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc() && end == s.data() + s.size() && !s.empty()) {
    *out += std::to_string(v);
    return;
  }
  // A YAML float (`1.0`, `1e2`, `-.5`) is a JSON number, so that a YAML case
  // means what the same JSON case means (1.0 for an int fact is 1).
  if (IsYamlFloat(s)) {
    const double d = std::strtod(s.c_str(), nullptr);
    if (std::isfinite(d)) {
      *out += nlohmann::json(d).dump();
      return;
    }
  }
  WriteString(s, out);
}

}  // namespace

std::string YamlNodeToJsonText(const YAML::Node& node) {
  size_t budget = size_t{1} << 20;
  std::string out;
  Convert(node, 0, &budget, &out);
  return out;
}

StatusOr<std::string> YamlToJsonText(std::string_view yaml, size_t max_nodes, Lang lang) {
  try {
    // A case is one document: a second one (after `---`) would be ignored by
    // a plain load, and the sender did not mean that.
    YamlDocument doc = LoadOneYamlDocument(std::string(yaml));
    if (doc.second) {
      return Status::Error("case.trailing_data",
                           RenderMessage("case.trailing_document", lang, {std::to_string(doc.second->line + 1)}));
    }
    size_t budget = max_nodes;
    std::string out;
    Convert(doc.node, 0, &budget, &out);
    return out;
  } catch (const YAML::Exception& e) {
    return Status::Error("case.bad_yaml",
                         RenderMessage("case.bad_yaml", lang, {std::to_string(e.mark.line + 1), e.msg}));
  } catch (const NotUtf8&) {
    return Status::Error("case.bad_encoding", RenderMessage("case.bad_encoding_escape", lang, {}));
  } catch (const TreeLimit& e) {
    return Status::Error("case.bad_yaml", RenderMessage(e.key, lang, {}));
  } catch (const std::exception& e) {
    return Status::Error("case.bad_yaml", RenderMessage("case.bad_yaml", lang, {"?", e.what()}));
  }
}

}  // namespace referral::internal
