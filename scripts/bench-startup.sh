#!/usr/bin/env bash
# Startup benchmark: how long from launching the app until its library is on screen
# and interactive, and how much memory the whole app then holds, on an archive of
# ISSUES issues.
#
# The UI calls the `app_ready` command after the library has been painted (two
# animation frames after rendering it); the app then prints its wall-clock time on
# stderr. This script takes the clock just before it starts the process, so a figure
# covers everything: exec, GTK and WebKit start, loading the UI, opening the archive,
# listing the issues and drawing the library. Runs under its own Xvfb display.
#
# Memory is the proportional set size (PSS) of the app's process and every process
# under it (WebKit's web and network processes), summed from /proc/PID/smaps_rollup
# a second after the library is ready: shared pages are counted once across them. Pages
# shared with other programs are divided among them too, so WebKit processes of other
# programs running meanwhile lower the figure; each run says how many there were.
#
#   scripts/bench-startup.sh [RUNS [ISSUES]]   (default 7 runs, 100 issues; the first
#                                               run is reported apart)
#   GAZETTE_APP=target/release/gazette-app scripts/bench-startup.sh   (time another build)
#   BENCH_ARCHIVE=DIR scripts/bench-startup.sh 5 10000   (write the archive into DIR, or
#       reuse the one there when it holds as many issues: 10,000 take minutes to write)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
RUNS=${1:-7}
ISSUES=${2:-100}

npm --prefix ui run build >/dev/null
cargo build -p gazette-app --example bench_archive
TARGET=$(target_dir)
if [ -n "${GAZETTE_APP:-}" ]; then
  APP=$(realpath "$GAZETTE_APP")
else
  cargo build -p gazette-app --bin gazette-app
  APP=$TARGET/debug/gazette-app
fi
echo "timing $APP (load average now: $(cut -d' ' -f1-3 /proc/loadavg))"

WORK=$(mktemp -d)
XVFB_PID=""
APP_PID=""
cleanup() {
  [ -n "$APP_PID" ] && kill -TERM "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
  [ -n "$XVFB_PID" ] && kill -TERM "$XVFB_PID" 2>/dev/null && wait "$XVFB_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

ARCHIVE=${BENCH_ARCHIVE:-$WORK/archive}
"$TARGET/debug/examples/bench_archive" "$ARCHIVE" "$ISSUES" assets/liaocheng-2018-08-1col.pdf

start_xvfb "$WORK/xvfb.log"

# The process and all under it, one PID a line.
tree() {
  echo "$1"
  local child
  for child in $(ps -o pid= --ppid "$1"); do tree "$child"; done
}

# kB of PSS of the process tree under $1, and of its parts (name:kB).
pss() {
  local total=0 parts="" pid kb
  for pid in $(tree "$1"); do
    kb=$(awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup" 2>/dev/null || true)
    [ -n "$kb" ] || continue
    total=$((total + kb))
    parts="$parts $(cat "/proc/$pid/comm"):$((kb / 1024))"
  done
  echo "$total$parts"
}

times=()
mems=()
for run in $(seq "$RUNS"); do
  log="$WORK/run$run.log"
  start=$(date +%s%3N)
  "$APP" --archive "$ARCHIVE" 2>"$log" >/dev/null &
  APP_PID=$!
  ready=""
  for _ in $(seq 600); do
    ready=$(grep -o -m1 'library interactive at unix_ms=[0-9]*' "$log" | cut -d= -f2 || true)
    [ -n "$ready" ] && break
    sleep 0.05
  done
  memory=""
  others=0
  if [ -n "$ready" ]; then
    sleep 1
    memory=$(pss "$APP_PID")
    others=$(($(pgrep -c WebKit || true) - $(tree "$APP_PID" | xargs -r ps -o comm= -p | grep -c WebKit || true)))
  fi
  kill -TERM "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
  APP_PID=""
  [ -n "$ready" ] || { echo "bench: run $run never became ready:" >&2; cat "$log" >&2; exit 1; }
  ms=$((ready - start))
  times+=("$ms")
  mb=$((${memory%% *} / 1024))
  mems+=("$mb")
  page=$(grep -o -m1 '([0-9]* ms after the page began loading)' "$log" | grep -o '[0-9]*' || true)
  echo "run $run: ${ms} ms (of which ${page:-?} ms from the page starting to load); PSS ${mb} MB (${memory#* } MB); other WebKit processes: $others"
done

printf '%s\n' "${times[@]:1}" | sort -n | awk -v first="${times[0]}" -v issues="$ISSUES" '
  { t[NR] = $1 }
  END {
    median = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
    printf "startup to interactive library, %d issues: first run %d ms; next %d runs: min %d ms, median %d ms, max %d ms\n",
      issues, first, NR, t[1], median, t[NR]
  }'
printf '%s\n' "${mems[@]}" | sort -n | awk -v issues="$ISSUES" '
  { m[NR] = $1 }
  END {
    median = (NR % 2) ? m[(NR + 1) / 2] : (m[NR / 2] + m[NR / 2 + 1]) / 2
    printf "memory (PSS of the app and its WebKit processes), %d issues: min %d MB, median %d MB, max %d MB\n",
      issues, m[1], median, m[NR]
  }'
