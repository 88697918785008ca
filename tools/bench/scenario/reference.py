#!/usr/bin/env python3
"""Reference implementation of the child-protection referral scenario (SCENARIO.md v1).

    python3 reference.py --variant base|scaled < cases.jsonl > expected.jsonl
    python3 reference.py --self-test

Each output line is {"case_id": ..., "referrals": [{"service": ..., "priority": ...}, ...]},
the list merged (most urgent wins) and sorted (urgent first, then service in byte order),
as in SCENARIO.md sections 3 and 4. Straightforward on purpose: one function per step,
no cleverness, Python 3 standard library only.

--self-test checks every worked example of section 9, and, exhaustively over the 92,160
in-domain cases, the informative consequences of section 5 (R11 unreachable, no merge in
the base rules, the base size distribution of 5.4) and the claims of section 6 about the
scaled variant; it exits 0 when all hold.
"""
import argparse
import collections
import itertools
import json
import sys
from scenario_domain import MIGRANT_STATUSES, RISK_CONTEXTS, LOCALITIES, CHANNELS, AGE_BANDS  # noqa: E402

BEGGING_WORK = ("own_begging", "work_accompaniment")
URGENT, STANDARD = "urgent", "standard"


# ---------------------------------------------------------------- synthetic rules (section 6)

def synthetic_rules():
    """The 1,000 synthetic rules S0000..S0999 as dicts."""
    rules = []
    for j in range(1000):
        locality = LOCALITIES[j % 20]
        p = j // 20
        b = p % 5
        q = p // 5
        channel = CHANNELS[q % 4]
        risk = ["own_begging", "work_accompaniment", "parental_prison"][q // 4]
        service = "icbf_pard" if p % 7 == 0 else "programa_local_%s_%02d" % (locality, p)
        rules.append({
            "id": "S%04d" % j,
            "locality": locality,
            "age_min": AGE_BANDS[b][0],
            "age_max": AGE_BANDS[b][1],
            "channel": channel,
            "risk_context": risk,
            "service": service,
            "priority": URGENT if b == 0 else STANDARD,
        })
    return rules


SYNTHETIC = synthetic_rules()


# ---------------------------------------------------------------- step 1: candidates (4.2)

def base_candidates(c):
    """Candidates of R1..R10 as a list of (rule, service, priority), R1's stop applied."""
    age, risk, migrant, loc = c["age"], c["risk_context"], c["migrant_status"], c["locality"]
    out = []
    r1 = risk == "rights_violation"
    if r1:
        out.append(("R1", "icbf_pard", URGENT))
    # R7 and R8 apply whether or not R1 fired.
    if c["has_disability"] is True:
        out.append(("R7", "ruta_discapacidad", STANDARD))
    if migrant in ("migrant_irregular", "in_transit"):
        out.append(("R8", "centro_migrantes", URGENT if 0 <= age <= 5 else STANDARD))
    if r1:
        return out  # R1's stop: R2-R6, R9, R10 (and synthetic rules, R11) contribute nothing
    if risk == "parental_prison":
        out.append(("R2", "icbf_pard", URGENT))
        out.append(("R2", "comisaria_familia", URGENT))
    if 0 <= age <= 5 and risk in BEGGING_WORK:
        out.append(("R3", "jardin_infantil_" + loc, STANDARD))
    if 6 <= age <= 17 and risk in BEGGING_WORK and migrant != "colombian":
        out.append(("R4", "centro_abrazar", STANDARD))
    if 6 <= age <= 17 and risk in BEGGING_WORK and migrant == "colombian":
        out.append(("R5", "centro_amar_" + loc, STANDARD))
    if 6 <= age <= 17 and c["school_enrolled"] is False:
        out.append(("R6", "sed_matricula", STANDARD))
    if 15 <= age <= 17 and risk == "work_accompaniment":
        out.append(("R9", "proteccion_trabajo_adolescente", STANDARD))
    if c["channel"] == "citizen_complaint" and risk == "own_begging":
        out.append(("R10", "icbf_pard", STANDARD))
    return out


def synthetic_candidates(c):
    if c["risk_context"] == "rights_violation":
        return []  # R1's stop
    out = []
    for r in SYNTHETIC:
        if (c["locality"] == r["locality"] and r["age_min"] <= c["age"] <= r["age_max"]
                and c["channel"] == r["channel"] and c["risk_context"] == r["risk_context"]):
            out.append((r["id"], r["service"], r["priority"]))
    return out


def candidates(c, variant):
    out = base_candidates(c)
    if variant == "scaled":
        out += synthetic_candidates(c)
    # step 2: fallback R11 (4.3)
    if not out:
        out = [("R11", "seguimiento_territorial", STANDARD)]
    return out


# ---------------------------------------------------------------- steps 3 and 4 (4.4, 4.5)

def merge_and_sort(cands):
    best = {}
    for _rule, service, priority in cands:
        if best.get(service) != URGENT:
            best[service] = priority
    # urgent first, then service ascending; Python str order == byte order for ASCII names
    items = sorted(best.items(), key=lambda sp: (0 if sp[1] == URGENT else 1, sp[0]))
    return [{"service": s, "priority": p} for s, p in items]


def decide(c, variant="base"):
    return merge_and_sort(candidates(c, variant))


# ---------------------------------------------------------------- CLI

def run(variant, inp, out):
    for lineno, line in enumerate(inp, 1):
        line = line.strip()
        if not line:
            continue
        c = json.loads(line)
        out.write(json.dumps({"case_id": c["case_id"], "referrals": decide(c, variant)},
                             separators=(",", ":")) + "\n")


def all_cases():
    for age, m, r, loc, s, d, ch in itertools.product(
            range(18), MIGRANT_STATUSES, RISK_CONTEXTS, LOCALITIES, (False, True),
            (False, True), CHANNELS):
        yield {"case_id": "x", "age": age, "migrant_status": m, "risk_context": r,
               "locality": loc, "school_enrolled": s, "has_disability": d, "channel": ch}


def self_test():
    failures = []

    def check(cond, what):
        if not cond:
            failures.append(what)
            print("FAIL:", what, file=sys.stderr)

    def case(age, m, r, loc, enrolled, disability, ch):
        return {"case_id": "t", "age": age, "migrant_status": m, "risk_context": r,
                "locality": loc, "school_enrolled": enrolled, "has_disability": disability,
                "channel": ch}

    U, S = URGENT, STANDARD
    examples = [  # section 9
        ("base", case(6, "colombian", "rights_violation", "fontibon", False, True,
                      "territorial_mobilization"),
         [("icbf_pard", U), ("ruta_discapacidad", S)]),
        ("base", case(5, "in_transit", "own_begging", "santa_fe", True, False,
                      "citizen_complaint"),
         [("centro_migrantes", U), ("icbf_pard", S), ("jardin_infantil_santa_fe", S)]),
        ("base", case(16, "colombian", "work_accompaniment", "rafael_uribe_uribe", False, False,
                      "active_search"),
         [("centro_amar_rafael_uribe_uribe", S), ("proteccion_trabajo_adolescente", S),
          ("sed_matricula", S)]),
        ("base", case(10, "migrant_regular", "parental_prison", "usme", True, True,
                      "interinstitutional_operation"),
         [("comisaria_familia", U), ("icbf_pard", U), ("ruta_discapacidad", S)]),
        ("base", case(6, "migrant_irregular", "own_begging", "bosa", False, False,
                      "citizen_complaint"),
         [("centro_abrazar", S), ("centro_migrantes", S), ("icbf_pard", S),
          ("sed_matricula", S)]),
        ("scaled", case(9, "colombian", "parental_prison", "kennedy", True, False,
                        "territorial_mobilization"),
         [("comisaria_familia", U), ("icbf_pard", U)]),
        ("scaled", case(16, "migrant_regular", "own_begging", "suba", True, False,
                        "citizen_complaint"),
         [("centro_abrazar", S), ("icbf_pard", S)]),
        ("scaled", case(2, "colombian", "own_begging", "chapinero", True, False,
                        "territorial_mobilization"),
         [("icbf_pard", U), ("jardin_infantil_chapinero", S)]),
        ("scaled", case(5, "colombian", "own_begging", "usaquen", True, False,
                        "territorial_mobilization"),
         [("jardin_infantil_usaquen", S), ("programa_local_usaquen_01", S)]),
    ]
    for i, (variant, c, want) in enumerate(examples, 1):
        got = [(x["service"], x["priority"]) for x in decide(c, variant)]
        check(got == want, "section 9 example %d (%s): want %s, got %s" % (i, variant, want, got))
    # the synthetic rules named in the scaled examples
    named = {"S0847": ("kennedy", "icbf_pard", S), "S0290": ("suba", "icbf_pard", S),
             "S0001": ("chapinero", "icbf_pard", U),
             "S0020": ("usaquen", "programa_local_usaquen_01", S)}
    for rid, (loc, svc, prio) in named.items():
        r = SYNTHETIC[int(rid[1:])]
        check((r["locality"], r["service"], r["priority"]) == (loc, svc, prio),
              "synthetic rule %s is %s" % (rid, r))
    check(sum(r["service"] == "icbf_pard" for r in SYNTHETIC) == 160,
          "160 synthetic rules emit icbf_pard")
    keys = {(r["locality"], r["age_min"], r["channel"], r["risk_context"]) for r in SYNTHETIC}
    check(len(keys) == 1000, "synthetic (locality, band, channel, risk) combinations are unique")

    # exhaustive over the 92,160 in-domain cases
    base_sizes = collections.Counter()
    scaled_sizes = collections.Counter()
    n = 0
    r11 = merges_base = 0
    synth_matched = 0
    multi_synth = 0
    merge_kinds = collections.Counter()
    for c in all_cases():
        n += 1
        bc = candidates(c, "base")
        if any(rule == "R11" for rule, _, _ in bc):
            r11 += 1
        if len({s for _, s, _ in bc}) != len(bc):
            merges_base += 1
        base = merge_and_sort(bc)
        base_sizes[len(base)] += 1
        sc = synthetic_candidates(c)
        if sc:
            synth_matched += 1
        if len(sc) > 1:
            multi_synth += 1
        for _, svc, prio in sc:
            for rule, bsvc, bprio in base_candidates(c):
                if bsvc == svc:
                    merge_kinds[(rule, bprio, prio)] += 1
        scaled = decide(c, "scaled")
        scaled_sizes[len(scaled)] += 1
        for res in (base, scaled):
            svcs = [x["service"] for x in res]
            check(len(svcs) == len(set(svcs)), "unique services for %s" % c)
            key = [(0 if x["priority"] == U else 1, x["service"].encode()) for x in res]
            check(key == sorted(key), "sorted for %s" % c)
            if len(failures) > 20:
                break
    check(n == 92160, "92,160 in-domain cases (got %d)" % n)
    check(r11 == 0, "R11 unreachable in domain (fired %d times)" % r11)
    check(merges_base == 0, "no merge in the base rules (%d cases merge)" % merges_base)
    want_sizes = {1: 12000, 2: 32160, 3: 31200, 4: 13920, 5: 2880}
    check(dict(base_sizes) == want_sizes,
          "base size distribution 5.4: want %s, got %s" % (want_sizes, dict(sorted(base_sizes.items()))))
    check(min(scaled_sizes) >= 1 and max(scaled_sizes) <= 6,
          "scaled sizes 1..6: got %s" % dict(sorted(scaled_sizes.items())))
    check(multi_synth == 0, "a case matches at most one synthetic rule")
    frac = synth_matched / n
    check(0.55 <= frac <= 0.65, "about 60%% of cases match a synthetic rule (got %.3f)" % frac)
    check(merge_kinds[("R10", S, S)] > 0, "standard/standard merge with R10 occurs")
    check(merge_kinds[("R2", U, S)] > 0, "standard/urgent merge with R2 occurs")

    # gen_cases.py's combination block makes every rule but R11 fire, R3 and R5 in all localities
    try:
        sys.path.insert(0, __file__.rsplit("/", 1)[0] if "/" in __file__ else ".")
        import gen_cases
        fired = collections.Counter()
        r3loc, r5loc = set(), set()
        for c in gen_cases.generate(3072):
            for rule, svc, _ in candidates(c, "scaled"):
                fired[rule if rule.startswith("R") else "S"] += 1
                if rule == "R3":
                    r3loc.add(c["locality"])
                if rule == "R5":
                    r5loc.add(c["locality"])
        missing = [r for r in ["R%d" % i for i in range(1, 11)] if not fired[r]]
        check(not missing, "combination block fires R1..R10 (missing %s)" % missing)
        check(fired["R11"] == 0, "combination block never fires R11")
        check(len(r3loc) == 20 and len(r5loc) == 20, "R3 and R5 fire in all 20 localities")
    except ImportError as e:
        check(False, "import gen_cases: %s" % e)

    print("base sizes:", dict(sorted(base_sizes.items())), file=sys.stderr)
    print("scaled sizes:", dict(sorted(scaled_sizes.items())), file=sys.stderr)
    print("synthetic match fraction: %.4f; merges with synthetic rules: %s"
          % (frac, {"%s %s/%s" % k: v for k, v in sorted(merge_kinds.items())}), file=sys.stderr)
    print("self-test: %s (%d failure(s))" % ("OK" if not failures else "FAILED", len(failures)),
          file=sys.stderr)
    return 0 if not failures else 1


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--variant", choices=["base", "scaled"], default="base")
    ap.add_argument("--self-test", action="store_true", help="run the self-test and exit")
    args = ap.parse_args(argv)
    if args.self_test:
        return self_test()
    run(args.variant, sys.stdin, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
