#!/usr/bin/env bash
# The soak (issue 11): the shaded job on the standalone cluster of these scripts; a backlog first, to measure the
# rate the job sustains on this machine, then traffic at 50% of it for 30 minutes, sampled each minute (heap after
# GC, state size, checkpoint duration); every row checked exact at the end. Writes deploy/faults/SOAK.md.
#
#   deploy/scripts/soak.sh [--duration PT30M] [--load 0.5] [--backlog-events N] ... (--help for all)
#
# Its stack runs on ports of its own (Kafka 19092, Flink 18081/16123, PostgreSQL 15434, registry 18087), beside
# a fault suite run; takes ~35-40 min.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
if ! ls jobs/target/*-job.jar >/dev/null 2>&1 || [ ! -s demo/target/classpath.txt ]; then
  mvn -B -q -o install -DskipTests || mvn -B -q install -DskipTests
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
source "$root/deploy/scripts/java-opens.sh"
# shellcheck disable=SC2086
exec "$java" -Xmx4g $JAVA_OPENS \
  -cp "demo/target/classes:$(cat demo/target/classpath.txt)" io.eventline.demo.SoakSuite \
  --repository "$root" --command "deploy/scripts/soak.sh $*" "$@"
