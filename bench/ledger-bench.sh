#!/usr/bin/env bash
# Ledger benchmarks: appends/s (one per transaction and batched) beside plain INSERTs of the
# same rows into the same database (SQLite and an embedded PostgreSQL), and bundle
# verification entries/s beside the machine's raw SHA-256 rate.
# Usage: bench/ledger-bench.sh [SINGLE_APPENDS] [BATCHED_APPENDS] [VERIFY_ENTRIES] [STORES]
#   defaults: 2000 100000 1000000 sqlite,postgresql
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
  "$(free -g | awk '/Mem:/{print $2}') GiB, java $(java -version 2>&1 | head -1 | cut -d'"' -f2)"
echo "disk: $(df -h "${TMPDIR:-/tmp}" | awk 'NR==2{print $1}') (temp folder)"
echo
java -Xmx4g -cp "$CP" io.changetrail.ledger.LedgerBench "${1:-2000}" "${2:-100000}" "${3:-1000000}" "${4:-sqlite,postgresql}" 2>/dev/null
echo
if command -v openssl >/dev/null; then
  echo "openssl speed sha256 (256- and 1024-byte blocks, one core):"
  openssl speed -seconds 2 -bytes 256 sha256 2>/dev/null | tail -1
  openssl speed -seconds 2 -bytes 1024 sha256 2>/dev/null | tail -1
fi
