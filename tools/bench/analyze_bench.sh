#!/usr/bin/env bash
# Times `referral analyze` (exact analysis) on rules/bogota and on generated
# rule sets of 100 and 1,000 rules. Prints the median of 5 runs of the
# analysis itself (as the program reports it) and the peak memory.
# Usage: tools/bench/analyze_bench.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
bin=$build/tools/referral/referral
[[ -x $bin ]] || { echo "build first: scripts/build.sh" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 tools/bench/gen_ruleset.py 100 "$tmp/gen100.yaml"
python3 tools/bench/gen_ruleset.py 1000 "$tmp/gen1000.yaml"
printf '%-22s %8s %10s %12s %10s\n' "rule set" rules "median ms" "peak KB" findings
for target in rules/bogota "$tmp/gen100.yaml" "$tmp/gen1000.yaml"; do
  times=()
  for _ in 1 2 3 4 5; do
    line=$(/usr/bin/time -f "%M" -o "$tmp/mem" "$bin" analyze "$target" | tail -n 1 || true)
    times+=("$(sed -E 's/.* in ([0-9]+) ms$/\1/' <<<"$line")")
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
  rules=$("$bin" check "$target" >/dev/null && grep -c -- '- id:' $( [[ -d $target ]] && find "$target" -name '*.yaml' -not -path '*/tests/*' || echo "$target") | awk -F: '{s+=$NF} END {print s}')
  findings=$(sed -E 's/^([0-9]+) error.*, ([0-9]+) warning.*/\1 err, \2 warn/' <<<"$line")
  printf '%-22s %8s %10s %12s %10s\n' "$(basename "$target")" "$rules" "$median" "$(tail -n 1 "$tmp/mem")" "$findings"
done
