#!/usr/bin/env python3
"""Prints the table of tools/bench/run.sh from its results (JSON Lines).
Usage: report_table.py RESULTS.jsonl CORES CPU"""
import json
import sys

rows = [json.loads(l) for l in open(sys.argv[1])]
g = {r["name"]: r for r in rows if r["kind"] == "gbench"}
peers = {(r["engine"], r["variant"]): r for r in rows if r["kind"] == "peer"}


def rate(x):
    return f"{x / 1e6:.2f} M/s" if x >= 1e6 else f"{x / 1e3:.1f} k/s"


def us(ns):
    return f"{ns / 1000:.2f} µs" if ns >= 100 else f"{ns:.1f} ns"


print(f"Machine: {sys.argv[2]} cores, {sys.argv[3]}. Medians of Google Benchmark repetitions; single thread.\n")
print("| workload | engine | trace | per decision | decisions/s | vs our engine |")
print("|---|---|---|---:|---:|---:|")
for level in ("off", "rules", "full"):
    b = g[f"bogota/evaluate/trace:{level}"]
    print(f"| rules/bogota (validated case) | referral | {level} | {us(b['ns'])} | {rate(b['per_second'])} | 1.00× |")
for level in ("off", "rules", "full"):
    b = g[f"bogota/decide_json/trace:{level}"]
    print(f"| rules/bogota (JSON text to decision JSON) | referral | {level} | {us(b['ns'])} | {rate(b['per_second'])} | |")
b = g.get("bogota/decide_struct/trace:off")
if b:
    print(f"| rules/bogota (JSON text to Decision struct) | referral | off | {us(b['ns'])} | {rate(b['per_second'])} | |")
for v in ("base", "scaled"):
    ours = g[f"scenario_{v}/evaluate/trace:off"]
    for level in ("off", "rules", "full"):
        b = g[f"scenario_{v}/evaluate/trace:{level}"]
        ratio = ours["per_second"] / b["per_second"]
        print(f"| scenario {v} (validated case) | referral | {level} | {us(b['ns'])} | {rate(b['per_second'])} | "
              f"{1 / ratio:.2f}× |")
    b = g[f"scenario_{v}/decide_json/trace:off"]
    print(f"| scenario {v} (JSON text to decision JSON) | referral | off | {us(b['ns'])} | {rate(b['per_second'])} | "
          f"{b['per_second'] / ours['per_second']:.2f}× |")
    f = g[f"scenario_{v}/floor"]
    print(f"| scenario {v} | hand-written C++ floor | – | {us(f['ns'])} | {rate(f['per_second'])} | "
          f"{f['per_second'] / ours['per_second']:.1f}× |")
    for engine, label in (("zen", "GoRules ZEN (Node)"), ("jre", "json-rules-engine (Node)")):
        p = peers.get((engine, v))
        if p:
            print(f"| scenario {v} | {label} {p.get('version', '')} | – | {us(1e9 / p['decisions_per_second'])} | "
                  f"{rate(p['decisions_per_second'])} | 1/{ours['per_second'] / p['decisions_per_second']:.0f} |")
print("\n| end to end: `referral route --jsonl`, trace off | jobs | lines (refused) | seconds | cases/s | peak memory |")
print("|---|---:|---:|---:|---:|---:|")
for r in rows:
    if r["kind"] == "jsonl":
        name = "rules/bogota, random contract cases" if r["variant"] == "bogota" else f"scenario {r['variant']}"
        print(f"| {name} | {r.get('jobs', 1)} | {r['lines']:,} ({r.get('refused', 0):,}) | {r['seconds']:.2f} | "
              f"{rate(r['lines'] / max(r['seconds'], 1e-9))} | {r['peak_kb'] / 1024:.0f} MB |")
print("\n| load + check (generated rule set) | rules | seconds (best of 3) | peak memory |")
print("|---|---:|---:|---:|")
for r in rows:
    if r["kind"] == "load":
        print(f"| tools/bench/gen_ruleset.py | {r['rules']:,} | {r['seconds']:.2f} | {r['peak_kb'] / 1024:.0f} MB |")
