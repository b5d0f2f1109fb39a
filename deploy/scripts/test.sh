#!/usr/bin/env bash
# The test command: installs prerequisites, then builds and runs every test (unit, harness, integration).
# Integration tests start their own real services: an in-process KRaft Kafka broker, the Apicurio registry
# and PostgreSQL, all on loopback.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
"$root/deploy/scripts/setup.sh"
cd "$root"
exec mvn -B verify "$@"
