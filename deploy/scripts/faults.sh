#!/usr/bin/env bash
# The fault suite (issue 11): the shaded job on the standalone cluster of these scripts, >= 1M events with gaps,
# duplicates and reordering, 10 TaskManager SIGKILLs (down longer than the gap timeout), a broker restart,
# PostgreSQL stopped 60 s and hung 60 s, the registry down 60 s across a job restart. Writes deploy/faults/RESULTS.md.
#
#   deploy/scripts/faults.sh [--events N] [--taskmanager-kills N] [--postgres-outage PT60S] ... (--help for all)
#
# Binds the fixed ports 9092, 8081, 18085, 15433 (so it holds /tmp/eventline-fixed-ports.lock); takes ~20-30 min.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
if ! ls jobs/target/*-job.jar >/dev/null 2>&1 || [ ! -s demo/target/classpath.txt ]; then
  mvn -B -q -o install -DskipTests || mvn -B -q install -DskipTests
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
source "$root/deploy/scripts/java-opens.sh"
# shellcheck disable=SC2086
exec flock /tmp/eventline-fixed-ports.lock "$java" -Xmx2g $JAVA_OPENS \
  -cp "demo/target/classes:$(cat demo/target/classpath.txt)" io.eventline.demo.FaultSuite \
  --repository "$root" --command "deploy/scripts/faults.sh $*" "$@"
