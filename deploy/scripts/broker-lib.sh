# Sourced by rabbitmq.sh, redis.sh and nats.sh: one server process from a Debian package, run in the background
# as a child of nobody (nohup), its pid in $home/$name.pid, stopped by that pid (and its children).

# broker_start NAME PORT COMMAND...: starts COMMAND unless running, waits up to 120 s for PORT on 127.0.0.1
broker_start() {
  local name="$1" port="$2"; shift 2
  if broker_running "$name"; then echo "$name: already running (pid $(cat "$home/$name.pid"))"; return 0; fi
  mkdir -p "$home"
  nohup "$@" > "$home/$name.log" 2>&1 &
  echo $! > "$home/$name.pid"
  for _ in $(seq 1 240); do
    if (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null; then echo "$name: up on 127.0.0.1:$port"; return 0; fi
    broker_running "$name" || { echo "$name: exited at start; see $home/$name.log" >&2; return 1; }
    sleep 0.5
  done
  echo "$name: not up in 120 s; see $home/$name.log" >&2; return 1
}

broker_running() { [ -f "$home/$1.pid" ] && kill -0 "$(cat "$home/$1.pid")" 2>/dev/null; }

# broker_stop NAME: SIGTERM to the pid and its children, SIGKILL after 30 s
broker_stop() {
  local name="$1" pid
  if ! broker_running "$name"; then echo "$name: not running"; rm -f "$home/$name.pid"; return 0; fi
  pid="$(cat "$home/$name.pid")"
  local children; children="$(pgrep -P "$pid" || true)"
  kill "$pid" $children 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$pid" $children 2>/dev/null || true
  rm -f "$home/$name.pid"
  echo "$name: stopped"
}

# broker_main NAME PORT URL start-function: the start | stop | restart | status | url commands
broker_main() {
  local name="$1" port="$2" url="$3" start_fn="$4" command="${5:-}"
  case "$command" in
    start) "$start_fn" ;;
    stop) broker_stop "$name" ;;
    restart) broker_stop "$name"; "$start_fn" ;;
    status) if broker_running "$name"; then echo "$name: running (pid $(cat "$home/$name.pid")) at $url"; else echo "$name: not running"; exit 3; fi ;;
    url) echo "$url" ;;
    *) echo "usage: $0 start|stop|restart|status|url" >&2; exit 2 ;;
  esac
}
