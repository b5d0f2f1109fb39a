#!/usr/bin/env bash
# The embedded demo: builds what it needs, then runs the order-projections job on a local Flink (web UI on
# localhost:8081) with an in-process Kafka broker, the Apicurio registry and SQLite, feeds it generated order
# traffic, and checks the read models against the generator's expected totals. Options: --orders N, --follow,
# --ui-port N, --require-ui-port, --help. When the web UI port is in use, a free one is taken and printed (with
# --require-ui-port: a one-line error and status 2). Exits 0 when the check passed, 1 when it failed, 2 when the
# port is unavailable, 130 on Ctrl-C, 143 on SIGTERM; on every exit path the demo's processes (the demo JVM and
# the Apicurio registry JVM it starts) are stopped.
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

# The demo JVM runs in its own process group (job control on), with the registry JVM it starts: stopping the
# group stops both, even when the demo JVM died without running its shutdown hooks.
set -m
# shellcheck disable=SC2086
java -Xmx3g $JAVA_OPENS -Deventline.demo.log="$root/.eventline/demo/demo.log" \
  -cp "demo/target/classes:$(cat demo/target/classpath.txt)" io.eventline.demo.EmbeddedDemo "$@" &
demo_pid=$!

# Alive and not a zombie (the demo JVM stays a zombie until this script reaps it).
demo_alive() {
  local state
  state="$(ps -o stat= -p "$demo_pid" 2>/dev/null || true)"
  [ -n "$state" ] && [ "${state:0:1}" != Z ]
}
group_alive() { ps -e -o pgid=,stat= | awk -v g="$demo_pid" '$1 == g && $2 !~ /^Z/ { found = 1 } END { exit !found }'; }

# SIGTERM lets the demo JVM's shutdown hooks stop the job, broker and registry; what is left after 20 s, or
# outlived the demo JVM, is killed.
stop_demo() {
  trap - INT TERM EXIT
  kill -TERM "$demo_pid" 2>/dev/null || true
  for _ in $(seq 40); do demo_alive || break; sleep 0.5; done
  if group_alive; then
    kill -TERM -- "-$demo_pid" 2>/dev/null || true
    for _ in $(seq 10); do group_alive || return 0; sleep 0.5; done
    kill -KILL -- "-$demo_pid" 2>/dev/null || true
  fi
}
trap 'stop_demo; exit 130' INT
trap 'stop_demo; exit 143' TERM
trap 'stop_demo' EXIT
rc=0
wait "$demo_pid" || rc=$?
stop_demo
exit "$rc"
