#!/usr/bin/env bash
# Runs the benchmark: builds the loadtest module and what it needs through the reactor (the shop's
# own modules from this checkout, not whatever an earlier install left in ~/.m2), writes its
# classpath, then a plain JVM runs shop.loadtest.Benchmark. Any -Dkey=value arguments are passed on
# (-Dduration=10s -Dconnections=64 -Ddurability=relaxed …). Maven runs online: a plugin the README's
# build did not need (the dependency plugin) is fetched on first use. MAVEN_OPTS reaches Maven as usual.
# The service jars must exist: ./mvnw -q -pl <module> -am package -DskipTests for each service.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }
./mvnw -B -q -ntp -pl loadtest -am compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
exec java -Xmx256m -cp "loadtest/target/classes:$(cat loadtest/target/classpath.txt)" \
  -Dbench.command="loadtest/bench.sh $*" "$@" shop.loadtest.Benchmark
