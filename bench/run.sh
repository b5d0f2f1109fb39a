#!/usr/bin/env bash
# The end-to-end benchmark: generates the workload into a real Kafka topic, runs the six measurements on it and
# prints a markdown table (also written to bench/results/<timestamp>-<mode>.md). Exit code 0 only when every
# run's result matched the independently computed read model.
#
#   bench/run.sh --quick                      # a few minutes
#   bench/run.sh                              # 2M events, 100K aggregates: within 30 minutes on 2 cores
#   bench/run.sh --events 10000000 --aggregates 1000000 --skew zipf
#   bench/run.sh --help                       # every option
#
# Needs Java 17+, Maven, PostgreSQL 15 server binaries (apt-get install -y postgresql) and a Java 21+ for the
# schema registry (found under /usr/lib/jvm); deploy/scripts/test.sh installs all of them.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

if [[ "${BENCH_SKIP_BUILD:-}" != "1" || ! -f bench/target/classpath.txt ]]; then
  echo "[bench] building (mvn -q -o -pl bench -am package -DskipTests) ..."
  mvn -B -q -o -pl bench -am package -DskipTests 2>/dev/null || mvn -B -q -pl bench -am package -DskipTests
fi

source "$root/deploy/scripts/java-opens.sh" 2>/dev/null || true
opens="${JAVA_OPENS:-}"
if [[ -z "$opens" ]]; then
  for p in java.util java.lang java.lang.reflect java.io java.net java.nio sun.nio.ch java.time java.util.concurrent \
           java.util.concurrent.atomic java.math java.text; do
    opens="$opens --add-opens=java.base/$p=ALL-UNNAMED"
  done
fi

cp="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"
mkdir -p "$root/bench/results" "$root/bench/target"
exec java ${BENCH_JAVA_OPTS:--Xms2g -Xmx4g -XX:+UseG1GC} $opens \
  -Deventline.bench.log="$root/bench/target/bench.log" \
  -Dlog4j.configurationFile="$root/bench/target/classes/log4j2.properties" \
  -cp "$cp" io.eventline.bench.BenchHarness --results-dir "$root/bench/results" "$@"
