// OverlayStarter (`referral init --extends BASE DIR`): the files of a new
// overlay that changes nothing yet, and, when it names its own service areas,
// the area fact and a directory template for them.
#include <filesystem>

#include "load/compose.h"
#include "model/model.h"
#include "referral/ruleset.h"

namespace referral {

namespace {

namespace fs = std::filesystem;

// A YAML double-quoted scalar.
std::string Quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string Lowered(std::string id) {
  for (char& c : id) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return id;
}

}  // namespace

StatusOr<std::vector<std::pair<std::string, std::string>>> OverlayStarter(const std::string& extends,
                                                                          const fs::path& dir, const std::string& id,
                                                                          const std::vector<std::string>& areas) {
  // The base, found as the overlay's load will find it.
  std::optional<fs::path> base_path;
  std::vector<fs::path> looked;
  if (internal::IsBaseName(extends)) {
    if (auto found = internal::FindNamedBase(extends, internal::RulesRoot(dir), &looked)) base_path = found->path;
  } else if (std::error_code ec; fs::exists(dir / extends, ec)) {
    base_path = dir / extends;
  }
  if (!base_path) {
    std::string where;
    for (const auto& p : looked) where += (where.empty() ? "" : ", ") + p.string();
    return Status::Error("init.base_not_found", "base rule set `" + extends + "` was not found" +
                                                    (where.empty() ? "" : "; looked in " + where));
  }
  std::vector<Diagnostic> diags;
  auto base = LoadRuleset(*base_path, &diags);
  if (!base.ok()) return Status::Error("init.base_invalid", "base rule set `" + extends + "` does not load: run `referral check " + base_path->string() + "`");
  const internal::Model& m = internal::ModelOf(*base);
  const bool es = m.language == Lang::kEs;
  std::vector<std::pair<std::string, std::string>> files;

  std::string header = es ? "# Superposición de `" + m.id + "` para `" + id +
                                "` (docs/rules.md, \"Composition\"): todo lo que no se cambia aquí\n"
                                "# es la regla de `" + m.id + "` tal cual. Escriba aquí lo que cambia y por qué, y\n"
                                "# compruébelo con `referral check`, `referral test --inherit` y `referral analyze`.\n"
                          : "# An overlay of `" + m.id + "` for `" + id +
                                "` (docs/rules.md, \"Composition\"): whatever is not changed here\n"
                                "# is `" + m.id + "`'s rule as it is. Write here what changes and why, and check\n"
                                "# it with `referral check`, `referral test --inherit` and `referral analyze`.\n";
  header += "ruleset:\n  extends: " + extends + "\n  id: " + id + "\n  version: 0.1.0\n";
  const std::string& title_es = m.title.Get(Lang::kEs);
  const std::string& title_en = m.title.Get(Lang::kEn);
  if (!title_es.empty() || !title_en.empty()) {
    header += "  title: {es: " + Quoted(id + " – adaptación de «" + title_es + "»") + ", en: " +
              Quoted(id + " – adapted from “" + title_en + "”") + "}\n";
  }
  files.emplace_back("ruleset.yaml", header);

  files.emplace_back(es ? "tests/heredadas.yaml" : "tests/inherited.yaml",
                     es ? "# Las pruebas de `" + m.id + "` que este territorio responde de otra forma a propósito\n"
                          "# (`referral test " + dir.filename().string() + " --inherit`). Una por diferencia:\n"
                          "#   - test: \"el nombre de la prueba de la base\"\n"
                          "#     differs: \"por qué aquí es distinto\"\n"
                          "inherited: []\n"
                        : "# The tests of `" + m.id + "` this territory answers otherwise on purpose\n"
                          "# (`referral test " + dir.filename().string() + " --inherit`). One per difference:\n"
                          "#   - test: \"the base test's name\"\n"
                          "#     differs: \"why it differs here\"\n"
                          "inherited: []\n");

  if (areas.empty() || m.area_fact < 0) return files;
  // Its own service areas: the area fact replaced, and a directory for them
  // (the base's would name areas this territory does not have).
  const internal::Fact& area = m.facts[m.area_fact];
  std::string list;
  for (const auto& a : areas) list += (list.empty() ? "" : ", ") + a;
  std::string facts = es ? "# Las áreas de servicio de `" + id + "`: reemplazan las de `" + m.id + "`.\n"
                         : "# The service areas of `" + id + "`: they replace `" + m.id + "`'s.\n";
  facts += "facts:\n  " + area.name + ":\n    override: replace\n";
  if (!area.label.empty()) {
    facts += "    label: {es: " + Quoted(area.label.Get(Lang::kEs)) + ", en: " + Quoted(area.label.Get(Lang::kEn)) + "}\n";
  }
  facts += "    type: enum\n    values: [" + list + "]\n    default: null\n";
  if (area.report) facts += "    report: true\n";
  files.emplace_back(es ? "hechos.yaml" : "facts.yaml", facts);

  std::string directory =
      es ? "# EJEMPLOS por confirmar: una oficina por servicio que se presta por `" + area.name +
               "`, para todas las áreas.\n# Un directorio en la superposición reemplaza el de `" + m.id +
               "`: nombre, dirección, horario y áreas de cada oficina deben confirmarse.\n"
         : "# EXAMPLES to confirm: one office per service delivered by `" + area.name +
               "`, for every area.\n# A directory in the overlay replaces `" + m.id +
               "`'s: each office's name, address, hours and areas must be confirmed.\n";
  directory += "directory:\n  area_fact: " + area.name + "\n  offices:\n";
  for (const auto& s : m.services) {
    if (!s.local) continue;
    directory += "    - {id: " + Lowered(id + "-" + s.id) + ", service: " + s.id + ", name: " +
                 Quoted(s.name.Get(m.language) + " – " + id + (es ? " (por confirmar)" : " (to confirm)")) +
                 ", address: " + Quoted(es ? "por confirmar" : "to confirm") + ", service_area: [" + list +
                 "], basis: assumption}\n";
  }
  files.emplace_back(es ? "directorio.yaml" : "directory.yaml", directory);
  return files;
}

}  // namespace referral
