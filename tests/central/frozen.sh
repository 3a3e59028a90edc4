#!/usr/bin/env bash
# The server frozen (SIGSTOP on every one of its processes): --sync gives up at its deadline
# with the reason, marks nothing sent; after SIGCONT the next --sync sends everything.
# Run alone (RUN_SERIAL): the other tests share this server.
. "$(dirname "$0")/lib.sh" "$1" "$2" frozen
fresh_db
add_kiosk frozen-a "$WORK/a.toml"
"$MAKE_DB" --kiosk "$WORK/a.db" frozen-a 2000 31
url="$(kiosk_url "$WORK/a.toml") connect_timeout=3"
main=$(head -1 "$ESS_PG_ROOT/data/postmaster.pid")
processes="$main $(ps -o pid= --ppid "$main" | tr '\n' ' ')"
thaw() { for pid in $processes; do kill -CONT "$pid" 2>/dev/null || true; done; }
trap thaw EXIT
for pid in $processes; do kill -STOP "$pid"; done
start=$SECONDS
out=$("$KIOSK" --sync --central "$url" --db "$WORK/a.db" 2>&1) && fail "--sync succeeded against a frozen server"
elapsed=$((SECONDS - start))
echo "$out"
thaw
echo "$out" | grep -q "no answer within 3 s (connect_timeout): the server is down, frozen or out of reach" || fail "the reason"
[ "$elapsed" -le 5 ] || fail "gave up after $elapsed s, not about 3"
[ "$(pending "$WORK/a.db")" = 2000 ] || fail "ballots were marked sent"
out=$("$KIOSK" --sync --central "$url" --db "$WORK/a.db") || fail "after SIGCONT: $out"
echo "$out" | grep -q "sent 2000, already there 0, still pending 0" || fail "after SIGCONT: $out"
echo "frozen: ok"
