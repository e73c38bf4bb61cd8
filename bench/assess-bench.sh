#!/usr/bin/env bash
# Benchmark: `changetrail assess` over the last 1,000 commits of a repository, beside
# `git log --numstat` over the same commits.
#
#   bench/assess-bench.sh [REPO] [COMMITS=1000] [SAMPLE=50]
#
# With no REPO, a synthetic 20,000-commit trading-platform repository is generated once with
# `git fast-import` into bench/work/synthetic (bench/GenerateHistory.java).
# Measures:
#   1. git log --numstat over the COMMITS commits (one process)              [baseline]
#   2. changetrail assess --range ... --each over the same commits (one JVM)
#   3. changetrail assess --commit SHA, one process per commit (JVM start included), for SAMPLE
#      commits spread over the range: mean, p50, p95 wall time; beside `git show --numstat SHA`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
repo="${1:-}"
commits="${2:-1000}"
sample="${3:-50}"

if [ -z "$repo" ]; then
  repo="$here/work/synthetic"
  if [ ! -d "$repo/.git" ]; then
    echo "generating a 20,000-commit repository in $repo ..." >&2
    mkdir -p "$repo"
    git -C "$repo" init -q -b main
    java "$here/GenerateHistory.java" 20000 | git -C "$repo" fast-import --quiet
    git -C "$repo" checkout -q main
  fi
fi
"$root/changetrail" --version >/dev/null   # builds the jar and its class-data archive if needed

total=$(git -C "$repo" rev-list --count HEAD)
echo "repository: $repo ($total commits); assessing the last $commits"
now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }

t0=$(now); git -C "$repo" log -n "$commits" --numstat --format=%H >/dev/null; t1=$(now)
git_ms=$(ms "$t0" "$t1")
echo "git log --numstat -n $commits:                           ${git_ms} ms"

t0=$(now)
(cd "$repo" && "$root/changetrail" assess --range "HEAD~$commits..HEAD" --each --format json) >/dev/null
t1=$(now)
each_ms=$(ms "$t0" "$t1")
echo "changetrail assess --each over $commits commits (1 JVM):  ${each_ms} ms ($(( each_ms * 1000 / commits )) us/commit)"

mapfile -t shas < <(git -C "$repo" rev-list -n "$commits" HEAD | awk -v n="$commits" -v s="$sample" 'NR % int(n / s) == 0')
ct=(); gs=()
for sha in "${shas[@]}"; do
  t0=$(now); (cd "$repo" && "$root/changetrail" assess --commit "$sha" >/dev/null); t1=$(now)
  ct+=("$(ms "$t0" "$t1")")
  t0=$(now); git -C "$repo" show --numstat --format=%H "$sha" >/dev/null; t1=$(now)
  gs+=("$(ms "$t0" "$t1")")
done
stats() { sort -n | awk '{a[NR]=$1; s+=$1} END {printf "mean %d ms, p50 %d ms, p95 %d ms, max %d ms", s/NR, a[int(NR*0.5)+(NR*0.5>int(NR*0.5))], a[int(NR*0.95)+(NR*0.95>int(NR*0.95))], a[NR]}'; }
echo "changetrail assess --commit SHA, one process each (${#ct[@]} commits): $(printf '%s\n' "${ct[@]}" | stats)"
echo "git show --numstat SHA, one process each (${#gs[@]} commits):      $(printf '%s\n' "${gs[@]}" | stats)"
