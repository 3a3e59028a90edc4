#!/bin/sh
# The fuzzers' seeds, made at build time from what the kiosk really reads, so they never drift
# from it: every content file (prefixed with its index in path order, the first byte
# fuzz_content reads to pick the file it replaces), the configuration example, every test
# script; plus the hand-made seeds kept in tests/fuzz/corpus/ (broken or odd inputs).
# Usage: make_seeds.sh SOURCE_DIR OUT_DIR
set -eu
src=$1 out=$2
rm -rf "$out"
for name in content config script merge fonts; do
    mkdir -p "$out/$name"
    if [ -d "$src/tests/fuzz/corpus/$name" ]; then cp "$src/tests/fuzz/corpus/$name/"* "$out/$name/"; fi
done
i=0
for f in $(cd "$src/content" && find . -name '*.toml' | LC_ALL=C sort); do
    { printf '%d' "$i"; cat "$src/content/$f"; } > "$out/content/$i-$(basename "$f")"
    i=$((i + 1))
done
cp "$src/kiosk/ess-kiosk.toml" "$out/config/"
cp "$src/tests/scripts/"*.script "$out/script/"
