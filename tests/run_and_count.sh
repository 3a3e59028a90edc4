#!/usr/bin/env bash
# Runs a kiosk script on a fresh database, then checks how many ballots it holds.
# Usage: run_and_count.sh EXPECTED_BALLOTS DB KIOSK ARGS...   (the database is deleted first)
set -u
expected=$1 db=$2
shift 2
rm -f "$db" "$db-wal" "$db-shm"
"$@" --db "$db" || exit 1
count=$(sqlite3 "$db" "SELECT count(*) FROM ballots")
integrity=$(sqlite3 "$db" "PRAGMA integrity_check")
echo "ballots stored: $count (expected $expected), integrity: $integrity"
[ "$count" = "$expected" ] && [ "$integrity" = "ok" ]
