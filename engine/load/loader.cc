// LoadRuleset: rule files -> YAML documents -> sections -> Model, then the
// graph checks. Every stage reports to one DiagSink so that one run shows
// every problem.
#include <map>

#include "eval/program.h"
#include "graph/routing_graph.h"
#include "load/readers.h"
#include "load/source_files.h"
#include "referral/ruleset.h"

namespace referral {

namespace internal {
namespace {

const std::vector<std::string> kSections = {"ruleset", "facts", "predicates", "services", "nodes"};

struct ParsedFile {
  std::string display;
  YAML::Node root;
};

// The 1-based column of a tab in the indentation of line `line` (0-based) of
// `text`, or 0. yaml-cpp's message for a tab is often cryptic and points past it.
int TabInIndent(const std::string& text, int line) {
  size_t pos = 0;
  for (int i = 0; i < line; ++i) {
    pos = text.find('\n', pos);
    if (pos == std::string::npos) return 0;
    ++pos;
  }
  for (size_t i = pos; i < text.size() && (text[i] == ' ' || text[i] == '\t'); ++i) {
    if (text[i] == '\t') return static_cast<int>(i - pos) + 1;
  }
  return 0;
}

StatusOr<Ruleset> Build(std::vector<SourceFile> files, DiagSink& diags, std::vector<Diagnostic>* out) {
  auto model = std::make_shared<Model>();
  LoadContext ctx(*model, diags);
  std::vector<ParsedFile> parsed;
  parsed.reserve(files.size());
  for (const auto& f : files) {
    try {
      YAML::Node root = YAML::Load(f.bytes);
      if (root.IsNull() || !root.IsDefined()) {
        diags.Error(Location{f.display, 0, 0}, "file.empty", {f.display});
        continue;
      }
      parsed.push_back({f.display, root});
    } catch (const YAML::Exception& e) {
      if (int tab = e.mark.line >= 0 ? TabInIndent(f.bytes, e.mark.line) : 0) {
        diags.Error(Location{f.display, e.mark.line + 1, tab}, "yaml.tab");
      } else {
        diags.Error(Location{f.display, e.mark.line + 1, e.mark.column + 1}, "yaml.syntax", {e.msg});
      }
    }
  }

  // Sections by name, in file order; `ruleset` must appear exactly once.
  std::map<std::string, std::vector<YamlRef>> sections;
  for (const auto& p : parsed) {
    YamlRef root = ctx.Ref(p.root, p.display);
    ctx.ForEachEntry(root, "rule file", kSections, [&](const std::string& key, const YamlRef& k,
                                                       const YamlRef& v) {
      if (key == "ruleset" && !sections["ruleset"].empty()) {
        diags.Error(k.loc, "ruleset.duplicate_header", {sections["ruleset"][0].loc.file});
        return;
      }
      sections[key].push_back(v);
    });
  }
  if (!diags.has_errors() && sections["ruleset"].empty()) {
    diags.Error(Location{files.empty() ? "" : files[0].display, 0, 0}, "ruleset.no_header");
  }

  for (const auto& s : sections["ruleset"]) ReadHeader(ctx, s);
  for (const auto& s : sections["facts"]) ReadFacts(ctx, s);
  ResolveDerivations(ctx);
  for (const auto& s : sections["predicates"]) DeclarePredicates(ctx, s);
  for (const auto& s : sections["predicates"]) DefinePredicates(ctx, s);
  for (const auto& s : sections["services"]) ReadServices(ctx, s);
  for (const auto& s : sections["nodes"]) DeclareNodes(ctx, s);
  for (const auto& s : sections["ruleset"]) ReadHeaderLinks(ctx, s);
  for (const auto& s : sections["nodes"]) DefineNodes(ctx, s);
  if (!diags.has_errors() && model->nodes.empty()) {
    diags.Error(Location{files.empty() ? "" : files[0].display, 0, 0}, "ruleset.no_nodes");
  }
  if (!diags.has_errors()) CheckPredicateCycles(*model, diags);
  if (!diags.has_errors()) CheckRoutingGraph(*model, diags);

  for (const auto& f : files) model->files.push_back(f.relative);
  model->digest = DigestOf(files);
  std::vector<Diagnostic> found = diags.Take();
  bool failed = HasErrors(found);
  if (out) out->insert(out->end(), found.begin(), found.end());
  if (failed) {
    return Status::Error("ruleset.invalid", "the rule set has errors; see the diagnostics");
  }
  model->program = std::make_shared<const Program>(CompileProgram(*model));
  return Ruleset(std::move(model));
}

}  // namespace
}  // namespace internal

StatusOr<Ruleset> LoadRuleset(const std::filesystem::path& path, std::vector<Diagnostic>* diags,
                              const LoadOptions& options) {
  internal::DiagSink sink(options.lang);
  auto files = internal::ReadSourceFiles(path, sink);
  if (sink.has_errors()) {
    auto found = sink.Take();
    if (diags) diags->insert(diags->end(), found.begin(), found.end());
    return Status::Error("ruleset.io", found.empty() ? "cannot read rules" : found[0].message);
  }
  return internal::Build(std::move(files), sink, diags);
}

StatusOr<Ruleset> LoadRulesetFromString(std::string_view yaml, std::string_view name,
                                        std::vector<Diagnostic>* diags, const LoadOptions& options) {
  internal::DiagSink sink(options.lang);
  internal::SourceFile f;
  f.relative = std::string(name);
  f.display = std::string(name);
  f.bytes = std::string(yaml);
  return internal::Build({std::move(f)}, sink, diags);
}

// Ruleset accessors.
const std::string& Ruleset::id() const { return model_->id; }
const std::string& Ruleset::version() const { return model_->version; }
const std::string& Ruleset::effective_date() const { return model_->effective_date; }
const std::string& Ruleset::title(Lang lang) const { return model_->title.Get(lang); }
Lang Ruleset::language() const { return model_->language; }
const std::string& Ruleset::digest() const { return model_->digest; }
const std::vector<std::string>& Ruleset::files() const { return model_->files; }

std::vector<ServiceInfo> Ruleset::services() const {
  std::vector<ServiceInfo> out;
  for (const auto& s : model_->services) {
    out.push_back({s.id, s.name.Get(Lang::kEs), s.name.Get(Lang::kEn), s.legal_basis, s.human_confirmation});
  }
  return out;
}

}  // namespace referral
