// Reads rule test files (docs/rules.md, "Test files") into TestCase values.
#include <algorithm>
#include <fstream>
#include <sstream>

#include "diag/diag_order.h"
#include "load/encoding.h"
#include "load/load_context.h"
#include "load/source_files.h"
#include "load/yaml_case.h"
#include "load/yaml_document.h"
#include "referral/record.h"
#include "referral/testing.h"
#include "testing/test_spec.h"

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

const std::vector<std::string> kReferralKeys = {"service",     "priority", "timeframe",    "legal_basis",
                                                "requires_human_confirmation", "office", "fallback_from"};
const std::vector<std::string> kTestKeys = {"name", "case", "now", "expect"};
const std::vector<std::string> kExpectKeys = {"outcome",  "reason",          "follow_up",   "referrals",
                                              "includes", "excludes",        "warnings",    "absent_warnings",
                                              "fired_rules", "path",         "error"};

// An entry of `referrals` or `includes`: a service id, or a mapping of the
// service and the terms its referral must have.
internal::ExpectedReferral ReadExpectedReferral(LoadContext& ctx, const YamlRef& ref) {
  internal::ExpectedReferral out;
  if (ref.node.IsScalar()) {
    out.service = ref.node.Scalar();
    return out;
  }
  ctx.ForEachEntry(ref, "expected referral", kReferralKeys, [&](const std::string& k, const YamlRef&, const YamlRef& v) {
    if (k == "requires_human_confirmation") {
      out.requires_human_confirmation = ctx.Bool(v, k);
      return;
    }
    // `office: null`, `fallback_from: null`: the referral has none.
    if ((k == "office" || k == "fallback_from") && v.node.IsNull()) {
      (k == "office" ? out.office : out.fallback_from) = "";
      return;
    }
    auto s = ctx.String(v, k);
    if (!s) return;
    if (k == "service") out.service = *s;
    else if (k == "priority") out.priority = *s;
    else if (k == "timeframe") out.timeframe = *s;
    else if (k == "legal_basis") out.legal_basis = *s;
    else if (k == "office") out.office = *s;
    else out.fallback_from = *s;
  });
  if (ref.node.IsMap() && out.service.empty()) ctx.Missing(ref, "service", "expected referral");
  return out;
}

std::vector<internal::ExpectedReferral> ReadExpectedReferrals(LoadContext& ctx, const std::string& key,
                                                              const YamlRef& list) {
  std::vector<internal::ExpectedReferral> out;
  if (!list.node.IsSequence()) {
    ctx.diags.Error(list.loc, "yaml.type", {key, "list"});
    return out;
  }
  for (const auto& item : list.node) out.push_back(ReadExpectedReferral(ctx, ctx.Child(list, item)));
  return out;
}

void ReadExpect(LoadContext& ctx, const YamlRef& v, internal::TestSpec& t) {
  ctx.ForEachEntry(v, "expect", kExpectKeys, [&](const std::string& k, const YamlRef&, const YamlRef& ev) {
    if (k == "outcome" || k == "reason" || k == "error") {
      if (auto s = ctx.String(ev, k)) (k == "outcome" ? t.outcome : k == "reason" ? t.reason : t.error) = *s;
    } else if (k == "follow_up") {
      t.follow_up = ctx.Bool(ev, k);
    } else if (k == "referrals") {
      t.referrals = ReadExpectedReferrals(ctx, k, ev);
    } else if (k == "includes") {
      t.includes = ReadExpectedReferrals(ctx, k, ev);
    } else if (auto l = ctx.StringList(ev, k)) {
      if (k == "path") t.path = *l;
      else (k == "excludes" ? t.excludes : k == "warnings" ? t.warnings : k == "absent_warnings" ? t.absent_warnings
                                                                                                  : t.fired_rules) = *l;
    }
  });
}

bool ChecksSomething(const internal::TestSpec& t) {
  return t.outcome || t.reason || t.follow_up || t.error || t.referrals || t.path || !t.includes.empty() ||
         !t.excludes.empty() || !t.warnings.empty() || !t.absent_warnings.empty() || !t.fired_rules.empty();
}

// One entry of `tests`, read with its own sink so that its problems are its own.
internal::TestSpec ReadSpec(internal::Model& scratch, Lang lang, const std::string& file, const YamlRef& ref) {
  internal::DiagSink sink(lang);
  LoadContext ctx(scratch, sink);
  internal::TestSpec t;
  t.file = file;
  t.line = ref.loc.line;
  ctx.ForEachEntry(ref, "test", kTestKeys, [&](const std::string& k, const YamlRef&, const YamlRef& v) {
    if (k == "name") {
      if (auto s = ctx.String(v, k)) t.name = *s;
    } else if (k == "case") {
      t.has_case = true;
      try {
        t.case_json = internal::YamlNodeToJsonText(v.node);
      } catch (const std::exception& e) {
        sink.Error(v.loc, "yaml.syntax", {e.what()});
      }
    } else if (k == "now") {
      auto s = ctx.String(v, k);
      if (s && !IsRfc3339(*s)) sink.Error(v.loc, "test.bad_now", {*s});
      if (s) t.now = *s;
    } else {
      ReadExpect(ctx, v, t);
    }
  });
  if (t.name.empty()) t.name = file + ":" + std::to_string(t.line);
  if (ref.node.IsMap()) {
    if (!t.has_case) ctx.Missing(ref, "case", "test");
    if (!ChecksSomething(t) && !sink.has_errors()) sink.Error(ref.loc, "test.nothing_checked", {t.name});
  }
  t.problems = sink.Take();
  return t;
}

}  // namespace

namespace internal {

std::vector<TestSpec> ReadTestSpecs(const std::vector<fs::path>& files, Lang lang, std::vector<Diagnostic>* outside,
                                    std::vector<InheritedDifference>* inherited) {
  Model scratch;  // LoadContext needs one; tests add nothing to it
  DiagSink sink(lang);
  LoadContext ctx(scratch, sink);
  std::vector<TestSpec> tests;
  for (const fs::path& path : files) {
    const std::string file = path.string();
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      sink.Error(Location{file, 0, 0}, "file.unreadable", {file, "cannot open"});
      continue;
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    // Test names and expectations are printed and written as JSON, and the
    // cases are decided: text, as rule files are (load/encoding.h).
    if (!CheckFileText(buf.str(), file, sink)) continue;
    YAML::Node root;
    try {
      YamlDocument doc = LoadOneYamlDocument(buf.str());
      if (doc.second) sink.Error(Location{file, doc.second->line + 1, doc.second->column + 1}, "yaml.second_document");
      root = doc.node;
    } catch (const YAML::Exception& e) {
      sink.Error(Location{file, e.mark.line + 1, e.mark.column + 1}, "yaml.syntax", {e.msg});
      continue;
    }
    if (!CheckParsedText(root, file, sink, Controls::kAllowed)) continue;
    const size_t before = tests.size();
    bool declares = false;
    YamlRef top = ctx.Ref(root, file);
    ctx.ForEachEntry(top, "test file", {"tests", "inherited"}, [&](const std::string& key, const YamlRef&,
                                                                  const YamlRef& list) {
      if (!list.node.IsSequence()) {
        sink.Error(list.loc, "yaml.type", {key, "list"});
        return;
      }
      if (key == "inherited") declares = true;  // even an empty list: a file for them
      for (const auto& item : list.node) {
        if (key == "tests") {
          tests.push_back(ReadSpec(scratch, lang, file, ctx.Child(list, item)));
          continue;
        }
        // `inherited`: {test: NAME, differs: WHY}, a base test this overlay
        // answers otherwise on purpose.
        YamlRef ref = ctx.Child(list, item);
        InheritedDifference d;
        d.at.file = file;
        d.at.line = ref.loc.line;
        d.at.column = ref.loc.column;
        ctx.ForEachEntry(ref, "inherited test", {"test", "differs"},
                         [&](const std::string& k, const YamlRef&, const YamlRef& v) {
                           if (auto text = ctx.String(v, k)) (k == "test" ? d.test : d.why) = *text;
                         });
        if (ref.node.IsMap() && d.test.empty()) ctx.Missing(ref, "test", "inherited test");
        if (ref.node.IsMap() && d.why.empty()) ctx.Missing(ref, "differs", "inherited test");
        if (inherited != nullptr && !d.test.empty() && !d.why.empty()) inherited->push_back(std::move(d));
      }
    });
    if (tests.size() == before && !declares && !sink.has_errors()) sink.Error(top.loc, "test.no_tests", {file});
  }
  auto found = sink.Take();
  if (outside) outside->insert(outside->end(), found.begin(), found.end());
  return tests;
}

TestCase ToTestCase(const TestSpec& spec) {
  TestCase t;
  t.name = spec.name;
  t.file = spec.file;
  t.line = spec.line;
  t.case_json = spec.case_json;
  TestExpectation& e = t.expect;
  e.outcome = spec.outcome;
  e.reason = spec.reason;
  e.follow_up = spec.follow_up;
  e.error = spec.error;
  e.excludes = spec.excludes;
  e.warnings = spec.warnings;
  auto terms = [&](const ExpectedReferral& r) {
    if (r.legal_basis || r.requires_human_confirmation) {
      e.terms.push_back({r.service, r.legal_basis, r.requires_human_confirmation});
    }
  };
  if (spec.referrals) {
    e.referrals.emplace();
    for (const auto& r : *spec.referrals) {
      e.referrals->emplace_back(r.service, r.priority.value_or(""));
      terms(r);
    }
  }
  for (const auto& r : spec.includes) {
    e.includes.push_back(r.service);
    terms(r);
  }
  return t;
}

TestSpec FromTestCase(const TestCase& test) {
  TestSpec s;
  s.name = test.name;
  s.file = test.file;
  s.line = test.line;
  s.case_json = test.case_json;
  s.has_case = true;
  const TestExpectation& e = test.expect;
  s.outcome = e.outcome;
  s.reason = e.reason;
  s.follow_up = e.follow_up;
  s.error = e.error;
  s.excludes = e.excludes;
  s.warnings = e.warnings;
  auto with_terms = [&](ExpectedReferral r) {
    for (const auto& t : e.terms) {
      if (t.service != r.service) continue;
      if (t.legal_basis) r.legal_basis = t.legal_basis;
      if (t.requires_human_confirmation) r.requires_human_confirmation = t.requires_human_confirmation;
    }
    return r;
  };
  if (e.referrals) {
    s.referrals.emplace();
    for (const auto& [service, priority] : *e.referrals) {
      ExpectedReferral r;
      r.service = service;
      if (!priority.empty()) r.priority = priority;
      s.referrals->push_back(with_terms(std::move(r)));
    }
  }
  for (const auto& service : e.includes) {
    ExpectedReferral r;
    r.service = service;
    s.includes.push_back(with_terms(std::move(r)));
  }
  return s;
}

}  // namespace internal

std::vector<TestCase> LoadTests(const std::vector<fs::path>& files, std::vector<Diagnostic>* diags) {
  std::vector<Diagnostic> found;
  std::vector<TestCase> tests;
  for (const auto& spec : internal::ReadTestSpecs(files, LoadOptions{}.lang, &found)) {
    found.insert(found.end(), spec.problems.begin(), spec.problems.end());
    if (spec.has_case) tests.push_back(internal::ToTestCase(spec));
  }
  std::stable_sort(found.begin(), found.end(), internal::DiagnosticBefore);
  if (diags) diags->insert(diags->end(), found.begin(), found.end());
  return tests;
}

}  // namespace referral
