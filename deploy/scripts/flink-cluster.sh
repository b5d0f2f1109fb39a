#!/usr/bin/env bash
# A standalone Flink 2.2 session cluster (one JobManager, one TaskManager with 2 slots) from Maven Central jars,
# on loopback, web UI and REST on localhost:8081. State, logs and pids live under .eventline/flink/.
# FLINK_REST_PORT (default 8081) and FLINK_RPC_PORT (the JobManager's, default 6123) move it, e.g. for a second stack.
#
#   flink-cluster.sh start | stop | status
#   flink-cluster.sh submit JOB_JAR [--class MAIN] [--savepoint PATH] -- JOB_ARGS...   (prints the job id)
#   flink-cluster.sh stop-job JOB_ID        stop with a savepoint; prints the savepoint path
#   flink-cluster.sh cancel JOB_ID
#   flink-cluster.sh kill-taskmanager       SIGKILL the TaskManager (fault injection); start-taskmanager brings one back
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
home="${EVENTLINE_HOME:-$root/.eventline}/flink"
conf_src="$root/deploy/flink/conf"
conf="$home/conf"
rest="http://localhost:${FLINK_REST_PORT:-8081}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# Flink's own scripts pass these to every JVM (env.java.opts.all in its default config.yaml).
source "$root/deploy/scripts/java-opens.sh"

source "$root/deploy/scripts/lib.sh"
classpath() { pom_classpath "$root/deploy/flink/pom.xml" "$home/classpath.txt"; }

# Flink's own bin scripts ask BashJavaUtils for the memory flags and dynamic settings of each process.
resource_params() { # GET_JM_RESOURCE_PARAMS | GET_TM_RESOURCE_PARAMS
  "$java" -cp "$(classpath)" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$conf" 2>/dev/null \
    | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p'
}

running() { [ -f "$home/$1.pid" ] && kill -0 "$(cat "$home/$1.pid")" 2>/dev/null; }

start_process() { # name main-class params-kind
  local name="$1" main="$2" params jvm dyn
  running "$name" && { echo "flink: $name already running (pid $(cat "$home/$name.pid"))"; return; }
  params="$(resource_params "$3")"
  jvm="$(echo "$params" | sed -n 1p)"
  dyn="$(echo "$params" | sed -n 2p)"
  [ -n "$jvm" ] || { echo "flink: BashJavaUtils gave no resource parameters for $name" >&2; exit 1; }
  # shellcheck disable=SC2086
  nohup "$java" $jvm $JAVA_OPENS -cp "$(classpath)" \
    -Dlog.file="$home/log/$name.log" -Dlog4j.configurationFile="file:$conf/log4j.properties" \
    "$main" --configDir "$conf" $dyn \
    -Dstate.checkpoints.dir="file://$home/checkpoints" -Dstate.savepoints.dir="file://$home/savepoints" \
    > "$home/log/$name.out" 2>&1 &
  echo $! > "$home/$name.pid"
}

wait_ready() { # FLINK_START_TIMEOUT seconds (default 60)
  for _ in $(seq 1 $(( ${FLINK_START_TIMEOUT:-60} * 2 ))); do
    if curl -fs "$rest/overview" 2>/dev/null | grep -q '"taskmanagers":[1-9]'; then
      echo "flink: cluster up, web UI at $rest"; return 0
    fi
    sleep 0.5
  done
  echo "flink: cluster did not come up in ${FLINK_START_TIMEOUT:-60} s; logs in $home/log" >&2; exit 1
}

case "${1:-}" in
  start)
    mkdir -p "$home/log" "$conf" "$home/checkpoints" "$home/savepoints"
    cp "$conf_src"/* "$conf/"
    sed -i -e "s/^  port: 8081\$/  port: ${FLINK_REST_PORT:-8081}/" -e "s/^    port: 6123\$/    port: ${FLINK_RPC_PORT:-6123}/" \
      "$conf/config.yaml"
    start_process jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint GET_JM_RESOURCE_PARAMS
    start_process taskmanager org.apache.flink.runtime.taskexecutor.TaskManagerRunner GET_TM_RESOURCE_PARAMS
    wait_ready ;;
  stop)
    for name in taskmanager jobmanager; do
      if running "$name"; then kill "$(cat "$home/$name.pid")"; fi
    done
    for name in taskmanager jobmanager; do
      for _ in $(seq 1 40); do running "$name" || break; sleep 0.25; done
      running "$name" && kill -9 "$(cat "$home/$name.pid")"
      rm -f "$home/$name.pid"
    done
    echo "flink: stopped" ;;
  status)
    for name in jobmanager taskmanager; do
      if running "$name"; then echo "$name: running (pid $(cat "$home/$name.pid"))"; else echo "$name: stopped"; fi
    done
    curl -fs "$rest/overview" && echo ;;
  submit)
    shift; jar="$1"; shift
    main=""; savepoint=""
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do
      case "$1" in
        --class) main="$2"; shift 2 ;;
        --savepoint) savepoint="$2"; shift 2 ;;
        *) echo "flink: unknown submit option $1" >&2; exit 2 ;;
      esac
    done
    [ "${1:-}" = "--" ] && shift
    args=(run --detached)
    [ -n "$main" ] && args+=(--class "$main")
    [ -n "$savepoint" ] && args+=(--fromSavepoint "$savepoint")
    # shellcheck disable=SC2086
    FLINK_CONF_DIR="$conf" "$java" $JAVA_OPENS -cp "$(classpath)" -Dlog4j.configurationFile="file:$conf/log4j-cli.properties" \
      org.apache.flink.client.cli.CliFrontend "${args[@]}" "$jar" "$@" \
      > "$home/log/submit.out" 2>&1 || { cat "$home/log/submit.out" >&2; exit 1; }
    sed -n 's/.*JobID \([0-9a-f]\{32\}\).*/\1/p' "$home/log/submit.out" ;;
  stop-job)
    # REST: POST /jobs/:id/stop starts stop-with-savepoint; poll the operation for the savepoint path.
    job="$2"
    trigger="$(curl -fs -X POST -H 'Content-Type: application/json' \
      -d "{\"drain\": false, \"targetDirectory\": \"file://$home/savepoints\"}" "$rest/jobs/$job/stop" \
      | sed -n 's/.*"request-id":"\([^"]*\)".*/\1/p')"
    [ -n "$trigger" ] || { echo "flink: stop-with-savepoint was not accepted for job $job" >&2; exit 1; }
    for _ in $(seq 1 240); do
      status="$(curl -fs "$rest/jobs/$job/savepoints/$trigger")"
      location="$(echo "$status" | sed -n 's/.*"location":"\([^"]*\)".*/\1/p')"
      if [ -n "$location" ]; then echo "$location"; exit 0; fi
      if echo "$status" | grep -q '"failure-cause"'; then echo "flink: savepoint failed: $status" >&2; exit 1; fi
      sleep 0.5
    done
    echo "flink: savepoint of job $job did not complete in 120 s" >&2; exit 1 ;;
  kill-taskmanager)
    # A crash, not a shutdown: no deregistration, the JobManager notices by heartbeat timeout or lost connection.
    running taskmanager || { echo "flink: no TaskManager running" >&2; exit 1; }
    kill -9 "$(cat "$home/taskmanager.pid")"
    for _ in $(seq 1 40); do running taskmanager || break; sleep 0.25; done
    rm -f "$home/taskmanager.pid"; echo "flink: TaskManager killed" ;;
  start-taskmanager)
    start_process taskmanager org.apache.flink.runtime.taskexecutor.TaskManagerRunner GET_TM_RESOURCE_PARAMS
    wait_ready ;;
  cancel)
    curl -fs -X PATCH "$rest/jobs/$2?mode=cancel" >/dev/null && echo "flink: cancelled $2" ;;
  *)
    sed -n '2,10p' "$0"; exit 2 ;;
esac
