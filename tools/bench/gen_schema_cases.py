#!/usr/bin/env python3
"""Random cases of any rule set, from its case contract (`referral schema --case`).

Usage: referral schema --case RULES | gen_schema_cases.py --count N [--seed S]

Prints N cases as JSON Lines, the same for the same seed: every required
field, and each optional field with probability one half, each value drawn
from the contract (enum values, integer bounds, booleans, dates in 2010-2026,
sets as random subsets, `capacity` with 0 to 2 places per service). Dates and
ages are mostly plausible, so the cases cover the routing rather than the
input errors; a few come out invalid (a birth date after the evaluation
date), as real input does. Used for the Bogotá end-to-end benchmark
(tools/bench/run.sh) and for the byte-for-byte comparisons of decisions
before and after a change.
"""
import argparse
import json
import random
import sys


def branches(schema):
    """The non-null alternatives of a property."""
    if "oneOf" in schema:
        return [b for b in schema["oneOf"] if b.get("type") != "null"]
    return [schema]


def value(name, schema, rng):
    s = rng.choice(branches(schema))
    kind = s.get("type")
    if "enum" in s:
        return rng.choice(s["enum"])
    if kind == "boolean":
        return rng.random() < 0.5
    if kind == "integer":
        lo = s.get("minimum", 0)
        hi = min(s.get("maximum", 240), 240)
        return rng.randint(lo, max(lo, hi))
    if kind == "array":
        items = s.get("items", {}).get("enum", [])
        return rng.sample(items, rng.randint(0, min(3, len(items))))
    if kind == "object" and name == "capacity":
        services = s.get("propertyNames", {}).get("enum", [])
        return {svc: rng.randint(0, 2) for svc in rng.sample(services, min(len(services), rng.randint(0, 2)))}
    if kind == "string" and s.get("format") == "date" or "date" in name:
        return f"{rng.randint(2010, 2026):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return f"texto-{rng.randint(0, 99)}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    schema = json.load(sys.stdin)
    required = set(schema.get("required", []))
    rng = random.Random(args.seed)
    out = sys.stdout
    for i in range(args.count):
        case = {}
        for name, prop in schema["properties"].items():
            if name == "case_id":
                case[name] = f"c{i}"
            elif name == "evaluation_date":
                case[name] = f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}"
            elif name in required or rng.random() < 0.5:
                case[name] = value(name, prop, rng)
        out.write(json.dumps(case, ensure_ascii=False, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
