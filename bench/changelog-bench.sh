#!/usr/bin/env bash
# The changelog of a 10,000-commit history: ChangeTrail vs git-cliff with its default config, on
# the same repository and machine. Needs java 17, git, python3, node/npm and hyperfine.
# Usage: bench/changelog-bench.sh [commits] [runs]
set -euo pipefail
cd "$(dirname "$0")"
BENCH=$PWD
ROOT=$(cd .. && pwd)
JAR=$ROOT/target/changetrail.jar
COMMITS=${1:-10000}
RUNS=${2:-10}
[ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
[ -x node_modules/.bin/git-cliff ] || npm install --no-audit --no-fund
command -v hyperfine >/dev/null || { echo "install hyperfine first (apt-get install -y hyperfine)" >&2; exit 1; }
CLIFF=$(ls "$BENCH"/node_modules/git-cliff-linux-*/bin/git-cliff 2>/dev/null | head -1)
[ -n "$CLIFF" ] || CLIFF="$BENCH/node_modules/.bin/git-cliff"

WORK=$BENCH/work/changelog
rm -rf "$WORK"
mkdir -p "$WORK/repo"
cd "$WORK/repo"
git init -q -b main
python3 "$BENCH/gen-history.py" "$COMMITS" | git fast-import --quiet
git checkout -q main
echo "history: $(git rev-list --count HEAD) commits, $(git tag | wc -l) tags"

FAST="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto"
hyperfine -N -i --warmup 1 --runs "$RUNS" --export-markdown "$WORK/changelog.md" \
  -n "changetrail changelog, whole history (java -jar)" "java -jar $JAR changelog --range HEAD --output $WORK/changetrail.md" \
  -n "changetrail changelog, whole history (fast JVM flags)" "java $FAST -jar $JAR changelog --range HEAD --output $WORK/changetrail.md" \
  -n "git-cliff, whole history (default config)" "$CLIFF --output $WORK/cliff.md"
echo "output: changetrail $(wc -l < "$WORK/changetrail.md") lines, git-cliff $(wc -l < "$WORK/cliff.md") lines"
cat "$WORK/changelog.md"
