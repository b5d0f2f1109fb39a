#!/usr/bin/env bash
# An Apache Kafka broker process (KRaft, broker+controller in one node) from Maven Central jars, on
# localhost:9092. Data, logs and pid under .eventline/kafka/. KAFKA_START_TIMEOUT: seconds to wait (default 60).
# KAFKA_PORT (default 9092) and KAFKA_CONTROLLER_PORT (default KAFKA_PORT+1) move it, e.g. for a second stack.
#   kafka.sh start | stop | restart | status | topic NAME [PARTITIONS] | keep-history NAME
# `topic` creates an event topic as an event store: full history (retention.ms=-1, retention.bytes=-1,
# cleanup.policy=delete, never compact: README "Rebuilding and time travel"); `keep-history` sets that on an
# existing topic. KAFKA_BOOTSTRAP: the broker for topic/keep-history (default localhost:KAFKA_PORT).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
home="${EVENTLINE_HOME:-$root/.eventline}/kafka"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
port="${KAFKA_PORT:-9092}"
controller_port="${KAFKA_CONTROLLER_PORT:-$((port + 1))}"

source "$root/deploy/scripts/lib.sh"
classpath() { pom_classpath "$root/deploy/kafka/pom.xml" "$home/classpath.txt"; }
running() { [ -f "$home/kafka.pid" ] && kill -0 "$(cat "$home/kafka.pid")" 2>/dev/null; }
props() { # server.properties with this run's data directory
  mkdir -p "$home/data" "$home/log"
  { sed -e "s/:9092/:$port/g" -e "s/:9093/:$controller_port/g" "$root/deploy/kafka/server.properties"
    echo "log.dirs=$home/data"; } > "$home/server.properties"
  echo "$home/server.properties"
}
kafka_java() { "$java" -Xmx1g -cp "$(classpath)" -Dkafka.logs.dir="$home/log" \
  -Dlog4j.configurationFile="file:$root/deploy/kafka/log4j.properties" "$@"; }

case "${1:-}" in
  start)
    running && { echo "kafka: already running (pid $(cat "$home/kafka.pid"))"; exit 0; }
    p="$(props)"
    if [ ! -f "$home/data/meta.properties" ]; then
      kafka_java kafka.tools.StorageTool format -t "$(kafka_java kafka.tools.StorageTool random-uuid)" -c "$p" >/dev/null
    fi
    nohup "$java" -Xmx1g -cp "$(classpath)" -Dkafka.logs.dir="$home/log" \
      -Dlog4j.configurationFile="file:$root/deploy/kafka/log4j.properties" kafka.Kafka "$p" \
      > "$home/log/kafka.out" 2>&1 &
    echo $! > "$home/kafka.pid"
    for _ in $(seq 1 $(( ${KAFKA_START_TIMEOUT:-60} * 2 ))); do
      if (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && grep -q "Kafka Server started" "$home/log/server.log" 2>/dev/null; then
        echo "kafka: broker up at localhost:$port"; exit 0
      fi
      running || { echo "kafka: broker exited; see $home/log" >&2; exit 1; }
      sleep 0.5
    done
    echo "kafka: broker not up in ${KAFKA_START_TIMEOUT:-60} s; see $home/log" >&2; exit 1 ;;
  stop)
    if running; then
      kill "$(cat "$home/kafka.pid")"
      for _ in $(seq 1 60); do running || break; sleep 0.5; done
      running && kill -9 "$(cat "$home/kafka.pid")"
    fi
    rm -f "$home/kafka.pid"; echo "kafka: stopped" ;;
  restart)
    # A controlled broker restart (fault injection): clients see the broker go away and come back on the same log.
    bash "$0" stop && exec bash "$0" start ;;
  status)
    if running; then echo "kafka: running (pid $(cat "$home/kafka.pid"))"; else echo "kafka: stopped"; fi ;;
  topic)
    kafka_java org.apache.kafka.tools.TopicCommand --bootstrap-server "${KAFKA_BOOTSTRAP:-localhost:$port}" --create \
      --if-not-exists --topic "$2" --partitions "${3:-4}" --replication-factor 1 \
      --config retention.ms=-1 --config retention.bytes=-1 --config cleanup.policy=delete ;;
  keep-history)
    kafka_java kafka.admin.ConfigCommand --bootstrap-server "${KAFKA_BOOTSTRAP:-localhost:$port}" --alter \
      --entity-type topics --entity-name "$2" \
      --add-config retention.ms=-1,retention.bytes=-1,cleanup.policy=delete ;;
  *) sed -n '2,9p' "$0"; exit 2 ;;
esac
