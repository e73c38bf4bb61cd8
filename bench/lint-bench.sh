#!/usr/bin/env bash
# One commit-msg lint, process start included: ChangeTrail vs commitlint on the same message and
# machine. Needs java 17, git, node/npm and hyperfine (apt-get install -y hyperfine).
# Usage: bench/lint-bench.sh [runs]
set -euo pipefail
cd "$(dirname "$0")"
BENCH=$PWD
ROOT=$(cd .. && pwd)
JAR=$ROOT/target/changetrail.jar
RUNS=${1:-20}
[ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
"$ROOT/changetrail" --version >/dev/null   # builds the launcher's class archive once
[ -x node_modules/.bin/commitlint ] || npm install --no-audit --no-fund
command -v hyperfine >/dev/null || { echo "install hyperfine first (apt-get install -y hyperfine)" >&2; exit 1; }

WORK=$BENCH/work/lint
rm -rf "$WORK"
mkdir -p "$WORK/repo"
cd "$WORK/repo"
git init -q -b main
git config user.name bench && git config user.email bench@example.com
mkdir -p router/src && echo 'class Router {}' > router/src/Router.java && git add . && git commit -qm init
echo 'class Router { boolean halted; }' > router/src/Router.java && git add .

# The same two messages for both tools: a Conventional Commits message, and a change document.
printf 'fix(router): stop routing orders to halted venues\n\nOrders for XLON were routed during the 14:02 halt.\n' > "$WORK/conventional.txt"
cat > "$WORK/document.txt" <<'MSG'
BUGFIX: stop routing orders to halted venues

## Context and Rationale
Orders for XLON were routed during the 14:02 halt and rejected by the venue.

## Changes Made
### router
- SmartOrderRouter checks the venue status before choosing a route

## Impact Assessment
- Risk level: LOW; rollback complexity LOW

## Testing and Verification
- ✅ SmartOrderRouterTest.rejectsOrdersForHaltedVenues
MSG

FAST="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto"
CDS=$WORK/changetrail.jsa
java -XX:ArchiveClassesAtExit="$CDS" $FAST -jar "$JAR" lint --file "$WORK/document.txt" >/dev/null 2>&1 || true

for msg in conventional document; do
  hyperfine -N -i --warmup 3 --runs "$RUNS" --export-markdown "$WORK/lint-$msg.md" \
    -n "changetrail lint ($msg, java -jar)" "java -jar $JAR lint --file $WORK/$msg.txt" \
    -n "changetrail lint ($msg, fast JVM flags + AppCDS)" "java $FAST -XX:SharedArchiveFile=$CDS -jar $JAR lint --file $WORK/$msg.txt" \
    -n "changetrail lint ($msg, ./changetrail launcher)" "$ROOT/changetrail lint --file $WORK/$msg.txt" \
    -n "commitlint ($msg)" "node $BENCH/node_modules/@commitlint/cli/cli.js --cwd $BENCH --edit $WORK/$msg.txt"
done
cat "$WORK"/lint-*.md
