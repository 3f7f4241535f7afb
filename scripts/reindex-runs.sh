#!/usr/bin/env bash
# Rebuilds the search index of an archive RUNS times in a row with the release build
# of `gazette`, then checks the archive: a rebuild of a large archive must never fail
# (it once did, when the writer's own merges raced the final merge). Reports each
# rebuild's time and the figures `reindex` prints, and fails if any rebuild or the
# check does.
#
#   scripts/reindex-runs.sh DIR [RUNS]   (default 5 runs)
#   (an archive of 10,000 issues: bench_archive, see scripts/bench-startup.sh)
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
DIR=${1:?usage: scripts/reindex-runs.sh DIR [RUNS]}
RUNS=${2:-5}
cargo build --release -p gazette-cli >/dev/null 2>&1 || { echo "the release build failed" >&2; exit 1; }
GAZETTE=$(target_dir)/release/gazette

failed=0
for run in $(seq "$RUNS"); do
  started=$(date +%s)
  if out=$("$GAZETTE" --archive "$DIR" reindex 2>&1); then
    echo "reindex $run/$RUNS: ok in $(($(date +%s) - started)) s: $(echo "$out" | tail -n 1)"
  else
    failed=$((failed + 1))
    echo "reindex $run/$RUNS: FAILED after $(($(date +%s) - started)) s: $out"
  fi
done
echo "$((RUNS - failed)) of $RUNS rebuilds ok"
checked=0
if "$GAZETTE" --archive "$DIR" check; then echo "check: ok"; else echo "check: FAILED"; checked=1; fi
[ "$failed" -eq 0 ] && [ "$checked" -eq 0 ]
