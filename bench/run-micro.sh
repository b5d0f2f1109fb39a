#!/usr/bin/env bash
# Builds the bench module through the reactor and runs the ordering operator microbenchmark (heap vs RocksDB):
# 1 fork, 3 warmup and 5 measurement iterations of 2 s each. Prints events/s per backend and the ratio.
# JMH_ARGS overrides the run settings, e.g. JMH_ARGS='-f 1 -wi 1 -i 1 -w 1s -r 1s' for a smoke run.
set -euo pipefail
cd "$(dirname "$0")/.."
OFFLINE=${OFFLINE:--o}
mvn -B -q $OFFLINE -pl bench -am package dependency:build-classpath \
    -DskipTests -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
RESULT=bench/target/ordering-micro.json
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.openjdk.jmh.Main OrderingBenchmark \
    ${JMH_ARGS:--f 1 -wi 3 -i 5 -w 2s -r 2s} -rf json -rff "$RESULT"
python3 - "$RESULT" <<'PY'
import json, sys
rows = {r["params"]["backend"]: r["primaryMetric"] for r in json.load(open(sys.argv[1]))}
for backend, m in rows.items():
    error = m["scoreError"]
    error = f"± {error:,.0f}" if isinstance(error, (int, float)) else "no error estimate"
    print(f"{backend:8s} {m['score']:>12,.0f} events/s ({error}; one thread)")
for rocks in ("ROCKSDB", "ROCKSDB_TUNED"):
    if "HEAP" in rows and rocks in rows:
        print(f"{rocks}/HEAP ratio: {rows[rocks]['score'] / rows['HEAP']['score']:.3f}")
PY
# The machine is shared: the load says how much of it this run had.
echo "load average (1/5/15 min): $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
