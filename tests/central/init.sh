#!/usr/bin/env bash
# central init: creates the schema, does nothing the second time, upgrades an older schema one
# step at a time, and refuses a schema newer than this software; add-kiosk refuses what it must.
. "$(dirname "$0")/lib.sh" "$1" "$2" init
psql -X -q "$(admin postgres)" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
out=$("$TALLY" central init "$(admin)") || fail "init: $out"
echo "$out" | grep -q "created at version 3$" || fail "first init: $out"
out=$("$TALLY" central init "$(admin)") || fail "init again: $out"
echo "$out" | grep -q "already at version 3: nothing to do$" || fail "second init: $out"
[ "$(sql "SELECT version FROM ess.schema_version")" = 3 ] || fail "schema_version"

# An older server: version 1 (no heartbeats yet), with a kiosk and its ballots; then upgraded.
old=${DB}_old
psql -X -q "$(admin postgres)" -c "DROP DATABASE IF EXISTS $old" -c "CREATE DATABASE $old" >/dev/null
"$TALLY" central init --test-up-to 1 "$(admin "$old")" | grep -q "created at version 1$" || fail "init up to 1"
[ "$(psql -X -At "$(admin "$old")" -c "SELECT to_regclass('ess.heartbeats') IS NULL")" = t ] || fail "version 1 has heartbeats"
out=$("$TALLY" central init "$(admin "$old")") || fail "upgrade: $out"
echo "$out" | grep -q "upgraded from version 1 to 3$" || fail "upgrade: $out"
[ "$(psql -X -At "$(admin "$old")" -c "SELECT version FROM ess.schema_version")" = 3 ] || fail "upgraded version"

# A newer server: refused as it is, by init, by add-kiosk and by verify.
psql -X -q "$(admin "$old")" -c "UPDATE ess.schema_version SET version = 99" >/dev/null
out=$("$TALLY" central init "$(admin "$old")" 2>&1) && fail "init accepted a newer schema"
echo "$out" | grep -q "the central schema is at version 99, newer than this software knows (3); update ess-tally" || fail "newer: $out"
[ "$(psql -X -At "$(admin "$old")" -c "SELECT version FROM ess.schema_version")" = 99 ] || fail "the newer schema was changed"
out=$("$TALLY" central add-kiosk "$(admin "$old")" somebody 2>&1) && fail "add-kiosk on a newer schema"
echo "$out" | grep -q "central schema is at version 99" || fail "add-kiosk on newer: $out"
# A schema "ess" that ess-tally did not make.
psql -X -q "$(admin "$old")" -c "DROP SCHEMA ess CASCADE" -c "CREATE SCHEMA ess" >/dev/null
out=$("$TALLY" central init "$(admin "$old")" 2>&1) && fail "init took over a foreign schema"
echo "$out" | grep -q 'a schema "ess" exists on this database but has no ess.schema_version' || fail "foreign: $out"

# add-kiosk: a bad name, twice the same kiosk, no schema at all.
out=$("$TALLY" central add-kiosk "$(admin)" "bad name" 2>&1) && fail "a bad kiosk id was accepted"
echo "$out" | grep -q "a kiosk id is letters, digits" || fail "bad id: $out"
"$TALLY" central add-kiosk "$(admin)" init-a --kiosk-host localhost >"$WORK/a.toml" 2>"$WORK/a.err" || fail "add-kiosk: $(cat "$WORK/a.err")"
grep -q "KEEP THEM SECRET" "$WORK/a.err" || fail "add-kiosk does not say to keep the lines secret"
grep -q '^kiosk_id = "init-a"$' "$WORK/a.toml" || fail "add-kiosk's kiosk_id line"
grep -q "^url = \"host='localhost' port=$ESS_PG_PORT dbname='$DB' sslmode=verify-full sslrootcert='/etc/ess-kiosk/central-ca.crt' user='ess_kiosk_init_a' password='[0-9a-f]\{32\}'\"$" "$WORK/a.toml" ||
    fail "add-kiosk's url line: $(cat "$WORK/a.toml")"
"$KIOSK" --check-config "$WORK/a.toml" >/dev/null || fail "the printed lines are not a valid configuration"
out=$("$TALLY" central add-kiosk "$(admin)" init-a 2>&1) && fail "the same kiosk was added twice"
echo "$out" | grep -q 'kiosk "init-a" exists already (role ess_kiosk_init_a); ess-tally central add-kiosk --new-password' || fail "twice: $out"
out=$("$TALLY" central add-kiosk "$(admin postgres)" nowhere 2>&1) && fail "add-kiosk without a schema"
echo "$out" | grep -q "no central schema on this database: run ess-tally central init first" || fail "no schema: $out"
echo "init: ok"
