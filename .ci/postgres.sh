#!/usr/bin/env bash
# A throw-away PostgreSQL cluster on a Unix socket for the SQL equality tests.
#   source .ci/postgres.sh start   -> exports CUSTOMERVALUE_POSTGRES (an Npgsql connection string) and PG_THROWAWAY_DIR
#   .ci/postgres.sh stop DIR       -> stops the cluster and removes DIR
# Runs the server as the 'postgres' user when started by root (PostgreSQL refuses to run as root).
set -uo pipefail
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
  start)
    bin=$(pg_bin)
    if [ -z "$bin" ]; then
      echo "PostgreSQL is not installed (apt-get install -y postgresql)" >&2
      return 1 2>/dev/null || exit 1
    fi
    dir=$(mktemp -d /tmp/cv-pg.XXXXXX)
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    port=54329
    as_postgres "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 >"$dir/initdb.log" 2>&1 \
      && as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
           -o "-k $dir -p $port -c listen_addresses='' -c fsync=off -c full_page_writes=off" start >/dev/null \
      || { echo "PostgreSQL did not start:" >&2; cat "$dir"/*.log >&2; return 1 2>/dev/null || exit 1; }
    export PG_THROWAWAY_DIR="$dir"
    export CUSTOMERVALUE_POSTGRES="Host=$dir;Port=$port;Username=postgres;Database=postgres;Pooling=false"
    ;;
  stop)
    dir="${2:?directory}"
    bin=$(pg_bin)
    [ -d "$dir/data" ] && as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1
    rm -rf "$dir"
    ;;
  *)
    echo "usage: source .ci/postgres.sh start | .ci/postgres.sh stop DIR" >&2
    ;;
esac
