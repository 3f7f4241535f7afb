#!/usr/bin/env bash
# The Debian package as an office installs it: builds it (a quick --debug package unless
# PROFILE=release), checks what it holds, installs it with apt-get, runs `gazette`, starts
# `gazette-app` on a PDF as the file manager's "open with" does and checks that the file
# was imported, then removes the package. Needs root and scripts/setup.sh; it installs
# and removes a system package, so it is not part of `make test`.
#
#   tests/package.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
profile=${PROFILE:-debug}
flag=()
[ "$profile" = debug ] && flag=(--debug)
scripts/build-deb.sh "${flag[@]}"
deb=$(ls "$(target_dir)/$profile/bundle/deb/"*.deb)
fail() { echo "package: FAILED: $*" >&2; exit 1; }

listing=$(dpkg-deb -c "$deb")
for path in usr/bin/gazette usr/bin/gazette-app sample/liaocheng-2018-08-1col.pdf; do
  grep -q "$path\$" <<<"$listing" || fail "$path is not in the package"
done
entry=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO --wildcards 'usr/share/applications/*.desktop')
for line in 'Name[zh_CN]=政府公报阅读器' 'Comment[zh_CN]=' 'Categories=Office;' 'MimeType=application/pdf;' 'Exec=gazette-app %F'; do
  grep -qF "$line" <<<"$entry" || fail "the desktop entry lacks $line"
done

WORK=$(mktemp -d)
XVFB_PID=""
cleanup() {
  pkill -f "gazette-app --archive $WORK" 2>/dev/null || true
  [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null || true
  apt-get remove -y -qq gazette-reader >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
apt-get install -y -qq "$deb" >/dev/null
[ "$(command -v gazette)" = /usr/bin/gazette ] || fail "gazette is not on the PATH"
gazette --version

start_xvfb "$WORK/xvfb.log"
pdf=tests/fixtures/zoo/zoo39-guowuyuan-2022-05.pdf
gazette-app --archive "$WORK/archive" "$PWD/$pdf" >"$WORK/app.log" 2>&1 &
for _ in $(seq 600); do
  gazette --archive "$WORK/archive" issues 2>/dev/null | grep -q 国务院公报 && break
  sleep 0.1
done
gazette --archive "$WORK/archive" issues | grep -q 国务院公报 \
  || { cat "$WORK/app.log" >&2; fail "the PDF handed to gazette-app was not imported"; }
echo "package: ok ($(du -h "$deb" | cut -f1), $(basename "$deb"))"
