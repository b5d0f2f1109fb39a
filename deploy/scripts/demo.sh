#!/usr/bin/env bash
# The embedded demo: builds what it needs, then runs the order-projections job on a local Flink (web UI on
# localhost:8081) with an in-process Kafka broker, the Apicurio registry and SQLite, feeds it generated order
# traffic, and checks the read models against the generator's expected totals. Options: --orders N, --follow,
# --help. Exits 0 when the check passed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
"$root/deploy/scripts/setup.sh" >/dev/null
cd "$root"
mkdir -p .eventline/demo
if [ -z "${EVENTLINE_SKIP_BUILD:-}" ]; then
  echo "demo: building (mvn -DskipTests install, log in .eventline/demo/build.log) ..."
  mvn -B -DskipTests install -pl demo -am > .eventline/demo/build.log 2>&1 \
    || { tail -50 .eventline/demo/build.log >&2; echo "demo: the build failed" >&2; exit 1; }
fi
source "$root/deploy/scripts/java-opens.sh"
# shellcheck disable=SC2086
exec java -Xmx3g $JAVA_OPENS -Deventline.demo.log="$root/.eventline/demo/demo.log" \
  -cp "demo/target/classes:$(cat demo/target/classpath.txt)" io.eventline.demo.EmbeddedDemo "$@"
