#!/usr/bin/env bash
# The Debian package: `cpack -G DEB` from the build folder, its control data
# and contents inspected, then unpacked into a scratch root (no dpkg -i, no
# root needed) where the packaged program decides a sample case on the
# packaged rules and the packaged Python package loads the packaged library,
# with nothing set. Usage: deb_test.sh BUILD_DIR
set -euo pipefail
build=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/out" >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; exit 1; }
deb=$(ls "$work"/out/referral_*.deb)
info=$(dpkg-deb --info "$deb")
for field in 'Package: referral' 'Architecture: amd64' 'Depends: '; do
  grep -qF "$field" <<<"$info" || { echo "no '$field' in the package's control:"; echo "$info"; exit 1; }
done
# dpkg-shlibdeps found the libraries the program links.
grep -q 'Depends: .*libyaml-cpp' <<<"$info" || { echo "Depends lacks libyaml-cpp:"; echo "$info"; exit 1; }
contents=$(dpkg-deb --contents "$deb")
for f in ./usr/bin/referral ./usr/lib/libreferral.so.0.1 ./usr/lib/libreferral_c.so.0 ./usr/lib/libreferral.a \
         ./usr/include/referral/referral.h ./usr/lib/cmake/referral/referralConfig.cmake \
         ./usr/lib/pkgconfig/referral-c.pc ./usr/share/referral/rules/bogota/ruleset.yaml \
         ./usr/share/referral/schema/decision.schema.json ./usr/share/referral/openapi.json \
         ./usr/lib/python3/dist-packages/referral/__init__.py; do
  grep -qF " $f" <<<"$contents" || { echo "not in the package: $f"; exit 1; }
done
dpkg-deb -x "$deb" "$work/root"
root=$work/root/usr
for f in bin/referral lib/libreferral.so.0.1 lib/libreferral_c.so.0 lib/libreferral.a; do
  if readelf -S "$root/$f" 2>/dev/null | grep '\.debug_info' >/dev/null; then echo "debug information packaged in $f"; exit 1; fi
done
out=$(env -i PATH=/usr/bin:/bin "$root/bin/referral" route --rules "$root/share/referral/rules/bogota" \
      "$root/share/referral/rules/bogota/samples/nina-venezolana-3-anos.json")
grep -qF '"service":"SDIS_CENTRO_ABRAZAR"' <<<"$out" || { echo "the packaged program printed: $out"; exit 1; }
env -i PATH=/usr/bin:/bin PYTHONPATH="$root/lib/python3/dist-packages" python3 -c '
import json, sys, referral
e = referral.Engine(sys.argv[1] + "/share/referral/rules/bogota")
case = json.load(open(sys.argv[1] + "/share/referral/rules/bogota/samples/nina-venezolana-3-anos.json"))
assert "SDIS_CENTRO_ABRAZAR" in [r["service"] for r in e.decide(case)["referrals"]]
assert referral.__file__.startswith(sys.argv[1])
' "$root"
echo "deb_test: $(basename "$deb") ($(du -h "$deb" | cut -f1)) builds, holds the program, libraries and data, and runs unpacked"
