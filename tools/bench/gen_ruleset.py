#!/usr/bin/env python3
"""Writes a synthetic rule set with N rules, for load, check and analysis
benchmarks. Shaped like the scenario's scaled variant (shared/bench/SCENARIO.md
section 6): rule j targets one (locality, age band, channel, risk, need) cell,
so the first-hit node grows with N while every rule stays reachable.

Usage: gen_ruleset.py N OUT.yaml
"""
import sys

LOCALITIES = ["usaquen", "chapinero", "santa_fe", "san_cristobal", "usme", "tunjuelito", "bosa",
              "kennedy", "fontibon", "engativa", "suba", "barrios_unidos", "teusaquillo",
              "los_martires", "antonio_narino", "puente_aranda", "la_candelaria",
              "rafael_uribe_uribe", "ciudad_bolivar", "sumapaz"]
BANDS = [(0, 3), (4, 7), (8, 11), (12, 14), (15, 17)]
CHANNELS = ["territorial_mobilization", "active_search", "citizen_complaint", "interinstitutional_operation"]
RISKS = ["own_begging", "work_accompaniment", "parental_prison"]
NEEDS = ["need_%d" % i for i in range(10)]


def main():
    n = int(sys.argv[1])
    limit = len(LOCALITIES) * len(BANDS) * len(CHANNELS) * len(RISKS) * len(NEEDS)
    if n > limit:
        sys.exit("at most %d rules" % limit)
    out = []
    w = out.append
    w("ruleset:\n  id: generated-%d\n  version: \"1\"\n  language: en\n  entry: local\n" % n)
    w("  priorities: [{id: urgent, timeframe: 1_hour}, {id: standard, timeframe: 3_days}]\n")
    w("  fallback: {reason: no_route, follow_up: true}\n")
    w("facts:\n")
    w("  age: {type: int, min: 0, max: 17, required: true}\n")
    w("  locality: {type: enum, values: [%s], required: true}\n" % ", ".join(LOCALITIES))
    w("  channel: {type: enum, values: [%s], required: true}\n" % ", ".join(CHANNELS))
    w("  risk: {type: enum, values: [%s, rights_violation], required: true}\n" % ", ".join(RISKS))
    w("  need: {type: enum, values: [%s], required: true}\n" % ", ".join(NEEDS))
    w("  school_enrolled: {type: bool, default: true}\n")
    services = set()
    rules = []
    for j in range(n):
        loc = LOCALITIES[j % 20]
        p = j // 20
        band = BANDS[p % 5]
        q = p // 5
        channel = CHANNELS[q % 4]
        risk = RISKS[(q // 4) % 3]
        need = NEEDS[(q // 12) % 10]
        service = "PROGRAMA_%s_%02d" % (loc.upper(), p % 50)
        services.add(service)
        priority = "urgent" if band[0] == 0 else "standard"
        rules.append("      - id: S%05d\n        when: {locality: %s, age: %d..%d, channel: %s, risk: %s, need: %s}\n"
                     "        refer: [{service: %s, priority: %s}]\n        next: [extras]\n"
                     % (j, loc, band[0], band[1], channel, risk, need, service, priority))
    w("services:\n")
    for s in sorted(services) + ["SEGUIMIENTO", "ICBF_PARD", "SED_MATRICULA"]:
        basis = "legal_duty_art51_ley1098, human_confirmation: true" if s == "ICBF_PARD" else "consent"
        w("  %s: {name: %s, legal_basis: %s}\n" % (s, s, basis))
    w("nodes:\n  local:\n    hit: first\n    rules:\n")
    w("      - id: R1\n        when: {risk: rights_violation}\n"
      "        refer: [{service: ICBF_PARD, priority: urgent}]\n")
    out.extend(rules)
    w("      - id: R_default\n        refer: [{service: SEGUIMIENTO, priority: standard}]\n        next: [extras]\n")
    w("  extras:\n    hit: collect\n    rules:\n")
    w("      - id: X1\n        when: {school_enrolled: false, age: 6..17}\n"
      "        refer: [{service: SED_MATRICULA, priority: standard}]\n")
    with open(sys.argv[2], "w") as f:
        f.write("".join(out))


if __name__ == "__main__":
    main()
