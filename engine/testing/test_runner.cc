// RunTest: decide a test's case and compare with what it expects.
#include <algorithm>

#include "diag/diag_sink.h"
#include "referral/engine.h"
#include "referral/testing.h"

namespace referral {

TestResult RunTest(const Ruleset& rules, const TestCase& test) { return RunTest(rules, test, Lang::kEn); }

TestResult RunTest(const Ruleset& rules, const TestCase& test, Lang lang) {
  const auto say = [lang](std::string_view code, const std::vector<std::string>& args) {
    return internal::RenderMessage(code, lang, args);
  };
  const std::string none = say("test.none", {});
  TestResult result;
  auto decision = Decide(rules, test.case_json);
  auto& f = result.failures;
  const TestExpectation& e = test.expect;
  if (!decision.ok()) {
    result.error = decision.status();
    if (!e.error) {
      f.push_back(say("test.rejected", {decision.status().code(), decision.status().message()}));
    } else if (*e.error != decision.status().code()) {
      f.push_back(say("test.error_differs", {*e.error, decision.status().code()}));
    }
    result.passed = f.empty();
    return result;
  }
  const Decision& d = *decision;
  if (e.error) f.push_back(say("test.not_rejected", {*e.error}));
  if (e.outcome && *e.outcome != OutcomeName(d.outcome)) {
    f.push_back(say("test.outcome", {*e.outcome, OutcomeName(d.outcome)}));
  }
  if (e.reason && *e.reason != d.reason) {
    f.push_back(say("test.reason", {*e.reason, d.reason.empty() ? none : d.reason}));
  }
  if (e.follow_up && *e.follow_up != d.follow_up) {
    f.push_back(say("test.follow_up", {*e.follow_up ? "true" : "false"}));
  }
  auto find = [&](const std::string& service) -> const Referral* {
    for (const auto& r : d.referrals) {
      if (r.service == service) return &r;
    }
    return nullptr;
  };
  auto got_list = [&] {
    std::string s;
    for (const auto& r : d.referrals) s += (s.empty() ? "" : ", ") + r.service + "/" + r.priority;
    return s.empty() ? none : s;
  };
  if (e.referrals) {
    bool same = e.referrals->size() == d.referrals.size();
    for (const auto& [service, priority] : *e.referrals) {
      const Referral* r = find(service);
      if (!r || (!priority.empty() && r->priority != priority)) same = false;
    }
    if (!same) {
      std::string want;
      for (const auto& [service, priority] : *e.referrals) {
        want += (want.empty() ? "" : ", ") + service + (priority.empty() ? "" : "/" + priority);
      }
      f.push_back(say("test.referrals", {want.empty() ? none : want, got_list()}));
    }
  }
  for (const auto& s : e.includes) {
    if (!find(s)) f.push_back(say("test.includes", {s, got_list()}));
  }
  // The terms asked of a referral (legal basis, human confirmation), where
  // it is made; a missing referral is reported above.
  for (const auto& t : e.terms) {
    const Referral* r = find(t.service);
    if (!r) continue;
    if (t.legal_basis && *t.legal_basis != r->legal_basis) {
      f.push_back(say("test.term", {t.service, "legal_basis", *t.legal_basis, r->legal_basis}));
    }
    if (t.requires_human_confirmation && *t.requires_human_confirmation != r->requires_human_confirmation) {
      f.push_back(say("test.confirmation", {t.service, *t.requires_human_confirmation ? "true" : "false"}));
    }
  }
  for (const auto& s : e.excludes) {
    if (find(s)) f.push_back(say("test.excludes", {s}));
  }
  for (const auto& code : e.warnings) {
    bool found = std::any_of(d.warnings.begin(), d.warnings.end(), [&](const Warning& w) { return w.code == code; });
    if (!found) f.push_back(say("test.warning", {code}));
  }
  result.decision = std::move(*decision);
  result.passed = f.empty();
  return result;
}

}  // namespace referral
