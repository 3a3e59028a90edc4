#!/usr/bin/env bash
# Least privilege: a kiosk's role reads no ballots, adds none under another kiosk's id (the whole
# batch refused), deletes and updates nothing; an organiser reads and changes nothing.
. "$(dirname "$0")/lib.sh" "$1" "$2" roles
fresh_db
add_kiosk roles-a "$WORK/a.toml"
add_kiosk roles-b "$WORK/b.toml"
url_a=$(kiosk_url "$WORK/a.toml")
"$MAKE_DB" --kiosk "$WORK/a.db" roles-a 5 11
"$KIOSK" --sync --config "$WORK/a.toml" --db "$WORK/a.db" >/dev/null || fail "roles-a's own sync"

as_kiosk "SELECT * FROM ess.ballots" "permission denied for table ballots"
as_kiosk "SELECT count(*) FROM ess.tally_counts" "permission denied for table tally_counts"
as_kiosk "SELECT * FROM ess.heartbeats" "permission denied for table heartbeats"
as_kiosk "SELECT * FROM ess.kiosks" "permission denied for table kiosks"
as_kiosk "DELETE FROM ess.ballots" "permission denied for table ballots"
as_kiosk "UPDATE ess.heartbeats SET app_version = 'x'" "permission denied for table heartbeats"
as_kiosk "INSERT INTO ess.ballots (uuid, kiosk_id, created_utc, content_version, levers) VALUES (gen_random_uuid(), 'roles-a', now(), 'x', '{a}')" \
    "permission denied for table ballots"
as_kiosk "TRUNCATE ess.ballots" "permission denied for table ballots"
as_kiosk "CREATE TABLE ess.mine (x int)" "permission denied for schema ess"
as_kiosk "CREATE TEMP TABLE mine (x int)" "permission denied to create temporary tables"
as_kiosk "CREATE TABLE public.mine (x int)" "permission denied for schema public"
# Another kiosk's ballots, alone or in a batch with its own: the whole batch refused.
ballot() { echo "{\"uuid\":\"$1\",\"kiosk_id\":\"$2\",\"created_utc\":\"2026-11-26T10:00:00.000Z\",\"content_version\":\"x\",\"flags\":0,\"levers\":[\"co-construction\"]}"; }
own=$(ballot 11111111-1111-4111-8111-111111111111 roles-a)
other=$(ballot 22222222-2222-4222-8222-222222222222 roles-b)
as_kiosk "SELECT * FROM ess.add_ballots('[$other]')" 'ballots of kiosk "roles-b" refused: role ess_kiosk_roles_a may only add ballots of kiosk "roles-a"'
as_kiosk "SELECT * FROM ess.add_ballots('[$own,$other]')" 'ballots of kiosk "roles-b" refused'
[ "$(sql "SELECT count(*) FROM ess.ballots WHERE uuid = '11111111-1111-4111-8111-111111111111'")" = 0 ] ||
    fail "half of a refused batch was stored"
[ "$(on_server)" = 5 ] || fail "the server has $(on_server) ballots, not 5"
# Its own, through the function: allowed, and a second time already there.
[ "$(psql -X -At "$url_a" -c "SELECT inserted, already_there FROM ess.add_ballots('[$own]')")" = "1|0" ] || fail "own ballot"
[ "$(psql -X -At "$url_a" -c "SELECT inserted, already_there FROM ess.add_ballots('[$own]')")" = "0|1" ] || fail "own ballot twice"
# A kiosk file holding another kiosk's ballots: --sync refused, saying so, nothing marked sent.
"$MAKE_DB" --kiosk "$WORK/b.db" roles-b 3 12
out=$("$KIOSK" --sync --config "$WORK/a.toml" --db "$WORK/b.db" 2>&1) && fail "roles-a uploaded roles-b's ballots"
echo "$out" | grep -q 'ballots of kiosk "roles-b" refused: role ess_kiosk_roles_a may only add ballots of kiosk "roles-a"' || fail "sync: $out"
echo "$out" | grep -q "still pending 3" || fail "sync of another's ballots: $out"
[ "$(pending "$WORK/b.db")" = 3 ] || fail "refused ballots were marked sent"

# An organiser: reads everything, changes nothing.
psql -X -q "$(admin)" -c "DROP ROLE IF EXISTS roles_reader" -c "CREATE ROLE roles_reader LOGIN PASSWORD 'reader-pw' IN ROLE ess_organiser" >/dev/null
reader="host=localhost port=$ESS_PG_PORT dbname=$DB user=roles_reader password=reader-pw sslmode=verify-full sslrootcert=$ESS_PG_CA"
[ "$(psql -X -At "$reader" -c "SELECT count(*) FROM ess.ballots")" = 6 ] || fail "the organiser cannot read the ballots"
# A role that is neither kiosk nor organiser cannot even connect to the ballots' database.
psql -X -q "$(admin)" -c "DROP ROLE IF EXISTS roles_stranger" -c "CREATE ROLE roles_stranger LOGIN PASSWORD 'stranger-pw'" >/dev/null
if out=$(psql -X -q -c "SELECT 1" "host=localhost port=$ESS_PG_PORT dbname=$DB user=roles_stranger password=stranger-pw sslmode=verify-full sslrootcert=$ESS_PG_CA" 2>&1); then
    fail "a stranger connected"
fi
echo "$out" | grep -q "permission denied for database \"$DB\"" || fail "stranger: $out"
if psql -X -q "$reader" -c "DELETE FROM ess.ballots" 2>/dev/null; then fail "the organiser could delete"; fi
if psql -X -q "$reader" -c "SELECT ess.add_ballots('[]')" 2>/dev/null; then fail "the organiser could add ballots"; fi
# Even the owner cannot change a stored ballot: the counters depend on it.
if sql "DELETE FROM ess.ballots" 2>/dev/null; then fail "a ballot was deleted"; fi
echo "roles: ok"
