#!/usr/bin/env bash
# Runs the benchmark: builds the loadtest module's classpath once, then a plain JVM runs
# shop.loadtest.Benchmark. Any -Dkey=value arguments are passed on (-Dduration=10s -Dconnections=64 …).
# The service jars must exist: ./mvnw -q -pl <module> package -DskipTests for each service.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }
./mvnw -q -o -pl loadtest compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
exec java -Xmx256m -cp "loadtest/target/classes:$(cat loadtest/target/classpath.txt)" \
  -Dbench.command="loadtest/bench.sh $*" "$@" shop.loadtest.Benchmark
