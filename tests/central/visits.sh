#!/usr/bin/env bash
# The visit log on the central server (issue #14): a kiosk's visits go up with its ballots, each
# once (by its id), views and all; the report and the summary of the server are the kiosk file's;
# a kiosk's role reads no visit and adds none under another kiosk's id; the server purges a
# kiosk's visits older than that kiosk keeps them, and no other kiosk's; a server whose schema
# predates the visit log takes the ballots and holds the visits back, saying so, until upgraded;
# a visit the server refuses as it is is set aside, named, and blocks nothing.
. "$(dirname "$0")/lib.sh" "$1" "$2" visits
fresh_db
add_kiosk visits-a "$WORK/a.toml"
add_kiosk visits-b "$WORK/b.toml"
visits_pending() { sqlite3 "$1" "SELECT count(*) FROM visit_outbox"; }
server_visits() { sql "SELECT count(*) FROM ess.visits${1:+ WHERE kiosk_id = '$1'}"; }

# 1. Up with the ballots, each once.
"$MAKE_DB" --kiosk "$WORK/a.db" visits-a 40 5 150
out=$("$KIOSK" --sync --config "$WORK/a.toml" --db "$WORK/a.db") || fail "sync of visits-a: $out"
echo "$out"
echo "$out" | grep -q "^sent 40, already there 0, still pending 0$" || fail "the ballots: $out"
echo "$out" | grep -q "^visits: sent 150, already there 0, still pending 0$" || fail "the visits: $out"
[ "$(server_visits)" = 150 ] || fail "$(server_visits) visits on the server, not 150"
[ "$(sql "SELECT count(*) FROM ess.visit_views")" = "$(sqlite3 "$WORK/a.db" "SELECT count(*) FROM visit_views")" ] ||
    fail "the views on the server are not the file's"
sqlite3 "$WORK/a.db" "INSERT INTO visit_outbox (id) SELECT id FROM visits"
out=$("$KIOSK" --sync --config "$WORK/a.toml" --db "$WORK/a.db") || fail "sync again: $out"
echo "$out" | grep -q "^visits: sent 0, already there 150, still pending 0$" || fail "visits sent again: $out"
[ "$(server_visits)" = 150 ] || fail "visits sent again were stored twice"
echo "1. 150 visits uploaded with their views; sent again, stored once"

# 2. The server's report and summary are the file's (only the line naming the input differs).
"$TALLY" report "$WORK/a.db" -o "$WORK/file.html" >/dev/null
"$TALLY" report "$(admin_uri)" -o "$WORK/central.html" >/dev/null
diff <(grep -v "Données lues" "$WORK/file.html") <(grep -v "Données lues" "$WORK/central.html") ||
    fail "the server's report is not the file's"
grep -q "150" "$WORK/central.html" || fail "the report does not show the 150 visits"
"$TALLY" summary "$(admin_uri)" | grep -q "^Visits: 150 " || fail "summary of the server: no 150 visits"
# A server and the same kiosk's file together: each visit once.
"$TALLY" summary "$(admin_uri)" "$WORK/a.db" | grep -q "^Visits: 150 " || fail "a server and a file: visits counted twice"
"$TALLY" verify "$(admin_uri)" | grep -q "visits: 150 (" || fail "verify does not count the visits"
echo "2. the server's report is the file's, byte for byte; summary and verify count 150 visits"

# 3. Least privilege.
url_a=$(kiosk_url "$WORK/a.toml")
as_kiosk "SELECT * FROM ess.visits" "permission denied for table visits"
as_kiosk "SELECT * FROM ess.visit_views" "permission denied for table visit_views"
as_kiosk "DELETE FROM ess.visits" "permission denied for table visits"
as_kiosk "SELECT ess.purge_visits()" "permission denied for function purge_visits"
as_kiosk "UPDATE ess.kiosks SET visit_keep_months = 1" "permission denied for table kiosks"
visit() { echo "{\"id\":\"$1\",\"kiosk_id\":\"$2\",\"started_utc\":\"2026-11-30T10:00Z\",\"seconds\":12.5,\"language\":\"fr\",\"ending\":\"left\",\"views\":[[\"mutations\",-1,\"\",12.5]]}"; }
own=$(visit 55555555-0000-4000-8000-000000000001 visits-a)
other=$(visit 55555555-0000-4000-8000-000000000002 visits-b)
as_kiosk "SELECT * FROM ess.add_visits('[$own,$other]', 25)" \
    'visits of kiosk "visits-b" refused: role ess_kiosk_visits_a may only add visits of kiosk "visits-a"'
[ "$(server_visits)" = 150 ] || fail "part of a refused batch was stored"
[ "$(psql -X -At "$url_a" -c "SELECT inserted, already_there FROM ess.add_visits('[$own]', 25)")" = "1|0" ] || fail "own visit"
[ "$(psql -X -At "$url_a" -c "SELECT inserted, already_there FROM ess.add_visits('[$own]', 25)")" = "0|1" ] || fail "own twice"
[ "$(sql "SELECT count(*) FROM ess.visit_views WHERE visit_id = '55555555-0000-4000-8000-000000000001'")" = 1 ] ||
    fail "a visit sent twice has its views twice"
# A kiosk's file with another kiosk's visits: refused, nothing marked sent.
"$MAKE_DB" --kiosk "$WORK/b-for-a.db" visits-a 0 6 4
sqlite3 "$WORK/b-for-a.db" "UPDATE visits SET kiosk_id = 'visits-b' WHERE rowid = 2"
out=$("$KIOSK" --sync --config "$WORK/a.toml" --db "$WORK/b-for-a.db" 2>&1) && fail "roles-a uploaded visits-b's visits"
echo "$out" | grep -q 'visits of kiosk "visits-b" refused' || fail "sync of another's visits: $out"
[ "$(visits_pending "$WORK/b-for-a.db")" = 4 ] || fail "refused visits were marked sent"
psql -X -q "$(admin)" -c "DROP ROLE IF EXISTS visits_reader" \
    -c "CREATE ROLE visits_reader LOGIN PASSWORD 'reader-pw' IN ROLE ess_organiser" >/dev/null
reader="host=localhost port=$ESS_PG_PORT dbname=$DB user=visits_reader password=reader-pw sslmode=verify-full sslrootcert=$ESS_PG_CA"
[ "$(psql -X -At "$reader" -c "SELECT count(*) FROM ess.visits")" = 151 ] || fail "the organiser cannot read the visits"
if psql -X -q "$reader" -c "DELETE FROM ess.visits" 2>/dev/null; then fail "the organiser could delete visits"; fi
# A kiosk pointed at a database without the central schema: told what to do, nothing marked sent.
nowhere=$(kiosk_url "$WORK/a.toml" | sed "s/dbname='[^']*'/dbname='postgres'/")
"$MAKE_DB" --kiosk "$WORK/lost.db" visits-a 2 9 3
out=$("$KIOSK" --sync --central "$nowhere" --config "$WORK/a.toml" --db "$WORK/lost.db" 2>&1) && fail "sync to a database without the schema"
echo "$out" | grep -q "no central schema on this database: ess-tally central init makes it" || fail "no schema: $out"
[ "$(pending "$WORK/lost.db")" = 2 ] && [ "$(visits_pending "$WORK/lost.db")" = 3 ] || fail "marked sent without a schema"
echo "3. a kiosk reads no visit, adds none of another kiosk; an organiser reads them and deletes none; no schema is said"

# 4. The server keeps a kiosk's visits no longer than the kiosk does, and purges no one else's.
old_visit() {
    sqlite3 "$1" "INSERT INTO visits (id, kiosk_id, started_utc, seconds, language, ending) VALUES ('$2', '$3', '$4', 30, 'fr', 'left');
                  INSERT INTO visit_outbox (id) VALUES ('$2')"
}
"$MAKE_DB" --kiosk "$WORK/b.db" visits-b 3 7 2
old_visit "$WORK/b.db" 66666666-0000-4000-8000-000000000001 visits-b 2023-06-01T10:00Z
out=$("$KIOSK" --sync --config "$WORK/b.toml" --db "$WORK/b.db" --visit-months 120) || fail "sync of b: $out"
[ "$(server_visits visits-b)" = 3 ] || fail "b's visits (kept 120 months): $(server_visits visits-b)"
old_visit "$WORK/a.db" 66666666-0000-4000-8000-000000000002 visits-a 2023-06-01T10:00Z
out=$("$KIOSK" --sync --config "$WORK/a.toml" --db "$WORK/a.db") || fail "sync of a, 25 months: $out"
echo "$out" | grep -q "^visits: sent 1, already there 0, still pending 0; 1 past their kiosk's retention purged on the server$" ||
    fail "a's old visit was not purged: $out"
[ "$(server_visits visits-a)" = 151 ] || fail "a's recent visits: $(server_visits visits-a)"
[ "$(server_visits visits-b)" = 3 ] || fail "a's upload purged b's old visit"
[ "$(sql "SELECT count(*) FROM ess.visit_views w WHERE NOT EXISTS (SELECT FROM ess.visits v WHERE v.id = w.visit_id)")" = 0 ] ||
    fail "views of purged visits are left"
# b now keeps 25 months: its next heartbeat (nothing to send) says so, and the server purges.
out=$("$KIOSK" --sync --config "$WORK/b.toml" --db "$WORK/b.db") || fail "sync of b, 25 months: $out"
[ "$(server_visits visits-b)" = 2 ] || fail "b's old visit outlived b's new retention: $(server_visits visits-b)"
[ "$(sql "SELECT visit_keep_months FROM ess.kiosks WHERE kiosk_id = 'visits-b'")" = 25 ] || fail "b's retention on the server"
echo "4. a's visit older than its 25 months purged on the server; b's kept while b kept 120 months, purged at 25"

# 5. A server of schema 2 (before the visit log): ballots go, visits wait, then go after the upgrade.
old=${DB}_old
psql -X -q "$(admin postgres)" -c "DROP DATABASE IF EXISTS $old" -c "CREATE DATABASE $old" >/dev/null
"$TALLY" central init --test-up-to 2 "$(admin "$old")" | grep -q "created at version 2$" || fail "init up to 2"
"$TALLY" central add-kiosk "$(admin "$old")" visits-c --kiosk-host localhost --kiosk-ca "$ESS_PG_CA" >"$WORK/c.toml" 2>/dev/null &&
    fail "add-kiosk on a schema 2 server should ask for the upgrade"
psql -X -q "$(admin "$old")" -c "INSERT INTO ess.kiosks (kiosk_id, role_name) VALUES ('visits-c', 'ess_kiosk_visits_c')" >/dev/null
psql -X -q "$(admin postgres)" -c "DROP ROLE IF EXISTS ess_kiosk_visits_c" \
    -c "CREATE ROLE ess_kiosk_visits_c LOGIN PASSWORD 'c-pw' IN ROLE ess_kiosk" >/dev/null
printf 'kiosk_id = "visits-c"\n\n[central]\nurl = "host=localhost port=%s dbname=%s sslmode=verify-full sslrootcert=%s user=ess_kiosk_visits_c password=c-pw"\n' \
    "$ESS_PG_PORT" "$old" "$ESS_PG_CA" >"$WORK/c.toml"
"$MAKE_DB" --kiosk "$WORK/c.db" visits-c 8 9 5
out=$("$KIOSK" --sync --config "$WORK/c.toml" --db "$WORK/c.db" 2>&1) && fail "sync to a schema 2 server said all was sent"
echo "$out"
echo "$out" | grep -q "^sent 8, already there 0, still pending 0$" || fail "the ballots did not go to the old server: $out"
echo "$out" | grep -q "^visits: sent 0, already there 0, still pending 5$" || fail "visits on an old server: $out"
echo "$out" | grep -q "predates the visit log: the visits stay on the kiosk, pending, until ess-tally central init" ||
    fail "no word of the upgrade: $out"
"$TALLY" central init "$(admin "$old")" | grep -q "upgraded from version 2 to 3$" || fail "upgrade 2 to 3"
out=$("$KIOSK" --sync --config "$WORK/c.toml" --db "$WORK/c.db") || fail "sync after the upgrade: $out"
echo "$out" | grep -q "^visits: sent 5, already there 0, still pending 0$" || fail "visits after the upgrade: $out"
echo "5. a schema 2 server took the 8 ballots and none of the 5 visits; upgraded, it took them"

# 6. A visit the server refuses as it is (a day that does not exist, as a kiosk with looser checks
#    could have stored): set aside, named; the others go, and nothing blocks the outbox.
"$MAKE_DB" --kiosk "$WORK/p.db" visits-a 0 8 6
bad=$(sqlite3 "$WORK/p.db" "SELECT id FROM visits ORDER BY id LIMIT 1 OFFSET 2")
sqlite3 "$WORK/p.db" "UPDATE visits SET started_utc = '2026-02-30T10:00Z' WHERE id = '$bad'"
out=$("$KIOSK" --sync --config "$WORK/a.toml" --db "$WORK/p.db" 2>&1) || fail "sync with a visit the server refuses: $out"
echo "$out" | grep -q "^visits: sent 5, already there 0, still pending 0; 1 refused by the server, set aside$" ||
    fail "the refused visit: $out"
echo "$out" | grep -q "visit $bad not sent: the server refuses it (.*); it stays in $WORK/p.db, out of the upload" ||
    fail "the refused visit is not named: $out"
[ "$(sqlite3 "$WORK/p.db" "SELECT count(*) FROM visits")" = 6 ] || fail "the refused visit left the kiosk's file"
echo "6. a visit the server refuses: set aside and named; the 5 others sent"
echo "visits: ok"
