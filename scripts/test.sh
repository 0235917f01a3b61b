#!/usr/bin/env bash
# npm test: every check, in order of cost; stops at the first failure and
# exits non-zero. Browser tests run against a production build on `next start`.
#
# The suite must stay under 15 minutes on 2 cores, and it is CPU-bound (a
# third Playwright worker made it slower), so what can overlap does: the
# packages the browser and switch tests need (Chromium, Kamailio, SIPp:
# network and disk, little CPU) install in the background from the start,
# and the typecheck and the lint (one core each) run side by side.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1

step() { printf '\n=== %s (%s s into the run)\n' "$*" "$SECONDS"; }

mkdir -p .data
install_log=.data/test-installs.log
# One after the other: both use apt-get, which takes a lock.
(bash scripts/ensure-chromium.sh && bash scripts/ensure-kamailio.sh) >"$install_log" 2>&1 &
installs=$!

step "Typecheck and lint"
npx tsc --noEmit >.data/test-typecheck.log 2>&1 &
typecheck=$!
lint_status=0
npx eslint --max-warnings=0 . || lint_status=$?
typecheck_status=0
wait "$typecheck" || typecheck_status=$?
cat .data/test-typecheck.log
if [ "$typecheck_status" -ne 0 ] || [ "$lint_status" -ne 0 ]; then
  echo "Typecheck exit $typecheck_status, lint exit $lint_status" >&2
  exit 1
fi
# The types are checked: the builds below need not check them again (next.config.mjs).
export SWITCHBOARD_TYPES_CHECKED=1

step "Unit tests";         npx vitest run --project unit
step "Integration tests";  npx vitest run --project integration
step "Browser tests"
if ! wait "$installs"; then
  cat "$install_log" >&2
  echo "Installing Chromium or Kamailio/SIPp failed (above)." >&2
  exit 1
fi
cat "$install_log"
npx playwright test
