#!/bin/sh
# Runs a command that must fail in a controlled way: exit status 1 (not a crash) and a
# message matching PATTERN on its output. Usage: expect_failure.sh PATTERN COMMAND...
pattern=$1
shift
output=$("$@" 2>&1)
status=$?
printf '%s\n' "$output"
if [ "$status" -ne 1 ]; then
    echo "expected exit status 1, got $status" >&2
    exit 1
fi
printf '%s\n' "$output" | grep -q -- "$pattern" || { echo "expected output matching: $pattern" >&2; exit 1; }
exit 0
