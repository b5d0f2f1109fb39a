#!/usr/bin/env bash
# A local NATS server with JetStream (Debian package nats-server) for --source nats, on
# 127.0.0.1:$EVENTLINE_NATS_PORT (4222), file storage under .eventline/nats/ (never the system service).
#   nats.sh start | stop | restart | status | url
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
home="${EVENTLINE_HOME:-$root/.eventline}/nats"
port="${EVENTLINE_NATS_PORT:-4222}"
source "$root/deploy/scripts/broker-lib.sh"
command -v nats-server >/dev/null || { echo "nats-server not found: apt-get install -y nats-server (deploy/scripts/setup.sh)" >&2; exit 1; }

start() {
  mkdir -p "$home/jetstream"
  broker_start nats "$port" nats-server -a 127.0.0.1 -p "$port" -js -sd "$home/jetstream"
}
broker_main nats "$port" "nats://127.0.0.1:$port" start "${1:-}"
