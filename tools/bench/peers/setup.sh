#!/usr/bin/env bash
# Installs the pinned peer engines into tools/bench/peers/node_modules (idempotent) and prints
# the installed versions. Needs Node.js >= 20 and npm, and the npm registry.
#
# `npm install` (not `npm ci`): @gorules/zen-engine lists one optional native package per
# platform, and the registry this project reaches serves only some of them at 0.54.0, so the
# lock file npm writes here lacks the others and `npm ci` refuses it as "not in sync".
# package.json pins both engines exactly; package-lock.json pins the transitive packages.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -d node_modules/@gorules/zen-engine ] || [ ! -d node_modules/json-rules-engine ]; then
  npm install --no-audit --no-fund
fi
node -e '
const { createRequire } = require("node:module");
const r = createRequire(process.cwd() + "/");
for (const p of ["@gorules/zen-engine", "json-rules-engine"]) {
  console.log(p + " " + r(p + "/package.json").version);
}
let native = "(none)";
for (const p of ["linux-x64-gnu", "linux-x64-musl", "linux-arm64-gnu", "linux-arm64-musl", "darwin-arm64", "darwin-x64", "win32-x64-msvc"]) {
  try { native = "@gorules/zen-engine-" + p + " " + r("@gorules/zen-engine-" + p + "/package.json").version; break; } catch {}
}
console.log(native);
console.log("node " + process.version);
'
