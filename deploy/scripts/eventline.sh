#!/usr/bin/env bash
# The eventline operations CLI, the runnable jar of the cli module (built on first use, and again when its
# sources are newer than the jar):
#   eventline.sh query order|customer|status ... --jdbc-url URL      (see --help)
#   eventline.sh serve --port 8088 --jdbc-url URL                       (README.md: HTTP query API)
#   eventline.sh dlq stats|list|show|replay|parked|unpark ...          (README.md: dead-letter runbook)
#   eventline.sh rebuild|as-of|state ...   (README.md: "Rebuilding and time travel"): these run Flink, so they run
#     from the history module's classes and class path (history/target/classpath.txt), built on first use;
#     EVENTLINE_HISTORY_NO_BUILD=1 uses them as they are.
# EVENTLINE_CLI_JAR=path uses that jar as it is; EVENTLINE_CLI_NO_BUILD=1 uses cli/target's jar as it is (tests:
# never a build inside a build). JAVA_OPTS are passed to java.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
case "${1:-}" in
  rebuild|as-of|state)
    classes="$root/history/target/classes"; cp_file="$root/history/target/classpath.txt"
    if [ -n "${EVENTLINE_HISTORY_NO_BUILD:-}" ]; then
      [ -f "$cp_file" ] || { echo "eventline: no $cp_file (EVENTLINE_HISTORY_NO_BUILD is set)" >&2; exit 3; }
    elif [ ! -f "$cp_file" ] || [ -n "$(find "$root/history/src/main" "$root/jobs/src/main" "$root/common/src/main" "$root/history/pom.xml" -newer "$cp_file" -print -quit)" ]; then
      echo "eventline: building the history module (mvn -B -q -DskipTests install -pl history -am) ..." >&2
      mvn -B -q -f "$root/pom.xml" -DskipTests install -pl history -am >&2
    fi
    # shellcheck disable=SC2086
    exec java ${JAVA_OPTS:-} -cp "$classes:$(cat "$cp_file")" io.eventline.history.HistoryCli "$@"
    ;;
esac
jar="${EVENTLINE_CLI_JAR:-}"
if [ -z "$jar" ]; then
  jar="$(ls "$root"/cli/target/eventline-cli-*.jar 2>/dev/null | head -1 || true)"
  if [ -n "${EVENTLINE_CLI_NO_BUILD:-}" ]; then
    [ -n "$jar" ] || { echo "eventline: no cli/target/eventline-cli-*.jar (EVENTLINE_CLI_NO_BUILD is set)" >&2; exit 3; }
  elif [ -z "$jar" ] || [ -n "$(find "$root/cli/src/main" "$root/schemas/src/main" "$root/cli/pom.xml" -newer "$jar" -print -quit)" ]; then
    echo "eventline: building the CLI jar (mvn -B -q -DskipTests install -pl cli -am) ..." >&2
    mvn -B -q -f "$root/pom.xml" -DskipTests install -pl cli -am >&2
    jar="$(ls "$root"/cli/target/eventline-cli-*.jar | head -1)"
  fi
fi
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -jar "$jar" "$@"
