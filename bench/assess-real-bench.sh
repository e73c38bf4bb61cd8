#!/usr/bin/env bash
# Benchmark: `changetrail assess --range ... --each` over the last COMMITS commits of a real
# repository, beside git doing the same walk.
#
#   bench/assess-real-bench.sh REPO [COMMITS=1000] [RUNS=5]
#
# REPO is a clone with its full history, e.g.
#   git clone https://github.com/quickfix-j/quickfixj /tmp/quickfixj    (Maven)
#   git clone https://github.com/mockito/mockito /tmp/mockito           (Gradle)
# Measures, with hyperfine when it is installed (else `time`, once each):
#   1. git log --numstat -n COMMITS                                   [git's own walk]
#   2. git log --diff-merges=first-parent --raw --numstat -z -M -n COMMITS
#      (what `--each` asks git for: merges diffed against their first parent, renames found)
#   3. ./changetrail assess --range HEAD~COMMITS..HEAD --each --max-count COMMITS --format json
# With BEFORE_JAR=path/to/an/older/changetrail.jar, also checks that its output is byte-identical.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
repo="${1:?usage: bench/assess-real-bench.sh REPO [COMMITS] [RUNS]}"
commits="${2:-1000}"
runs="${3:-5}"
repo="$(cd "$repo" && pwd)"
"$root/changetrail" --version >/dev/null   # builds the jar and its class-data archive if needed

total=$(git -C "$repo" rev-list --count HEAD)
echo "repository: $repo ($total commits, HEAD $(git -C "$repo" rev-parse --short HEAD)); last $commits"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

git_plain="git -C '$repo' log -n $commits --numstat HEAD"
git_each="git -C '$repo' log --diff-merges=first-parent --format=%H --raw --numstat -z -M --no-ext-diff --no-textconv -n $commits HEAD"
assess="cd '$repo' && '$root/changetrail' assess --range HEAD~$commits..HEAD --each --max-count $commits --format json"

# the older jar, if given, with the launcher's JVM flags (C1, serial GC), so the two compare alike
older=()
if [ -n "${BEFORE_JAR:-}" ]; then
  older=(-n "older jar, assess --each" "cd '$repo' && java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -jar '$BEFORE_JAR' assess --range HEAD~$commits..HEAD --each --max-count $commits --format json >/dev/null 2>&1 || true")
fi
if command -v hyperfine >/dev/null 2>&1; then
  hyperfine --warmup 1 --runs "$runs" --style basic \
    -n "git log --numstat" "$git_plain >/dev/null" \
    -n "git log (what --each reads)" "$git_each >/dev/null" \
    -n "changetrail assess --each" "$assess >/dev/null 2>&1 || true" \
    ${older[@]+"${older[@]}"}
else
  for cmd in "$git_plain" "$git_each" "$assess"; do
    echo "$cmd"
    /usr/bin/env bash -c "time ($cmd >/dev/null 2>&1 || true)"
  done
fi

if [ -n "${BEFORE_JAR:-}" ]; then
  out="$(mktemp -d)"
  (cd "$repo" && java -jar "$BEFORE_JAR" assess --range "HEAD~$commits..HEAD" --each \
    --max-count "$commits" --format json >"$out/before.jsonl" 2>/dev/null || true)
  (cd "$repo" && "$root/changetrail" assess --range "HEAD~$commits..HEAD" --each \
    --max-count "$commits" --format json >"$out/after.jsonl" 2>/dev/null || true)
  if cmp -s "$out/before.jsonl" "$out/after.jsonl"; then
    echo "output: byte-identical to $BEFORE_JAR ($(wc -l <"$out/after.jsonl") assessments, $(wc -c <"$out/after.jsonl") bytes)"
  else
    echo "output: DIFFERS from $BEFORE_JAR (kept in $out)"
    exit 1
  fi
  rm -rf "$out"
fi
