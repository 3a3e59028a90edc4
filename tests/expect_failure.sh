#!/bin/sh
# Runs a command that must fail in a controlled way: exit status 1 (not a crash; or the one
# given with --status, e.g. 2 for a usage error) and a message matching PATTERN on its output.
# Usage: expect_failure.sh [--status N] PATTERN COMMAND...
want=1
if [ "$1" = "--status" ]; then
    want=$2
    shift 2
fi
pattern=$1
shift
output=$("$@" 2>&1)
status=$?
printf '%s\n' "$output"
if [ "$status" -ne "$want" ]; then
    echo "expected exit status $want, got $status" >&2
    exit 1
fi
printf '%s\n' "$output" | grep -q -- "$pattern" || { echo "expected output matching: $pattern" >&2; exit 1; }
exit 0
