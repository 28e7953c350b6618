#!/bin/bash
# A private PostgreSQL 15 server for one test: its own data directory and
# Unix socket under $1, run as the postgres user, stopped when the calling
# shell exits. Source it; it exports PGHOST, PGPORT, PGUSER, PGDATABASE
# (libpq and psql read them) and TOCTOU_PG_CONNINFO.
#
#   source postgres.sh DIR
set -euo pipefail
PGBIN=/usr/lib/postgresql/15/bin
ROOT=$1
rm -rf "$ROOT"
mkdir -p "$ROOT/data" "$ROOT/socket"
chown -R postgres: "$ROOT"
runuser -u postgres -- "$PGBIN/initdb" -D "$ROOT/data" -A trust -U postgres \
  --no-sync > "$ROOT/initdb.log" 2>&1 || { cat "$ROOT/initdb.log" >&2; exit 1; }
PORT=$((54000 + RANDOM % 1000))
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$ROOT/data" -l "$ROOT/server.log" -w \
  -o "-k $ROOT/socket -p $PORT -c listen_addresses='' -c fsync=off -c max_connections=20" \
  start > /dev/null || { cat "$ROOT/server.log" >&2; exit 1; }
stop_postgres() {
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$ROOT/data" -m immediate stop > /dev/null 2>&1 || true
}
trap stop_postgres EXIT
export PGHOST=$ROOT/socket PGPORT=$PORT PGUSER=postgres PGDATABASE=postgres
export TOCTOU_PG_CONNINFO="host=$PGHOST port=$PGPORT user=postgres dbname=postgres"
