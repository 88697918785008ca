// The benchmark scenario (shared/bench/SCENARIO.md v1) as a hand-written C++
// function: the floor no rules engine can beat. Cases are plain structs of
// small integers; services are indices into a fixed name table, so a decision
// allocates nothing.
#ifndef REFERRAL_TOOLS_BENCH_FLOOR_SCENARIO_FLOOR_H_
#define REFERRAL_TOOLS_BENCH_FLOOR_SCENARIO_FLOOR_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace referral::bench {

inline constexpr std::array<const char*, 20> kLocalities = {
    "usaquen",      "chapinero",      "santa_fe",    "san_cristobal",  "usme",          "tunjuelito",
    "bosa",         "kennedy",        "fontibon",    "engativa",       "suba",          "barrios_unidos",
    "teusaquillo",  "los_martires",   "antonio_narino", "puente_aranda", "la_candelaria", "rafael_uribe_uribe",
    "ciudad_bolivar", "sumapaz"};
inline constexpr std::array<const char*, 4> kMigrantStatuses = {"colombian", "migrant_regular", "migrant_irregular",
                                                                "in_transit"};
inline constexpr std::array<const char*, 4> kRiskContexts = {"own_begging", "work_accompaniment", "parental_prison",
                                                             "rights_violation"};
inline constexpr std::array<const char*, 4> kChannels = {"territorial_mobilization", "active_search",
                                                         "citizen_complaint", "interinstitutional_operation"};

struct ScenarioCase {
  uint8_t age = 0;             // 0..17
  uint8_t migrant_status = 0;  // index into kMigrantStatuses
  uint8_t risk_context = 0;    // index into kRiskContexts
  uint8_t locality = 0;        // index into kLocalities
  bool school_enrolled = false;
  bool has_disability = false;
  uint8_t channel = 0;         // index into kChannels
};

struct FloorReferral {
  uint16_t service;  // index into ServiceNames()
  bool urgent;
};

// At most 6 referrals (SCENARIO §6); no heap.
struct FloorDecision {
  std::array<FloorReferral, 8> referrals;
  uint8_t count = 0;
};

// Every service name the scenario can produce, in byte order (so sorting by
// index is sorting by name).
const std::vector<std::string>& ServiceNames();

void DecideFloor(const ScenarioCase& c, bool scaled, FloorDecision* out);

// The case as the JSON a caller sends (`case_id` first).
std::string ToJson(const ScenarioCase& c, const std::string& case_id);

// Every in-domain case (92,160), in a fixed order.
std::vector<ScenarioCase> AllCases();

}  // namespace referral::bench

#endif  // REFERRAL_TOOLS_BENCH_FLOOR_SCENARIO_FLOOR_H_
