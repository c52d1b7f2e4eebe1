#!/usr/bin/env bash
# Runs the compliance matrix: installs the pinned Python clients into compliance-tests/.venv
# (or a local --target dir if venv is unavailable), then pytest with JUnit XML in target/.
# Target: HELIOSDB_TEST_TARGET=heliosdb (default, needs bin/heliosdb built) or postgres.
# Extra arguments go to pytest, e.g. ./run.sh -k types
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"
PY="${PYTHON:-python3}"
mkdir -p target

if [ -x .venv/bin/pip ] || { rm -rf .venv && "$PY" -m venv .venv >/dev/null 2>&1; }; then
  RUN_PY="$HERE/.venv/bin/python"
  if ! cmp -s requirements.txt .venv/.installed-requirements; then
    "$RUN_PY" -m pip install -q --disable-pip-version-check -r requirements.txt
    cp requirements.txt .venv/.installed-requirements
  fi
else
  # No venv module (e.g. Debian without python3-venv): install beside the tests instead.
  rm -rf .venv
  RUN_PY="$PY"
  if ! cmp -s requirements.txt target/pylib/.installed-requirements; then
    "$PY" -m pip install -q --disable-pip-version-check --target target/pylib -r requirements.txt
    cp requirements.txt target/pylib/.installed-requirements
  fi
  export PYTHONPATH="$HERE/target/pylib${PYTHONPATH:+:$PYTHONPATH}"
fi

set +e
"$RUN_PY" -m pytest "$HERE" -v --junitxml="$HERE/target/compliance-junit.xml" "$@"
code=$?
set -e
# pytest exits 5 when nothing was collected: treat an empty matrix as a failure, not a pass.
exit $code
