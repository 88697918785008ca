// Reads rule test files (docs/rules.md, "Test files") into TestCase values.
#include <algorithm>
#include <fstream>
#include <sstream>

#include "load/encoding.h"
#include "load/load_context.h"
#include "load/source_files.h"
#include "load/yaml_case.h"
#include "load/yaml_document.h"
#include "referral/testing.h"

namespace referral {

namespace fs = std::filesystem;
using internal::LoadContext;
using internal::YamlRef;

std::vector<fs::path> FindTestFiles(const fs::path& root) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    if (internal::IsTestFile(root)) out.push_back(root);
    return out;
  }
  for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    auto ext = it->path().extension();
    if (ext != ".yaml" && ext != ".yml") continue;
    if (internal::IsTestFile(fs::relative(it->path(), root, ec))) out.push_back(it->path());
  }
  std::sort(out.begin(), out.end(), [](const fs::path& a, const fs::path& b) {
    return a.generic_string() < b.generic_string();
  });
  return out;
}

namespace {

const std::vector<std::string> kExpectedReferralKeys = {"service", "priority", "legal_basis",
                                                        "requires_human_confirmation"};
// `includes` checks no priority (`referrals` does).
const std::vector<std::string> kIncludedReferralKeys = {"service", "legal_basis", "requires_human_confirmation"};

// One entry of `referrals` or `includes`: a service id, or a mapping that may
// also ask for its priority (`referrals` only) and terms. Returns the service
// and priority; a mapping with terms adds them to `terms`.
std::pair<std::string, std::string> ReadExpectedReferral(LoadContext& ctx, const YamlRef& ref,
                                                         const std::vector<std::string>& keys,
                                                         std::vector<ExpectedTerms>* terms) {
  if (ref.node.IsScalar()) return {ref.node.Scalar(), ""};
  std::pair<std::string, std::string> out;
  ExpectedTerms t;
  ctx.ForEachEntry(ref, "expected referral", keys,
                   [&](const std::string& k, const YamlRef&, const YamlRef& v) {
                     if (k == "requires_human_confirmation") {
                       t.requires_human_confirmation = ctx.Bool(v, k);
                       return;
                     }
                     auto s = ctx.String(v, k);
                     if (!s) return;
                     if (k == "service") out.first = *s;
                     if (k == "priority") out.second = *s;
                     if (k == "legal_basis") t.legal_basis = *s;
                   });
  if (ref.node.IsMap() && out.first.empty()) ctx.Missing(ref, "service", "expected referral");
  if (!out.first.empty() && (t.legal_basis || t.requires_human_confirmation)) {
    t.service = out.first;
    terms->push_back(std::move(t));
  }
  return out;
}

// `referrals` (exactly these) or `includes` (at least these).
void ReadExpectedReferrals(LoadContext& ctx, const std::string& key, const YamlRef& list, TestExpectation& e) {
  if (!list.node.IsSequence()) {
    ctx.diags.Error(list.loc, "yaml.type", {key, "list"});
    return;
  }
  std::vector<std::pair<std::string, std::string>> refs;
  const auto& keys = key == "referrals" ? kExpectedReferralKeys : kIncludedReferralKeys;
  for (const auto& item : list.node) {
    refs.push_back(ReadExpectedReferral(ctx, ctx.Child(list, item), keys, &e.terms));
  }
  if (key == "referrals") {
    e.referrals = refs;
    return;
  }
  for (auto& [service, priority] : refs) e.includes.push_back(service);
}

}  // namespace

std::vector<TestCase> LoadTests(const std::vector<fs::path>& files, std::vector<Diagnostic>* diags) {
  internal::Model scratch;  // LoadContext needs one; tests add nothing to it
  internal::DiagSink sink(LoadOptions{}.lang);
  LoadContext ctx(scratch, sink);
  std::vector<TestCase> tests;
  std::vector<std::string> names(files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    names[i] = files[i].string();
    const std::string& file = names[i];
    std::ifstream in(files[i], std::ios::binary);
    if (!in) {
      sink.Error(internal::Location{file, 0, 0}, "file.unreadable", {file, "cannot open"});
      continue;
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    // Test names and expectations are printed and written as JSON, and the
    // cases are decided: text, as rule files are (load/encoding.h).
    if (!internal::CheckFileText(buf.str(), file, sink)) continue;
    YAML::Node root;
    try {
      internal::YamlDocument doc = internal::LoadOneYamlDocument(buf.str());
      if (doc.second) {
        sink.Error(internal::Location{file, doc.second->line + 1, doc.second->column + 1}, "yaml.second_document");
      }
      root = doc.node;
    } catch (const YAML::Exception& e) {
      sink.Error(internal::Location{file, e.mark.line + 1, e.mark.column + 1}, "yaml.syntax", {e.msg});
      continue;
    }
    if (!internal::CheckParsedText(root, file, sink, internal::Controls::kAllowed)) continue;
    YamlRef top = ctx.Ref(root, file);
    ctx.ForEachEntry(top, "test file", {"tests"}, [&](const std::string&, const YamlRef&, const YamlRef& list) {
      if (!list.node.IsSequence()) {
        sink.Error(list.loc, "yaml.type", {"tests", "list"});
        return;
      }
      for (const auto& item : list.node) {
        YamlRef ref = ctx.Child(list, item);
        TestCase t;
        t.file = file;
        t.line = ref.loc.line;
        bool has_case = false;
        ctx.ForEachEntry(ref, "test", {"name", "case", "expect"}, [&](const std::string& k, const YamlRef&,
                                                                      const YamlRef& v) {
          if (k == "name") {
            if (auto s = ctx.String(v, k)) t.name = *s;
          } else if (k == "case") {
            has_case = true;
            try {
              t.case_json = internal::YamlNodeToJsonText(v.node);
            } catch (const std::exception& e) {
              sink.Error(v.loc, "yaml.syntax", {e.what()});
            }
          } else {
            TestExpectation& e = t.expect;
            ctx.ForEachEntry(v, "expect",
                             {"outcome", "reason", "follow_up", "referrals", "includes", "excludes", "warnings", "error"},
                             [&](const std::string& ek, const YamlRef&, const YamlRef& ev) {
                               if (ek == "outcome" || ek == "reason" || ek == "error") {
                                 auto s = ctx.String(ev, ek);
                                 if (s) (ek == "outcome" ? e.outcome : ek == "reason" ? e.reason : e.error) = *s;
                               } else if (ek == "follow_up") {
                                 e.follow_up = ctx.Bool(ev, ek);
                               } else if (ek == "referrals" || ek == "includes") {
                                 ReadExpectedReferrals(ctx, ek, ev, e);
                               } else {
                                 auto l = ctx.StringList(ev, ek);
                                 if (l) (ek == "excludes" ? e.excludes : e.warnings) = *l;
                               }
                             });
          }
        });
        if (!ref.node.IsMap()) continue;
        if (!has_case) {
          ctx.Missing(ref, "case", "test");
          continue;
        }
        if (t.name.empty()) t.name = file + ":" + std::to_string(t.line);
        tests.push_back(std::move(t));
      }
    });
  }
  auto found = sink.Take();
  if (diags) diags->insert(diags->end(), found.begin(), found.end());
  return tests;
}

}  // namespace referral
