#!/usr/bin/env bash
# The order service's command line (the transactional outbox's command side), the runnable -service jar of the
# outbox module (built on first use, and again when its sources are newer than the jar):
#   order-service.sh init|place|pay|ship|cancel|status ... --jdbc-url URL      (see --help)
# EVENTLINE_OUTBOX_NO_BUILD=1 uses outbox/target's jar as it is (tests: never a build inside a build).
# JAVA_OPTS are passed to java.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$(ls "$root"/outbox/target/eventline-outbox-*-service.jar 2>/dev/null | head -1 || true)"
if [ -n "${EVENTLINE_OUTBOX_NO_BUILD:-}" ]; then
  [ -n "$jar" ] || { echo "order-service: no outbox/target/eventline-outbox-*-service.jar (EVENTLINE_OUTBOX_NO_BUILD is set)" >&2; exit 3; }
elif [ -z "$jar" ] || [ -n "$(find "$root/outbox/src/main" "$root/jobs/src/main" "$root/common/src/main" "$root/schemas/src/main" "$root/outbox/pom.xml" -newer "$jar" -print -quit)" ]; then
  echo "order-service: building the outbox jars (mvn -B -q -DskipTests install -pl outbox -am) ..." >&2
  mvn -B -q -f "$root/pom.xml" -DskipTests install -pl outbox -am >&2
  jar="$(ls "$root"/outbox/target/eventline-outbox-*-service.jar | head -1)"
fi
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -jar "$jar" "$@"
