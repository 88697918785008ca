#!/usr/bin/env bash
# Configures and builds referral into a build folder.
# Usage: scripts/build.sh [--werror] [--sanitize] [--no-tests]
# Environment: BUILD_DIR (default: build, or build-asan with --sanitize).
set -euo pipefail
cd "$(dirname "$0")/.."
werror=OFF sanitize=OFF tests=ON
for arg in "$@"; do
  case "$arg" in
    --werror) werror=ON ;;
    --sanitize) sanitize=ON ;;
    --no-tests) tests=OFF ;;
    *) echo "build.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done
default_dir=build
[[ $sanitize == ON ]] && default_dir=build-asan
dir=${BUILD_DIR:-$default_dir}
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DREFERRAL_WERROR="$werror" -DREFERRAL_SANITIZE="$sanitize" -DREFERRAL_BUILD_TESTS="$tests" >/dev/null
cmake --build "$dir" -j "$(nproc)"
