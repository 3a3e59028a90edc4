#!/usr/bin/env bash
# Fuzzes every libFuzzer target for a while, on demand (the suite runs each for 20 s only): prints
# executions and coverage reached, keeps each target's grown corpus, saves new crashes for triage.
# Usage: tests/fuzz/run-long.sh [SECONDS [TARGET...]]   (600 s each, all targets by default)
# Needs the fuzz build: CC=clang CXX=clang++ kiosk/setup build-sanitize -DESS_SANITIZE=ON -DESS_FUZZ=ON
# BUILD_DIR (default build-sanitize) and FUZZ_LONG_DIR (default BUILD_DIR/fuzz-long) change the folders.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(content config script merge)
build=${BUILD_DIR:-$root/build-sanitize}
work=${FUZZ_LONG_DIR:-$build/fuzz-long}

# As kiosk/test runs the suite: leaks and undefined behaviour are crashes too.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

found=0
for name in "${targets[@]}"; do
    binary=$build/fuzz_$name
    if [ ! -x "$binary" ]; then
        echo "run-long: $binary not built (see the usage at the top of $0)" >&2
        exit 2
    fi
    # The grown corpus persists between runs, so each run starts where the last one stopped;
    # the repository's seeds are read alongside, never written to.
    corpus=$work/$name/corpus
    crashes=$work/$name/crashes
    log=$work/$name/fuzz.log
    mkdir -p "$corpus" "$crashes"
    before=$(ls "$crashes" | wc -l)
    echo "== fuzz_$name: ${seconds}s, corpus $corpus, log $log"
    status=0
    "$binary" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=25 -keep_seed=1 -print_final_stats=1 \
        -artifact_prefix="$crashes/" "$corpus" "$here/corpus/$name" >"$log" 2>&1 || status=$?
    # libFuzzer's last status line ("#N DONE cov: ... ft: ... exec/s: ...") and its final stats.
    grep -E '^#[0-9]+[[:space:]]' "$log" | tail -n 1 || true
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' "$log" || true
    after=$(ls "$crashes" | wc -l)
    if [ "$status" -ne 0 ] || [ "$after" -gt "$before" ]; then
        found=1
        echo "fuzz_$name stopped with status $status; what it found (see $log):"
        grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|fuzz_[a-z]+: broken promise)' "$log" | head -n 5 || true
        ls -t "$crashes" | head -n $((after - before)) | sed "s|^|    $crashes/|"
        echo "    reproduce: $binary FILE; once fixed, copy FILE to $here/regressions/$name/ and say what it was in its README.md"
    fi
done
exit "$found"
