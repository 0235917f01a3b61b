# Shared by up.sh, down.sh and the storm: where the test topology lives and
# which loopback ports it uses (docs/deploy.md, "Try it on one machine").
# Every port can be moved with the environment variable of the same name.
DEPLOY_PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DEPLOY_DIR="${SWITCHBOARD_DEPLOY_DIR:-$DEPLOY_PROJECT_DIR/.data/deploy}"
DEPLOY_PG_BIN="${SWITCHBOARD_DEPLOY_PG_BIN:-/usr/lib/postgresql/15/bin}"
DEPLOY_PRIMARY_PORT="${DEPLOY_PRIMARY_PORT:-55550}"
DEPLOY_STANDBY_PORT="${DEPLOY_STANDBY_PORT:-55551}"
DEPLOY_PG_FRONTEND_PORT="${DEPLOY_PG_FRONTEND_PORT:-55552}"
DEPLOY_APP_FRONTEND_PORT="${DEPLOY_APP_FRONTEND_PORT:-3250}"
DEPLOY_APP_PORTS="${DEPLOY_APP_PORTS:-3251 3252}"
DEPLOY_STATS_PORT="${DEPLOY_STATS_PORT:-3259}"
# Reads from the standby (docs/deploy.md, "Reads from the standby"): a second
# PostgreSQL frontend, the standby first and the primary as its backup, given
# to the instances as DATABASE_REPLICA_URL unless DEPLOY_REPLICA_READS=0.
DEPLOY_PG_REPLICA_PORT="${DEPLOY_PG_REPLICA_PORT:-55554}"
DEPLOY_REPLICA_READS="${DEPLOY_REPLICA_READS:-1}"
DEPLOY_PRIMARY_DIR="$DEPLOY_DIR/pg/primary"
DEPLOY_STANDBY_DIR="$DEPLOY_DIR/pg/standby"
DEPLOY_SECRETS="$DEPLOY_DIR/secrets.env"

# PostgreSQL refuses to run as root: as root, its commands run as `postgres`.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
