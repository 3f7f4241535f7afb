#!/usr/bin/env bash
# The app works with the network unplugged and never tries to reach it: starts the real
# app (first run: it imports the bundled sample issue) under a virtual display with
# every connect() traced, waits until the library is interactive, and fails if any
# process of the app tried an address other than loopback or a local socket.
#
#   tests/offline.sh        (needs scripts/setup.sh and a built UI; `make test` runs it)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

for tool in Xvfb strace cargo; do
  command -v "$tool" >/dev/null || { echo "offline: $tool is missing; run scripts/setup.sh" >&2; exit 1; }
done
build_app
APP=$(target_dir)/debug/gazette-app

WORK=$(mktemp -d)
XVFB_PID=""
APP_PID=""
cleanup() {
  # APP_PID is strace, which blocks fatal signals while it traces (its default with
  # -o): stop the app it runs, and strace ends with it.
  if [ -n "$APP_PID" ]; then
    pkill -TERM -P "$APP_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.2; done
    pkill -KILL -P "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
  fi
  [ -n "$XVFB_PID" ] && kill -TERM "$XVFB_PID" 2>/dev/null && wait "$XVFB_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

start_xvfb "$WORK/xvfb.log"

# -f follows the WebKit web and network processes the app spawns.
strace -f -qq -e trace=connect -o "$WORK/connect.log" \
  "$APP" --archive "$WORK/archive" 2>"$WORK/app.log" >/dev/null &
APP_PID=$!
ready=""
for _ in $(seq 1200); do
  grep -q "library interactive" "$WORK/app.log" && { ready=yes; break; }
  kill -0 "$APP_PID" 2>/dev/null || break
  sleep 0.1
done
[ -n "$ready" ] || { echo "offline: the app never became interactive:" >&2; cat "$WORK/app.log" >&2; exit 1; }
# Let the sample import and any late start-up work run under the trace too.
sleep 5

calls=$(grep -c 'connect(' "$WORK/connect.log" || true)
# Local sockets (AF_UNIX: X11, D-Bus, WebKit's own processes) and loopback are fine;
# anything else is the app reaching for a network.
outside=$(grep 'connect(' "$WORK/connect.log" \
  | grep -E 'AF_INET6?' \
  | grep -vE 'inet_addr\("127\.|inet_pton\(AF_INET6, "::1"|inet_pton\(AF_INET6, "::ffff:127\.' || true)
if [ -n "$outside" ]; then
  echo "offline: FAILED: the app tried to reach the network:" >&2
  echo "$outside" >&2
  exit 1
fi
echo "offline: ok: $calls connect() calls, all to local sockets or loopback"
