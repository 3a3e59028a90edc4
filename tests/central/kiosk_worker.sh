#!/usr/bin/env bash
# The kiosk's own upload worker against a real server of this test's own (it is stopped and
# frozen here, which the shared one must not be):
#  1. three kiosks vote with [central] set: their worker uploads ballots and visits; the server's
#     figures and report equal the merge of their three files, nothing stays pending, and the
#     wall shows the sum;
#  2. the server stopped: a kiosk votes on at its usual pace, every ballot stored and pending;
#     it quits at once; started again, it uploads them when the server is back, each once;
#  3. the server frozen (SIGSTOP): the same, and the kiosk's exit is not held by the frozen
#     connection; after SIGCONT they arrive;
#  4. a kiosk killed with SIGKILL during its uploads, many times: none lost, none counted twice.
set -euo pipefail
build=$(cd "$1" && pwd) scripts=$(cd "$(dirname "$0")" && pwd)
own=$build/central-worker-cluster
"$scripts/cluster.sh" start "$own" fast >/dev/null
trap '"$scripts/cluster.sh" stop "$own"' EXIT
. "$scripts/lib.sh" "$own" "$build" kiosk_worker
VOTES=$(cd "$scripts/../scripts" && pwd)/vote_loop.script
export XDG_CACHE_HOME=$WORK/cache
fresh_db
for k in a b c d; do add_kiosk "worker-$k" "$WORK/$k.toml"; done

# A scripted kiosk (virtual clock, as fast as it goes): prints its run time in ms.
vote() {
    local start=$EPOCHREALTIME
    "$KIOSK" --headless --config "$WORK/$1.toml" --db "$WORK/$1.db" --pin-file "$WORK/none.pin" --script "$VOTES" \
        >/dev/null 2>>"$WORK/$1.log" || fail "kiosk $1's scripted visitors"
    awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%d", (b - a) * 1000 }'
}
# The kiosk as it runs for real (real clock, SDL's dummy screen), in the background, up to its
# first frame (its signal handlers are in place then).
started() { [ "$(grep -c "first frame presented" "$WORK/$1.log" 2>/dev/null)" -gt "$2" ]; }
start_kiosk() {
    local frames
    frames=$(grep -c "first frame presented" "$WORK/$1.log" 2>/dev/null || true)
    SDL_VIDEODRIVER=dummy "$KIOSK" --config "$WORK/$1.toml" --db "$WORK/$1.db" --pin-file "$WORK/none.pin" \
        >/dev/null 2>>"$WORK/$1.log" &
    kiosk_pid=$!
    [ "${2:-}" = nowait ] || wait_for 10 "kiosk $1's first frame" started "$1" "${frames:-0}"
}
# wait_for SECONDS WHAT COMMAND...: until COMMAND succeeds, or fail.
wait_for() {
    local seconds=$1 what=$2
    shift 2
    for _ in $(seq 1 $((seconds * 10))); do "$@" && return 0; sleep 0.1; done
    fail "$what within $seconds s"
}
# Both outboxes: the ballots' and the visits'.
empty() { [ "$(pending "$WORK/$1.db")" = 0 ] && [ "$(sqlite3 "$WORK/$1.db" "SELECT count(*) FROM visit_outbox")" = 0 ]; }
ballots() { sqlite3 "$WORK/$1.db" "SELECT count(*) FROM ballots"; }
# A running kiosk's outbox emptied by its worker, then the kiosk stopped as systemd stops it.
drain() {
    start_kiosk "$1"
    wait_for "${2:-60}" "kiosk $1's outbox emptied" empty "$1"
    kill -TERM "$kiosk_pid"
    wait "$kiosk_pid" || fail "kiosk $1 did not stop cleanly on SIGTERM"
}
pg() { runuser -u postgres -- "$ESS_PG_BIN/pg_ctl" -D "$ESS_PG_ROOT/data" "$@" >/dev/null; }
check_server() {
    [ "$(on_server)" = "$1" ] || fail "$(on_server) ballots on the server, not $1"
    [ "$(sql "SELECT sum(ballots) FROM ess.tally_counts WHERE kind = 'all'")" = "$1" ] || fail "the server counted some twice"
}

# 1. Three kiosks, their workers, the server's figures against the merge of their files.
for k in a b c; do
    ms=$(vote $k)
    echo "kiosk $k: $(ballots $k) ballots in $ms ms, $(pending "$WORK/$k.db") pending at exit"
    drain $k
done
total=$(($(ballots a) + $(ballots b) + $(ballots c)))
check_server $total
"$TALLY" merge -o "$WORK/merged.db" "$WORK/a.db" "$WORK/b.db" "$WORK/c.db" >/dev/null
# Visits included: the server has every visit of the three files, as their merge does.
diff <("$TALLY" summary "$WORK/merged.db" | sed 1,2d) <("$TALLY" summary "$(admin_uri)" | sed 1,2d) ||
    fail "the server's summary is not the merge's"
visits=$(sqlite3 "$WORK/merged.db" "SELECT count(*) FROM visits")
[ "$visits" -gt 0 ] && [ "$(sql "SELECT count(*) FROM ess.visits")" = "$visits" ] || fail "the visits on the server"
"$TALLY" report "$WORK/merged.db" -o "$WORK/merged.html" >/dev/null
"$TALLY" report "$(admin_uri)" -o "$WORK/central.html" >/dev/null
diff <(grep -v "Données lues" "$WORK/merged.html") <(grep -v "Données lues" "$WORK/central.html") >/dev/null ||
    fail "the server's report is not the merge's"
grep -q "central: connected to localhost:$ESS_PG_PORT, database $DB, as ess_kiosk_worker_a" "$WORK/a.log" ||
    fail "kiosk a did not say where it uploads"
[ "$(sql "SELECT ballots_total FROM ess.heartbeats h JOIN ess.kiosks k USING (kiosk_id) WHERE kiosk_id = 'worker-a'")" -gt 0 ] ||
    fail "no heartbeat with figures from kiosk a"
cat >"$WORK/wall.script" <<EOF
expect screen wall
expect text "$total votes · 3 bornes"
quit
EOF
"$KIOSK" --headless --wall --central "$(admin)" --script "$WORK/wall.script" || fail "the wall's figures"
echo "1. three kiosks: $total ballots and $visits visits on the server, as in their merge; the wall shows them"

# 2. The server stopped while a kiosk votes on.
normal=$(vote a)
before=$(ballots a)
pg -m fast stop
ms=$(vote a)
stored=$(($(ballots a) - before))
echo "2. server stopped: $stored more ballots stored in $ms ms (with the server up: $normal ms), $(pending "$WORK/a.db") pending"
[ "$stored" -gt 0 ] && [ "$(pending "$WORK/a.db")" -ge "$stored" ] || fail "the ballots are not all stored and pending"
[ "$ms" -lt $((normal * 3 + 2000)) ] || fail "the kiosk was held up by the stopped server ($ms ms against $normal)"
grep -q "central: .*nothing listens there.*the ballots stay on this kiosk, pending" "$WORK/a.log" || fail "the reason, in the log"
start_kiosk a
sleep 3
empty a && fail "uploaded with the server stopped?"
pg -w -l "$ESS_PG_ROOT/restart.log" start
back=$EPOCHREALTIME
wait_for 60 "the ballots after the server came back" empty a
echo "   server back: the outbox emptied $(awk -v a="$back" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }') s later"
kill -TERM "$kiosk_pid"
wait "$kiosk_pid" || fail "kiosk a on SIGTERM"
total=$(($(ballots a) + $(ballots b) + $(ballots c)))
check_server $total
grep -q "central: reachable again" "$WORK/a.log" || fail "the recovery, in the log"

# 3. The server frozen while a kiosk votes on; the kiosk quits without waiting for it.
main=$(head -1 "$ESS_PG_ROOT/data/postmaster.pid")
processes="$main $(ps -o pid= --ppid "$main" | tr '\n' ' ')"
thaw() { for pid in $processes; do kill -CONT "$pid" 2>/dev/null || true; done; }
trap 'thaw; "$scripts/cluster.sh" stop "$own"' EXIT
before=$(ballots b)
for pid in $processes; do kill -STOP "$pid"; done
ms=$(vote b)
stored=$(($(ballots b) - before))
echo "3. server frozen: $stored more ballots stored in $ms ms (with the server up: $normal ms)"
[ "$stored" -gt 0 ] && [ "$(pending "$WORK/b.db")" -ge "$stored" ] || fail "the ballots are not all stored and pending"
[ "$ms" -lt $((normal * 3 + 2000)) ] || fail "the kiosk was held up by the frozen server ($ms ms against $normal)"
start_kiosk b
sleep 2
start=$EPOCHREALTIME
kill -TERM "$kiosk_pid"
wait "$kiosk_pid" || fail "kiosk b on SIGTERM, server frozen"
stop_ms=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%d", (b - a) * 1000 }')
echo "   SIGTERM with the worker waiting on the frozen server: stopped in $stop_ms ms"
[ "$stop_ms" -lt 1000 ] || fail "the kiosk took $stop_ms ms to stop"
thaw
drain b
total=$(($(ballots a) + $(ballots b) + $(ballots c)))
check_server $total

# 4. SIGKILL during uploads, many times.
"$MAKE_DB" --kiosk "$WORK/d.db" worker-d 30000 43
RANDOM=11
for i in $(seq 1 "${KILLS:-20}"); do
    start_kiosk d nowait
    sleep "0.$((RANDOM % 7))$((RANDOM % 10))"
    kill -KILL "$kiosk_pid" 2>/dev/null || true
    wait "$kiosk_pid" 2>/dev/null || true
    echo "   kill $i: $(pending "$WORK/d.db") pending, $(on_server) on the server"
    # Whenever few are left, all of them pending again: the next kill lands in an upload too.
    [ "$(pending "$WORK/d.db")" -ge 5000 ] || sqlite3 "$WORK/d.db" "INSERT OR IGNORE INTO outbox (uuid) SELECT uuid FROM ballots"
done
drain d 120
total=$((total + 30000))
check_server $total
"$TALLY" verify "$(admin_uri)" | grep -q "tally counters: match the ballot rows" || fail "the server's counters"
echo "4. ${KILLS:-20} SIGKILLs during uploads: 30000 on the server, once each"
echo "kiosk_worker: ok"
