#!/usr/bin/env bash
# The saga fault suite (issue 16): the orchestrator's shaded job on a standalone cluster of these scripts, the
# three participants as saga-participant.sh processes with random faults (refusals, duplicate and dropped replies,
# crashes), N sagas placed while the TaskManager is SIGKILLed (down 15 s, then started again) and a participant is
# SIGKILLed and started again. Oracles on the participants' tables, saga_instance and the orders topic.
# Writes deploy/faults/SAGAS.md.
#
#   deploy/scripts/saga-faults.sh [--sagas 1000] [--taskmanager-kills 2] [--participant-kills 1] ... (--help for all)
#
# Its stack has ports of its own (Kafka 29092/29093, Flink 28081/26123, PostgreSQL 15435, registry 18089/19089) and
# its state under .eventline/saga-faults, so it runs beside the order fault suite and the soak; ~10 min for 1,000.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
if ! ls saga/target/*-job.jar >/dev/null 2>&1 || [ ! -s saga/target/classpath.txt ] || [ ! -s demo/target/classpath.txt ]; then
  mvn -B -q -o install -DskipTests || mvn -B -q install -DskipTests
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
source "$root/deploy/scripts/java-opens.sh"
# shellcheck disable=SC2086
exec "$java" -Xmx1g $JAVA_OPENS \
  -cp "demo/target/classes:$(cat demo/target/classpath.txt)" io.eventline.demo.SagaFaultSuite \
  --repository "$root" --command "deploy/scripts/saga-faults.sh $*" "$@"
