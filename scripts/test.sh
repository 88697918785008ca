#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite (CTest).
# Usage: scripts/test.sh [--werror] [--sanitize]
#   --werror    warnings are errors (CI)
#   --sanitize  build with ASan+UBSan in build-asan/ and run the suite there
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh "$@"
dir=build
for arg in "$@"; do [[ $arg == --sanitize ]] && dir=build-asan; done
[[ -n ${BUILD_DIR:-} ]] && dir=$BUILD_DIR
cd "$dir"
ctest -j "$(nproc)" --output-on-failure
