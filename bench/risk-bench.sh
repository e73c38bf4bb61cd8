#!/usr/bin/env bash
# Benchmark: how well risk ranks real bug-inducing commits, on apache/activemq (the development
# corpus, ../shared/corpus/ or CORPUS=...), with a time split (fit on the past, score the future).
#
#   bench/risk-bench.sh [REPO_DIR] [LABELS_CSV]
#
# REPO_DIR: a clone of https://github.com/apache/activemq (cloned into bench/work/activemq when
# absent; needs the network). LABELS_CSV: the ApacheJIT links (default
# /work/shared/corpus/activemq-bug-links.csv). Commits from 2021-04-16 on are ignored and the last
# 12 months before it left out as immature (the links' last fix is dated 2021-04-16).
# Prints, for the held-out future, ROC-AUC, PR-AUC and the share of bug-inducing commits caught
# in the riskiest 20% of changed lines, for the calibrated model, lines added alone and the
# built-in score:
#   1. labels: the corpus's independent SZZ links (calibrate --labels)
#   2. labels: ChangeTrail's own SZZ from the fix commits (calibrate; blames each fix: slow,
#      17 to 26 minutes on 2 shared cores), then how its labels agree with the corpus's links
#      (precision and recall of ours against theirs, on the mature commits)
# CI does not run it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
repo="${1:-$here/work/activemq}"
labels="${2:-${CORPUS:-/work/shared/corpus}/activemq-bug-links.csv}"

if [ ! -d "$repo/.git" ]; then
  echo "cloning apache/activemq into $repo ..." >&2
  git clone -q https://github.com/apache/activemq.git "$repo"
fi
jar="$root/target/changetrail.jar"
if [ ! -f "$jar" ]; then
  (cd "$root" && ./mvnw -q -B package -DskipTests)
fi
common=(--until 2021-04-16 --immature-months 12 --dry-run)

echo "== labels: corpus (ApacheJIT links) =="
(cd "$repo" && time java -jar "$jar" calibrate --labels "$labels" "${common[@]}")
echo
echo "== labels: ChangeTrail's own SZZ =="
own="$(mktemp)"
trap 'rm -f "$own"' EXIT
(cd "$repo" && time java -jar "$jar" calibrate "${common[@]}" --features-csv "$own")
echo
echo "== own SZZ labels against the corpus links (mature commits: before 2020-04-21) =="
# features CSV: sha,time,bug_inducing,...; links CSV: fix_hash,fix_date,bug_hash,...
awk -F, -v mature=1587427200 '
  FNR == 1 { next }
  NR == FNR { corpus[$3] = 1; next }
  $2 < mature { known[$1] = 1; if ($3 == 1) ours[$1] = 1 }
  END {
    for (s in corpus) if (s in known) { c++; if (s in ours) both++ }
    for (s in ours) o++
    printf "corpus %d, ours %d, both %d: precision %.3f, recall %.3f\n", c, o, both, both / o, both / c
  }' "$labels" "$own"
