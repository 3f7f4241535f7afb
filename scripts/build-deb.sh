#!/usr/bin/env bash
# Builds the Debian package of the desktop app with Tauri's bundler (the CLI comes
# from ui/node_modules, installed by scripts/setup.sh). The .deb lands in
# <target>/release/bundle/deb/ (or <target>/debug/bundle/deb/ with --debug).
#
#   scripts/build-deb.sh            # release build (slow: a full optimised build)
#   scripts/build-deb.sh --debug    # a quick package from the dev build, for checking
set -euo pipefail
cd "$(dirname "$0")/../src-tauri"
../ui/node_modules/.bin/tauri build --bundles deb "$@"
