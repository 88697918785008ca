#!/usr/bin/env python3
"""Benchmark cases for the child-protection referral scenario (SCENARIO.md section 8).

    python3 gen_cases.py --count N [--seed S] > cases.jsonl

Writes N JSON Lines cases to stdout. First every combination of
age in {0,5,6,14,15,17} x migrant_status x risk_context x school_enrolled x
has_disability x channel (6*4*4*2*2*4 = 3,072 cases, nested in that order, the
last field varying fastest), with the locality cycling through the 20
localities (combination i gets LOCALITIES[i mod 20]); then cases with every
field uniform over its domain, drawn from random.Random(seed), until N.
If N < 3,072 the first N combinations are written. Deterministic for a given
(N, seed). case_id is "c" + 1-based index as 6 digits (c000001, ...).
Python 3 standard library only.
"""
import argparse
import itertools
import json
import random
import sys
from scenario_domain import MIGRANT_STATUSES, RISK_CONTEXTS, LOCALITIES, CHANNELS  # noqa: E402

AGES = list(range(0, 18))
BOUNDARY_AGES = [0, 5, 6, 14, 15, 17]
BOOLS = [False, True]


def make_case(n, age, migrant, risk, locality, school, disability, channel):
    return {
        "case_id": "c%06d" % n,
        "age": age,
        "migrant_status": migrant,
        "risk_context": risk,
        "locality": locality,
        "school_enrolled": school,
        "has_disability": disability,
        "channel": channel,
    }


def generate(count, seed=1):
    """Yield `count` cases (dicts) deterministically."""
    n = 0
    combos = itertools.product(BOUNDARY_AGES, MIGRANT_STATUSES, RISK_CONTEXTS, BOOLS, BOOLS,
                               CHANNELS)
    for i, (age, migrant, risk, school, disability, channel) in enumerate(combos):
        if n >= count:
            return
        n += 1
        yield make_case(n, age, migrant, risk, LOCALITIES[i % len(LOCALITIES)], school,
                        disability, channel)
    rng = random.Random(seed)
    while n < count:
        n += 1
        yield make_case(n, rng.choice(AGES), rng.choice(MIGRANT_STATUSES),
                        rng.choice(RISK_CONTEXTS), rng.choice(LOCALITIES), rng.choice(BOOLS),
                        rng.choice(BOOLS), rng.choice(CHANNELS))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, required=True, help="number of cases (N >= 0)")
    ap.add_argument("--seed", type=int, default=1, help="PRNG seed for the random part (default 1)")
    args = ap.parse_args(argv)
    if args.count < 0:
        ap.error("--count must be >= 0")
    out = sys.stdout
    for case in generate(args.count, args.seed):
        out.write(json.dumps(case, separators=(",", ":")) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
