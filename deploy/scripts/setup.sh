#!/usr/bin/env bash
# Installs what the build, the tests and the demo need on a fresh Debian machine; safe to run again.
# Java 17 and Maven build the project; PostgreSQL (Debian package) serves the read-model tests;
# the Apicurio schema registry needs Java 21+, which it finds under /usr/lib/jvm (see java21.sh).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

missing=()
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql)
command -v curl >/dev/null 2>&1 || missing+=(curl)
# promtool checks and unit-tests the alert rules; a real Prometheus scrapes the job in DeadLetterAlertITCase.
{ command -v promtool && command -v prometheus; } >/dev/null 2>&1 || missing+=(prometheus)
# The other brokers' servers (issue 18): the tests and deploy/scripts/{rabbitmq,redis,nats}.sh run them as their
# own processes on loopback ports, never as the system services (the package scripts may start those: stopped below).
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v nats-server >/dev/null 2>&1 || missing+=(nats-server)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  # a broker service the package just started would hold the default port deploy/scripts/<broker>.sh uses
  for svc in rabbitmq-server redis-server nats-server; do
    case " ${missing[*]} " in
      *" $svc "*) $SUDO systemctl disable --now "$svc" >/dev/null 2>&1 || $SUDO service "$svc" stop >/dev/null 2>&1 || true ;;
    esac
  done
fi

java21="$("$here/java21.sh")"
echo "setup: Java 21+ for the schema registry: $java21"
