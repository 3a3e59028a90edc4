#!/usr/bin/env bash
# Kills the kiosk with SIGKILL at random moments while scripted visitors vote, RUNS times, then
# checks that every ballot logged as committed is in the database and that integrity_check is ok.
# Usage: durability.sh KIOSK SCRIPT WORKDIR [RUNS] [SEED]
set -u
kiosk=$1 script=$2 work=$3 runs=${4:-20} seed=${5:-2040}
RANDOM=$seed
rm -rf "$work"
mkdir -p "$work"
db=$work/durability.db
for i in $(seq 1 "$runs"); do
    "$kiosk" --headless --cooldown 0 --kiosk-id durability --db "$db" --script "$script" 2>>"$work/stderr.log" >/dev/null &
    pid=$!
    # Random moment in the first 1.5 s: during start-up, recovery, mid-transaction or between ballots.
    sleep "$(awk -v ms=$((RANDOM % 1500 + 10)) 'BEGIN { printf "%.3f", ms / 1000 }')"
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
done
grep -aE '^ballot committed [0-9a-f-]{36}$' "$work/stderr.log" | awk '{ print $3 }' | sort -u >"$work/committed.txt"
sqlite3 "$db" "SELECT uuid FROM ballots" | sort -u >"$work/stored.txt"
committed=$(wc -l <"$work/committed.txt")
stored=$(wc -l <"$work/stored.txt")
missing=$(comm -23 "$work/committed.txt" "$work/stored.txt" | wc -l)
integrity=$(sqlite3 "$db" "PRAGMA integrity_check")
corrupt=$(ls "$work" | grep -c corrupt || true)
echo "durability: $runs kills, $committed ballots logged as committed, $stored stored, $missing missing, integrity: $integrity, moved aside: $corrupt"
if [ "$committed" -eq 0 ]; then echo "no ballot was committed: the kills came too early to test anything" >&2; exit 1; fi
if [ "$missing" -ne 0 ] || [ "$integrity" != "ok" ] || [ "$corrupt" -ne 0 ]; then exit 1; fi
exit 0
