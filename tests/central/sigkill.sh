#!/usr/bin/env bash
# --sync killed with SIGKILL at random moments during its uploads, many times (its ballots marked
# pending again whenever few are left, so that every kill lands in an upload, some after the
# server's COMMIT and before MarkSent): then one more --sync, and every ballot is on the server
# once (none lost, none counted twice).
. "$(dirname "$0")/lib.sh" "$1" "$2" sigkill
fresh_db
add_kiosk kill-a "$WORK/a.toml"
ballots=30000 kills=${3:-20}
"$MAKE_DB" --kiosk "$WORK/a.db" kill-a $ballots 41
RANDOM=7
for i in $(seq 1 "$kills"); do
    "$KIOSK" --sync --config "$WORK/a.toml" --db "$WORK/a.db" >/dev/null 2>&1 &
    pid=$!
    sleep "0.$((RANDOM % 3))$((RANDOM % 10))"
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    echo "kill $i: $(pending "$WORK/a.db") pending, $(on_server) on the server"
    [ "$(pending "$WORK/a.db")" -ge 5000 ] || sqlite3 "$WORK/a.db" "INSERT OR IGNORE INTO outbox (uuid) SELECT uuid FROM ballots"
done
out=$("$KIOSK" --sync --config "$WORK/a.toml" --db "$WORK/a.db") || fail "the last sync: $out"
echo "$out"
echo "$out" | grep -q "^sent 0, " && [ "$(on_server)" -lt $ballots ] && fail "the last sync sent nothing"
[ "$(pending "$WORK/a.db")" = 0 ] || fail "ballots still pending"
[ "$(on_server)" = $ballots ] || fail "$(on_server) ballots on the server, not $ballots"
[ "$(sql "SELECT ballots FROM ess.tally_counts WHERE kind = 'all'")" = $ballots ] || fail "counted twice"
"$TALLY" verify "$(admin_uri)" | grep -q "tally counters: match the ballot rows" || fail "counters"
echo "sigkill: ok"
