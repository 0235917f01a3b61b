#!/usr/bin/env bash
# npm test: every check, in order of cost; stops at the first failure and
# exits non-zero. Browser tests run against a production build on `next start`.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1

step() { printf '\n=== %s\n' "$*"; }

step "Typecheck";          npx tsc --noEmit
step "Lint";               npx eslint --max-warnings=0 .
step "Unit tests";         npx vitest run --project unit
step "Integration tests";  npx vitest run --project integration
step "Browser tests";      bash scripts/ensure-chromium.sh && npx playwright test
