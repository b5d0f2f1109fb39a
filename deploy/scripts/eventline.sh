#!/usr/bin/env bash
# The eventline CLI: eventline.sh query status --jdbc-url URL; eventline.sh dlq stats|list|show|replay|parked|unpark (docs/runbook.md)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$(ls "$root"/jobs/target/eventline-jobs-*-job.jar 2>/dev/null | head -1 || true)"
if [ -z "$jar" ]; then
  mvn -B -q -f "$root/pom.xml" -DskipTests install -pl jobs -am >&2
  jar="$(ls "$root"/jobs/target/eventline-jobs-*-job.jar | head -1)"
fi
cp_file="$root/demo/target/classpath.txt"
[ -s "$cp_file" ] || mvn -B -q -f "$root/pom.xml" -DskipTests install -pl demo -am >&2
exec java -cp "$jar:$(cat "$cp_file")" io.eventline.jobs.cli.EventlineCli "$@"
