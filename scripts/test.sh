#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite (CTest).
# Usage: scripts/test.sh [--werror] [--sanitize | --tsan]
#   --werror    warnings are errors (CI)
#   --sanitize  build with ASan+UBSan in build-asan/ and run the suite there
#   --tsan      build the unit tests tagged [concurrency] with ThreadSanitizer
#               in build-tsan/ and run them there
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
dir=build tsan=no
for arg in "$@"; do
  [[ $arg == --sanitize ]] && dir=build-asan
  [[ $arg == --tsan ]] && dir=build-tsan tsan=yes
done
[[ -n ${BUILD_DIR:-} ]] && dir=$BUILD_DIR
if [[ $tsan == yes ]]; then
  scripts/build.sh "$@" --target concurrency_tests
  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" "$dir/tests/concurrency_tests" "[concurrency]"
  exit
fi
scripts/build.sh "$@"
cd "$dir"
ctest -j "$(nproc)" --output-on-failure
