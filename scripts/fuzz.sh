#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/) with clang, instrumented with
# ASan+UBSan, in build-fuzz/; replays the committed corpus (tests/fuzz/corpus/)
# and the seeds, then fuzzes each target for a bounded time.
# Usage: scripts/fuzz.sh [--time SECONDS] [--replay] [TARGET...]
#   --time S   fuzz each target for S seconds (default 45)
#   --replay   only replay the corpus and seeds (no fuzzing)
# Environment: BUILD_DIR (default build-fuzz). New inputs and crash artifacts
# go under the build folder, never into the source tree: a crasher worth
# keeping is copied into tests/fuzz/corpus/TARGET/ by hand, with its
# regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
time=45 replay=no targets=()
while (($#)); do
  case "$1" in
    --time) time=$2; shift ;;
    --replay) replay=yes ;;
    fuzz_*) targets+=("$1") ;;
    *) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
((${#targets[@]})) || targets=(fuzz_load_rules fuzz_decide_case fuzz_batch_line fuzz_conditions fuzz_differential
  fuzz_analyzer_differential)
dir=${BUILD_DIR:-build-fuzz}
CC=clang CXX=clang++ cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DREFERRAL_FUZZ=ON \
  -DREFERRAL_BUILD_TESTS=OFF >/dev/null
cmake --build "$dir" -j 2 --target "${targets[@]}"

# Seeds from the real rule files, the broken fixtures and the sample cases.
seeds=$dir/seeds
rm -rf "$seeds"
mkdir -p "$seeds"/{fuzz_load_rules,fuzz_decide_case,fuzz_batch_line,fuzz_conditions,fuzz_differential,fuzz_analyzer_differential}
i=0
while IFS= read -r -d '' f; do
  [[ $(stat -c %s "$f") -le 65536 ]] && cp "$f" "$seeds/fuzz_load_rules/$((i++)).yaml"
done < <(find rules tests/fixtures/broken_rules -name '*.yaml' -print0)
for f in rules/bogota/samples/*.json; do
  cp "$f" "$seeds/fuzz_decide_case/"
  python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))))' "$f" >"$seeds/fuzz_batch_line/$(basename "$f")"
done
grep -rhoE 'when: \{.*\}$' rules | sed 's/^when: //' | sort -u | head -200 | split -l 1 - "$seeds/fuzz_conditions/when-"

max_len() {
  case "$1" in
    fuzz_load_rules) echo 65536 ;;
    fuzz_differential | fuzz_analyzer_differential) echo 2048 ;;
    *) echo 8192 ;;
  esac
}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for t in "${targets[@]}"; do
  bin=$dir/tests/fuzz/$t
  # A dictionary of what makes the input ambiguous (duplicate keys, NUL bytes,
  # invalid UTF-8...), where the target has one.
  dict=()
  [[ -f tests/fuzz/dict/$t.dict ]] && dict=(-dict="tests/fuzz/dict/$t.dict")
  mkdir -p "tests/fuzz/corpus/$t" "$dir/corpus/$t" "$dir/artifacts"
  echo "== $t: replaying tests/fuzz/corpus/$t and the seeds"
  "$bin" -runs=0 -timeout=20 -rss_limit_mb=2048 -max_len="$(max_len "$t")" "tests/fuzz/corpus/$t" "$seeds/$t" 2>&1 | tail -n 3
  [[ $replay == yes ]] && continue
  echo "== $t: fuzzing for ${time}s"
  "$bin" "${dict[@]}" -max_total_time="$time" -timeout=20 -rss_limit_mb=2048 -max_len="$(max_len "$t")" -print_final_stats=1 \
    -artifact_prefix="$dir/artifacts/$t-" "$dir/corpus/$t" "tests/fuzz/corpus/$t" "$seeds/$t" 2>&1 | tail -n 12
done
