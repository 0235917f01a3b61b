#!/usr/bin/env bash
# HAProxy external check for the PostgreSQL frontend (docs/deploy.md): a server
# is up only when it accepts a login AND is not in recovery, i.e. it is the
# writable primary. A standby (before promotion) or a restarted old primary
# that was turned into a standby is therefore never sent the app's
# connections. HAProxy calls it as: <proxy addr> <proxy port> <server addr>
# <server port>; PGPASSFILE names the check role's password (set by the
# generated wrapper in the deploy folder).
set -u
out=$(timeout 3 "${DEPLOY_PG_BIN:-/usr/lib/postgresql/15/bin}/psql" -X -w -At \
  -h "$3" -p "$4" -U switchboard_check -d postgres -c "SELECT pg_is_in_recovery()" 2>/dev/null) || exit 1
[ "$out" = "f" ]
