#!/usr/bin/env bash
# A throwaway PostgreSQL 15 + PostGIS 3 cluster for the benchmarks (bench/geo).
#
#   scripts/postgis.sh start     install if missing, initdb if needed, start, CREATE EXTENSION postgis;
#                                prints the connection string on stdout (idempotent)
#   scripts/postgis.sh stop      stop the server if it runs (idempotent)
#   scripts/postgis.sh destroy   stop and delete the cluster directory
#   scripts/postgis.sh status    exit 0 when the server runs
#   scripts/postgis.sh url       print the connection string
#   scripts/postgis.sh createdb [NAME]
#                                start (as above), create an empty database (NAME, or greenlight_<random>), print its
#                                connection string (for `greenlight serve --database`)
#   scripts/postgis.sh psql ...  run psql against the cluster with the remaining arguments
#
# The cluster lives in ${GREENLIGHT_PG_DIR:-/tmp/greenlight-pg}, is owned by the `postgres` system user
# (the server refuses to run as root), listens only on 127.0.0.1 port ${GREENLIGHT_PG_PORT:-54329}
# and trusts local connections: it holds nothing but benchmark data.
set -euo pipefail

PGVER=15
PGBIN=/usr/lib/postgresql/$PGVER/bin
PGROOT=${GREENLIGHT_PG_DIR:-/tmp/greenlight-pg}
PGDATA=$PGROOT/data
PGSOCK=$PGROOT/sock
PGLOG=$PGROOT/server.log
PORT=${GREENLIGHT_PG_PORT:-54329}
CONN="postgresql://postgres@127.0.0.1:$PORT/postgres"

# Connection settings from the caller's environment must not redirect psql/pg_ctl elsewhere.
unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGSERVICE PGPASSWORD PGOPTIONS || true

log() { echo "postgis.sh: $*" >&2; }

# Run a server-side command as the postgres system user when we are root.
as_pg() {
    if [ "$(id -u)" = 0 ]; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

ensure_installed() {
    if [ -x "$PGBIN/initdb" ] && [ -x "$PGBIN/psql" ] \
        && [ -f "/usr/share/postgresql/$PGVER/extension/postgis.control" ]; then
        return
    fi
    if [ "$(id -u)" != 0 ]; then
        log "PostgreSQL $PGVER with PostGIS is missing and we are not root: apt-get install postgresql-$PGVER-postgis-3"
        exit 1
    fi
    log "installing postgresql-$PGVER-postgis-3 with apt-get"
    # Keep Debian's postinst from creating and starting a default cluster on port 5432.
    if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
        mkdir -p /etc/postgresql-common
        echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq "postgresql-$PGVER" "postgresql-client-$PGVER" "postgresql-$PGVER-postgis-3" >&2
}

is_running() {
    [ -f "$PGDATA/PG_VERSION" ] && as_pg "$PGBIN/pg_ctl" status -D "$PGDATA" >/dev/null 2>&1
}

init_cluster() {
    mkdir -p "$PGROOT"
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$PGROOT"; fi
    if [ -f "$PGDATA/PG_VERSION" ] && [ "$(cat "$PGDATA/PG_VERSION")" != "$PGVER" ]; then
        log "removing a cluster of another version in $PGDATA"
        rm -rf "$PGDATA"
    fi
    if [ ! -f "$PGDATA/PG_VERSION" ]; then
        rm -rf "$PGDATA"
        log "initdb $PGDATA"
        as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 --no-locale >"$PGROOT/initdb.log" 2>&1 \
            || { cat "$PGROOT/initdb.log" >&2; exit 1; }
        as_pg mkdir -p "$PGSOCK"
        # Throwaway data: durability off (it changes loading speed, not query speed).
        cat >>"$PGDATA/postgresql.conf" <<EOF

# greenlight benchmark cluster (scripts/postgis.sh)
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$PGSOCK'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    fi
}

start() {
    ensure_installed
    if ! is_running; then
        init_cluster
        as_pg mkdir -p "$PGSOCK"
        log "starting PostgreSQL $PGVER on 127.0.0.1:$PORT (log: $PGLOG)"
        as_pg "$PGBIN/pg_ctl" start -w -t 60 -D "$PGDATA" -l "$PGLOG" >/dev/null \
            || { tail -n 30 "$PGLOG" >&2 || true; exit 1; }
    fi
    PGOPTIONS="-c client_min_messages=warning" "$PGBIN/psql" "$CONN" -X -q -v ON_ERROR_STOP=1 \
        -c "CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null
    echo "$CONN"
}

stop() {
    if is_running; then
        log "stopping PostgreSQL in $PGDATA"
        as_pg "$PGBIN/pg_ctl" stop -w -m fast -D "$PGDATA" >/dev/null
    fi
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
    start) start ;;
    stop) stop ;;
    destroy) stop; rm -rf "$PGROOT" ;;
    status) is_running ;;
    url) echo "$CONN" ;;
    createdb)
        name=${1:-greenlight_$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')}
        case "$name" in *[!a-z0-9_]*|"") log "database names here are [a-z0-9_]+: $name"; exit 2 ;; esac
        start >/dev/null
        "$PGBIN/psql" "$CONN" -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $name" >/dev/null
        echo "${CONN%/*}/$name"
        ;;
    psql) exec "$PGBIN/psql" "$CONN" -X "$@" ;;
    *)
        echo "usage: $0 start|stop|destroy|status|url|createdb [name]|psql [psql arguments]" >&2
        exit 2
        ;;
esac
