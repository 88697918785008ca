#!/usr/bin/env bash
# Runs every benchmark of issue 10 in one go and prints one table:
#  1. the engine (Google Benchmark, Release build) on rules/bogota per trace
#     level, and on the scenario (base, scaled) beside the hand-written floor,
#     on the same generated cases the peers decide;
#  2. the peers, GoRules ZEN and json-rules-engine (Node), on those cases,
#     each verified against the scenario's reference first;
#  3. `referral route --jsonl` end to end on a 1,000,000-line file, with peak memory;
#  4. load + check of generated rule sets of 100, 1,000 and 10,000 rules.
# Before any timing every engine is checked: ours against the floor on all
# 92,160 in-domain cases (base and scaled, every trace level), the peers
# against reference.py on every generated case; a mismatch stops the run.
# Usage: tools/bench/run.sh [--quick]    (--quick: shorter runs, 100,000-line batch)
#        tools/bench/run.sh --smoke REFERRAL REFERRAL_BENCH
#   --smoke: seconds, with the given binaries (no build, no install, no
#   network): no peers, tiny sizes, no floor check (a test of its own). The
#   test suite runs it, so a change that breaks this script fails CI.
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=full
[[ ${1:-} == --quick ]] && mode=quick
if [[ ${1:-} == --smoke ]]; then
  mode=smoke bin=$2 bench=$3
else
  scripts/setup.sh
  export DEBIAN_FRONTEND=noninteractive
  command -v node >/dev/null || { apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null; }
  build=build-bench
  cmake -S . -B $build -G Ninja -DCMAKE_BUILD_TYPE=Release -DREFERRAL_BUILD_TESTS=OFF -DREFERRAL_BUILD_BENCH=ON >/dev/null
  cmake --build $build -j "$(nproc)" --target referral referral_bench >/dev/null
  bin=$build/tools/referral/referral bench=$build/tools/bench/referral_bench
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
results=$work/results.jsonl
: >"$results"

min_time=1.0 peer_seconds=5 batch=1000000 count=20000 sizes="100 1000 10000" verify=()
[[ $mode == quick ]] && min_time=0.2 peer_seconds=2 batch=100000
[[ $mode == smoke ]] && min_time=0.01 batch=1000 count=200 sizes="100 1000" verify=(--no-verify)
# The generated rule sets go past the default load limits (1,000 services,
# 10,000 rules; docs/limits.md): this script raises them, as a user must.
limits=(--limit services=20000 --limit rules=20000)

echo "== cases" >&2
python3 tools/bench/scenario/gen_cases.py --count "$count" >"$work/cases.jsonl"
for v in base scaled; do
  python3 tools/bench/scenario/reference.py --variant $v <"$work/cases.jsonl" >"$work/expected-$v.jsonl"
done

echo "== engine and floor (Google Benchmark)" >&2
"$bench" . "${verify[@]}" --cases "$work/cases.jsonl" --benchmark_min_time="$min_time" \
  --benchmark_format=json --benchmark_out="$work/gbench.json" --benchmark_out_format=json >/dev/null
python3 - "$work/gbench.json" >>"$results" <<'PY'
import json, sys
for b in json.load(open(sys.argv[1]))["benchmarks"]:
    print(json.dumps({"kind": "gbench", "name": b["name"], "per_second": b["items_per_second"],
                      "ns": b["cpu_time"]}))
PY

if [[ $mode != smoke ]]; then
echo "== peers (Node)" >&2
bash tools/bench/peers/setup.sh >&2
# json-rules-engine evaluates every rule on every case (~40 cases/s on the
# scaled rules): it verifies and runs on the first 1,000 cases there.
head -n 1000 "$work/cases.jsonl" >"$work/cases-1k.jsonl"
head -n 1000 "$work/expected-scaled.jsonl" >"$work/expected-scaled-1k.jsonl"
for engine in zen jre; do
  for v in base scaled; do
    cases=$work/cases.jsonl expected=$work/expected-$v.jsonl
    [[ $engine-$v == jre-scaled ]] && cases=$work/cases-1k.jsonl expected=$work/expected-scaled-1k.jsonl
    node tools/bench/peers/bench.mjs --engine $engine --variant $v --cases "$cases" \
      --expected "$expected" --seconds "$peer_seconds" |
      python3 -c 'import json,sys; d=json.loads(sys.stdin.read()); d["kind"]="peer"; print(json.dumps(d))' >>"$results"
  done
done
fi

echo "== route --jsonl end to end ($batch lines)" >&2
python3 tools/bench/scenario/gen_cases.py --count "$batch" >"$work/batch.jsonl"
# Bogotá: random cases from its case contract (about one in seven refused,
# as real input has some), on one thread and on two.
"$bin" schema --case rules/bogota | python3 tools/bench/gen_schema_cases.py --count "$batch" >"$work/bogota.jsonl"
for spec in "base 1" "scaled 1" "bogota 1" "bogota 2"; do
  read -r v jobs <<<"$spec"
  rules=tools/bench/scenario/$v input=$work/batch.jsonl
  [[ $v == bogota ]] && rules=rules/bogota input=$work/bogota.jsonl
  /usr/bin/time -f "%e %M" -o "$work/time" "$bin" route --rules "$rules" --jsonl "$input" --jobs "$jobs" \
    --trace off >"$work/out.jsonl" 2>"$work/route.err"
  lines=$(wc -l <"$work/out.jsonl")
  [[ $lines == "$batch" ]] || { echo "route --jsonl wrote $lines lines for $batch" >&2; exit 1; }
  refused=$(grep -c '^{"line"' "$work/out.jsonl" || true)
  read -r seconds kb <"$work/time"
  echo "{\"kind\": \"jsonl\", \"variant\": \"$v\", \"jobs\": $jobs, \"lines\": $batch, \"refused\": $refused," \
    "\"seconds\": $seconds, \"peak_kb\": $kb}" >>"$results"
done

echo "== load + check" >&2
for n in $sizes; do
  python3 tools/bench/gen_ruleset.py $n "$work/gen$n.yaml"
  best=""
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$work/time" "$bin" "${limits[@]}" check "$work/gen$n.yaml" >/dev/null
    read -r seconds kb <"$work/time"
    if [[ -z $best ]] || awk "BEGIN {exit !($seconds < $best)}"; then best=$seconds best_kb=$kb; fi
  done
  echo "{\"kind\": \"load\", \"rules\": $n, \"seconds\": $best, \"peak_kb\": $best_kb}" >>"$results"
done

python3 tools/bench/report_table.py "$results" "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
