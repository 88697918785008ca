#!/usr/bin/env bash
# Installs the built package into a scratch prefix with `cmake --install`,
# then builds consumers against it: with find_package(referral CONFIG) (C++
# shared and static, and C; a C-only project and a C++14 one asking for one
# component each, with every C++ dependency's package hidden; a project asking
# for a version 0.1 does not satisfy) and with pkg-config (C and C++), and
# runs each on a real case with a clean environment: no LD_LIBRARY_PATH, the
# libraries find each other by their RUNPATH. Then the installed data: the
# rule sets (an overlay included), the schemas and the OpenAPI file.
# Usage: consumer_test.sh BUILD_DIR SOURCE_DIR SANITIZE(ON|OFF)
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
for f in include/referral/referral.h include/referral/engine.h bin/referral share/referral/rules/bogota/ruleset.yaml \
         share/referral/rules/maicao share/referral/schema/decision.schema.json share/referral/openapi.json \
         lib/python3/dist-packages/referral/__init__.py; do
  [[ -e $work/prefix/$f ]] || { echo "not installed: $f"; exit 1; }
done
libdir=$(cd "$work/prefix" && ls -d lib*/ | head -n1)
libdir=$work/prefix/${libdir%/}
[[ -d $libdir/x86_64-linux-gnu ]] && libdir=$libdir/x86_64-linux-gnu
soname=$(objdump -p "$libdir/libreferral.so" | awk '/SONAME/ {print $2}')
# While 0.x, the minor is part of the C++ SONAME (docs/compatibility.md);
# the C ABI's stays libreferral_c.so.0.
minor=$(awk '/#define REFERRAL_VERSION_MINOR/ {print $3}' "$src/include/referral/version.h")
[[ $soname == libreferral.so.0.$minor ]] || { echo "SONAME is '$soname', want libreferral.so.0.$minor"; exit 1; }
c_soname=$(objdump -p "$libdir/libreferral_c.so" | awk '/SONAME/ {print $2}')
[[ $c_soname == libreferral_c.so.0 ]] || { echo "C SONAME is '$c_soname', want libreferral_c.so.0"; exit 1; }
# Hidden visibility: the engine's internals are not exported.
if nm -D --defined-only "$libdir/libreferral.so" | c++filt | grep 'referral::internal::' >/dev/null; then
  echo "libreferral.so exports referral::internal symbols"; exit 1
fi
# Nor the std:: template code it instantiates (engine/referral.map): only the API.
others=$(nm -D --defined-only -C "$libdir/libreferral.so" | grep -v -e ' referral::' -e 'for referral::' -e ' A REFERRAL_CXX$' || true)
[[ -z $others ]] || { echo "libreferral.so exports symbols outside namespace referral:"; echo "$others" | head; exit 1; }
# The C library exports the C ABI and nothing else, not even weak C++
# template symbols (engine/capi/referral_c.map), each at version REFERRAL_C_0.
others=$(nm -D --defined-only "$libdir/libreferral_c.so" | grep -v -e ' T referral_' -e ' A REFERRAL_C_0$' || true)
[[ -z $others ]] || { echo "libreferral_c.so exports symbols other than referral_*:"; echo "$others"; exit 1; }
objdump -T "$libdir/libreferral_c.so" | grep 'REFERRAL_C_0 *referral_decide_ex$' >/dev/null ||
  { echo "referral_decide_ex is not at version REFERRAL_C_0"; exit 1; }

runpath=$(readelf -d "$libdir/libreferral_c.so" | awk '/RUNPATH/ {print $NF}')
[[ $runpath == '[$ORIGIN]' ]] || { echo "libreferral_c.so RUNPATH is '$runpath', want [\$ORIGIN]"; exit 1; }

# clean COMMAND...: runs COMMAND with nothing but PATH (and ASan's options) set.
clean() { env -i PATH=/usr/bin:/bin ASAN_OPTIONS="${ASAN_OPTIONS:-}" "$@"; }
# Every C++ dependency's CMake package hidden, as on a machine without their -dev packages.
hidden="-DCMAKE_DISABLE_FIND_PACKAGE_yaml-cpp=ON -DCMAKE_DISABLE_FIND_PACKAGE_Boost=ON
        -DCMAKE_DISABLE_FIND_PACKAGE_nlohmann_json=ON -DCMAKE_DISABLE_FIND_PACKAGE_simdjson=ON
        -DCMAKE_DISABLE_FIND_PACKAGE_OpenSSL=ON"
configure() {  # configure DIR CONSUMER [more cmake args]
  local dir=$1 consumer=$2
  shift 2
  cmake -S "$src/tests/package/consumer" -B "$work/$dir" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" \
    -DCONSUMER="$consumer" -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" "$@" >"$work/$dir.log" 2>&1
}
configure cmake all || { cat "$work/cmake.log"; exit 1; }
cmake --build "$work/cmake" >/dev/null
expect '"service":"SDIS_CENTRO_ABRAZAR"' clean "$work/cmake/consumer_cxx" "$src/rules/bogota" "$case_file"
expect 'Qué hacer' clean "$work/cmake/consumer_cxx_static" "$src/rules/bogota" "$case_file"
expect '"outcome":"referred"' clean "$work/cmake/consumer_c" "$src/rules/bogota" "$(cat "$case_file")"
if clean "$work/cmake/consumer_c" "$src/rules/bogota" '{"case_id":"x","edad":3}' 2>"$work/err"; then
  echo "a bad case was accepted"; exit 1
fi
grep -q 'case.unknown_field (field edad)' "$work/err"

# shellcheck disable=SC2086
configure c_only c $hidden || { echo "COMPONENTS c needed a C++ dependency:"; cat "$work/c_only.log"; exit 1; }
cmake --build "$work/c_only" >/dev/null
expect '"outcome":"referred"' clean "$work/c_only/consumer_c" "$src/rules/bogota" "$(cat "$case_file")"
# shellcheck disable=SC2086
configure cxx14 cxx14 $hidden || { echo "COMPONENTS engine failed:"; cat "$work/cxx14.log"; exit 1; }
cmake --build "$work/cxx14" >"$work/cxx14.build" 2>&1 || { echo "a C++14 consumer failed to build:"; cat "$work/cxx14.build"; exit 1; }
expect 'Qué hacer' clean "$work/cxx14/consumer_cxx" "$src/rules/bogota" "$case_file"
if configure typo typo; then echo "an unknown component was accepted"; exit 1; fi
grep -q 'unknown component `engnie`: the components are engine, engine_static and c' "$work/typo.log" ||
  { echo "an unknown component's error does not name it:"; cat "$work/typo.log"; exit 1; }
# 0.x: only the same major.minor is compatible (docs/compatibility.md).
version_file=$(find "$work/prefix" -name referralConfigVersion.cmake)
cat >"$work/compatible.cmake" <<'EOF_CMAKE'
string(REPLACE "." ";" parts "${PACKAGE_FIND_VERSION}")
list(GET parts 0 PACKAGE_FIND_VERSION_MAJOR)
list(GET parts 1 PACKAGE_FIND_VERSION_MINOR)
set(PACKAGE_FIND_VERSION_COUNT 2)
include(${V})
message("${PACKAGE_VERSION_COMPATIBLE}")
EOF_CMAKE
compatible() {  # compatible ASKED: whether the installed 0.1.0 satisfies find_package(referral ASKED)
  cmake -DPACKAGE_FIND_VERSION="$1" -DV="$version_file" -P "$work/compatible.cmake" 2>&1
}
[[ $(compatible 0.1) == TRUE ]] || { echo "0.1.0 does not satisfy 0.1"; exit 1; }
[[ $(compatible 0.0) == FALSE ]] || { echo "0.1.0 satisfies a request for 0.0 (an ABI of another minor)"; exit 1; }
[[ $(compatible 0.2) == FALSE ]] || { echo "0.1.0 satisfies a request for 0.2"; exit 1; }
# shellcheck disable=SC2086
if configure static_hidden all $hidden; then echo "the static library's dependencies were not required"; exit 1; fi

# A C library loaded by path, as Python's ctypes does, with nothing set.
# (Not under ASan: an instrumented library cannot load into an uninstrumented python3.)
if [[ $sanitize != ON ]]; then
  clean python3 -c "import ctypes, sys; ctypes.CDLL(sys.argv[1]).referral_version" "$libdir/libreferral_c.so.0"
fi

export PKG_CONFIG_PATH=$libdir/pkgconfig
pc_libdir=$(pkg-config --variable=libdir referral-c)
# shellcheck disable=SC2046
cc $flags "$src/tests/package/consumer/consumer.c" $(pkg-config --cflags --libs referral-c) -Wl,-rpath,"$pc_libdir" \
  -o "$work/pc_c"
expect '"outcome":"referred"' clean "$work/pc_c" "$src/rules/bogota" "$(cat "$case_file")"
# shellcheck disable=SC2046
c++ -std=c++20 $flags "$src/tests/package/consumer/consumer.cc" $(pkg-config --cflags --libs referral) \
  -Wl,-rpath,"$pc_libdir" -o "$work/pc_cxx"
expect 'Qué hacer' clean "$work/pc_cxx" "$src/rules/bogota" "$case_file"

# The installed program on the installed data.
share=$work/prefix/share/referral
expect 'SDIS_CENTRO_ABRAZAR' clean "$work/prefix/bin/referral" route --rules "$share/rules/bogota" \
  "$share/rules/bogota/samples/nina-venezolana-3-anos.json"
clean "$work/prefix/bin/referral" check "$share/rules/maicao" >/dev/null
python3 -c "import json, sys; json.load(open(sys.argv[1])); json.load(open(sys.argv[2]))" \
  "$share/openapi.json" "$share/schema/decision.schema.json"
echo "consumer_test: installed package consumed by CMake (all, COMPONENTS c, C++14) and pkg-config, from a clean environment"
