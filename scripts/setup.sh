#!/usr/bin/env bash
# Installs what building, running and end-to-end testing the desktop app needs.
# Idempotent: each step is skipped when already done. Run from anywhere, as root
# or with sudo available for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

DEB_PACKAGES=(
  # Building the Tauri shell (WebKitGTK 4.1 webview) and its .deb bundle
  build-essential pkg-config libwebkit2gtk-4.1-dev libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev file
  # Running and testing it headless: X server, WebKit's WebDriver, Chinese fonts
  xvfb xauth webkit2gtk-driver fonts-noto-cjk
  # Screenshots and the e2e test environment
  imagemagick python3-venv
  # Reading scanned issues: Tesseract with its Simplified Han script model, and what the
  # Rust binding needs to build (headers, and clang for bindgen)
  tesseract-ocr tesseract-ocr-script-hans libtesseract-dev libleptonica-dev clang libclang-dev
  # Making the scanned test fixtures (tests/scans/make.sh; poppler-data renders the
  # issues whose fonts are not embedded) and reading the PDF the print view saves
  # (pdftotext, pdfinfo)
  poppler-utils poppler-data
)

missing=()
for p in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update
  $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}"
fi

# The UI's dependencies (Vite, TypeScript, pdf.js, the Tauri JS API and CLI), exactly
# as locked.
if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  # `npm ci` refuses this lock on Linux: npm leaves Vite's Windows-only optional
  # dependency out of it and then reports the lock out of sync. `npm install` takes
  # the locked versions as they are.
  npm --prefix ui install --no-audit --no-fund
fi

# tauri-driver: the WebDriver front for Tauri apps (drives WebKitWebDriver).
if ! command -v tauri-driver >/dev/null 2>&1; then
  cargo install tauri-driver --version 2.1.0 --locked
fi

# The e2e tests' Python environment (selenium), kept inside the tree and ignored by git.
if [ ! -x tests/e2e/.venv/bin/python ] || ! tests/e2e/.venv/bin/python -c "import selenium, pytest" 2>/dev/null; then
  python3 -m venv tests/e2e/.venv
  tests/e2e/.venv/bin/pip install --quiet -r tests/e2e/requirements.txt
fi
echo "setup: done"
