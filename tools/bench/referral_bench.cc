// Google Benchmark suite: decisions per second of the engine on rules/bogota
// and on the benchmark scenario (base and scaled), per trace level, beside
// the hand-written floor. Before any timing, the engine's referrals must equal
// the floor's on every in-domain scenario case (92,160, base and scaled), and
// every trace level must give the same referrals; otherwise it exits 1.
//
// Usage: referral_bench SOURCE_DIR [--verify-only | --no-verify] [--cases FILE.jsonl] [benchmark flags]
//   --no-verify: skip the check against the floor (tools/bench/run.sh --smoke,
//   in the test suite, where that check is a test of its own)
//   --cases: time the scenario on these cases (JSON Lines, SCENARIO §2) instead
//            of all in-domain cases, so peers and we decide the same cases.
#include <benchmark/benchmark.h>

#include <cstring>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "case/case_values.h"
#include "eval/evaluator.h"
#include "floor/scenario_floor.h"
#include "referral/engine.h"
#include "referral/result.h"
#include "referral/ruleset.h"
#include "referral/testing.h"

namespace {

using referral::Ruleset;
using referral::TraceLevel;
using referral::bench::FloorDecision;
using referral::bench::ScenarioCase;

struct Corpus {
  const Ruleset* rules = nullptr;
  std::vector<std::string> texts;                     // the cases as JSON
  std::vector<referral::internal::CaseValues> cases;  // the same, validated
};

std::string source_dir;
std::optional<Ruleset> bogota, base, scaled;
Corpus bogota_corpus, base_corpus, scaled_corpus;
std::vector<ScenarioCase> scenario_cases;

Ruleset Load(const std::string& relative) {
  std::vector<referral::Diagnostic> diags;
  auto r = referral::LoadRuleset(source_dir + "/" + relative, &diags);
  if (!r.ok()) {
    for (const auto& d : diags) std::cerr << referral::FormatDiagnostic(d) << "\n";
    std::exit(1);
  }
  return std::move(r).value();
}

Corpus MakeCorpus(const Ruleset& rules, std::vector<std::string> texts) {
  Corpus c;
  c.rules = &rules;
  for (auto& t : texts) {
    auto v = referral::internal::ReadCase(referral::internal::ModelOf(rules), t, referral::CaseFormat::kJson);
    if (!v.ok()) continue;  // cases a rule test expects to be rejected
    c.cases.push_back(std::move(v).value());
    c.texts.push_back(std::move(t));
  }
  return c;
}

std::vector<std::pair<std::string, std::string>> ReferralsOf(const referral::Decision& d) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : d.referrals) out.emplace_back(r.service, r.priority);
  return out;
}

std::vector<std::pair<std::string, std::string>> ReferralsOf(const FloorDecision& d) {
  std::vector<std::pair<std::string, std::string>> out;
  for (int i = 0; i < d.count; ++i) {
    out.emplace_back(referral::bench::ServiceNames()[d.referrals[i].service], d.referrals[i].urgent ? "urgent" : "standard");
  }
  return out;
}

// Engine == floor on every in-domain case; every trace level agrees.
bool Verify() {
  bool ok = true;
  const auto all = referral::bench::AllCases();
  for (const auto& [rules, is_scaled] : {std::pair{&*base, false}, std::pair{&*scaled, true}}) {
    long mismatches = 0;
    for (size_t i = 0; i < all.size(); ++i) {
      const std::string text = referral::bench::ToJson(all[i], "c" + std::to_string(i));
      FloorDecision floor;
      referral::bench::DecideFloor(all[i], is_scaled, &floor);
      for (TraceLevel level : {TraceLevel::kOff, TraceLevel::kRules, TraceLevel::kFull}) {
        auto d = referral::Decide(*rules, text, {level, referral::CaseFormat::kJson});
        if (d.ok() && ReferralsOf(*d) == ReferralsOf(floor)) continue;
        if (++mismatches <= 3) std::cerr << "MISMATCH (" << rules->id() << "): " << text << "\n";
      }
    }
    std::cerr << "verify: " << rules->id() << ": " << all.size() << " in-domain cases x 3 trace levels, "
              << mismatches << " mismatch(es) with the hand-written floor\n";
    ok = ok && mismatches == 0;
  }
  long differ = 0;
  for (const auto& text : bogota_corpus.texts) {
    auto off = referral::Decide(*bogota, text, {TraceLevel::kOff, referral::CaseFormat::kJson});
    auto rules = referral::Decide(*bogota, text, {TraceLevel::kRules, referral::CaseFormat::kJson});
    auto full = referral::Decide(*bogota, text, {TraceLevel::kFull, referral::CaseFormat::kJson});
    if (!off.ok() || !rules.ok() || !full.ok() || ReferralsOf(*off) != ReferralsOf(*full) ||
        ReferralsOf(*rules) != ReferralsOf(*full) || off->outcome != full->outcome) {
      ++differ;
    }
  }
  std::cerr << "verify: bogota: " << bogota_corpus.texts.size() << " sample cases, " << differ
            << " whose referrals differ between trace levels\n";
  return ok && differ == 0;
}

// A validated case to the evaluator's result (reused, as a host would).
void Evaluate(benchmark::State& state, const Corpus* corpus, TraceLevel level) {
  size_t i = 0;
  referral::internal::Result result;
  for (auto _ : state) {
    auto s = referral::internal::Evaluate(referral::internal::ModelOf(*corpus->rules), corpus->cases[i], level, &result);
    benchmark::DoNotOptimize(s);
    benchmark::DoNotOptimize(result);
    if (++i == corpus->cases.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}

// JSON text in, the decision's JSON text out (DecideInto and AppendJson into
// a reused result and string, as `route --jsonl` and the sidecar do).
void DecideJson(benchmark::State& state, const Corpus* corpus, TraceLevel level) {
  size_t i = 0;
  referral::DecisionResult result;
  std::string json;
  referral::DecisionJsonOptions options;
  options.include_trace = level != TraceLevel::kOff;
  for (auto _ : state) {
    json.clear();
    auto s = referral::DecideInto(*corpus->rules, corpus->texts[i], {level, referral::CaseFormat::kJson}, &result);
    if (s.ok()) result.AppendJson(&json, options);
    benchmark::DoNotOptimize(json.data());
    if (++i == corpus->texts.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}

// JSON text in, the public Decision struct out (Decide).
void DecideStruct(benchmark::State& state, const Corpus* corpus, TraceLevel level) {
  size_t i = 0;
  for (auto _ : state) {
    auto d = referral::Decide(*corpus->rules, corpus->texts[i], {level, referral::CaseFormat::kJson});
    benchmark::DoNotOptimize(d);
    if (++i == corpus->texts.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}

void Floor(benchmark::State& state, bool is_scaled) {
  size_t i = 0;
  FloorDecision d;
  for (auto _ : state) {
    referral::bench::DecideFloor(scenario_cases[i], is_scaled, &d);
    benchmark::DoNotOptimize(d);
    if (++i == scenario_cases.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}

std::vector<ScenarioCase> ReadScenarioCases(const std::string& path) {
  std::vector<ScenarioCase> out;
  std::ifstream in(path);
  std::string line;
  auto index = [](const auto& table, const std::string& v) {
    for (size_t i = 0; i < table.size(); ++i) {
      if (v == table[i]) return static_cast<uint8_t>(i);
    }
    throw std::runtime_error("unknown value `" + v + "`");
  };
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line);
    out.push_back({static_cast<uint8_t>(j["age"].get<int>()),
                   index(referral::bench::kMigrantStatuses, j["migrant_status"].get<std::string>()),
                   index(referral::bench::kRiskContexts, j["risk_context"].get<std::string>()),
                   index(referral::bench::kLocalities, j["locality"].get<std::string>()),
                   j["school_enrolled"].get<bool>(), j["has_disability"].get<bool>(),
                   index(referral::bench::kChannels, j["channel"].get<std::string>())});
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: referral_bench SOURCE_DIR [--verify-only | --no-verify] [--cases FILE] [benchmark flags]\n";
    return 2;
  }
  source_dir = argv[1];
  bool verify_only = false, verify = true;
  std::string cases_file;
  std::vector<char*> rest = {argv[0]};
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--verify-only") == 0) verify_only = true;
    else if (std::strcmp(argv[i], "--no-verify") == 0) verify = false;
    else if (std::strcmp(argv[i], "--cases") == 0 && i + 1 < argc) cases_file = argv[++i];
    else rest.push_back(argv[i]);
  }
  bogota = Load("rules/bogota");
  base = Load("tools/bench/scenario/base");
  scaled = Load("tools/bench/scenario/scaled");
  std::vector<std::string> bogota_texts;
  std::vector<referral::Diagnostic> diags;
  for (const auto& t : referral::LoadTests(referral::FindTestFiles(source_dir + "/rules/bogota"), &diags)) {
    bogota_texts.push_back(t.case_json);
  }
  bogota_corpus = MakeCorpus(*bogota, bogota_texts);
  if (verify && !Verify()) return 1;
  if (verify_only) return 0;

  scenario_cases = cases_file.empty() ? referral::bench::AllCases() : ReadScenarioCases(cases_file);
  std::vector<std::string> texts;
  for (size_t i = 0; i < scenario_cases.size(); ++i) texts.push_back(referral::bench::ToJson(scenario_cases[i], "c" + std::to_string(i)));
  base_corpus = MakeCorpus(*base, texts);
  scaled_corpus = MakeCorpus(*scaled, texts);

  const std::pair<const char*, TraceLevel> levels[] = {
      {"off", TraceLevel::kOff}, {"rules", TraceLevel::kRules}, {"full", TraceLevel::kFull}};
  for (const auto& [name, level] : levels) {
    benchmark::RegisterBenchmark((std::string("bogota/evaluate/trace:") + name).c_str(), Evaluate, &bogota_corpus, level);
  }
  for (const auto& [name, level] : levels) {
    benchmark::RegisterBenchmark((std::string("bogota/decide_json/trace:") + name).c_str(), DecideJson, &bogota_corpus,
                                 level);
  }
  benchmark::RegisterBenchmark("bogota/decide_struct/trace:off", DecideStruct, &bogota_corpus, TraceLevel::kOff);
  for (const auto& [variant, corpus] : {std::pair{"base", &base_corpus}, std::pair{"scaled", &scaled_corpus}}) {
    const bool is_scaled = std::string(variant) == "scaled";
    benchmark::RegisterBenchmark((std::string("scenario_") + variant + "/floor").c_str(), Floor, is_scaled);
    for (const auto& [name, level] : levels) {
      benchmark::RegisterBenchmark((std::string("scenario_") + variant + "/evaluate/trace:" + name).c_str(), Evaluate,
                                   corpus, level);
    }
    benchmark::RegisterBenchmark((std::string("scenario_") + variant + "/decide_json/trace:off").c_str(), DecideJson,
                                 corpus, TraceLevel::kOff);
  }
  int bargc = static_cast<int>(rest.size());
  benchmark::Initialize(&bargc, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
