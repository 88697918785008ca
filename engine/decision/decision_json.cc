// The decision as JSON. Keys are written in a fixed order (ordered_json) and
// nothing depends on time, locale or memory addresses, so the same rule set
// and case always give the same bytes.
#include <nlohmann/json.hpp>

#include "referral/decision.h"
#include "util/json_text.h"

namespace referral {

using ojson = nlohmann::ordered_json;

const char* OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kReferred: return "referred";
    case Outcome::kNoReferral: return "no_referral";
    case Outcome::kOutOfScope: return "out_of_scope";
  }
  return "";
}

namespace {
ojson TraceJson(const RuleTrace& t) {
  ojson j;
  if (!t.node.empty()) j["node"] = t.node;
  j[t.node.empty() ? "check" : "rule"] = t.rule;
  j["fired"] = t.fired;
  if (!t.checks.empty()) {
    ojson checks = ojson::array();
    for (const auto& c : t.checks) {
      ojson cj;
      cj["fact"] = c.fact;
      if (!c.predicate.empty()) cj["predicate"] = c.predicate;
      if (c.sensitive) {
        cj["sensitive"] = true;
      } else {
        cj["test"] = c.test;
        cj["actual"] = c.absent ? ojson(nullptr) : ojson(c.actual);
      }
      cj["result"] = c.result;
      if (!c.wanted) cj["negated"] = true;
      checks.push_back(std::move(cj));
    }
    j["checks"] = std::move(checks);
  }
  return j;
}
}  // namespace

std::string DecisionToJson(const Decision& d, bool include_trace) {
  ojson j;
  j["case_id"] = d.case_id;
  j["outcome"] = OutcomeName(d.outcome);
  j["reason"] = d.reason.empty() ? ojson(nullptr) : ojson(d.reason);
  j["follow_up"] = d.follow_up;
  if (!d.outcome_because_es.empty() || !d.outcome_because_en.empty()) {
    j["because"] = {{"es", d.outcome_because_es}, {"en", d.outcome_because_en}};
  }
  ojson refs = ojson::array();
  for (const auto& r : d.referrals) {
    ojson rj;
    rj["service"] = r.service;
    rj["priority"] = r.priority;
    rj["priority_rank"] = r.priority_rank;
    rj["timeframe"] = r.timeframe.empty() ? ojson(nullptr) : ojson(r.timeframe);
    rj["legal_basis"] = r.legal_basis;
    if (!r.citation.empty()) rj["citation"] = r.citation;
    rj["requires_human_confirmation"] = r.requires_human_confirmation;
    rj["rules"] = r.rules;
    if (!r.because.empty()) rj["because"] = r.because;
    if (!r.office.id.empty()) {
      rj["office"] = {{"id", r.office.id}, {"name", r.office.name}, {"address", r.office.address}};
    }
    if (!r.fallback_from.empty()) rj["fallback_from"] = r.fallback_from;
    // The engine recommends; a person confirms (POLICY §8: `draft` until then).
    rj["status"] = "draft";
    refs.push_back(std::move(rj));
  }
  j["referrals"] = std::move(refs);
  ojson warnings = ojson::array();
  for (const auto& w : d.warnings) {
    ojson wj;
    wj["code"] = w.code;
    if (!w.detail.empty()) wj["detail"] = w.detail;
    warnings.push_back(std::move(wj));
  }
  j["warnings"] = std::move(warnings);
  ojson derived = ojson::object();
  for (const auto& [name, value] : d.facts) derived[name] = value;
  j["derived"] = std::move(derived);
  j["path"] = d.path;
  j["fired_rules"] = d.fired_rules;
  j["ruleset"] = {{"id", d.ruleset_id}, {"version", d.ruleset_version}, {"digest", d.ruleset_digest}};
  j["engine_version"] = d.engine_version;
  if (!d.decision_id.empty()) {
    j["decision_id"] = d.decision_id;
    j["decided_at"] = d.decided_at;
  }
  if (include_trace) {
    ojson trace = ojson::array();
    for (const auto& t : d.trace) trace.push_back(TraceJson(t));
    j["trace"] = std::move(trace);
    if (!d.eligibility.empty()) {
      ojson elig = ojson::array();
      for (const auto& t : d.eligibility) elig.push_back(TraceJson(t));
      j["eligibility"] = std::move(elig);
    }
  }
  return internal::JsonText(j);
}

}  // namespace referral
