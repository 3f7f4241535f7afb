#!/usr/bin/env bash
# Runs the whole e2e suite RUNS times in a row, each from a cold start: the kernel's
# page cache dropped first (when this user may), then tests/e2e/run.sh, which starts
# a new virtual display and tauri-driver and gives every test an empty archive and
# settings of its own. Stops at nothing: every run is counted, and the script fails
# unless all passed. The log of each run is kept in target/e2e-cold/.
#
#   scripts/e2e-cold-runs.sh [RUNS]   (default 10)
set -uo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-10}
LOGS=target/e2e-cold
mkdir -p "$LOGS"

passed=0
for run in $(seq "$RUNS"); do
  sync
  if echo 3 2>/dev/null >/proc/sys/vm/drop_caches; then cache="page cache dropped"; else cache="page cache kept (not permitted)"; fi
  started=$(date +%s)
  if tests/e2e/run.sh >"$LOGS/run-$run.log" 2>&1; then
    outcome=passed
    passed=$((passed + 1))
  else
    outcome=FAILED
  fi
  summary=$(grep -E '^=+ .*(passed|failed).* =+$' "$LOGS/run-$run.log" | tail -n 1)
  echo "run $run/$RUNS: $outcome in $(($(date +%s) - started)) s, $cache; ${summary:-no pytest summary}"
done
echo "$passed of $RUNS cold runs passed"
[ "$passed" -eq "$RUNS" ]
