#!/usr/bin/env bash
# Builds the Debian package with Tauri's bundler (the CLI comes from ui/node_modules,
# installed by scripts/setup.sh): the desktop app `gazette-app`, with a desktop entry
# named 政府公报阅读器 in a Chinese desktop that opens PDFs from the file manager, and
# the `gazette` command in /usr/bin for administrators' scripts. The .deb lands in
# <target>/release/bundle/deb/ (or <target>/debug/bundle/deb/ with --debug).
#
#   scripts/build-deb.sh            # release build (slow: a full optimised build)
#   scripts/build-deb.sh --debug    # a quick package from the dev build, for checking
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
profile=release
cargo_profile=(--release)
for arg in "$@"; do
  [ "$arg" = "--debug" ] && { profile=debug; cargo_profile=(); }
done
cargo build "${cargo_profile[@]}" -p gazette-cli
cli="$(target_dir)/$profile/gazette"
# The command is not part of the Tauri crate, so its place in the package is given here.
files=$(printf '{"bundle":{"linux":{"deb":{"files":{"/usr/bin/gazette":"%s"}}}}}' "$cli")
cd src-tauri
../ui/node_modules/.bin/tauri build --bundles deb --config "$files" "$@"
