#!/usr/bin/env bash
# The other brokers' benchmark (issue 18): the same clean workload preloaded into Kafka, RabbitMQ, Redis Streams
# and NATS JetStream (real servers started by the test on free loopback ports), read by the order-projections job
# (parallelism 1, checkpoints every second, PostgreSQL sinks) until the read models are exact; prints events/s per
# source, one after the other in one run. Opt-in, not part of mvn verify.
#   bench/run-brokers.sh [EVENTS]     # default 100000
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
events="${1:-100000}"
mvn -B -q -o install -DskipTests -pl jobs -am 2>/dev/null || mvn -B -q install -DskipTests -pl jobs -am
mvn -B -o -pl jobs test -Dtest=BrokerThroughputITCase -Dsurefire.failIfNoSpecifiedTests=false \
  -Deventline.brokers.bench=true -Deventline.brokers.bench.events="$events" \
  | sed -n '/^| source/,/^$/p'
