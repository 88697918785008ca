// See scenario_floor.h. Follows SCENARIO.md §4 and §6 literally.
#include "floor/scenario_floor.h"

#include <algorithm>
#include <cstdio>

namespace referral::bench {

namespace {

constexpr int kBandOf[18] = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4, 4};

struct Tables {
  std::vector<std::string> names;  // sorted
  uint16_t icbf_pard, comisaria_familia, centro_abrazar, sed_matricula, ruta_discapacidad, centro_migrantes,
      proteccion_trabajo_adolescente, seguimiento_territorial;
  std::array<uint16_t, 20> jardin, amar;
  // Synthetic rule per (locality, band, channel, risk 0..2): service + 1 (0 = none), urgent.
  std::array<uint16_t, 20 * 5 * 4 * 3> synth_service{};
  std::array<bool, 20 * 5 * 4 * 3> synth_urgent{};
};

int SynthSlot(int locality, int band, int channel, int risk) { return ((locality * 5 + band) * 4 + channel) * 3 + risk; }

const Tables& T() {
  static const Tables t = [] {
    Tables t;
    std::vector<std::string> names = {"icbf_pard",        "comisaria_familia", "centro_abrazar",
                                      "sed_matricula",    "ruta_discapacidad", "centro_migrantes",
                                      "proteccion_trabajo_adolescente", "seguimiento_territorial"};
    for (const char* l : kLocalities) {
      names.push_back(std::string("jardin_infantil_") + l);
      names.push_back(std::string("centro_amar_") + l);
    }
    struct Synth {
      int slot;
      std::string service;
      bool urgent;
    };
    std::vector<Synth> synth;
    for (int j = 0; j < 1000; ++j) {
      const int locality = j % 20, p = j / 20, b = p % 5, q = p / 5;
      char pp[12];  // any int: GCC at -O1 cannot see p < 50 (-Wformat-truncation)
      std::snprintf(pp, sizeof pp, "%02d", p);
      std::string service =
          p % 7 == 0 ? "icbf_pard" : std::string("programa_local_") + kLocalities[locality] + "_" + pp;
      synth.push_back({SynthSlot(locality, b, q % 4, q / 4), service, b == 0});
      names.push_back(service);
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    t.names = names;
    auto index = [&](const std::string& n) {
      return static_cast<uint16_t>(std::lower_bound(t.names.begin(), t.names.end(), n) - t.names.begin());
    };
    t.icbf_pard = index("icbf_pard");
    t.comisaria_familia = index("comisaria_familia");
    t.centro_abrazar = index("centro_abrazar");
    t.sed_matricula = index("sed_matricula");
    t.ruta_discapacidad = index("ruta_discapacidad");
    t.centro_migrantes = index("centro_migrantes");
    t.proteccion_trabajo_adolescente = index("proteccion_trabajo_adolescente");
    t.seguimiento_territorial = index("seguimiento_territorial");
    for (int l = 0; l < 20; ++l) {
      t.jardin[l] = index(std::string("jardin_infantil_") + kLocalities[l]);
      t.amar[l] = index(std::string("centro_amar_") + kLocalities[l]);
    }
    for (const auto& s : synth) {
      t.synth_service[s.slot] = static_cast<uint16_t>(index(s.service) + 1);
      t.synth_urgent[s.slot] = s.urgent;
    }
    return t;
  }();
  return t;
}

// Adds a candidate, merging by service (the most urgent wins).
inline void Add(FloorDecision* d, uint16_t service, bool urgent) {
  for (uint8_t i = 0; i < d->count; ++i) {
    if (d->referrals[i].service == service) {
      d->referrals[i].urgent = d->referrals[i].urgent || urgent;
      return;
    }
  }
  d->referrals[d->count++] = {service, urgent};
}

}  // namespace

const std::vector<std::string>& ServiceNames() { return T().names; }

void DecideFloor(const ScenarioCase& c, bool scaled, FloorDecision* d) {
  const Tables& t = T();
  d->count = 0;
  const bool young = c.age <= 5;
  const bool begging_work = c.risk_context <= 1;
  const bool rights_violation = c.risk_context == 3;
  if (rights_violation) Add(d, t.icbf_pard, true);                        // R1
  if (c.has_disability) Add(d, t.ruta_discapacidad, false);               // R7
  if (c.migrant_status >= 2) Add(d, t.centro_migrantes, young);           // R8
  if (!rights_violation) {                                                // R1's stop
    if (c.risk_context == 2) {                                            // R2
      Add(d, t.icbf_pard, true);
      Add(d, t.comisaria_familia, true);
    }
    if (young && begging_work) Add(d, t.jardin[c.locality], false);      // R3
    if (!young && begging_work) {
      Add(d, c.migrant_status != 0 ? t.centro_abrazar : t.amar[c.locality], false);  // R4 / R5
    }
    if (!young && !c.school_enrolled) Add(d, t.sed_matricula, false);     // R6
    if (c.age >= 15 && c.risk_context == 1) Add(d, t.proteccion_trabajo_adolescente, false);  // R9
    if (c.channel == 2 && c.risk_context == 0) Add(d, t.icbf_pard, false);  // R10
    if (scaled && c.risk_context <= 2) {
      const int slot = SynthSlot(c.locality, kBandOf[c.age], c.channel, c.risk_context);
      if (uint16_t s = t.synth_service[slot]) Add(d, static_cast<uint16_t>(s - 1), t.synth_urgent[slot]);
    }
  }
  if (d->count == 0) Add(d, t.seguimiento_territorial, false);            // R11
  // Sort: urgent first, then by name (indices are in name order).
  std::sort(d->referrals.begin(), d->referrals.begin() + d->count, [](const FloorReferral& a, const FloorReferral& b) {
    return a.urgent != b.urgent ? a.urgent : a.service < b.service;
  });
}

std::string ToJson(const ScenarioCase& c, const std::string& case_id) {
  std::string s = "{\"case_id\":\"" + case_id + "\",\"age\":" + std::to_string(c.age) + ",\"migrant_status\":\"" +
                  kMigrantStatuses[c.migrant_status] + "\",\"risk_context\":\"" + kRiskContexts[c.risk_context] +
                  "\",\"locality\":\"" + kLocalities[c.locality] + "\",\"school_enrolled\":" +
                  (c.school_enrolled ? "true" : "false") + ",\"has_disability\":" + (c.has_disability ? "true" : "false") +
                  ",\"channel\":\"" + kChannels[c.channel] + "\"}";
  return s;
}

std::vector<ScenarioCase> AllCases() {
  std::vector<ScenarioCase> all;
  all.reserve(92160);
  for (uint8_t age = 0; age < 18; ++age)
    for (uint8_t m = 0; m < 4; ++m)
      for (uint8_t r = 0; r < 4; ++r)
        for (uint8_t l = 0; l < 20; ++l)
          for (int s = 0; s < 2; ++s)
            for (int h = 0; h < 2; ++h)
              for (uint8_t ch = 0; ch < 4; ++ch) all.push_back({age, m, r, l, s == 1, h == 1, ch});
  return all;
}

}  // namespace referral::bench
