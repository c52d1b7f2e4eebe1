#!/usr/bin/env bash
# Side-by-side benchmark of HeliosDB against PostgreSQL 15 on this machine (see bench/README.md).
# usage: bench/pg-compare.sh [--rows 100000] [--scan-rows N] [--clients 8] [--duration 30]
#                            [--scan-reps 5] [--targets postgres,heliosdb] [--out FILE]
# Not for CI. Assumes `mvn install` has built the server (bin/heliosdb).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
PG_BIN="${HELIOSDB_PG_BIN:-/usr/lib/postgresql/15/bin}"

if [ ! -x "$PG_BIN/postgres" ]; then
  echo "installing postgresql-15 (apt)" >&2
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql-15
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
exec "$VENV/bin/python" "$HERE/pg_compare.py" "$@"
