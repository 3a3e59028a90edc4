#!/usr/bin/env bash
# What a careless set-up gets: under verify-full, a certificate from another CA, a missing CA
# file and a wrong server name are refused with the reason; a server that is down is said so at
# once. Each time --sync exits 1 and nothing is marked sent.
. "$(dirname "$0")/lib.sh" "$1" "$2" tls
fresh_db
add_kiosk tls-a "$WORK/a.toml"
"$MAKE_DB" --kiosk "$WORK/a.db" tls-a 7 21
url=$(kiosk_url "$WORK/a.toml")
# expect_refused URL PATTERN [MAX_SECONDS]
expect_refused() {
    local start=$SECONDS out
    if out=$("$KIOSK" --sync --central "$1" --db "$WORK/a.db" 2>&1); then fail "--sync succeeded with $1"; fi
    echo "$out"
    echo "$out" | grep -qF -- "$2" || fail "expected: $2"
    echo "$out" | grep -q "sent 0, already there 0, still pending 7" || fail "expected nothing sent"
    echo "$out" | grep -q "password=" && fail "the password was printed"
    [ $((SECONDS - start)) -le "${3:-5}" ] || fail "took $((SECONDS - start)) s"
    [ "$(pending "$WORK/a.db")" = 7 ] || fail "ballots were marked sent"
}
expect_refused "${url/sslrootcert=\'$ESS_PG_CA\'/sslrootcert=\'$ESS_PG_OTHER_CA\'}" \
    "the server's certificate is not signed by the CA in $ESS_PG_OTHER_CA (sslmode=verify-full)"
expect_refused "${url/sslrootcert=\'$ESS_PG_CA\'/sslrootcert=\'$WORK/missing-ca.crt\'}" \
    "no CA file: sslrootcert=$WORK/missing-ca.crt not found"
# The right CA, but the server reached under a name its certificate does not have.
expect_refused "${url/host=\'localhost\'/host=\'wrong-name.invalid\' hostaddr=127.0.0.1}" \
    "the server's name does not match its certificate (sslmode=verify-full checks it)"
expect_refused "${url/password=\'/password=\'x}" "wrong password for this role"
expect_refused "${url/sslmode=verify-full/sslmode=disable}" "the server refuses connections without TLS"
# Down: a port nobody listens on (the server's own, plus one, checked free).
port=$((ESS_PG_PORT + 1))
[ -z "$(ss -ltnH "( sport = :$port )")" ] || fail "port $port is in use"
expect_refused "${url/port=$ESS_PG_PORT/port=$port}" "central server localhost:$port, database $DB: nothing listens there" 2
# With the right settings, everything goes.
out=$("$KIOSK" --sync --config "$WORK/a.toml" --db "$WORK/a.db") || fail "sync: $out"
echo "$out" | grep -q "sent 7, already there 0, still pending 0" || fail "sync: $out"
echo "tls_and_down: ok"
