#!/usr/bin/env bash
# Projection bench (issue 15): how `change show`, `change list` (a page; filtered by a status no
# copy has, and by the copies' own status) and a decision scale with the ledger. One real change is registered and approved in a generated repository, then the ledger
# is grown to N changes (copies of its entries under new ids, bench ScaleLedger); each command is
# timed with hyperfine at each size.
# Usage: bench/projection-bench.sh [SIZES] [CHECKOUT]   defaults: "100 1000 10000" this checkout
#   CHECKOUT: another checkout of ChangeTrail to measure instead (e.g. an older commit, with
#   src/test/java/io/changetrail/bench/ScaleLedger.java copied into it)
set -euo pipefail
cd "${2:-$(dirname "$0")/..}"
sizes="${1:-100 1000 10000}"
jar="$(pwd)/target/changetrail.jar"
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
[ -f "$jar" ] || ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package
./mvnw -B -q -DskipTests -Dspotless.check.skip=true -Dspotless.apply.skip=true test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
ct() { java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$jar" "$@"; }

repo="$work/repo"
java -jar "$jar" demo --dir "$repo" >/dev/null 2>&1
cd "$repo"
change="$(ct change list 2>/dev/null | awk 'NR==2{print $1}')"
status="$(ct change show "$change" --format json 2>/dev/null | python3 -c 'import json,sys;print(json.load(sys.stdin)["status"])')"
other=ASSESSED; [ "$status" = ASSESSED ] && other=DEPLOYED
base="$repo/.git/changetrail/ledger.db"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); jar $jar; template change $change ($status)"
printf '| changes | entries | change show | change list | list --status %s | list --status %s | approve (refused: already approved) |\n|---|---|---|---|---|---|---|\n' "$other" "$status"
for n in $sizes; do
  cp "$base" "$work/ledger-$n.db"
  url="jdbc:sqlite:$work/ledger-$n.db"
  entries="$(cd - >/dev/null; java -cp "$CP" io.changetrail.bench.ScaleLedger "$url" "$change" "$n" 2>/dev/null)"
  ct change show "$change" --ledger "$url" >/dev/null 2>&1 # first open: builds the index when it is behind
  show="$(hyperfine -N -w 1 -r 5 --export-json "$work/s.json" "java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar $jar change show $change --ledger $url" >/dev/null 2>&1; python3 -c "import json;r=json.load(open('$work/s.json'))['results'][0];print('%.2f s' % r['median'])")"
  list="$(hyperfine -N -w 1 -r 3 --export-json "$work/l.json" "java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar $jar change list --ledger $url" >/dev/null 2>&1; python3 -c "import json;r=json.load(open('$work/l.json'))['results'][0];print('%.2f s' % r['median'])")"
  few="$(hyperfine -N -w 1 -r 3 --export-json "$work/f.json" "java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar $jar change list --status $other --ledger $url" >/dev/null 2>&1; python3 -c "import json;r=json.load(open('$work/f.json'))['results'][0];print('%.2f s' % r['median'])")"
  many="$(hyperfine -N -w 1 -r 3 --export-json "$work/m.json" "java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar $jar change list --status $status --ledger $url" >/dev/null 2>&1; python3 -c "import json;r=json.load(open('$work/m.json'))['results'][0];print('%.2f s' % r['median'])")"
  approve="$(hyperfine -N -i -w 1 -r 5 --export-json "$work/a.json" "java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar $jar approve $change --ledger $url" >/dev/null 2>&1; python3 -c "import json;r=json.load(open('$work/a.json'))['results'][0];print('%.2f s' % r['median'])")"
  echo "| $n | ${entries% entries} | $show | $list | $few | $many | $approve |"
done
