#!/usr/bin/env bash
# Configures and builds referral into a build folder.
# Usage: scripts/build.sh [--werror] [--sanitize | --tsan] [--no-tests] [--target T]
# Environment: BUILD_DIR (default: build; build-asan with --sanitize,
# build-tsan with --tsan).
set -euo pipefail
cd "$(dirname "$0")/.."
werror=OFF sanitize=OFF tsan=OFF tests=ON target=()
while (($#)); do
  case "$1" in
    --werror) werror=ON ;;
    --sanitize) sanitize=ON ;;
    --tsan) tsan=ON ;;
    --no-tests) tests=OFF ;;
    --target) target=(--target "$2"); shift ;;
    *) echo "build.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
default_dir=build
[[ $sanitize == ON ]] && default_dir=build-asan
[[ $tsan == ON ]] && default_dir=build-tsan
dir=${BUILD_DIR:-$default_dir}
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DREFERRAL_WERROR="$werror" \
  -DREFERRAL_SANITIZE="$sanitize" -DREFERRAL_TSAN="$tsan" -DREFERRAL_BUILD_TESTS="$tests" >/dev/null
cmake --build "$dir" -j "$(nproc)" "${target[@]}"
