// Located, typed reading of yaml-cpp nodes.
#include "load/load_context.h"

#include <cctype>

#include "diag/suggest.h"

namespace referral::internal {

namespace {
bool ParseInt(const std::string& s, int64_t* out) {
  if (s.empty()) return false;
  size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (i == s.size() || s.size() - i > 18) return false;
  int64_t v = 0;
  for (; i < s.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = s[0] == '-' ? -v : v;
  return true;
}
}  // namespace

YamlRef LoadContext::Child(const YamlRef& parent, const YAML::Node& node) const {
  const std::string* file = parent.file;
  if (foreign && node.IsDefined()) {
    for (const auto& [n, f] : *foreign) {
      if (n.IsDefined() && n.is(node)) {
        file = f;
        break;
      }
    }
  }
  return YamlRef{node, file, NodeLocation(node, *file, parent.loc)};
}

YamlRef LoadContext::Ref(const YAML::Node& node, const std::string& file) const {
  return YamlRef{node, &file, NodeLocation(node, file, Location{file, 1, 1})};
}

std::optional<std::string> LoadContext::String(const YamlRef& ref, std::string_view what) {
  if (!ref.node.IsScalar()) {
    diags.Error(ref.loc, "yaml.type", {std::string(what), "string"});
    return std::nullopt;
  }
  return ref.node.Scalar();
}

std::optional<bool> LoadContext::Bool(const YamlRef& ref, std::string_view what) {
  if (ref.node.IsScalar()) {
    const std::string& s = ref.node.Scalar();
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
  }
  diags.Error(ref.loc, "yaml.type", {std::string(what), "true | false"});
  return std::nullopt;
}

std::optional<int64_t> LoadContext::Int(const YamlRef& ref, std::string_view what) {
  int64_t v = 0;
  if (ref.node.IsScalar() && ParseInt(ref.node.Scalar(), &v)) return v;
  diags.Error(ref.loc, "yaml.type", {std::string(what), "integer"});
  return std::nullopt;
}

std::optional<std::vector<std::string>> LoadContext::StringList(const YamlRef& ref,
                                                                std::string_view what) {
  if (!ref.node.IsSequence()) {
    diags.Error(ref.loc, "yaml.type", {std::string(what), "list"});
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : ref.node) {
    auto s = String(Child(ref, item), what);
    if (!s) return std::nullopt;
    out.push_back(*s);
  }
  return out;
}

std::optional<Text> LoadContext::ReadText(const YamlRef& ref, std::string_view what) {
  Text text;
  if (ref.node.IsScalar()) {
    (model.language == Lang::kEs ? text.es : text.en) = ref.node.Scalar();
    return text;
  }
  if (!ForEachEntry(ref, what, {"es", "en"}, [&](const std::string& key, const YamlRef&,
                                                 const YamlRef& value) {
        auto s = String(value, what);
        if (s) (key == "es" ? text.es : text.en) = *s;
      })) {
    return std::nullopt;
  }
  if (text.empty()) {
    diags.Error(ref.loc, "yaml.type", {std::string(what), "text"});
    return std::nullopt;
  }
  return text;
}

void LoadContext::Missing(const YamlRef& map, std::string_view key, std::string_view what) {
  diags.Error(map.loc, "yaml.missing_key", {std::string(key), std::string(what)});
}

int LoadContext::Resolve(const std::map<std::string, int>& table, const std::string& name,
                         const Location& at, std::string_view code) {
  auto it = table.find(name);
  if (it != table.end()) return it->second;
  if (failed_definitions.count(name)) return -1;  // its definition's error says it all
  std::vector<std::string> names;
  for (const auto& [n, i] : table) names.push_back(n);
  diags.Error(at, code, {name}, Suggest(name, names));
  return -1;
}

std::vector<std::string> LoadContext::ConditionNames() const {
  std::vector<std::string> names = {"all", "any", "not"};
  for (const auto& [n, i] : fact_index) names.push_back(n);
  for (const auto& [n, i] : predicate_index) names.push_back(n);
  return names;
}

Location NodeLocation(const YAML::Node& node, const std::string& file, const Location& fallback) {
  Location loc = fallback;
  loc.file = file;
  if (node.IsDefined()) {
    YAML::Mark m = node.Mark();
    if (m.line >= 0 && m.pos >= 0) {
      loc.line = m.line + 1;
      loc.column = m.column + 1;
    }
  }
  return loc;
}

bool IsIdentifier(const std::string& s, bool allow_upper, bool allow_dash_dot) {
  if (s.empty() || s.size() > 128) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    bool ok = std::islower(c) || (allow_upper && std::isupper(c)) ||
              (i > 0 && (std::isdigit(c) || c == '_')) ||
              (i > 0 && allow_dash_dot && (c == '-' || c == '.')) ||
              (allow_dash_dot && std::isdigit(c));
    if (!ok) return false;
  }
  return true;
}

std::string AsciiSpelling(const std::string& s, bool allow_upper, bool allow_dash_dot) {
  // Latin-1 letters of Spanish, Portuguese and French (UTF-8: 0xC3 then this byte).
  static const char kFolded[64 + 1] =
      "AAAAAAACEEEEIIII"  // 0x80..0x8F: À Á Â Ã Ä Å Æ Ç È É Ê Ë Ì Í Î Ï
      "DNOOOOO.OUUUUY.."  // 0x90..0x9F: Ð Ñ Ò Ó Ô Õ Ö × Ø Ù Ú Û Ü Ý Þ ß
      "aaaaaaaceeeeiiii"  // 0xA0..0xAF
      "dnooooo.ouuuuy.y";  // 0xB0..0xBF
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == ' ') {
      out += '_';
    } else if (c == 0xC3 && i + 1 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80 &&
               kFolded[static_cast<unsigned char>(s[i + 1]) - 0x80] != '.') {
      out += kFolded[static_cast<unsigned char>(s[++i]) - 0x80];
    } else {
      out += static_cast<char>(c);
    }
  }
  if (!allow_upper) {
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out != s && IsIdentifier(out, allow_upper, allow_dash_dot) ? out : std::string();
}

}  // namespace referral::internal
