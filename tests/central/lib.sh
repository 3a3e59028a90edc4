# shellcheck shell=bash disable=SC2034
# Shared by the central tests: the cluster's settings (cluster.sh's env), a database of each
# test's own (they run in parallel on one server), kiosks added as an organiser would.
# Usage: . lib.sh CLUSTER_DIR BUILD_DIR TEST_NAME   (then: KIOSK, TALLY, MAKE_DB, WORK, DB)
set -euo pipefail
cluster_dir=$1 build=$(cd "$2" && pwd) name=$3
[ -f "$cluster_dir/env" ] || { echo "$name: no test server (the central_cluster_start fixture did not run?)" >&2; exit 1; }
# shellcheck disable=SC1091
. "$cluster_dir/env"
KIOSK=$build/ess-kiosk TALLY=$build/ess-tally MAKE_DB=$build/make-test-db
WORK=$build/central-e2e/$name
rm -rf "$WORK" && mkdir -p "$WORK"
DB=ess_${name}
export PGOPTIONS="--client-min-messages=warning"

fail() { echo "$name: FAILED: $*" >&2; exit 1; }
# The administrator's connection string to this test's database (the socket, as postgres).
admin() { echo "host=$ESS_PG_SOCKET port=$ESS_PG_PORT dbname=${1:-$DB} user=postgres"; }
# ... and as a URL, as ess-tally summary|export|verify take it.
admin_uri() { echo "postgresql://postgres@/${1:-$DB}?host=$ESS_PG_SOCKET&port=$ESS_PG_PORT"; }
sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$(admin)" -c "$1"; }
# A fresh database with the central schema.
fresh_db() {
    psql -X -q "$(admin postgres)" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
    "$TALLY" central init "$(admin)" >/dev/null
}
# add_kiosk ID CONFIG: the kiosk's role, and its configuration file as add-kiosk printed it.
add_kiosk() {
    # Roles outlive a database: a test run again on the same server gives its kiosks new passwords.
    "$TALLY" central add-kiosk "$(admin)" "$1" --kiosk-host localhost --kiosk-ca "$ESS_PG_CA" >"$2" 2>"$2.stderr" ||
        "$TALLY" central add-kiosk "$(admin)" "$1" --kiosk-host localhost --kiosk-ca "$ESS_PG_CA" --new-password >"$2" 2>"$2.stderr" ||
        { cat "$2.stderr" >&2; fail "add-kiosk $1"; }
}
# The kiosk's connection string from its configuration (for psql, or edited for a test).
kiosk_url() { sed -n 's/^url = "\(.*\)"$/\1/p' "$1"; }
pending() { sqlite3 "$1" "SELECT count(*) FROM outbox"; }
on_server() { sql "SELECT count(*) FROM ess.ballots"; }
# as_kiosk SQL PATTERN: the statement, run as the kiosk whose connection string is $url_a, is
# refused with PATTERN.
as_kiosk() {
    if out=$(psql -X -q -At -v ON_ERROR_STOP=1 "$url_a" -c "$1" 2>&1); then fail "a kiosk's role could: $1 (got: $out)"; fi
    echo "$out" | grep -q "$2" || fail "refused, but not as expected: $1: $out"
    echo "refused as it should be: $1: $out"
}
