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
    ;;
  ruby)
    out=$(clean ruby "$src/examples/ruby/decide.rb" "$lib" "$rules" "$case_file")
    [[ " $out " == *" SDIS_CENTRO_ABRAZAR "* ]] || { echo "ruby printed: $out"; exit 1; }
    echo "ruby: $out"
    ;;
  java)
    out=$(clean java -cp /usr/share/java/jna.jar "$src/examples/java/Decide.java" "$lib" "$rules" "$case_file")
    grep -qF '"service":"SDIS_CENTRO_ABRAZAR"' <<<"$out" || { echo "java printed: $out"; exit 1; }
    echo "java: ${out:0:120}"
    ;;
  *) echo "unknown language $lang"; exit 2 ;;
esac
