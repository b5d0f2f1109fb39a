#!/usr/bin/env bash
# A local RabbitMQ (Debian package rabbitmq-server) for --source rabbitmq, on 127.0.0.1:$EVENTLINE_RABBITMQ_PORT
# (5672), user guest/guest, the consistent-hash exchange plugin enabled; its own node name, Erlang port mapper
# (epmd on $EVENTLINE_EPMD_PORT, 4370) and data under .eventline/rabbitmq/ (never the system service).
#   rabbitmq.sh start | stop | restart | status | url
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
home="${EVENTLINE_HOME:-$root/.eventline}/rabbitmq"
port="${EVENTLINE_RABBITMQ_PORT:-5672}"
epmd_port="${EVENTLINE_EPMD_PORT:-4370}"
server=/usr/lib/rabbitmq/bin/rabbitmq-server
source "$root/deploy/scripts/broker-lib.sh"
[ -x "$server" ] || { echo "rabbitmq-server not found: apt-get install -y rabbitmq-server (deploy/scripts/setup.sh)" >&2; exit 1; }

start() {
  mkdir -p "$home"
  echo "[rabbitmq_consistent_hash_exchange]." > "$home/enabled_plugins"
  broker_start epmd "$epmd_port" epmd -port "$epmd_port"
  # the node's own environment (this script's process only): name, ports, data, plugins, Erlang cookie
  export HOME="$home" ERL_EPMD_PORT="$epmd_port" RABBITMQ_NODE_PORT="$port" RABBITMQ_DIST_PORT="$((port + 20000))" \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODENAME="eventline@localhost" \
    RABBITMQ_MNESIA_BASE="$home/mnesia" RABBITMQ_LOG_BASE="$home/log" RABBITMQ_LOGS=- \
    RABBITMQ_ENABLED_PLUGINS_FILE="$home/enabled_plugins" RABBITMQ_PLUGINS_EXPAND_DIR="$home/plugins-expand" \
    RABBITMQ_CONFIG_FILE="$home/rabbitmq"
  broker_start rabbitmq "$port" "$server"
}
stop_all() { broker_stop rabbitmq; broker_stop epmd; }

case "${1:-}" in
  stop) stop_all ;;
  restart) stop_all; start ;;
  *) broker_main rabbitmq "$port" "amqp://guest:guest@127.0.0.1:$port" start "${1:-}" ;;
esac
