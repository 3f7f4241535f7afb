#!/usr/bin/env bash
# End-to-end tests of the desktop app: builds the UI and a dev build of the app,
# starts a virtual X display and tauri-driver, runs the tests, and stops what it
# started. Fails (never skips) when a display cannot be made.
#
#   tests/e2e/run.sh                   # run the tests
#   SCREENSHOT_DIR=docs/screenshots tests/e2e/run.sh   # also save README screenshots
#
# Needs scripts/setup.sh to have run once.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib.sh
REPO=$PWD

for tool in Xvfb WebKitWebDriver tauri-driver npm cargo; do
  command -v "$tool" >/dev/null || { echo "e2e: $tool is missing; run scripts/setup.sh" >&2; exit 1; }
done
[ -x tests/e2e/.venv/bin/python ] || { echo "e2e: the test venv is missing; run scripts/setup.sh" >&2; exit 1; }

npm --prefix ui run build >/dev/null
build_app
APP=$(target_dir)/debug/gazette-app
[ -x "$APP" ] || { echo "e2e: $APP was not built" >&2; exit 1; }

WORK=$(mktemp -d)
XVFB_PID=""
DRIVER_PID=""
cleanup() {
  # SIGTERM, not SIGKILL: tauri-driver then stops the WebKitWebDriver it started.
  [ -n "$DRIVER_PID" ] && kill -TERM "$DRIVER_PID" 2>/dev/null && wait "$DRIVER_PID" 2>/dev/null || true
  [ -n "$XVFB_PID" ] && kill -TERM "$XVFB_PID" 2>/dev/null && wait "$XVFB_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

start_xvfb "$WORK/xvfb.log"

# The debug build's test hook: a file of this name panics while it is read, which
# shows that its neighbours in one import still import (test_app.py names it).
# tauri-driver hands its environment on to the app it starts.
export GAZETTE_TEST_PANIC_ON=panics-while-parsed.pdf
# Every session watches an inbox folder of the run's own, never the user's ~/公报收件箱;
# test_inbox.py gives its sessions one each.
export GAZETTE_INBOX="$WORK/inbox"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
NATIVE_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
tauri-driver --port "$PORT" --native-port "$NATIVE_PORT" >"$WORK/driver.log" 2>&1 &
DRIVER_PID=$!
for _ in $(seq 100); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1',$PORT),0.2)" 2>/dev/null && break
  sleep 0.1
done

export GAZETTE_APP=$APP
export TAURI_DRIVER_URL="http://127.0.0.1:$PORT"
if [ -n "${SCREENSHOT_DIR:-}" ]; then
  SCREENSHOT_DIR=$(realpath -m "$SCREENSHOT_DIR")
  export SCREENSHOT_DIR
fi
status=0
# A test that outlives faulthandler_timeout is stuck (its waits give up within a
# minute): its threads' stacks are printed, to show which call never returned.
timeout 600 tests/e2e/.venv/bin/python -m pytest -p no:cacheprovider -o faulthandler_timeout=150 \
  -v tests/e2e "$@" || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- tauri-driver log ---" >&2
  tail -n 40 "$WORK/driver.log" >&2
fi
exit "$status"
