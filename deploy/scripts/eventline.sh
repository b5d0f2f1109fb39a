#!/usr/bin/env bash
# The eventline CLI from the shaded job jar (built on first use):
#   eventline.sh query order|customer|status ... --jdbc-url URL      (see --help)
#   eventline.sh dlq stats|list|show|replay|parked|unpark ...          (docs/runbook.md)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$(ls "$root"/jobs/target/eventline-jobs-*-job.jar 2>/dev/null | head -1 || true)"
if [ -z "$jar" ]; then
  echo "eventline: building the job jar (mvn -DskipTests install -pl jobs -am) ..." >&2
  mvn -B -q -f "$root/pom.xml" -DskipTests install -pl jobs -am >&2
  jar="$(ls "$root"/jobs/target/eventline-jobs-*-job.jar | head -1)"
fi
exec java -cp "$jar" io.eventline.jobs.cli.EventlineCli "$@"
