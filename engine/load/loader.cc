// LoadRuleset: rule files -> YAML documents -> sections -> Model, then the
// graph checks. Every stage reports to one DiagSink so that one run shows
// every problem.
#include <algorithm>
#include <map>

#include "eval/program.h"
#include "graph/routing_graph.h"
#include "load/compose.h"
#include "load/encoding.h"
#include "load/readers.h"
#include "load/source_files.h"
#include "referral/ruleset.h"
#include "util/input_scan.h"

namespace referral {

namespace internal {
namespace {

const std::vector<std::string> kSections = {"ruleset", "facts", "predicates", "services", "nodes",
                                             "directory", "remove"};

// The counts of LoadLimits, once the sections are read.
void CheckCounts(const Model& m, const LoadLimits& limits, const std::string& file, DiagSink& diags) {
  // Located at the first item over the limit.
  auto check = [&](const auto& items, size_t max, const char* code, const char* option, const char* flag) {
    if (items.size() <= max) return;
    Location at = items[max].loc;
    if (at.file.empty()) at = Location{file, 0, 0};
    diags.LimitError(at, code, {std::to_string(max)}, option, flag);
  };
  check(m.facts, limits.max_facts, "limit.facts", "max_facts", "facts");
  check(m.predicates, limits.max_predicates, "limit.predicates", "max_predicates", "predicates");
  check(m.services, limits.max_services, "limit.services", "max_services", "services");
  check(m.nodes, limits.max_nodes, "limit.nodes", "max_nodes", "nodes");
  check(m.rules, limits.max_rules, "limit.rules", "max_rules", "rules");
}

// The depth of every condition counting the predicates it uses, so that the
// evaluator's and the analyzer's recursion stay bounded. Without recursion:
// children precede their parents in Model::conditions, but a predicate's
// condition may come later, so passes repeat until every depth is known (one
// pass per link of the longest predicate chain). REQUIRES: no predicate cycle.
void CheckConditionDepth(const Model& m, const LoadLimits& limits, DiagSink& diags) {
  const int max = limits.max_condition_depth;
  std::vector<int> depth(m.conditions.size(), 0);  // 0: not known yet
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t c = 0; c < m.conditions.size(); ++c) {
      if (depth[c] > 0) continue;
      const CondNode& n = m.conditions[c];
      int d = 1;
      bool ready = true;
      auto below = [&](int child) {
        if (child < 0) return;
        if (depth[child] == 0) ready = false;
        d = std::max(d, 1 + depth[child]);
      };
      if (n.kind == CondNode::Kind::kPredicate) below(m.predicates[n.predicate].condition);
      for (int child : n.children) below(child);
      if (!ready) continue;
      depth[c] = d;
      changed = true;
      if (d > max) {
        diags.LimitError(n.loc, "limit.condition_depth", {std::to_string(max)}, "max_condition_depth",
                         "condition_depth");
        return;
      }
    }
  }
}

StatusOr<Ruleset> Build(std::vector<SourceFile> files, const std::filesystem::path& path, const LoadLimits& limits,
                        DiagSink& diags, std::vector<Diagnostic>* out, std::string* merged_yaml) {
  auto model = std::make_shared<Model>();
  LoadContext ctx(*model, diags);
  RuleSources sources;
  ParseRuleFiles(std::move(files), limits, diags, &sources);
  // A file that is not UTF-8 text is not read, and what the other files say
  // about its facts, services or nodes would be noise; without its base an
  // overlay is only a fragment, and its other errors would be noise too.
  if (sources.bad_text || !ComposeOverlay(path, limits, diags, &sources)) {
    std::vector<Diagnostic> found = diags.Take();
    if (out) out->insert(out->end(), found.begin(), found.end());
    return Status::Error("ruleset.invalid", "the rule set has errors; see the diagnostics");
  }
  if (sources.composed) ctx.foreign = &sources.foreign;
  const std::vector<ParsedFile>& parsed = sources.parsed;
  files = sources.files;
  // Names as explanations and records show them (`maicao/oferta.yaml:14`),
  // an overlay's with its folder and its base's.
  for (const auto& f : files) CheckFileName(f.relative, f.display, diags);

  // Sections by name, in file order; `ruleset` must appear exactly once.
  std::map<std::string, std::vector<YamlRef>> sections;
  for (const auto& p : parsed) {
    YamlRef root = ctx.Ref(p.root, *p.display);
    ctx.ForEachEntry(root, "rule file", kSections, [&](const std::string& key, const YamlRef& k,
                                                       const YamlRef& v) {
      if (key == "remove") {  // composition takes it out of an overlay
        diags.Error(k.loc, "overlay.without_base", {key});
        return;
      }
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
  ResolveDateFact(ctx);
  for (const auto& s : sections["predicates"]) DeclarePredicates(ctx, s);
  for (const auto& s : sections["predicates"]) DefinePredicates(ctx, s);
  for (const auto& s : sections["services"]) ReadServices(ctx, s);
  ResolveFallbacks(ctx);
  for (const auto& s : sections["nodes"]) DeclareNodes(ctx, s);
  for (const auto& s : sections["ruleset"]) ReadHeaderLinks(ctx, s);
  for (const auto& s : sections["nodes"]) DefineNodes(ctx, s);
  NameRuleVersions(ctx);
  for (const auto& s : sections["directory"]) ReadDirectory(ctx, s);
  if (!diags.has_errors()) CheckDirectory(ctx);
  CheckCounts(*model, limits, files.empty() ? "" : files[0].display, diags);
  if (!diags.has_errors() && model->nodes.empty()) {
    diags.Error(Location{files.empty() ? "" : files[0].display, 0, 0}, "ruleset.no_nodes");
  }
  if (!diags.has_errors()) CheckPredicateCycles(*model, diags);
  if (!diags.has_errors()) CheckConditionDepth(*model, limits, diags);
  if (!diags.has_errors()) CheckRoutingGraph(*model, diags);

  for (const auto& f : files) model->files.push_back(f.relative);
  model->digest = DigestOf(files);
  model->composed = sources.composed;
  // Where each rule was written, as `referral explain` names it.
  std::map<std::string, std::string> relative_of;
  for (const auto& f : files) relative_of[f.display] = f.relative;
  for (auto& rule : model->rules) {
    auto it = relative_of.find(rule.loc.file);
    rule.source = (it == relative_of.end() ? rule.loc.file : it->second) + ":" + std::to_string(rule.loc.line);
  }
  if (merged_yaml && !diags.has_errors()) *merged_yaml = EmitMerged(sources);
  std::vector<Diagnostic> found = diags.Take();
  bool failed = HasErrors(found);
  if (out) out->insert(out->end(), found.begin(), found.end());
  if (failed) {
    return Status::Error("ruleset.invalid", "the rule set has errors; see the diagnostics");
  }
  model->BuildIndexes();
  model->program = std::make_shared<const Program>(CompileProgram(*model));
  return internal::RulesetAccess::Make(std::move(model));
}

}  // namespace
}  // namespace internal

namespace {

// Reads the files at `path` and builds them; with `merged_yaml`, also the
// merged rule set as YAML.
StatusOr<Ruleset> LoadFrom(const std::filesystem::path& path, std::vector<Diagnostic>* diags,
                           const LoadOptions& options, std::string* merged_yaml) {
  internal::DiagSink sink(options.lang);
  auto files = internal::ReadSourceFiles(path, options.limits, sink);
  if (sink.has_errors()) {
    auto found = sink.Take();
    if (diags) diags->insert(diags->end(), found.begin(), found.end());
    return Status::Error("ruleset.io", found.empty() ? "cannot read rules" : found[0].message);
  }
  return internal::Build(std::move(files), path, options.limits, sink, diags, merged_yaml);
}

}  // namespace

StatusOr<Ruleset> LoadRuleset(const std::filesystem::path& path, std::vector<Diagnostic>* diags,
                              const LoadOptions& options) {
  return LoadFrom(path, diags, options, nullptr);
}

StatusOr<std::string> MergedRulesetYaml(const std::filesystem::path& path, std::vector<Diagnostic>* diags,
                                        const LoadOptions& options) {
  std::string yaml;
  auto rules = LoadFrom(path, diags, options, &yaml);
  if (!rules.ok()) return rules.status();
  return yaml;
}

StatusOr<Ruleset> LoadRulesetFromString(std::string_view yaml, std::string_view name,
                                        std::vector<Diagnostic>* diags, const LoadOptions& options) {
  internal::DiagSink sink(options.lang);
  internal::SourceFile f;
  f.relative = std::string(name);
  f.display = std::string(name);
  if (yaml.size() > options.limits.max_file_bytes) {
    sink.LimitError(internal::Location{f.display, 0, 0}, "file.too_large",
                    {f.display, std::to_string(yaml.size()), std::to_string(options.limits.max_file_bytes)},
                    "max_file_bytes", "file_bytes");
    auto found = sink.Take();
    if (diags) diags->insert(diags->end(), found.begin(), found.end());
    return Status::Error("ruleset.invalid", "the rule set has errors; see the diagnostics");
  }
  f.bytes = std::string(yaml);
  return internal::Build({std::move(f)}, {}, options.limits, sink, diags, nullptr);
}

// Ruleset accessors.
const std::string& Ruleset::id() const { return model_->id; }
const std::string& Ruleset::version() const { return model_->version; }
const std::string& Ruleset::effective_date() const { return model_->effective_date; }
const std::string& Ruleset::title(Lang lang) const { return model_->title.Get(lang); }
Lang Ruleset::language() const { return model_->language; }
const std::string& Ruleset::digest() const { return model_->digest; }
const std::vector<std::string>& Ruleset::files() const { return model_->files; }
const std::vector<std::string>& Ruleset::review_roles() const { return model_->review_roles; }
const std::vector<std::string>& Ruleset::review_reasons() const { return model_->review_reasons; }

std::vector<ServiceInfo> Ruleset::services() const {
  std::vector<ServiceInfo> out;
  for (const auto& s : model_->services) {
    out.push_back({s.id, s.name.Get(Lang::kEs), s.name.Get(Lang::kEn), s.legal_basis, s.human_confirmation});
  }
  return out;
}

}  // namespace referral
