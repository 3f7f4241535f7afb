#!/usr/bin/env bash
# Regenerates the gazette zoo: tests/fixtures/zoo/*.pdf + *.truth.json.
# Installs what it needs first, and only what is missing (Debian packages; a venv here).
#   tests/zoo/make.sh [--only NAME[,NAME…]]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
debs=(poppler-utils poppler-data qpdf libreoffice-writer-nogui fonts-noto-cjk fonts-arphic-ukai fonts-arphic-uming)
missing=()
for p in "${debs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi
venv="$here/.venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import typst, pikepdf, reportlab, docx" 2>/dev/null ||
  "$venv/bin/pip" install -q -r "$here/requirements.txt"
cd "$here"
exec "$venv/bin/python" build.py "$@"
