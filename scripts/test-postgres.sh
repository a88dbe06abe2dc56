#!/usr/bin/env bash
# Throw-away PostgreSQL cluster for the tests.
#
#   scripts/test-postgres.sh start    (re)create a fresh cluster and start it
#   scripts/test-postgres.sh env      print export lines: eval "$(scripts/test-postgres.sh env)"
#   scripts/test-postgres.sh status   exit 0 if the cluster runs
#   scripts/test-postgres.sh stop     stop it and delete its files
#
# Settings: RAYPORT_TEST_TMP (default /tmp/rayport-test-pg),
#           RAYPORT_TEST_PG_PORT (default 55432).
set -euo pipefail

BASE="${RAYPORT_TEST_TMP:-/tmp/rayport-test-pg}"
PORT="${RAYPORT_TEST_PG_PORT:-55432}"
DATA="$BASE/data"
# Socket next to the data dir rather than /var/run/postgresql: that directory
# may not exist (no postgresql service) and must not clash with a system
# cluster listening on the same port number.
SOCKET_DIR="$BASE"
PASSWORD_FILE="$BASE/password"
LOG_FILE="$BASE/postgres.log"
MARKER="$BASE/.rayport-test-pg"
DB_USER=rayport
DB_NAME=rayport_test

die() { echo "test-postgres: $*" >&2; exit 1; }

# Debian keeps the server binaries out of PATH, in /usr/lib/postgresql/<ver>/bin.
# Prefer the newest of those over whatever initdb/pg_ctl PATH offers (e.g. a
# stray /usr/local/bin/pg_ctl of another build).
find_pg_bin() {
    local d
    # shellcheck disable=SC2012  # version directories are plain numbers
    d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
    if [[ -n "$d" && -x "$d/pg_ctl" && -x "$d/initdb" ]]; then
        PG_BIN="$d"
    elif command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
        PG_BIN="$(dirname "$(command -v pg_ctl)")"
    else
        die "PostgreSQL server binaries not found; run scripts/install-test-peers.sh (package 'postgresql')"
    fi
    PSQL="$PG_BIN/psql"
    [[ -x "$PSQL" ]] || PSQL="$(command -v psql || true)"
    [[ -n "$PSQL" ]] || die "psql not found (package postgresql-client)"
}

# PostgreSQL refuses to run as root, so as root everything server-side runs as
# the 'postgres' system user that the Debian package creates.
if [[ "$(id -u)" -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' user (install package postgresql)"
    PG_OWNER=postgres
    as_pg() { runuser -u postgres -- "$@"; }
else
    PG_OWNER="$(id -un)"
    as_pg() { "$@"; }
fi

is_running() {
    [[ -f "$DATA/postmaster.pid" ]] && as_pg "$PG_BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

do_stop() {
    find_pg_bin
    if [[ -f "$DATA/postmaster.pid" ]]; then
        as_pg "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w -t 30 stop >/dev/null 2>&1 \
            || as_pg "$PG_BIN/pg_ctl" -D "$DATA" -m immediate -w -t 10 stop >/dev/null 2>&1 \
            || true
    fi
    if [[ -d "$BASE" ]]; then
        # Only ever delete a directory this script created.
        if [[ -f "$MARKER" ]]; then
            rm -rf -- "$BASE"
        elif [[ -n "$(ls -A "$BASE" 2>/dev/null)" ]]; then
            die "$BASE exists and was not created by this script; refusing to delete it"
        else
            rmdir -- "$BASE"
        fi
    fi
}

do_start() {
    do_stop
    find_pg_bin
    mkdir -p "$BASE"
    touch "$MARKER"
    chmod 700 "$BASE"
    chown "$PG_OWNER" "$BASE"
    # Catch a base dir the postgres user cannot reach (e.g. below /root) here,
    # with a clear message, instead of an obscure initdb failure.
    as_pg test -w "$BASE" \
        || die "user $PG_OWNER cannot write to $BASE (a parent directory is not accessible); set RAYPORT_TEST_TMP elsewhere"

    local password
    password="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' | head -c 32)"
    (umask 077 && printf '%s\n' "$password" >"$PASSWORD_FILE")
    chmod 600 "$PASSWORD_FILE"

    # Host connections need the password (like production); the superuser is
    # reachable only over the private unix socket, to set things up below.
    as_pg "$PG_BIN/initdb" -D "$DATA" -U postgres --encoding=UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 >"$BASE/initdb.log" 2>&1 \
        || { cat "$BASE/initdb.log" >&2; die "initdb failed"; }

    # Durability is worthless for a throw-away cluster; turning it off makes
    # schema migrations in tests noticeably faster.
    as_pg tee -a "$DATA/postgresql.conf" >/dev/null <<EOF

# --- rayport test cluster ---
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$SOCKET_DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
EOF

    if ! as_pg "$PG_BIN/pg_ctl" -D "$DATA" -l "$LOG_FILE" -w -t 60 start >/dev/null; then
        tail -n 30 "$LOG_FILE" >&2 || true
        die "PostgreSQL did not start (is port $PORT already in use? set RAYPORT_TEST_PG_PORT)"
    fi

    # Password via stdin, not argv, so it does not show up in ps.
    as_pg "$PSQL" -X -q -v ON_ERROR_STOP=1 -h "$SOCKET_DIR" -p "$PORT" -U postgres -d postgres >/dev/null <<EOF
CREATE ROLE $DB_USER LOGIN PASSWORD '$password';
CREATE DATABASE $DB_NAME OWNER $DB_USER ENCODING 'UTF8' TEMPLATE template0;
EOF
    echo "test-postgres: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') running on 127.0.0.1:$PORT, database $DB_NAME, data in $DATA" >&2
}

do_env() {
    [[ -r "$PASSWORD_FILE" ]] || die "no test cluster at $BASE; run '$0 start' first"
    local password
    password="$(cat "$PASSWORD_FILE")"
    echo "export RAYPORT_TEST_PG_URL=jdbc:postgresql://127.0.0.1:$PORT/$DB_NAME"
    echo "export RAYPORT_TEST_PG_USER=$DB_USER"
    echo "export RAYPORT_TEST_PG_PASSWORD=$password"
}

case "${1:-}" in
    start)  do_start ;;
    stop)   do_stop ;;
    env)    do_env ;;
    status)
        find_pg_bin
        if is_running; then echo "running on 127.0.0.1:$PORT (data in $DATA)"; else echo "stopped"; exit 3; fi
        ;;
    *)
        echo "usage: $0 start|stop|env|status" >&2
        exit 2
        ;;
esac
