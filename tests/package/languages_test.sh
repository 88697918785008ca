#!/usr/bin/env bash
# The language packages against a scratch prefix, with a clean environment
# (nothing but PATH; no LD_LIBRARY_PATH):
#   python  the installed package's pytest suite (python/tests)
#   ruby    examples/ruby/decide.rb through Debian's ruby-ffi
#   java    examples/java/Decide.java through JNA (libjna-java) on the JDK
# Usage: languages_test.sh BUILD_DIR SOURCE_DIR python|ruby|java
set -euo pipefail
build=$1 src=$2 lang=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
prefix=$work/prefix
lib=$(find "$prefix" -name 'libreferral_c.so.0' | head -n1)
rules=$prefix/share/referral/rules/bogota
case_file=$rules/samples/nina-venezolana-3-anos.json
clean() { env -i PATH=/usr/bin:/bin HOME="$work" "$@"; }

case $lang in
  python)
    # -p no:cacheprovider: nothing written into the source tree.
    clean PYTHONPATH="$prefix/lib/python3/dist-packages" REFERRAL_SHARE="$prefix/share/referral" \
      python3 -m pytest -q -p no:cacheprovider "$src/python/tests"
    # The wheel (python3-build, offline): the same package, finding the
    # library through REFERRAL_LIBRARY; its version is the engine's.
    if python3 -c 'import build' 2>/dev/null; then
      cp -r "$src/python" "$work/wheel-src"
      clean python3 -m build --wheel --no-isolation --outdir "$work/dist" "$work/wheel-src" >"$work/build.log" 2>&1 ||
        { cat "$work/build.log"; exit 1; }
      wheel=$(ls "$work"/dist/referral-*.whl)
      version=$(sed -n 's/^#define REFERRAL_VERSION_\(MAJOR\|MINOR\|PATCH\) \([0-9]*\)$/\2/p' "$src/include/referral/version.h" | paste -sd.)
      [[ $(basename "$wheel") == referral-$version-py3-none-any.whl ]] || { echo "wheel $wheel, engine $version"; exit 1; }
      mkdir "$work/site" && (cd "$work/site" && python3 -m zipfile -e "$wheel" .)
      clean PYTHONPATH="$work/site" REFERRAL_LIBRARY="$lib" python3 -c \
        'import referral, sys; e = referral.Engine(sys.argv[1]); print("wheel:", referral.version(), e.info()["id"])' "$rules"
    fi
    ;;
  ruby)
    out=$(clean ruby "$src/examples/ruby/decide.rb" "$lib" "$rules" "$case_file")
    [[ " $out " == *" SDIS_CENTRO_ABRAZAR "* ]] || { echo "ruby printed: $out"; exit 1; }
    echo "ruby: $out"
    ;;
  java)
    out=$(clean java -cp /usr/share/java/jna.jar "$src/examples/java/Decide.java" "$lib" "$rules" "$case_file")
    grep -qF '"service":"SDIS_CENTRO_ABRAZAR"' <<<"$out" || { echo "java printed: $out"; exit 1; }
    grep -qF 'case.unknown_field: campo desconocido `edad`' <<<"$out" || { echo "java printed: $out"; exit 1; }
    echo "java: ${out:0:120}"
    ;;
  *) echo "unknown language $lang"; exit 2 ;;
esac
