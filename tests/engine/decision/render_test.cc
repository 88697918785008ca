// The evaluator's Result rendered (decision/render.h, referral/result.h)
// against the bytes the engine wrote before the Result existed: a reference
// serializer below builds the decision's JSON through an nlohmann tree from
// the public Decision, as engine/decision/decision_json.cc did. On thousands
// of varied Bogotá and Maicao cases (with and without places, every trace
// level), DecideInto + AppendJson, DecisionToJson(Decide) and the reference
// must give the same bytes.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "referral/engine.h"
#include "referral/explain.h"
#include "referral/result.h"
#include "support/cases.h"
#include "support/paths.h"
#include "support/rulesets.h"
#include "util/json_text.h"

namespace referral {
namespace {

using ojson = nlohmann::ordered_json;

ojson ReferenceTrace(const RuleTrace& t) {
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

std::string ReferenceJson(const Decision& d, bool include_trace) {
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
    for (const auto& t : d.trace) trace.push_back(ReferenceTrace(t));
    j["trace"] = std::move(trace);
    if (!d.eligibility.empty()) {
      ojson elig = ojson::array();
      for (const auto& t : d.eligibility) elig.push_back(ReferenceTrace(t));
      j["eligibility"] = std::move(elig);
    }
  }
  return internal::JsonText(j);
}

// The synthetic cases, a third of them saying that services with a
// fallback chain (and random others) have no places, so the capacity
// fallback moves, keeps and merges referrals.
std::vector<std::string> VariedCases(const Ruleset& rules, int n, unsigned seed) {
  std::vector<std::string> cases = testing::SyntheticCases(n, seed, "r-");
  const auto services = rules.services();
  const std::vector<std::string> chained = {"SDIS_JARDIN_DIURNO", "SDIS_CENTRO_ABRAZAR", "SDIS_CENTRO_AMAR"};
  std::mt19937 rng(seed);
  for (size_t i = 0; i < cases.size(); i += 3) {
    std::string& c = cases[i];
    if (c.find("\"capacity\"") != std::string::npos || c.empty() || c.back() != '}') continue;
    c.pop_back();
    c += ",\"capacity\":{\"" + chained[rng() % chained.size()] + "\":0,\"" +
         services[rng() % services.size()].id + "\":" + std::to_string(rng() % 2) + "}}";
  }
  return cases;
}

TEST_CASE("a decision's JSON from the reused result equals DecisionToJson and the nlohmann tree's bytes",
          "[decision][json]") {
  // SyntheticCases are Bogotá's (tools/bench/gen_schema_cases.py makes any
  // rule set's, for the before/after comparisons of a change).
  for (const char* path : {"rules/bogota"}) {
    const Ruleset& rules = testing::LoadedRules(path);
    DecisionResult result;
    std::string json;
    int decided = 0, fallbacks = 0;
    for (const std::string& text : VariedCases(rules, 2000, 7)) {
      for (TraceLevel level : {TraceLevel::kOff, TraceLevel::kRules, TraceLevel::kFull}) {
        DecideOptions options;
        options.trace = level;
        auto d = Decide(rules, text, options);
        Status s = DecideInto(rules, text, options, &result);
        REQUIRE(s.ok() == d.ok());
        if (!d.ok()) {
          CHECK(s.code() == d.status().code());
          CHECK_FALSE(result.has_decision());
          continue;
        }
        ++decided;
        const bool trace = level != TraceLevel::kOff;
        json.clear();
        DecisionJsonOptions json_options;
        json_options.include_trace = trace;
        result.AppendJson(&json, json_options);
        const std::string reference = ReferenceJson(*d, trace);
        INFO(path << ": " << text);
        REQUIRE(json == reference);
        REQUIRE(DecisionToJson(*d, trace) == reference);
        REQUIRE(DecisionToJson(result.ToDecision(), trace) == reference);
        for (const auto& r : d->referrals) fallbacks += !r.fallback_from.empty();
      }
    }
    INFO(path);
    CHECK(decided > 3000);
    CHECK(fallbacks > 0);  // the capacity fallback was exercised
  }
}

TEST_CASE("a recorded decision's id and an explanation are keys of the same serializer", "[decision][json]") {
  const Ruleset& rules = testing::BogotaRules();
  auto d = Decide(rules, testing::SyntheticCases(1, 3, "x-")[0], {});
  REQUIRE(d.ok());
  d->decision_id = "dec-1";
  d->decided_at = "2026-12-03T10:00:00Z";
  DecisionJsonOptions options;
  options.include_trace = false;
  options.explanation = "Resultado: remitido\n";
  ojson expected = ojson::parse(ReferenceJson(*d, false));
  expected["explanation"] = "Resultado: remitido\n";
  CHECK(DecisionToJson(*d, options) == internal::JsonText(expected));
}

TEST_CASE("a DecisionResult is reused across cases, keeps its rule set alive, and holds nothing after an error",
          "[decision][result]") {
  DecisionResult result;
  CHECK_FALSE(result.has_decision());
  CHECK(result.referral_count() == 0);
  const std::vector<std::string> cases = testing::SyntheticCases(50, 11, "k-");
  {
    // A rule set that goes out of scope while the result still refers to it.
    auto loaded = LoadRuleset(std::string(REFERRAL_SOURCE_DIR) + "/rules/bogota", nullptr);
    REQUIRE(loaded.ok());
    Status s = DecideInto(*loaded, cases[0], {}, &result);
    REQUIRE(s.ok());
  }
  REQUIRE(result.has_decision());
  const Decision first = result.ToDecision();
  REQUIRE(result.referral_count() == first.referrals.size());
  for (size_t i = 0; i < first.referrals.size(); ++i) {
    CHECK(result.referral_service(i) == first.referrals[i].service);
    CHECK(result.ruleset().services()[result.referral_service_index(i)].id == first.referrals[i].service);
    CHECK(result.referral_priority_rank(i) == first.referrals[i].priority_rank);
    CHECK(result.referral_requires_human_confirmation(i) == first.referrals[i].requires_human_confirmation);
  }
  CHECK(result.case_id() == "k-0");
  CHECK(result.outcome() == first.outcome);

  const Ruleset& rules = testing::BogotaRules();
  for (const std::string& text : cases) {
    REQUIRE(DecideInto(rules, text, {}, &result).ok() == Decide(rules, text, {}).ok());
  }
  Status bad = DecideInto(rules, R"({"case_id": "x", "edad": 3})", {}, &result);
  CHECK(bad.code().rfind("case.", 0) == 0);
  CHECK_FALSE(result.has_decision());
  CHECK(result.referral_count() == 0);
  std::string json = "kept";
  result.AppendJson(&json);
  CHECK(json == "kept");
}

}  // namespace
}  // namespace referral

namespace referral {
namespace {

TEST_CASE("because-texts quote a case's values by their display labels, in each language", "[decision][lang]") {
  // Bogotá's CDS rule quotes {migratory_document} and {nationality}: a case
  // worker reads "no aplica", never the code `no_aplica`.
  const Ruleset& rules = testing::BogotaRules();
  auto d = Decide(rules, testing::ReadText(testing::SourcePath("rules/bogota/samples/nina-venezolana-3-anos.json")));
  REQUIRE(d.ok());
  const Referral* cds = nullptr;
  for (const auto& r : d->referrals) {
    if (r.service == "SDIS_CDS_MIGRANTES") cds = &r;
  }
  REQUIRE(cds != nullptr);
  CHECK_THAT(cds->because, Catch::Contains("(documento: no aplica)"));
  CHECK_THAT(cds->because, !Catch::Contains("no_aplica"));
  CHECK_THAT(Explain(rules, *d, Lang::kEn), Catch::Contains("(document: not applicable)") && Catch::Contains("(Venezuelan)"));
}

}  // namespace
}  // namespace referral
