# Shared by the scripts that run the real app (tests/e2e/run.sh, tests/offline.sh,
# scripts/bench-startup.sh); source it from the repository root.

# The cargo target directory (CARGO_TARGET_DIR or the workspace default).
target_dir() {
  cargo metadata --format-version 1 --no-deps \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])'
}

# start_xvfb FIRST LAST LOG: a virtual display of our own on the first free number in
# FIRST..LAST. Sets XVFB_PID (for the caller's cleanup) and exports DISPLAY; exits with
# Xvfb's log when no display comes up, so a test without a display fails, never skips.
# The screen holds the largest window the layout tests try (1920×1080).
start_xvfb() {
  local first=$1 last=$2 log=$3 n num=""
  for n in $(seq "$first" "$last"); do
    [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || { num=$n; break; }
  done
  [ -n "$num" ] || { echo "no free X display number in $first..$last" >&2; exit 1; }
  Xvfb ":$num" -screen 0 1920x1200x24 -nolisten tcp >"$log" 2>&1 &
  XVFB_PID=$!
  for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$num" ] && break; sleep 0.1; done
  if ! kill -0 "$XVFB_PID" 2>/dev/null || [ ! -e "/tmp/.X11-unix/X$num" ]; then
    echo "could not start a virtual display (Xvfb):" >&2
    cat "$log" >&2
    exit 1
  fi
  export DISPLAY=":$num"
}
