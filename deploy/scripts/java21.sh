#!/usr/bin/env bash
# Prints the home of a Java 21+ runtime (the Apicurio registry needs one); exits 1 naming what it searched.
set -uo pipefail
version_of() { # major version from a JDK's release file
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null
}
candidates=()
[ -n "${EVENTLINE_REGISTRY_JAVA_HOME:-}" ] && candidates+=("$EVENTLINE_REGISTRY_JAVA_HOME")
[ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
for d in /usr/lib/jvm/*; do [ -d "$d" ] && candidates+=("$d"); done
for home in "${candidates[@]}"; do
  v="$(version_of "$home")"
  if [ -n "$v" ] && [ "$v" -ge 21 ] && [ -x "$home/bin/java" ]; then
    echo "$home"; exit 0
  fi
done
echo "no Java 21+ found (searched: EVENTLINE_REGISTRY_JAVA_HOME, JAVA_HOME, /usr/lib/jvm/*)." \
     "The schema registry needs one: install a JDK 21+ under /usr/lib/jvm or set EVENTLINE_REGISTRY_JAVA_HOME." >&2
exit 1
