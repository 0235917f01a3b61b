#!/usr/bin/env bash
# npm run bench:cluster: scripts/deploy/up.sh, the storm (scripts/deploy/storm.ts),
# then scripts/deploy/down.sh whatever happened; exits with the storm's status.
# Takes a few minutes (build included): too long for npm test.
set -uo pipefail
cd "$(dirname "$0")/../.."
trap 'bash scripts/deploy/down.sh' EXIT
bash scripts/deploy/up.sh || exit 1
timeout 900 node_modules/.bin/tsx scripts/deploy/storm.ts
