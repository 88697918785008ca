#!/usr/bin/env bash
# The main job: install what is missing, build, then route every sample case
# of the default rule set (rules/bogota) and print each explained decision.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh --no-tests
build/tools/referral/referral check rules/bogota
build/tools/referral/referral test rules/bogota --explain all
