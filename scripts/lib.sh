# Shared by the scripts that run the real app (tests/e2e/run.sh, tests/offline.sh,
# scripts/bench-startup.sh); source it from the repository root.

# The cargo target directory (CARGO_TARGET_DIR or the workspace default).
target_dir() {
  cargo metadata --format-version 1 --no-deps \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])'
}

# build_app: the dev build of the desktop app, as the workspace's test build makes it.
# `cargo test --workspace` builds the app binary with the dev-dependency features (Tauri's
# `test`) unified in; a separate `cargo build -p gazette-app` resolves other features and
# compiles Tauri, the core and the app a second time. After `make test-core` this is a
# no-op, so a clean `make test` compiles them once.
build_app() {
  local log
  log=$(mktemp)
  if ! cargo test --workspace --no-run >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "the app did not build" >&2
    exit 1
  fi
  rm -f "$log"
}

# start_xvfb LOG: a virtual display of our own. Xvfb picks a free display number itself
# and tells it once it is ready (-displayfd): choosing a number by looking for a free one
# raced with other runs on the same machine, so that two runs could share one display and
# lose it when the first one ended. Sets XVFB_PID (for the caller's cleanup) and exports
# DISPLAY; exits with Xvfb's log when no display comes up, so a test without a display
# fails, never skips. The screen holds the largest window the layout tests try (1920×1080).
start_xvfb() {
  local log=$1 number num=""
  number=$(mktemp)
  Xvfb -displayfd 3 -screen 0 1920x1200x24 -nolisten tcp 3>"$number" >"$log" 2>&1 &
  XVFB_PID=$!
  for _ in $(seq 100); do
    num=$(tr -dc 0-9 <"$number")
    [ -n "$num" ] || ! kill -0 "$XVFB_PID" 2>/dev/null && break
    sleep 0.1
  done
  rm -f "$number"
  if [ -z "$num" ] || ! kill -0 "$XVFB_PID" 2>/dev/null; then
    echo "could not start a virtual display (Xvfb):" >&2
    cat "$log" >&2
    exit 1
  fi
  export DISPLAY=":$num"
}
