#!/usr/bin/env bash
# scripts/deploy/down.sh: stops exactly what scripts/deploy/up.sh started (the
# app instances' process groups and HAProxy by the pids it wrote down, the two
# PostgreSQL servers by pg_ctl on their own data folders) and deletes
# .data/deploy. Safe to run twice, or after a half-finished up.
set -uo pipefail
source "$(dirname "$0")/env.sh"

log() { printf '[deploy down] %s\n' "$*"; }
[ -d "$DEPLOY_DIR" ] || { log "nothing to stop: $DEPLOY_DIR does not exist"; exit 0; }

# True when pid $1 is alive and its command line mentions $2 (a recycled pid
# that now belongs to someone else's process is left alone).
ours() {
  local cmd
  cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline") || return 1
  [[ "$cmd" == *"$2"* ]]
}

# App instances: SIGTERM to the whole group (supervisor and Next server), then SIGKILL after 15 s.
for file in "$DEPLOY_DIR"/app*.pid; do
  [ -e "$file" ] || continue
  pid=$(cat "$file")
  if ours "$pid" scripts/start.ts; then
    log "stopping app instance $(basename "$file" .pid) (process group $pid)"
    kill -TERM -- "-$pid" 2>/dev/null
    for _ in $(seq 1 30); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$pid" 2>/dev/null
  elif kill -0 -- "-$pid" 2>/dev/null && ours "$(pgrep -g "$pid" | head -1)" "$DEPLOY_PROJECT_DIR"; then
    # Its supervisor is gone (killed by the storm) but a member of its group lives.
    kill -KILL -- "-$pid" 2>/dev/null
  fi
done

if [ -s "$DEPLOY_DIR/haproxy.pid" ]; then
  for pid in $(cat "$DEPLOY_DIR/haproxy.pid"); do
    if ours "$pid" "$DEPLOY_DIR/haproxy.cfg"; then
      log "stopping HAProxy ($pid)"
      kill -TERM "$pid"
      for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -KILL "$pid" 2>/dev/null
    fi
  done
fi

for dir in "$DEPLOY_STANDBY_DIR" "$DEPLOY_PRIMARY_DIR"; do
  if [ -f "$dir/postmaster.pid" ]; then
    log "stopping PostgreSQL in $dir"
    timeout 60 bash -c "$(declare -f as_pg); as_pg '$DEPLOY_PG_BIN/pg_ctl' -D '$dir' -m fast -w -t 50 stop" >/dev/null ||
      timeout 30 bash -c "$(declare -f as_pg); as_pg '$DEPLOY_PG_BIN/pg_ctl' -D '$dir' -m immediate -w stop" >/dev/null
  fi
done

rm -rf "$DEPLOY_DIR"
log "done: $DEPLOY_DIR removed"
