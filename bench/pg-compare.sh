#!/usr/bin/env bash
# Side-by-side benchmark of HeliosDB against PostgreSQL 15 on this machine (see bench/README.md).
# usage: bench/pg-compare.sh [--rows 100000] [--scan-rows N] [--clients 8] [--duration 30]
#                            [--scan-reps 5] [--targets postgres,heliosdb] [--out FILE]
#        bench/pg-compare.sh tpcb    [--scale 4] [--clients 4] [--duration 60] ...   (pgbench TPC-B)
#        bench/pg-compare.sh drivers [--copy-rows 1000000] [--clients 8] ...      (asyncpg, psycopg2, COPY)
#        bench/pg-compare.sh mariadb [--clients 8] [--insert-rows 200000] ...     (MySQL port vs MariaDB)
#        bench/pg-compare.sh cpu [--targets heliosdb,postgres,mariadb] [--alloc] ... (server CPU us/op)
# Not for CI. Needs the server built in the reactor (mvn -o -q package -DskipTests; bin/heliosdb).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
PG_BIN="${HELIOSDB_PG_BIN:-/usr/lib/postgresql/15/bin}"

if [ ! -x "$PG_BIN/postgres" ]; then
  echo "installing postgresql-15 (apt)" >&2
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql-15
fi

SCRIPT="pg_compare.py"
case "${1:-}" in
  tpcb) SCRIPT="tpcb_compare.py"; shift ;;
  drivers) SCRIPT="drivers_compare.py"; shift ;;
  mariadb) SCRIPT="mariadb_compare.py"; shift ;;
  cpu) SCRIPT="cpu_per_op.py"; shift ;;
esac
if [ "$SCRIPT" = tpcb_compare.py ] && ! command -v pgbench >/dev/null; then
  echo "installing postgresql-client-15 (apt, for pgbench)" >&2
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql-client-15
fi
if [[ "$SCRIPT" = mariadb_compare.py || "$SCRIPT" = cpu_per_op.py ]] && ! command -v mariadbd >/dev/null; then
  echo "installing mariadb-server (apt)" >&2
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q mariadb-server
fi

VENV="$HERE/target/.venv"
mkdir -p "$HERE/target"
if [ ! -x "$VENV/bin/pip" ]; then
  rm -rf "$VENV"
  python3 -m venv "$VENV"
fi
if ! cmp -s "$HERE/requirements.txt" "$VENV/.installed-requirements"; then
  "$VENV/bin/pip" install -q --disable-pip-version-check -r "$HERE/requirements.txt"
  cp "$HERE/requirements.txt" "$VENV/.installed-requirements"
fi

cd "$HERE"
exec "$VENV/bin/python" "$HERE/$SCRIPT" "$@"
