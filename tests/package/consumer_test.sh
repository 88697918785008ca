#!/usr/bin/env bash
# Installs the built package into a scratch prefix with `cmake --install`,
# then builds a consumer against it twice: with find_package(referral CONFIG)
# (C++ shared and static, and C) and with pkg-config (C and C++), and runs
# each on a real case. Usage: consumer_test.sh BUILD_DIR SOURCE_DIR SANITIZE(ON|OFF)
set -euo pipefail
build=$1 src=$2 sanitize=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
flags=""
[[ $sanitize == ON ]] && flags="-fsanitize=address,undefined"
case_file=$src/rules/bogota/samples/nina-venezolana-3-anos.json
# expect PATTERN COMMAND...: COMMAND succeeds and its output holds PATTERN.
# (Not `cmd | grep -q`: grep's early exit would kill cmd under pipefail.)
expect() {
  local pattern=$1 out
  shift
  out=$("$@") || { echo "failed: $*"; exit 1; }
  grep -qF -- "$pattern" <<<"$out" || { echo "no '$pattern' in the output of: $*"; exit 1; }
}

cmake --install "$build" --prefix "$work/prefix" >/dev/null
for f in include/referral/referral.h include/referral/engine.h bin/referral; do
  [[ -e $work/prefix/$f ]] || { echo "not installed: $f"; exit 1; }
done
libdir=$(cd "$work/prefix" && ls -d lib*/ | head -n1)
libdir=$work/prefix/${libdir%/}
[[ -d $libdir/x86_64-linux-gnu ]] && libdir=$libdir/x86_64-linux-gnu
soname=$(objdump -p "$libdir/libreferral.so" | awk '/SONAME/ {print $2}')
[[ $soname == libreferral.so.0 ]] || { echo "SONAME is '$soname', want libreferral.so.0"; exit 1; }
# Hidden visibility: the engine's internals are not exported.
if nm -D --defined-only "$libdir/libreferral.so" | c++filt | grep -q 'referral::internal::'; then
  echo "libreferral.so exports referral::internal symbols"; exit 1
fi
if nm -D --defined-only "$libdir/libreferral_c.so" | grep -v ' referral_' | grep -q ' T '; then
  echo "libreferral_c.so exports symbols other than referral_*"; exit 1
fi

cmake -S "$src/tests/package/consumer" -B "$work/cmake" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" >/dev/null
cmake --build "$work/cmake" >/dev/null
export LD_LIBRARY_PATH=$libdir
expect '"service":"SDIS_CENTRO_ABRAZAR"' "$work/cmake/consumer_cxx" "$src/rules/bogota" "$case_file"
expect 'Remisiones' "$work/cmake/consumer_cxx_static" "$src/rules/bogota" "$case_file"
expect '"outcome":"referred"' "$work/cmake/consumer_c" "$src/rules/bogota" "$(cat "$case_file")"
if "$work/cmake/consumer_c" "$src/rules/bogota" '{"case_id":"x","edad":3}' 2>"$work/err"; then
  echo "a bad case was accepted"; exit 1
fi
grep -q 'case.unknown_field (field edad)' "$work/err"

export PKG_CONFIG_PATH=$libdir/pkgconfig
# shellcheck disable=SC2046
cc $flags "$src/tests/package/consumer/consumer.c" $(pkg-config --cflags --libs referral-c) -o "$work/pc_c"
expect '"outcome":"referred"' "$work/pc_c" "$src/rules/bogota" "$(cat "$case_file")"
# shellcheck disable=SC2046
c++ -std=c++20 $flags "$src/tests/package/consumer/consumer.cc" $(pkg-config --cflags --libs referral) -o "$work/pc_cxx"
expect 'Remisiones' "$work/pc_cxx" "$src/rules/bogota" "$case_file"
echo "consumer_test: installed package consumed by CMake and pkg-config (C and C++)"
