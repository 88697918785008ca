// Same rule set + same case = same decision, byte for byte, whatever the
// number of threads deciding at once. Run under ThreadSanitizer by
// `scripts/test.sh --tsan` (the [concurrency] tag).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "referral/live_ruleset.h"
#include "support/paths.h"

using referral::testing::ReadText;
using referral::testing::SourcePath;

namespace {

// Varied Bogotá cases: the sample with other nationalities, categories, ages,
// caregivers and consents.
std::vector<std::string> VariedCases() {
  const auto sample = nlohmann::json::parse(ReadText(SourcePath("rules/bogota/samples/nina-venezolana-3-anos.json")));
  const char* nationality[] = {"colombiana", "venezolana", "otra", "doble", "desconocida"};
  const char* category[] = {"mendicidad_propia", "acompanamiento_labores", "padres_privados_libertad", "activacion_ruta"};
  const char* caregiver[] = {"madre", "padre", "ambos", "familiar", "adulto_no_familiar", "ninguno"};
  const char* consent[] = {"acepta", "acepta_parcial", "rechaza", "no_obtenido"};
  std::vector<std::string> out;
  for (int i = 0; i < 240; ++i) {
    auto c = sample;
    c["case_id"] = "t-" + std::to_string(i);
    c["nationality"] = nationality[i % 5];
    c["identification_category"] = category[(i / 5) % 4];
    c["caregiver_present"] = caregiver[(i / 3) % 6];
    c["caregiver_consent"] = consent[(i / 7) % 4];
    c["birth_date"] = std::to_string(2008 + i % 18) + "-06-15";
    out.push_back(c.dump());
  }
  return out;
}

}  // namespace

TEST_CASE("decisions from 8 threads at once are byte for byte those of one thread", "[live][concurrency][determinism]") {
  std::vector<referral::Diagnostic> diags;
  auto live = referral::LiveRuleset::Open(SourcePath("rules/bogota"), &diags);
  REQUIRE(live.ok());
  const std::vector<std::string> cases = VariedCases();
  auto decide = [&](const std::string& c) {
    auto d = (*live)->Decide(c);
    return d.ok() ? referral::DecisionToJson(*d, true) : d.status().code() + ": " + d.status().message();
  };
  std::vector<std::string> alone;
  for (const auto& c : cases) alone.push_back(decide(c));

  std::vector<std::vector<std::string>> got(8, std::vector<std::string>(cases.size()));
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      // Each thread in its own order, so that the same case is decided at
      // different moments by different threads.
      for (size_t k = 0; k < cases.size(); ++k) {
        const size_t i = (k * 7 + static_cast<size_t>(t) * 31) % cases.size();
        got[t][i] = decide(cases[i]);
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 8; ++t) {
    for (size_t i = 0; i < cases.size(); ++i) {
      INFO("thread " << t << " case " << i);
      REQUIRE(got[t][i] == alone[i]);
    }
  }
}
