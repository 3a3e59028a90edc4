#!/usr/bin/env bash
# Three scripted kiosks sync: the central tallies equal the merge of their three files and the
# sum of their own; syncing again adds nothing; ballots sent twice are stored once; summary,
# export (every CSV table, byte for byte), chart (the same PNG) and verify of the server give
# the merged file's figures; status shows who is silent.
. "$(dirname "$0")/lib.sh" "$1" "$2" sync_three
fresh_db
total=0
seed=0
for k in a b c; do
    id=s3-$k
    seed=$((seed + 1))
    "$MAKE_DB" --kiosk "$WORK/$id.db" "$id" $((150 - 30 * seed)) "$seed"
    add_kiosk "$id" "$WORK/$id.toml"
    own=$(sqlite3 "$WORK/$id.db" "SELECT count(*) FROM ballots")
    out=$("$KIOSK" --sync --config "$WORK/$id.toml" --db "$WORK/$id.db") || fail "sync of $id: $out"
    echo "$out"
    echo "$out" | grep -q "^central server: localhost:$ESS_PG_PORT, database $DB, as ess_kiosk_s3_$k$" || fail "where it connected"
    echo "$out" | grep -q "^sent $own, already there 0, still pending 0$" || fail "first sync of $id"
    echo "$out" | grep -q "password" && fail "the password was printed"
    [ "$(pending "$WORK/$id.db")" = 0 ] || fail "$id's outbox is not empty"
    total=$((total + own))
done
[ "$(on_server)" = "$total" ] || fail "$(on_server) ballots on the server, $total in the files"

# Again: nothing new. Then every ballot marked pending again: all already there, stored once.
out=$("$KIOSK" --sync --config "$WORK/s3-a.toml" --db "$WORK/s3-a.db")
echo "$out" | grep -q "^sent 0, already there 0, still pending 0$" || fail "second sync: $out"
sqlite3 "$WORK/s3-b.db" "INSERT INTO outbox (uuid) SELECT uuid FROM ballots"
out=$("$KIOSK" --sync --config "$WORK/s3-b.toml" --db "$WORK/s3-b.db")
echo "$out" | grep -q "^sent 0, already there 90, still pending 0$" || fail "re-sent ballots: $out"
[ "$(on_server)" = "$total" ] || fail "re-sent ballots were stored twice"

# The server's figures are the merged file's, line for line (the source list aside).
"$TALLY" merge -o "$WORK/merged.db" "$WORK/s3-a.db" "$WORK/s3-b.db" "$WORK/s3-c.db" >/dev/null
"$TALLY" summary "$WORK/merged.db" | sed -n '/^Ballots:/,$p' >"$WORK/merged.summary"
"$TALLY" summary "$(admin_uri)" >"$WORK/central.full"
sed -n '/^Ballots:/,$p' "$WORK/central.full" >"$WORK/central.summary"
diff "$WORK/merged.summary" "$WORK/central.summary" || fail "central and merged summaries differ"
grep -q "^Ballots: $total$" "$WORK/central.summary" || fail "expected $total ballots"
# A server and a file together: the file's ballots are the server's too, counted once.
"$TALLY" summary "$(admin_uri)" "$WORK/s3-a.db" >"$WORK/mixed.full"
grep -q "^  120 ballot(s) found in more than one file, counted once$" "$WORK/mixed.full" || fail "mixed: $(head -5 "$WORK/mixed.full")"
sed -n '/^Ballots:/,$p' "$WORK/mixed.full" | diff "$WORK/merged.summary" - || fail "a server and a file summarised together differ"
grep -q "password" "$WORK/mixed.full" && fail "the summary shows a password"
# ... and the sum of the kiosks' own tallies.
sum=0
for k in a b c; do sum=$((sum + $("$TALLY" summary "$WORK/s3-$k.db" | sed -n 's/^Ballots: //p'))); done
[ "$sum" = "$total" ] || fail "the kiosks' own tallies add up to $sum"
for table in ballots levers days kiosks; do
    "$TALLY" export "$WORK/merged.db" --format csv --table $table -o "$WORK/merged-$table.csv"
    "$TALLY" export "$(admin_uri)" --format csv --table $table -o "$WORK/central-$table.csv"
    cmp "$WORK/merged-$table.csv" "$WORK/central-$table.csv" || fail "the $table export differs"
done
"$TALLY" chart "$WORK/merged.db" -o "$WORK/merged.png" >/dev/null
"$TALLY" chart "$(admin_uri)" -o "$WORK/central.png" >/dev/null
cmp "$WORK/merged.png" "$WORK/central.png" || fail "the charts differ"
"$TALLY" verify "$(admin_uri)" | tee "$WORK/verify" | grep -q "tally counters: match the ballot rows" || fail "verify"
grep -q "healthy" "$WORK/verify" || fail "verify"

# Status: the three kiosks heard from, a fourth never.
add_kiosk s3-d "$WORK/s3-d.toml"
"$TALLY" central status "$(admin)" | tee "$WORK/status"
grep -q "^Kiosks on .*: 4 (1 SILENT" "$WORK/status" || fail "status: the silent kiosk is not flagged"
grep -A1 "^s3-d " "$WORK/status" | grep -q "SILENT: never sent a heartbeat" || fail "status: s3-d"
grep -A1 "^s3-a " "$WORK/status" | grep -q "last heartbeat: " || fail "status: s3-a's heartbeat"
grep -A2 "^s3-a " "$WORK/status" | grep -q "its own database: 120 ballots, 0 not yet sent" || fail "status: s3-a's counts"
# A day of silence, as the server sees it.
sql "UPDATE ess.heartbeats SET received_at = now() - interval '30 hours' WHERE kiosk_id = 's3-c'"
"$TALLY" central status "$(admin)" | grep -A1 "^s3-c " | grep -q "SILENT for 30 h" || fail "status: s3-c silent for a day"
echo "sync_three: ok"
