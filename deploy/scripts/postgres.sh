#!/usr/bin/env bash
# A local PostgreSQL 15 for demos: start | stop | status | url | freeze | thaw
#   freeze/thaw: SIGSTOP/SIGCONT the server and its backends (a hung database: connections open, nothing answers)
#   data:   ${EVENTLINE_HOME:-<repo>/.eventline}/postgres/data   (socket and log beside it)
#   port:   $EVENTLINE_PG_PORT (default 5433) on 127.0.0.1, trust authentication, user postgres
#   db:     $EVENTLINE_PG_DB (default eventline), created on first start
# Needs the Debian package: apt-get install -y postgresql
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PG_BIN="${EVENTLINE_PG_BIN:-/usr/lib/postgresql/15/bin}"
PORT="${EVENTLINE_PG_PORT:-5433}"
DB="${EVENTLINE_PG_DB:-eventline}"
BASE="${EVENTLINE_HOME:-$REPO_ROOT/.eventline}/postgres"
DATA="$BASE/data"
LOG="$BASE/postgres.log"

if [[ ! -x "$PG_BIN/initdb" || ! -x "$PG_BIN/pg_ctl" ]]; then
  echo "PostgreSQL 15 not found in $PG_BIN: run 'apt-get install -y postgresql' (or set EVENTLINE_PG_BIN)" >&2
  exit 1
fi

# initdb refuses to run as root: run the server as the postgres user then.
as_server_user() {
  if [[ "$(id -u)" == "0" ]]; then
    su postgres -s /bin/sh -c "$*"
  else
    sh -c "$*"
  fi
}

running() {
  [[ -f "$DATA/postmaster.pid" ]] && as_server_user "'$PG_BIN/pg_ctl' -D '$DATA' status" >/dev/null 2>&1
}

url() {
  echo "jdbc:postgresql://127.0.0.1:$PORT/$DB?user=postgres"
}

case "${1:-}" in
  start)
    if running; then
      echo "PostgreSQL already running: $(url)"
      exit 0
    fi
    mkdir -p "$BASE"
    if [[ "$(id -u)" == "0" ]]; then
      chown postgres:postgres "$BASE"
      # the server user must be able to reach its data folder (under $EVENTLINE_HOME when that is set)
      chmod o+x "$(dirname "$BASE")"
    fi
    if [[ ! -f "$DATA/PG_VERSION" ]]; then
      as_server_user "'$PG_BIN/initdb' -D '$DATA' -A trust -U postgres -E UTF8 --locale=C" >"$BASE/initdb.log"
    fi
    as_server_user "'$PG_BIN/pg_ctl' -D '$DATA' -l '$LOG' -w -t 60 \
      -o '-p $PORT -k $BASE -c listen_addresses=127.0.0.1' start" >/dev/null
    if ! "$PG_BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -Atc \
        "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
      "$PG_BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -qc "CREATE DATABASE $DB"
    fi
    echo "PostgreSQL started: $(url)"
    ;;
  stop)
    if running; then
      as_server_user "'$PG_BIN/pg_ctl' -D '$DATA' -m fast -w stop" >/dev/null
      echo "PostgreSQL stopped"
    else
      echo "PostgreSQL not running"
    fi
    ;;
  status)
    if running; then
      echo "PostgreSQL running: $(url)"
    else
      echo "PostgreSQL not running"
      exit 3
    fi
    ;;
  url)
    url
    ;;
  freeze)
    running || { echo "PostgreSQL not running" >&2; exit 1; }
    pm="$(head -1 "$DATA/postmaster.pid")"
    # the postmaster first (no new backends), then every process it forked; remembered for thaw
    { echo "$pm"; ps -o pid= --ppid "$pm"; } | tr -d ' ' > "$BASE/frozen.pids"
    while read -r pid; do kill -STOP "$pid" 2>/dev/null || true; done < "$BASE/frozen.pids"
    echo "PostgreSQL frozen ($(wc -l < "$BASE/frozen.pids") processes)"
    ;;
  thaw)
    [[ -f "$BASE/frozen.pids" ]] || { echo "PostgreSQL not frozen"; exit 0; }
    while read -r pid; do kill -CONT "$pid" 2>/dev/null || true; done < "$BASE/frozen.pids"
    rm -f "$BASE/frozen.pids"
    echo "PostgreSQL thawed"
    ;;
  *)
    echo "usage: $0 start|stop|status|url|freeze|thaw" >&2
    exit 2
    ;;
esac
