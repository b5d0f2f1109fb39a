#!/usr/bin/env bash
# A participant service of the order-fulfilment saga (saga module), in the foreground until SIGTERM / Ctrl-C:
#   saga-participant.sh inventory|payment|shipping --jdbc-url URL [--bootstrap-servers H:P] [--create-tables]
#                      [--slow-ms N] [--fail-probability p] [--duplicate-probability p] [--drop-probability p]
#                      [--crash-probability p] [--seed N] [--instance-id ID]   (README.md "Sagas"; --help)
# Runs saga/target/classes on the module's runtime classpath (saga/target/classpath.txt, no Flink), built on
# first use. Exit status: 0 stopped, 1 crashed (an injected crash, or an error), 2 usage.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cp_file="$root/saga/target/classpath.txt"
if [ ! -f "$cp_file" ] || [ ! -d "$root/saga/target/classes" ]; then
  echo "saga-participant: building the saga module (mvn -B -q -DskipTests install -pl saga -am) ..." >&2
  mvn -B -q -f "$root/pom.xml" -DskipTests install -pl saga -am >&2
fi
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -cp "$root/saga/target/classes:$(cat "$cp_file")" io.eventline.saga.participant.ParticipantMain "$@"
