#!/usr/bin/env bash
# 20 kiosk processes uploading 10,000 ballots each at the same time: exactly 200,000 arrive,
# every file's outbox is empty, and the server's counters match a recount.
. "$(dirname "$0")/lib.sh" "$1" "$2" concurrent
fresh_db
kiosks=20 each=${3:-10000}
for i in $(seq 1 $kiosks); do
    add_kiosk "many-$i" "$WORK/$i.toml"
    "$MAKE_DB" --kiosk "$WORK/$i.db" "many-$i" "$each" $((100 + i)) &
done
wait
start=$(date +%s.%N)
pids=()
for i in $(seq 1 $kiosks); do
    "$KIOSK" --sync --config "$WORK/$i.toml" --db "$WORK/$i.db" >"$WORK/$i.out" 2>&1 &
    pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
echo "$kiosks kiosks x $each ballots uploaded at once in $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }') s"
for i in $(seq 1 $kiosks); do
    grep -q "^sent $each, already there 0, still pending 0$" "$WORK/$i.out" || { cat "$WORK/$i.out"; fail "kiosk many-$i"; }
    [ "$(pending "$WORK/$i.db")" = 0 ] || fail "many-$i's outbox is not empty"
done
[ "$status" = 0 ] || fail "a --sync failed"
[ "$(on_server)" = $((kiosks * each)) ] || fail "$(on_server) ballots on the server, not $((kiosks * each))"
"$TALLY" verify "$(admin_uri)" | grep -q "tally counters: match the ballot rows" || fail "counters"
echo "concurrent: ok"
