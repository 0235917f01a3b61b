#!/usr/bin/env bash
# scripts/deploy/up.sh: the production topology of docs/deploy.md on this one
# machine, for a test: a PostgreSQL 15 primary from Debian and its streaming
# standby, HAProxy in front of them (TCP, the writable one only) and in front
# of two app instances (HTTP, round robin, health-checked), all on 127.0.0.1.
# Everything lives in .data/deploy (SWITCHBOARD_DEPLOY_DIR) and every process
# it starts is written down there, so scripts/deploy/down.sh stops exactly
# those and deletes the folder. Fails (and cleans up) within a bounded time.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$DEPLOY_PROJECT_DIR"

log() { printf '[deploy up %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
fail() { printf '[deploy up] %s\n' "$*" >&2; exit 1; }
# Waits until "$@" succeeds, at most $WAIT_SECONDS; fails naming what it waited for.
wait_for() {
  local what=$1 seconds=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || fail "gave up after ${seconds}s waiting for $what"
    sleep 0.5
  done
}

if [ -e "$DEPLOY_DIR" ]; then
  fail "$DEPLOY_DIR exists: a topology is up (or was left behind). Run scripts/deploy/down.sh first."
fi

# ---------------------------------------------------------------- packages
need=()
[ -x "$DEPLOY_PG_BIN/initdb" ] || need+=(postgresql-15)
command -v haproxy >/dev/null || need+=(haproxy)
if [ ${#need[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || fail "needs ${need[*]} and there is no apt-get here: install them with the system's package manager."
  sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || fail "needs ${need[*]}: installing them takes root (no sudo here)."
    sudo=(sudo -n)
  fi
  log "installing ${need[*]} with apt-get"
  timeout 300 "${sudo[@]}" apt-get update -qq || fail "apt-get update failed: is the Debian mirror reachable?"
  DEBIAN_FRONTEND=noninteractive timeout 600 "${sudo[@]}" apt-get install -y -qq "${need[@]}" || fail "apt-get install ${need[*]} failed."
fi
for port in "$DEPLOY_PRIMARY_PORT" "$DEPLOY_STANDBY_PORT" "$DEPLOY_PG_FRONTEND_PORT" "$DEPLOY_PG_REPLICA_PORT" "$DEPLOY_APP_FRONTEND_PORT" $DEPLOY_APP_PORTS "$DEPLOY_STATS_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then fail "port $port on 127.0.0.1 is in use: move it (scripts/deploy/env.sh)."; fi
done

# Anything that fails from here on tears down what was started so far.
trap 'status=$?; if [ $status -ne 0 ]; then log "failed: tearing down"; bash "$DEPLOY_PROJECT_DIR/scripts/deploy/down.sh" >&2 || true; fi' EXIT

mkdir -p "$DEPLOY_DIR/pg" "$DEPLOY_DIR/logs"
chmod 755 "$DEPLOY_DIR" "$DEPLOY_DIR/pg"
[ "$(id -u)" = 0 ] && chown postgres: "$DEPLOY_DIR/pg"

# ---------------------------------------------------------------- secrets
# Generated per topology, readable by this user only. In production they come
# from the secret store (docs/deploy.md, "Secrets").
secret() { head -c 18 /dev/urandom | base64 | tr '+/' '-_'; }
umask 077
cat >"$DEPLOY_SECRETS" <<EOF
PG_SUPERUSER_PASSWORD=$(secret)
PG_APP_PASSWORD=$(secret)
PG_REPLICATION_PASSWORD=$(secret)
PG_CHECK_PASSWORD=$(secret)
NEXTAUTH_SECRET=$(secret)$(secret)
ROOT_PASSWORD=Root-$(secret)
DEMO_PASSWORD=Demo-$(secret)
EOF
umask 022
source "$DEPLOY_SECRETS"

# ---------------------------------------------------------------- primary
log "initdb: primary in $DEPLOY_PRIMARY_DIR"
pwfile="$DEPLOY_DIR/pg/.pw"
printf '%s\n' "$PG_SUPERUSER_PASSWORD" >"$pwfile"
[ "$(id -u)" = 0 ] && chown postgres: "$pwfile"
timeout 120 bash -c "$(declare -f as_pg); as_pg '$DEPLOY_PG_BIN/initdb' -D '$DEPLOY_PRIMARY_DIR' -U postgres --pwfile='$pwfile' --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8" >"$DEPLOY_DIR/logs/initdb.log"
rm -f "$pwfile"
# Loopback TCP only (no Unix socket), WAL for one streaming standby.
cat >>"$DEPLOY_PRIMARY_DIR/postgresql.conf" <<EOF

# --- scripts/deploy/up.sh
listen_addresses = '127.0.0.1'
port = $DEPLOY_PRIMARY_PORT
unix_socket_directories = ''
max_connections = 100
wal_level = replica
max_wal_senders = 5
wal_keep_size = '256MB'
hot_standby = on
EOF
cat >"$DEPLOY_PRIMARY_DIR/pg_hba.conf" <<EOF
# scripts/deploy/up.sh: password logins over loopback only
host all         all        127.0.0.1/32 scram-sha-256
host replication replicator 127.0.0.1/32 scram-sha-256
EOF
pg_start() { timeout 60 bash -c "$(declare -f as_pg); as_pg '$DEPLOY_PG_BIN/pg_ctl' -D '$1' -l '$1.log' -w -t 50 start" >/dev/null; }
touch "$DEPLOY_PRIMARY_DIR.log" "$DEPLOY_STANDBY_DIR.log"
[ "$(id -u)" = 0 ] && chown postgres: "$DEPLOY_PRIMARY_DIR.log" "$DEPLOY_STANDBY_DIR.log"
pg_start "$DEPLOY_PRIMARY_DIR"

export PGPASSWORD="$PG_SUPERUSER_PASSWORD"
psql_primary() { "$DEPLOY_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$DEPLOY_PRIMARY_PORT" -U postgres "$@"; }
# The app's role owns its database and nothing else (not a superuser); the
# replication role only streams WAL; the check role only logs in.
psql_primary -d postgres <<EOF
CREATE ROLE switchboard_app LOGIN PASSWORD '$PG_APP_PASSWORD';
CREATE DATABASE switchboard OWNER switchboard_app;
CREATE ROLE replicator LOGIN REPLICATION PASSWORD '$PG_REPLICATION_PASSWORD';
CREATE ROLE switchboard_check LOGIN PASSWORD '$PG_CHECK_PASSWORD';
REVOKE CONNECT ON DATABASE switchboard FROM PUBLIC;
GRANT CONNECT ON DATABASE switchboard TO switchboard_app;
EOF
unset PGPASSWORD

# ---------------------------------------------------------------- standby
log "pg_basebackup -R: standby in $DEPLOY_STANDBY_DIR"
# The replication password goes to a passfile the standby's server reads
# (primary_conninfo names it), not into its configuration.
pgpass_repl="$DEPLOY_DIR/pg/replication.pgpass"
printf '127.0.0.1:%s:replication:replicator:%s\n' "$DEPLOY_PRIMARY_PORT" "$PG_REPLICATION_PASSWORD" >"$pgpass_repl"
chmod 600 "$pgpass_repl"
[ "$(id -u)" = 0 ] && chown postgres: "$pgpass_repl"
timeout 180 bash -c "$(declare -f as_pg); PGPASSFILE='$pgpass_repl' as_pg '$DEPLOY_PG_BIN/pg_basebackup' -h 127.0.0.1 -p '$DEPLOY_PRIMARY_PORT' -U replicator -w -D '$DEPLOY_STANDBY_DIR' -R -X stream -c fast"
cat >>"$DEPLOY_STANDBY_DIR/postgresql.conf" <<EOF
port = $DEPLOY_STANDBY_PORT
EOF
cat >>"$DEPLOY_STANDBY_DIR/postgresql.auto.conf" <<EOF
primary_conninfo = 'host=127.0.0.1 port=$DEPLOY_PRIMARY_PORT user=replicator passfile=''$pgpass_repl'' application_name=standby'
EOF
pg_start "$DEPLOY_STANDBY_DIR"
export PGPASSWORD="$PG_SUPERUSER_PASSWORD"
streaming() { [ "$(psql_primary -d postgres -Atc "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")" = 1 ]; }
wait_for "the standby to stream from the primary" 60 streaming
unset PGPASSWORD

# ---------------------------------------------------------------- HAProxy
log "HAProxy: app on :$DEPLOY_APP_FRONTEND_PORT, PostgreSQL on :$DEPLOY_PG_FRONTEND_PORT"
pgpass_check="$DEPLOY_DIR/check.pgpass"
printf '127.0.0.1:*:postgres:switchboard_check:%s\n' "$PG_CHECK_PASSWORD" >"$pgpass_check"
chmod 600 "$pgpass_check"
# HAProxy gives an external check a cleared environment: this wrapper names the passfile.
cat >"$DEPLOY_DIR/pg-primary-check" <<EOF
#!/bin/sh
PGPASSFILE='$pgpass_check' DEPLOY_PG_BIN='$DEPLOY_PG_BIN' exec '$DEPLOY_PROJECT_DIR/scripts/deploy/pg-primary-check.sh' "\$@"
EOF
chmod 700 "$DEPLOY_DIR/pg-primary-check"
app_servers=""
n=0
for port in $DEPLOY_APP_PORTS; do
  n=$((n + 1))
  app_servers+="    server app$n 127.0.0.1:$port check inter 1s fall 2 rise 2"$'\n'
done
cat >"$DEPLOY_DIR/haproxy.cfg" <<EOF
# Generated by scripts/deploy/up.sh (docs/deploy.md explains each part).
global
    pidfile $DEPLOY_DIR/haproxy.pid
    log stderr format short local0 notice
    external-check
    insecure-fork-wanted

defaults
    log global
    timeout connect 2s
    timeout client 60s
    timeout server 60s

# The app: round robin over the instances; an instance leaves the rotation
# after 2 failed health checks a second apart and comes back after 2 good ones.
# A request that could not even connect is sent to another instance (it never
# reached the app, so this never doubles anything).
frontend app
    mode http
    bind 127.0.0.1:$DEPLOY_APP_FRONTEND_PORT
    option forwardfor
    http-request set-header X-Forwarded-Proto http
    default_backend apps

backend apps
    mode http
    balance roundrobin
    option httpchk GET /api/health
    http-check expect status 200
    retries 2
    option redispatch
$app_servers
# PostgreSQL: TCP to the server that is writable right now. The standby is a
# backup and its check fails while it is in recovery, so it gets connections
# only once promoted; connections to a server that fails its check are cut,
# and the app's pool reconnects to whichever passes.
listen postgres
    mode tcp
    bind 127.0.0.1:$DEPLOY_PG_FRONTEND_PORT
    timeout client 30m
    timeout server 30m
    option external-check
    external-check path "/usr/bin:/bin"
    external-check command $DEPLOY_DIR/pg-primary-check
    default-server inter 1s fall 2 rise 1 on-marked-down shutdown-sessions
    server primary 127.0.0.1:$DEPLOY_PRIMARY_PORT check
    server standby 127.0.0.1:$DEPLOY_STANDBY_PORT check backup

# Reads that may be a moment old (DATABASE_REPLICA_URL): the standby while it
# answers, else the primary. Whether the standby is caught up enough is the
# app's decision (lib/db/replica.ts), not the balancer's: it asks the server
# behind this frontend for its replay position. After a promotion this is the
# new primary, which the app sees is no longer in recovery.
listen postgres_replica
    mode tcp
    bind 127.0.0.1:$DEPLOY_PG_REPLICA_PORT
    timeout client 30m
    timeout server 30m
    default-server inter 1s fall 2 rise 1 on-marked-down shutdown-sessions
    server standby 127.0.0.1:$DEPLOY_STANDBY_PORT check
    server primary 127.0.0.1:$DEPLOY_PRIMARY_PORT check backup

listen stats
    mode http
    bind 127.0.0.1:$DEPLOY_STATS_PORT
    stats enable
    stats uri /
EOF
haproxy -c -q -f "$DEPLOY_DIR/haproxy.cfg"
haproxy -D -f "$DEPLOY_DIR/haproxy.cfg" 2>>"$DEPLOY_DIR/logs/haproxy.log"
wait_for "HAProxy's pid file" 10 test -s "$DEPLOY_DIR/haproxy.pid"

# ---------------------------------------------------------------- schema, seed, build
export DATABASE_URL="postgresql://switchboard_app:$PG_APP_PASSWORD@127.0.0.1:$DEPLOY_PG_FRONTEND_PORT/switchboard"
pg_frontend_up() { "$DEPLOY_PG_BIN/psql" -X -At "$DATABASE_URL" -c "SELECT 1"; }
wait_for "HAProxy to pass the primary's check" 20 pg_frontend_up
log "migrations and seed through the PostgreSQL frontend"
timeout 300 node_modules/.bin/tsx scripts/migrate.ts
SWITCHBOARD_ROOT_PASSWORD="$ROOT_PASSWORD" SWITCHBOARD_DEMO_PASSWORD="$DEMO_PASSWORD" SWITCHBOARD_SEED_CALLS=false \
  SWITCHBOARD_DATA_DIR="$DEPLOY_DIR/seed" timeout 300 node_modules/.bin/tsx scripts/seed.ts >"$DEPLOY_DIR/logs/seed.log"
# Built here, once, so the instances (whose start.ts builds a stale app) never build side by side.
# Stale as start.ts judges it: a build input newer than the last build.
build_inputs=(app components lib messages public next.config.mjs package-lock.json postcss.config.mjs proxy.ts instrumentation.ts)
if [ -f .next/BUILD_ID ] && [ -z "$(find "${build_inputs[@]}" -name generated -prune -o -newer .next/BUILD_ID -print -quit 2>/dev/null)" ]; then
  log "the build is up to date"
else
  log "next build (once, for every instance)"
  NEXT_TELEMETRY_DISABLED=1 timeout 900 node node_modules/next/dist/bin/next build >"$DEPLOY_DIR/logs/build.log" 2>&1 || fail "next build failed: see $DEPLOY_DIR/logs/build.log"
fi

# ---------------------------------------------------------------- app instances
# Each through npm start's own supervisor (scripts/start.ts), in a process
# group of its own so down.sh (and the storm's kill) reach the server too.
# Through the environment, like DATABASE_URL: a password never goes on a command line.
if [ "$DEPLOY_REPLICA_READS" = 1 ]; then
  export DATABASE_REPLICA_URL="postgresql://switchboard_app:$PG_APP_PASSWORD@127.0.0.1:$DEPLOY_PG_REPLICA_PORT/switchboard"
else
  unset DATABASE_REPLICA_URL # not even one inherited from the caller
fi
# The session secret too: exported, not an argument of env (whose command line anyone may read).
export NEXTAUTH_SECRET
n=0
for port in $DEPLOY_APP_PORTS; do
  n=$((n + 1))
  log "app instance $n on :$port"
  env PORT="$port" HOSTNAME_BIND=127.0.0.1 \
    NEXTAUTH_URL="http://127.0.0.1:$DEPLOY_APP_FRONTEND_PORT" \
    SWITCHBOARD_TRUSTED_PROXIES=1 SWITCHBOARD_DATA_DIR="$DEPLOY_DIR/app$n" SWITCHBOARD_SEED_DEMO=false \
    SWITCHBOARD_LOG_FILE="$DEPLOY_DIR/logs/app$n.jsonl" \
    setsid node_modules/.bin/tsx scripts/start.ts >"$DEPLOY_DIR/logs/app$n.out" 2>&1 </dev/null &
  echo "$!" >"$DEPLOY_DIR/app$n.pid"
done
unset DATABASE_URL DATABASE_REPLICA_URL NEXTAUTH_SECRET
n=0
for port in $DEPLOY_APP_PORTS; do
  n=$((n + 1))
  wait_for "app instance $n to answer /api/health on :$port (see $DEPLOY_DIR/logs/app$n.out)" 180 curl -fsS "http://127.0.0.1:$port/api/health"
done
wait_for "HAProxy to route to the apps" 20 curl -fsS "http://127.0.0.1:$DEPLOY_APP_FRONTEND_PORT/api/health"

log "up: app http://127.0.0.1:$DEPLOY_APP_FRONTEND_PORT, PostgreSQL 127.0.0.1:$DEPLOY_PG_FRONTEND_PORT (primary :$DEPLOY_PRIMARY_PORT, standby :$DEPLOY_STANDBY_PORT), stale-OK reads 127.0.0.1:$DEPLOY_PG_REPLICA_PORT ($([ "$DEPLOY_REPLICA_READS" = 1 ] && echo on || echo off)), HAProxy stats http://127.0.0.1:$DEPLOY_STATS_PORT/"
log "secrets (root's password, the demo password, the database roles'): $DEPLOY_SECRETS"
