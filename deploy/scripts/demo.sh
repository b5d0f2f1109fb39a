#!/usr/bin/env bash
# The embedded demo: the order-projections job on an in-process Kafka broker, the Apicurio registry, a local
# Flink with its web UI and SQLite as the sink.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
"$root/deploy/scripts/setup.sh"
echo "demo: the order-projections job is not wired yet (issue 5); this command will run it on embedded defaults." >&2
echo "demo: what exists today is exercised by the test command: deploy/scripts/test.sh" >&2
exit 2
