#!/usr/bin/env bash
# Team server load benchmark: CLIENTS threads mixing reads (80%) and writes (20%) through the JSON
# API for SECONDS (after a 15 s warm-up), against packaged-jar `serve` processes: one node on
# SQLite, one node on an embedded PostgreSQL, two nodes on one PostgreSQL (clients spread over
# them). Prints req/s and p50/p99 latency per kind of request, the ledger's size before and
# after, and verifies the ledger afterwards.
# Usage: bench/server-bench.sh [CLIENTS] [SECONDS] [SEEDED_CHANGES] [SETUPS]
#   defaults: 16 60 100 sqlite,postgresql,postgresql-2nodes
# Environment: BENCH_JVM  JVM options of each node (default: -Xmx512m)
#   BENCH_SCALE_TO N  grow the ledger to N changes after seeding (copies of the first seeded
#   change, bench ScaleLedger) to see whether requests depend on the ledger's size
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests package
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
  "$(free -g | awk '/Mem:/{print $2}') GiB, java $(java -version 2>&1 | head -1 | cut -d'"' -f2)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
java -Xmx1g -Dchangetrail.jar=target/changetrail.jar -Dbench.jvm="${BENCH_JVM:--Xmx512m}" \
  -cp "$CP" io.changetrail.e2e.ServerBench "${1:-16}" "${2:-60}" "${3:-100}" \
  "${4:-sqlite,postgresql,postgresql-2nodes}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
