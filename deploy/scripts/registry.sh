#!/usr/bin/env bash
# Start, stop or query a local Apicurio Registry 3.x (in-memory storage) for the demo and manual testing.
#
#   deploy/scripts/registry.sh start|stop|status
#
# Env: REGISTRY_PORT (default 8085), REGISTRY_MANAGEMENT_PORT (default REGISTRY_PORT+1000),
#      EVENTLINE_APICURIO_HOME (the unpacked io.apicurio:apicurio-registry-app:tar.gz:all; default
#      testkit/target/apicurio-registry, unpacked on demand with Maven), JAVA_HOME (used when it is 21+),
#      REGISTRY_DATA_DIR (keep the registry's storage in an H2 file there, so schema ids survive a restart;
#      default: in memory).
# State: .eventline/registry.pid and .eventline/registry.log in the repository root.
# Confluent-compatible API: http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PORT="${REGISTRY_PORT:-8085}"
MGMT_PORT="${REGISTRY_MANAGEMENT_PORT:-$((PORT + 1000))}"
STATE="${EVENTLINE_HOME:-$ROOT/.eventline}"
PID_FILE="$STATE/registry.pid"
LOG_FILE="$STATE/registry.log"
URL="http://127.0.0.1:$PORT/apis/ccompat/v7"
TIMEOUT="${REGISTRY_START_TIMEOUT:-120}"

die() { echo "registry.sh: $*" >&2; exit 1; }

# The feature version a JDK's release file declares, or 0.
java_feature() {
  local rel="$1/release" v
  [[ -f "$rel" ]] || { echo 0; return; }
  v="$(sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9][0-9]*\).*/\1/p' "$rel" | head -1)"
  echo "${v:-0}"
}

# Java 21+: JAVA_HOME if it is 21+, else /usr/lib/jvm: temurin-25, temurin-21, then the newest JDK >= 21.
find_java() {
  local searched=() d v best="" best_rank=-1 rank name
  if [[ -n "${JAVA_HOME:-}" ]]; then
    v="$(java_feature "$JAVA_HOME")"; searched+=("JAVA_HOME=$JAVA_HOME (Java $v)")
    if (( v >= 21 )) && [[ -x "$JAVA_HOME/bin/java" ]]; then echo "$JAVA_HOME/bin/java"; return; fi
  else
    searched+=("JAVA_HOME (unset)")
  fi
  for d in /usr/lib/jvm/*/; do
    d="${d%/}"
    [[ -x "$d/bin/java" ]] || continue
    v="$(java_feature "$d")"; searched+=("$d (Java $v)")
    (( v >= 21 )) || continue
    name="$(basename "$d")"
    case "$name" in temurin-25*) rank=3000 ;; temurin-21*) rank=2000 ;; *) rank=$v ;; esac
    if (( rank > best_rank )); then best_rank=$rank; best="$d"; fi
  done
  [[ -n "$best" ]] && { echo "$best/bin/java"; return; }
  die "no Java 21+ found (the registry needs it). Searched: ${searched[*]:-/usr/lib/jvm (empty)}. Install one (e.g. temurin-25-jdk) or set JAVA_HOME."
}

find_home() {
  local home="${EVENTLINE_APICURIO_HOME:-$ROOT/testkit/target/apicurio-registry}"
  if [[ ! -f "$home/quarkus-run.jar" && -z "${EVENTLINE_APICURIO_HOME:-}" ]]; then
    echo "registry.sh: unpacking the registry into $home (mvn -pl testkit generate-resources)" >&2
    (cd "$ROOT" && mvn -B -q -pl testkit generate-resources) >&2 || die "cannot unpack the registry with Maven"
  fi
  [[ -f "$home/quarkus-run.jar" ]] || die "no quarkus-run.jar in $home (set EVENTLINE_APICURIO_HOME to the unpacked apicurio-registry-app)"
  echo "$home"
}

running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid; pid="$(cat "$PID_FILE")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && { echo "$pid"; return 0; }
  return 1
}

answers() { curl -sf -o /dev/null --max-time 2 "$URL/subjects"; }

start() {
  local pid
  if pid="$(running_pid)"; then echo "registry already running (pid $pid) at $URL"; return 0; fi
  if answers; then die "port $PORT already answers as a registry, but not one started here; stop it or set REGISTRY_PORT"; fi
  local java home
  java="$(find_java)"; home="$(find_home)"
  mkdir -p "$STATE"
  echo "starting Apicurio registry ($home) with $java on 127.0.0.1:$PORT"
  local storage=()
  if [[ -n "${REGISTRY_DATA_DIR:-}" ]]; then
    mkdir -p "$REGISTRY_DATA_DIR"
    storage=("-Dapicurio.datasource.url=jdbc:h2:file:$REGISTRY_DATA_DIR/registry;DB_CLOSE_ON_EXIT=FALSE")
  fi
  (cd "$home" && exec setsid "$java" -Xmx512m "${storage[@]}" -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$PORT" \
      -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$MGMT_PORT" \
      -jar quarkus-run.jar >"$LOG_FILE" 2>&1 </dev/null) &
  pid=$!
  echo "$pid" >"$PID_FILE"
  local start_s=$SECONDS
  until answers; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"; tail -n 30 "$LOG_FILE" >&2 || true; die "the registry exited during start-up; log: $LOG_FILE"
    fi
    if (( SECONDS - start_s > TIMEOUT )); then
      stop >/dev/null; tail -n 30 "$LOG_FILE" >&2 || true; die "the registry did not answer $URL within ${TIMEOUT}s; log: $LOG_FILE"
    fi
    sleep 0.5
  done
  echo "registry up in $((SECONDS - start_s))s (pid $pid): $URL  log: $LOG_FILE"
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then rm -f "$PID_FILE"; echo "registry not running"; return 0; fi
  # setsid made the registry a process-group leader: stop the group, i.e. the whole tree.
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$PID_FILE"
  echo "registry stopped (pid $pid)"
}

status() {
  local pid
  if pid="$(running_pid)"; then
    if answers; then echo "registry running (pid $pid) at $URL"; else echo "registry process $pid alive but $URL does not answer"; return 1; fi
  else
    echo "registry not running"; return 3
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
