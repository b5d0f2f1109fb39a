#!/usr/bin/env bash
# A local Redis 7 (Debian package redis-server) for --source redis, on 127.0.0.1:$EVENTLINE_REDIS_PORT (6379),
# append-only file fsynced every write; data, log and pid under .eventline/redis/ (never the system service).
#   redis.sh start | stop | restart | status | url
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
home="${EVENTLINE_HOME:-$root/.eventline}/redis"
port="${EVENTLINE_REDIS_PORT:-6379}"
source "$root/deploy/scripts/broker-lib.sh"
command -v redis-server >/dev/null || { echo "redis-server not found: apt-get install -y redis-server (deploy/scripts/setup.sh)" >&2; exit 1; }

start() {
  mkdir -p "$home/data"
  broker_start redis "$port" redis-server --port "$port" --bind 127.0.0.1 --dir "$home/data" \
    --appendonly yes --appendfsync always --save "" --daemonize no --protected-mode no
}
broker_main redis "$port" "redis://127.0.0.1:$port" start "${1:-}"
