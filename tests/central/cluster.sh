#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the central tests and benchmarks: initdb as an unprivileged
# user (initdb refuses root), a Unix socket and a free 127.0.0.1 port, TLS with a CA and a server
# certificate made for the run (and an unrelated CA, for the wrong-certificate tests).
# Usage: cluster.sh start DIR [fast]   writes DIR/env (sourced by the tests); "fast": fsync off
#        cluster.sh stop DIR          stops it (even frozen by SIGSTOP) and removes its files
set -euo pipefail
action=${1:?usage: cluster.sh start|stop DIR}
dir=${2:?usage: cluster.sh start|stop DIR}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bindir/initdb" ] || { echo "cluster.sh: no PostgreSQL server found in /usr/lib/postgresql (kiosk/setup installs postgresql)" >&2; exit 1; }

# As root, the cluster belongs to Debian's postgres user; otherwise to whoever runs the tests.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop() {
    [ -f "$dir/env" ] || return 0
    # shellcheck disable=SC1091
    . "$dir/env"
    if [ -f "$ESS_PG_ROOT/data/postmaster.pid" ]; then
        main=$(head -1 "$ESS_PG_ROOT/data/postmaster.pid")
        # A test that froze the server and failed before thawing it: thaw it, or it cannot stop.
        for pid in $main $(ps -o pid= --ppid "$main" 2>/dev/null); do kill -CONT "$pid" 2>/dev/null || true; done
        as_owner "$bindir/pg_ctl" -D "$ESS_PG_ROOT/data" -m immediate -w -t 20 stop >/dev/null 2>&1 || kill -KILL "$main" 2>/dev/null || true
    fi
    rm -rf "$ESS_PG_ROOT"
    rm -f "$dir/env"
}

if [ "$action" = stop ]; then
    stop
    exit 0
fi
[ "$action" = start ] || { echo "usage: cluster.sh start|stop DIR" >&2; exit 2; }
stop # what a previous run left

# Under /tmp: the build tree may be under /root, where the postgres user cannot go.
root=$(mktemp -d /tmp/ess-central-XXXXXX)
chmod 755 "$root"
mkdir -p "$root/sock" "$root/tls"
tls=$root/tls
openssl_quiet() { openssl "$@" >/dev/null 2>&1; }
# The network's own CA, and the server's certificate for localhost and 127.0.0.1, signed by it.
openssl_quiet req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=ESS test CA" -keyout "$tls/ca.key" -out "$tls/ca.crt"
openssl_quiet req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$tls/server.key" -out "$tls/server.csr"
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$tls/san.ext"
openssl_quiet x509 -req -in "$tls/server.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" -CAcreateserial -days 2 \
    -extfile "$tls/san.ext" -out "$tls/server.crt"
# Another CA, which signed nothing of this server's.
openssl_quiet req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Some other CA" -keyout "$tls/other-ca.key" -out "$tls/other-ca.crt"
[ -s "$tls/server.crt" ] || { echo "cluster.sh: openssl could not make the certificates" >&2; exit 1; }
chmod 644 "$tls"/*.crt
chmod 600 "$tls"/*.key

# A free port: one nobody listens on, tried a few times.
port=
for _ in $(seq 1 50); do
    candidate=$((20000 + RANDOM % 30000))
    if [ -z "$(ss -ltnH "( sport = :$candidate )" 2>/dev/null)" ]; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "cluster.sh: no free port found" >&2; exit 1; }

if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$root"; fi
as_owner "$bindir/initdb" -D "$root/data" -U postgres -A trust --no-sync -E UTF8 --locale=C >"$root/initdb.log" 2>&1 ||
    { cat "$root/initdb.log" >&2; exit 1; }
fsync=on
[ "${3:-}" = fast ] && fsync=off
cat >>"$root/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$root/sock'
ssl = on
ssl_cert_file = '$tls/server.crt'
ssl_key_file = '$tls/server.key'
password_encryption = 'scram-sha-256'
max_connections = 60
fsync = $fsync
EOF
# The socket for the tests' administrator; over TCP, TLS and a password or nothing.
cat >"$root/data/pg_hba.conf" <<EOF
local     all all                trust
hostssl   all all 127.0.0.1/32   scram-sha-256
hostnossl all all 127.0.0.1/32   reject
EOF
as_owner "$bindir/pg_ctl" -D "$root/data" -l "$root/server.log" -w -t 30 start >/dev/null ||
    { cat "$root/server.log" >&2; exit 1; }
as_owner "$bindir/psql" -q -h "$root/sock" -p "$port" -U postgres -d postgres -c "CREATE DATABASE ess" >/dev/null

cat >"$dir/env" <<EOF
ESS_PG_ROOT=$root
ESS_PG_BIN=$bindir
ESS_PG_PORT=$port
ESS_PG_SOCKET=$root/sock
ESS_PG_CA=$tls/ca.crt
ESS_PG_OTHER_CA=$tls/other-ca.crt
ESS_PG_ADMIN="host=$root/sock port=$port dbname=ess user=postgres"
ESS_PG_TLS="host=localhost port=$port dbname=ess sslmode=verify-full sslrootcert=$tls/ca.crt"
EOF
echo "cluster.sh: PostgreSQL $("$bindir/postgres" --version | awk '{ print $3 }') on 127.0.0.1:$port and $root/sock (TLS, CA $tls/ca.crt)"
