# Sourced by the service scripts.

# pom_classpath POM CACHE_FILE: the runtime classpath of a pom-packaged module (Maven resolves it once from
# Maven Central; cached until the pom changes).
pom_classpath() {
  local pom="$1" cp_file="$2"
  if [ ! -s "$cp_file" ] || [ "$pom" -nt "$cp_file" ]; then
    mkdir -p "$(dirname "$cp_file")"
    mvn -B -q -f "$pom" dependency:build-classpath -Dmdep.outputFile="$cp_file" > "$cp_file.log" 2>&1 \
      || { cat "$cp_file.log" >&2; return 1; }
  fi
  cat "$cp_file"
}
