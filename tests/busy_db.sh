#!/usr/bin/env bash
# A kiosk that starts while another process holds its database locked (another kiosk or
# ess-tally creating or checking it) opens it once it is free, and stores every ballot.
# Usage: busy_db.sh KIOSK SCRIPT EXPECTED_BALLOTS WORKDIR [SECONDS_LOCKED]
set -u
kiosk=$1 script=$2 expected=$3 work=$4 locked=${5:-9}
rm -rf "$work"
mkdir -p "$work"
db=$work/busy.db
"$kiosk" --headless --db "$db" --script /dev/null --pin-file "$work/none.pin" 2>"$work/create.log" ||
    { cat "$work/create.log" >&2; exit 1; }
# The lock: a write transaction held open for $locked seconds, longer than the kiosk waits at start.
{ echo "BEGIN IMMEDIATE;"; echo "INSERT INTO meta VALUES ('lock', 'held');"; sleep "$locked"; echo "ROLLBACK;"; } | sqlite3 "$db" &
holder=$!
sleep 0.5
"$kiosk" --headless --kiosk-id busy --db "$db" --script "$script" --pin-file "$work/none.pin" 2>"$work/kiosk.log" >/dev/null
status=$?
wait "$holder"
cat "$work/kiosk.log"
count=$(sqlite3 "$db" "SELECT count(*) FROM ballots")
echo "kiosk exit status $status, ballots stored: $count (expected $expected)"
grep -q "database is locked.*trying again" "$work/kiosk.log" || { echo "the database was never busy: this proves nothing" >&2; exit 1; }
grep -q "open now" "$work/kiosk.log" || { echo "the kiosk never reopened the database" >&2; exit 1; }
[ "$status" -eq 0 ] && [ "$count" = "$expected" ]
