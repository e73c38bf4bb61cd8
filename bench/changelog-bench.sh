#!/usr/bin/env bash
# The release changelog of a whole history: ChangeTrail vs git-cliff with its default config, on
# the same repository and machine. Needs java 17, git, python3, node/npm and hyperfine.
# Usage: bench/changelog-bench.sh [COMMITS|REPO] [RUNS]
#   COMMITS: a synthetic history of that many commits (default 10000), generated with fast-import
#   REPO:    a git repository (a clone of a real one), used as it is (its .git/changetrail/cache
#            is removed before the cold runs)
# ChangeTrail runs as the installed `changetrail` launcher (its JVM flags and class-data archive)
# and as plain `java -jar`; "cold" runs start without .git/changetrail/cache (a CI job's first run),
# "warm" ones with both caches, and "paths cached" ones with the paths but not the entries (a new
# ChangeTrail build or changed systems).
set -euo pipefail
cd "$(dirname "$0")"
BENCH=$PWD
ROOT=$(cd .. && pwd)
JAR=$ROOT/target/changetrail.jar
ARG=${1:-10000}
RUNS=${2:-10}
[ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
[ -x node_modules/.bin/git-cliff ] || npm install --no-audit --no-fund
command -v hyperfine >/dev/null || { echo "install hyperfine first (apt-get install -y hyperfine)" >&2; exit 1; }
CLIFF=$(ls "$BENCH"/node_modules/git-cliff-linux-*/bin/git-cliff 2>/dev/null | head -1)
[ -n "$CLIFF" ] || CLIFF="$BENCH/node_modules/.bin/git-cliff"

WORK=$BENCH/work/changelog
rm -rf "$WORK"
mkdir -p "$WORK"
if [ -d "$ARG" ]; then
  cd "$ARG"
else
  mkdir -p "$WORK/repo"
  cd "$WORK/repo"
  git init -q -b main
  python3 "$BENCH/gen-history.py" "$ARG" | git fast-import --quiet
  git checkout -q main
fi
echo "history: $(git rev-list --count HEAD) commits, $(git tag | wc -l) tags, in $PWD"
"$ROOT/changetrail" --version >/dev/null # builds the class-data archive once

CT="$ROOT/changetrail changelog --range HEAD --output $WORK/changetrail.md"
hyperfine -N -i --warmup 1 --runs "$RUNS" --export-markdown "$WORK/changelog.md" \
  -n "changetrail changelog --range HEAD (launcher, warm)" "$CT" \
  -n "changetrail changelog --range HEAD (java -jar, warm)" "java -jar $JAR changelog --range HEAD --output $WORK/changetrail.md" \
  -n "git-cliff, whole history (default config)" "$CLIFF --output $WORK/cliff.md"
CACHE=$(git rev-parse --absolute-git-dir)/changetrail/cache
hyperfine -N -i --runs "$RUNS" --prepare "rm -rf $CACHE" \
  --export-markdown "$WORK/changelog-cold.md" \
  -n "changetrail changelog --range HEAD (launcher, cold: no cache at all)" "$CT"
$CT # the paths cache again
hyperfine -N -i --runs "$RUNS" --prepare "sh -c 'rm -f $CACHE/entries-*'" \
  --export-markdown "$WORK/changelog-paths.md" \
  -n "changetrail changelog --range HEAD (launcher, paths cached, entries not)" "$CT"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "CPU and peak memory (max RSS; CPU includes git's):"
/usr/bin/time -f "  changetrail (launcher, warm): %M KB, %U s user + %S s system" $CT
for run in 1 2 3; do
  rm -rf "$CACHE"
  /usr/bin/time -f "  changetrail (launcher, cold): %M KB, %U s user + %S s system" $CT
done
rm -f "$CACHE"/entries-*
/usr/bin/time -f "  changetrail (launcher, paths cached): %M KB, %U s user + %S s system" $CT
/usr/bin/time -f "  git-cliff: %M KB, %U s user + %S s system" "$CLIFF" --output "$WORK/cliff.md" 2>&1 | grep -v WARN
echo "output: changetrail $(wc -l < "$WORK/changetrail.md") lines in $(grep -c '^## \[' "$WORK/changetrail.md") releases, git-cliff $(wc -l < "$WORK/cliff.md") lines"
cat "$WORK/changelog.md" "$WORK/changelog-cold.md" "$WORK/changelog-paths.md"
