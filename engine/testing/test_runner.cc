// Running rule tests: decide a test's case and compare with what it expects.
#include <algorithm>

#include "diag/diag_sink.h"
#include "referral/engine.h"
#include "referral/testing.h"
#include "load/compose.h"
#include "testing/test_spec.h"

namespace referral {

namespace internal {

namespace {

// The failures of `d` against the expectations of `e`.
class Checker {
 public:
  Checker(const TestSpec& e, const Decision& d, Lang lang, std::vector<std::string>& f)
      : e_(e), d_(d), lang_(lang), f_(f), none_(Say("test.none", {})) {}

  void Run() {
    if (e_.error) f_.push_back(Say("test.not_rejected", {*e_.error}));
    if (e_.outcome && *e_.outcome != OutcomeName(d_.outcome)) {
      f_.push_back(Say("test.outcome", {*e_.outcome, OutcomeName(d_.outcome)}));
    }
    if (e_.reason && *e_.reason != d_.reason) {
      f_.push_back(Say("test.reason", {*e_.reason, d_.reason.empty() ? none_ : d_.reason}));
    }
    if (e_.follow_up && *e_.follow_up != d_.follow_up) {
      f_.push_back(Say("test.follow_up", {*e_.follow_up ? "true" : "false"}));
    }
    if (e_.referrals) Exactly(*e_.referrals);
    for (const auto& r : e_.includes) {
      if (Find(r.service) == nullptr) {
        f_.push_back(Say("test.includes", {r.service, Got()}));
      } else {
        Terms(r, true);
      }
    }
    for (const auto& s : e_.excludes) {
      if (Find(s)) f_.push_back(Say("test.excludes", {s}));
    }
    for (const auto& code : e_.warnings) {
      if (!Warned(code)) f_.push_back(Say("test.warning", {code}));
    }
    for (const auto& code : e_.absent_warnings) {
      if (Warned(code)) f_.push_back(Say("test.warning_absent", {code}));
    }
    for (const auto& rule : e_.fired_rules) {
      if (std::find(d_.fired_rules.begin(), d_.fired_rules.end(), rule) == d_.fired_rules.end()) {
        f_.push_back(Say("test.fired", {rule, Joined(d_.fired_rules)}));
      }
    }
    if (e_.path && *e_.path != d_.path) f_.push_back(Say("test.path", {Joined(*e_.path), Joined(d_.path)}));
  }

 private:
  std::string Say(std::string_view code, const std::vector<std::string>& args) const {
    return RenderMessage(code, lang_, args);
  }
  const Referral* Find(const std::string& service) const {
    for (const auto& r : d_.referrals) {
      if (r.service == service) return &r;
    }
    return nullptr;
  }
  bool Warned(const std::string& code) const {
    return std::any_of(d_.warnings.begin(), d_.warnings.end(), [&](const Warning& w) { return w.code == code; });
  }
  std::string Joined(const std::vector<std::string>& items) const {
    std::string s;
    for (const auto& i : items) s += (s.empty() ? "" : ", ") + i;
    return s.empty() ? none_ : s;
  }
  std::string Got() const {
    std::string s;
    for (const auto& r : d_.referrals) s += (s.empty() ? "" : ", ") + r.service + "/" + r.priority;
    return s.empty() ? none_ : s;
  }
  // Exactly these services (with their priorities, where given), then each
  // entry's other terms.
  void Exactly(const std::vector<ExpectedReferral>& want) {
    bool same = want.size() == d_.referrals.size();
    for (const auto& w : want) {
      const Referral* r = Find(w.service);
      if (!r || (w.priority && r->priority != *w.priority)) same = false;
    }
    if (!same) {
      std::string list;
      for (const auto& w : want) list += (list.empty() ? "" : ", ") + w.service + (w.priority ? "/" + *w.priority : "");
      f_.push_back(Say("test.referrals", {list.empty() ? none_ : list, Got()}));
    }
    for (const auto& w : want) Terms(w, false);
  }
  // The terms asked of a referral that was made (a missing one is reported
  // by the caller); `priority`: its priority too (`referrals` compares it in
  // the list).
  void Terms(const ExpectedReferral& w, bool priority) {
    const Referral* r = Find(w.service);
    if (r == nullptr) return;
    auto term = [&](const char* key, const std::optional<std::string>& want, const std::string& got) {
      if (want && *want != got) f_.push_back(Say("test.term", {w.service, key, Or(*want), Or(got)}));
    };
    if (priority) term("priority", w.priority, r->priority);
    term("timeframe", w.timeframe, r->timeframe);
    term("legal_basis", w.legal_basis, r->legal_basis);
    term("office", w.office, r->office.id);
    term("fallback_from", w.fallback_from, r->fallback_from);
    if (w.requires_human_confirmation && *w.requires_human_confirmation != r->requires_human_confirmation) {
      f_.push_back(Say("test.confirmation", {w.service, *w.requires_human_confirmation ? "true" : "false"}));
    }
  }
  std::string Or(const std::string& value) const { return value.empty() ? none_ : value; }

  const TestSpec& e_;
  const Decision& d_;
  Lang lang_;
  std::vector<std::string>& f_;
  std::string none_;
};

}  // namespace

TestRun RunSpec(const Ruleset& rules, const TestSpec& spec, Lang lang) {
  TestRun run;
  run.name = spec.name;
  run.file = spec.file;
  run.line = spec.line;
  auto& f = run.failures;
  if (!spec.problems.empty() || !spec.has_case) {
    // Not decided: what it would check is not known for sure.
    for (const auto& p : spec.problems) f.push_back(RenderMessage("test.malformed", lang, {FormatDiagnostic(p)}));
    return run;
  }
  DecideOptions options;
  if (!spec.now.empty()) options.now = spec.now;
  auto decision = Decide(rules, spec.case_json, options);
  if (!decision.ok()) {
    run.error = decision.status();
    if (!spec.error) {
      f.push_back(RenderMessage("test.rejected", lang, {decision.status().code(), decision.status().message()}));
    } else if (*spec.error != decision.status().code()) {
      f.push_back(RenderMessage("test.error_differs", lang, {*spec.error, decision.status().code()}));
    }
    run.passed = f.empty();
    return run;
  }
  Checker(spec, *decision, lang, f).Run();
  run.decision = std::move(*decision);
  run.passed = f.empty();
  return run;
}

}  // namespace internal

std::vector<TestRun> RunTestFiles(const Ruleset& rules, const std::vector<std::filesystem::path>& files, Lang lang) {
  std::vector<Diagnostic> outside;
  std::vector<TestRun> runs;
  for (const auto& spec : internal::ReadTestSpecs(files, lang, &outside)) {
    runs.push_back(internal::RunSpec(rules, spec, lang));
  }
  // A file that could not be read, or a problem outside any test: a failed
  // run named after its file, so that it is counted.
  for (const auto& d : outside) {
    TestRun run;
    run.name = d.file;
    run.file = d.file;
    run.line = d.line;
    run.failures.push_back(internal::RenderMessage("test.malformed", lang, {FormatDiagnostic(d)}));
    runs.push_back(std::move(run));
  }
  return runs;
}

std::vector<TestRun> RunInheritedTests(const Ruleset& overlay, const std::filesystem::path& overlay_path,
                                       Lang lang) {
  const internal::DeclaredHeader header = internal::ReadDeclaredHeader(overlay_path);
  if (!header.base) return {};
  // The overlay's declarations; the problems of its own test files are its
  // own tests' (RunTestFiles on them reports them).
  std::vector<internal::InheritedDifference> declared;
  std::vector<Diagnostic> ignored;
  internal::ReadTestSpecs(FindTestFiles(overlay_path), lang, &ignored, &declared);
  const std::string base = header.base->string();
  std::vector<TestRun> runs = RunTestFiles(overlay, FindTestFiles(*header.base), lang);
  std::vector<bool> used(declared.size(), false);
  for (TestRun& run : runs) {
    run.inherited_from = base;
    for (size_t i = 0; i < declared.size(); ++i) {
      if (declared[i].test != run.name) continue;
      used[i] = true;
      run.declared_difference = declared[i].why;
      const std::string where = declared[i].at.file + ":" + std::to_string(declared[i].at.line);
      if (run.passed) {
        run.passed = false;
        run.failures.push_back(internal::RenderMessage("test.declared_but_same", lang, {declared[i].why, where}));
      } else {
        run.passed = true;  // its failures say how it differs
      }
    }
  }
  for (size_t i = 0; i < declared.size(); ++i) {
    if (used[i]) continue;
    TestRun run;
    run.name = declared[i].test;
    run.file = declared[i].at.file;
    run.line = declared[i].at.line;
    run.inherited_from = base;
    run.failures.push_back(internal::RenderMessage("test.declared_unknown", lang, {declared[i].test, base}));
    runs.push_back(std::move(run));
  }
  return runs;
}

TestResult RunTest(const Ruleset& rules, const TestCase& test) { return RunTest(rules, test, Lang::kEn); }

TestResult RunTest(const Ruleset& rules, const TestCase& test, Lang lang) {
  TestRun run = internal::RunSpec(rules, internal::FromTestCase(test), lang);
  TestResult result;
  result.passed = run.passed;
  result.failures = std::move(run.failures);
  result.decision = std::move(run.decision);
  result.error = std::move(run.error);
  return result;
}

}  // namespace referral
