#!/usr/bin/env bash
# Installs what building and testing referral needs on Debian 12 (run as root).
# Idempotent: packages already present are left alone.
set -euo pipefail
packages=(
  cmake ninja-build g++ pkg-config
  libyaml-cpp-dev libboost-graph-dev libspdlog-dev catch2 nlohmann-json3-dev libsimdjson-dev
  libcli11-dev libssl-dev libcpp-httplib-dev libbenchmark-dev python3
  graphviz python3-jsonschema python3-yaml  # `referral graph --format svg`; the schema test
  chromium fonts-liberation                 # the HTML report test renders the page headless
  chromium-driver python3-selenium          # the workbench test drives its pages in Chromium
  clang libclang-rt-14-dev  # scripts/fuzz.sh: libFuzzer targets with ASan+UBSan
  time                      # tools/bench/run.sh: peak memory (/usr/bin/time), also in its --smoke test
  dpkg-dev                  # `cpack -G DEB`: dpkg-shlibdeps fills the package's Depends
  abigail-tools             # tests/abi: abidiff against the release's binary interface
  python3-pytest ruby-ffi libjna-java openjdk-17-jdk-headless  # the Python, Ruby and Java bindings' tests
)
# The OpenAPI test runs an npm package on Node.js. A machine whose Node.js
# came from elsewhere (NodeSource's `nodejs` bundles npm and conflicts with
# Debian's `npm`) keeps it; otherwise Debian's.
command -v npm >/dev/null || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The OpenAPI validator (tests/openapi/package.json, pinned by its lock file),
# into tests/openapi/node_modules: nothing global. Skipped when that lock file
# is already installed.
openapi="$(dirname "$0")/../tests/openapi"
if ! cmp -s "$openapi/package-lock.json" "$openapi/node_modules/.referral-installed-lock"; then
  (cd "$openapi" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$openapi/package-lock.json" "$openapi/node_modules/.referral-installed-lock"
fi
