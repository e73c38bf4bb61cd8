#!/usr/bin/env bash
# Benchmark: how the built-in risk score (no model file) ranks real bug-inducing commits against
# lines added alone, over a whole history, and the share of commits at each level.
#
#   bench/builtin-risk-bench.sh REPO_DIR [LABELS] [REVISION] [MATURE_BEFORE]
#
# REPO_DIR: a clone (e.g. of https://github.com/apache/activemq). LABELS: bug-inducing SHAs, one
# per line or a CSV with a bug_hash column (default: the corpus's ApacheJIT links). REVISION: the
# history to assess (default HEAD). MATURE_BEFORE: a date; commits from it on are left out of the
# ROC-AUC (their bugs may not be found yet; default 2020-04-21, the corpus's last fix minus 12
# months). Prints ROC-AUC of the built-in score and of lines added alone over the non-merge
# commits before MATURE_BEFORE, then the share of HIGH and MEDIUM-or-above commits over every
# commit assessed. Needs jq and python3. CI does not run it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
repo="${1:?REPO_DIR}"
labels="${2:-${CORPUS:-/work/shared/corpus}/activemq-bug-links.csv}"
revision="${3:-HEAD}"
mature="${4:-2020-04-21}"
jar="$root/target/changetrail.jar"
if [ ! -f "$jar" ]; then
  (cd "$root" && ./mvnw -q -B package -DskipTests)
fi
json="$(mktemp)"
out="$(mktemp)"
trap 'rm -f "$json" "$out"' EXIT
# a commit whose objects are missing from the copy is reported on stderr and left out (exit 1)
(cd "$repo" && time java -jar "$jar" assess --range "$revision" --each --format json >"$json") ||
  echo "(some commits were not assessed: see above)" >&2
jq -r '[.commits[0].sha, .commits[0].authorTime, (.commits[0].merge | tostring), .risk.score,
        .stats.additions, .risk.level] | @tsv' "$json" >"$out"
python3 - "$out" "$labels" "$mature" <<'PY'
import re, sys, datetime
rows, labels_file, mature = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(labels_file).read().lower().splitlines()
col = None
if text and 'bug_hash' in text[0].split(','):
    col = text[0].split(',').index('bug_hash')
bugs = set()
for line in text:
    cell = line.split(',')[col] if col is not None and len(line.split(',')) > col else line
    bugs.update(re.findall(r'\b[0-9a-f]{40}\b', cell))
cut = datetime.datetime.fromisoformat(mature).replace(tzinfo=datetime.timezone.utc)
data, levels = [], []
for line in open(rows):
    sha, when, merge, score, added, level = line.rstrip('\n').split('\t')
    levels.append(level)
    if merge == 'false' and datetime.datetime.fromisoformat(when) < cut:
        data.append((int(score), int(added), 1 if sha in bugs else 0))
def auc(scores, y):
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    ranks, i = [0.0] * len(scores), 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    pos = sum(y)
    return (sum(r for r, l in zip(ranks, y) if l) - pos * (pos + 1) / 2) / (pos * (len(y) - pos))
y = [d[2] for d in data]
print(f"mature non-merge commits {len(data)}, bug-inducing {sum(y)}")
print(f"ROC-AUC built-in score {auc([d[0] for d in data], y):.3f}, lines added alone {auc([d[1] for d in data], y):.3f}")
n = len(levels)
print(f"levels over {n} commits: HIGH {100 * levels.count('HIGH') / n:.1f}%, "
      f"MEDIUM or above {100 * (levels.count('HIGH') + levels.count('MEDIUM')) / n:.1f}%")
PY
