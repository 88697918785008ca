#!/usr/bin/env bash
# The shared libraries' binary interfaces against the release that introduced
# their SONAMEs (docs/compatibility.md, "ABI check"). abidiff (Debian's
# abigail-tools) compares each library with its baseline, an abidw dump of
# that release kept here (libreferral.abi.xz, libreferral_c.abi.xz): every
# exported function and variable, the types they reach (a member added to a
# struct that a function takes or returns, even inside a std::vector, is a
# change), but not the types callers only hold through a pointer
# (suppressions.ini). Additions pass and are listed; any other change fails,
# unless the SONAME changed with it (a new 0.x minor for the C++ library;
# never, for the C ABI, within libreferral_c.so.0), and then the baseline is
# the new SONAME's first release's, made with --update.
# Usage: abi_check.sh [--update] BASELINE_DIR LIBRARY.so...
#   BASELINE_DIR holds NAME.abi.xz for each library NAME.so, and may hold
#   suppressions.ini; tests/abi/ is the engine's.
set -euo pipefail
mode=check
[[ ${1:-} == --update ]] && { mode=--update; shift; }
dir=$1
shift
suppress=()
[[ -f $dir/suppressions.ini ]] && suppress=(--suppressions "$dir/suppressions.ini")
for tool in abidw abidiff objdump nm xz; do
  command -v $tool >/dev/null || { echo "$tool is missing (scripts/setup.sh installs abigail-tools)"; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for path in "$@"; do
  lib=$(basename "$path")
  lib=${lib%%.so*}
  so=$(readlink -f "$path")
  soname=$(objdump -p "$so" | awk '/SONAME/ {print $2}')
  baseline=$dir/$lib.abi.xz
  if [[ $mode == --update ]]; then
    abidw --no-show-locs --no-comp-dir-path "$so" | xz -9 > "$baseline"
    echo "$lib: baseline $soname written to $baseline"
    continue
  fi
  xz -dc "$baseline" > "$work/$lib.abi"
  base_soname=$(grep -o -m1 "soname='[^']*'" "$work/$lib.abi" | cut -d"'" -f2)
  if [[ $base_soname != "$soname" ]]; then
    echo "$lib: the SONAME is $soname, the baseline's $base_soname: a new SONAME starts from its own release's"
    echo "  baseline (bash tests/abi/abi_check.sh --update tests/abi build/engine/*.so, at that release)"
    status=1
    continue
  fi
  # abidiff's status bits: 1 the tool failed, 2 usage, 4 a change, 8 an
  # incompatible change (a symbol removed). Additions left aside, any change
  # to what the baseline had (a type, a parameter, a member) fails.
  rc=0
  abidiff --no-added-syms "${suppress[@]}" "$work/$lib.abi" "$so" \
    > "$work/$lib.diff" 2>&1 || rc=$?
  if (( rc & 3 )); then
    echo "$lib: abidiff failed ($rc):"; cat "$work/$lib.diff"; status=1; continue
  elif (( rc & 12 )); then
    echo "$lib: a change to what $soname had, which breaks binaries built against it:"; cat "$work/$lib.diff"
    status=1; continue
  fi
  grep -o "<elf-symbol name='[^']*'" "$work/$lib.abi" | cut -d"'" -f2 | sort -u > "$work/$lib.before"
  nm -D --defined-only "$so" | awk '$2 != "A" {sub(/@.*/, "", $3); print $3}' | sort -u > "$work/$lib.now"
  added=$(comm -13 "$work/$lib.before" "$work/$lib.now")
  if [[ -n $added ]]; then
    echo "$lib: $soname unchanged, with additions:"; c++filt <<<"$added" | sed 's/^/  /'
  else
    echo "$lib: $soname unchanged"
  fi
done
exit $status
