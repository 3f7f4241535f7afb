#!/usr/bin/env bash
# Makes the scanned fixtures: born-digital zoo issues rendered to page images the way
# an office scanner leaves them (grey, slightly skewed, speckled, JPEG-compressed) and
# wrapped as image-only PDFs, one DCT image per page. Their truth is the original's
# (tests/fixtures/zoo/NAME.truth.json), read from there by the tests; no copy is kept,
# so the born-digital parse test does not take the scans for issues it must parse.
#
#   tests/scans/make.sh      # writes tests/fixtures/scans/NAME-scanDPI.pdf
#
# Needs pdftoppm (poppler-utils), ImageMagick's convert and python3 (standard library
# only), all installed by scripts/setup.sh. Deterministic: the noise is seeded.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=tests/fixtures/scans
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# name:skew in degrees; two issues of different typesetting (a city gazette from its
# own layout, a provincial one from a word processor).
issues=(zoo10-ningxiang-2022-02:0.4 zoo21-gansu-2022-04-docx:-0.3)
for entry in "${issues[@]}"; do
  name=${entry%%:*} skew=${entry##*:}
  for dpi in 300 200; do
    dir="$work/$name-$dpi"
    mkdir -p "$dir"
    pdftoppm -r "$dpi" -gray -png "tests/fixtures/zoo/$name.pdf" "$dir/page"
    for png in "$dir"/page-*.png; do
      # Skew on a white ground, mild Gaussian noise, then JPEG at a scanner's quality.
      convert "$png" -background white -rotate "$skew" -seed 7 \
        -attenuate 0.25 +noise Gaussian -colorspace Gray -quality 60 "${png%.png}.jpg"
    done
    python3 tests/scans/wrap.py "$dpi" "$out/$name-scan$dpi.pdf" "$dir"/page-*.jpg
  done
done
ls -l "$out"
