#!/usr/bin/env bash
# Requests per second and latency of `referral serve` on loopback, measured
# with wrk (Debian package wrk): POST /v1/decide of one Bogotá sample case.
# Usage: tools/bench/serve_bench.sh [SECONDS] [CONNECTIONS] [TRACE]
#   defaults: 10 s, 8 connections (the default 8 workers), trace=rules. Needs a build (scripts/build.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-10} connections=${2:-8} trace=${3:-rules}
command -v wrk >/dev/null || { echo "serve_bench.sh: install wrk (apt-get install wrk)" >&2; exit 1; }
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
"${REFERRAL:-build/tools/referral/referral}" serve --listen 127.0.0.1:0 --quiet ${SERVE_ARGS:-} >"$work/out" 2>"$work/err" &
server=$!
for _ in $(seq 100); do grep -q listening "$work/out" 2>/dev/null && break; sleep 0.05; done
port=$(sed -n 's/^listening on 127.0.0.1://p' "$work/out")
case_json=$(tr -d '\n' < rules/bogota/samples/nina-venezolana-3-anos.json | sed 's/\\/\\\\/g; s/"/\\"/g')
cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.body = "$case_json"
wrk.headers["Content-Type"] = "application/json"
LUA
echo "referral serve, POST /v1/decide?trace=$trace, $connections connections, 2 wrk threads, ${seconds}s, $(nproc) cores"
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/post.lua" "http://127.0.0.1:$port/v1/decide?trace=$trace"
