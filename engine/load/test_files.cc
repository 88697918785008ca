// Reads rule test files (docs/rules.md, "Test files") into TestCase values.
#include <algorithm>
#include <fstream>
#include <sstream>

#include "load/load_context.h"
#include "load/source_files.h"
#include "load/yaml_case.h"
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
    YAML::Node root;
    try {
      root = YAML::Load(buf.str());
    } catch (const YAML::Exception& e) {
      sink.Error(internal::Location{file, e.mark.line + 1, e.mark.column + 1}, "yaml.syntax", {e.msg});
      continue;
    }
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
                               } else if (ek == "referrals") {
                                 std::vector<std::pair<std::string, std::string>> refs;
                                 if (!ev.node.IsSequence()) {
                                   sink.Error(ev.loc, "yaml.type", {"referrals", "list"});
                                   return;
                                 }
                                 for (const auto& r : ev.node) {
                                   YamlRef rr = ctx.Child(ev, r);
                                   if (r.IsScalar()) {
                                     refs.push_back({r.Scalar(), ""});
                                     continue;
                                   }
                                   std::pair<std::string, std::string> p;
                                   ctx.ForEachEntry(rr, "expected referral", {"service", "priority"},
                                                    [&](const std::string& rk, const YamlRef&, const YamlRef& rv) {
                                                      auto s = ctx.String(rv, rk);
                                                      if (s) (rk == "service" ? p.first : p.second) = *s;
                                                    });
                                   refs.push_back(p);
                                 }
                                 e.referrals = refs;
                               } else {
                                 auto l = ctx.StringList(ev, ek);
                                 if (l) (ek == "includes" ? e.includes : ek == "excludes" ? e.excludes : e.warnings) = *l;
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
