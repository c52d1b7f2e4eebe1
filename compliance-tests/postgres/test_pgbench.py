"""The real pgbench (PostgreSQL 15 client) x HeliosDB: `pgbench -i` initializes scale 1 (DROP TABLE of
four tables, CREATE TABLE with character(n) and WITH (fillfactor), TRUNCATE and COPY in one
transaction, VACUUM, ALTER TABLE ... ADD PRIMARY KEY), then a short TPC-B run leaves every balance
consistent. Skipped when no pgbench binary is installed, failed then under CI=true
(scripts/install-test-clients installs postgresql-client, which has it)."""
import os
import shutil
import subprocess

import psycopg2
import pytest

PGBENCH = shutil.which("pgbench") or ("/usr/lib/postgresql/15/bin/pgbench"
                                      if os.path.exists("/usr/lib/postgresql/15/bin/pgbench") else None)
if PGBENCH is None and os.environ.get("CI") == "true":
    raise RuntimeError("pgbench is missing; run scripts/install-test-clients")
pytestmark = pytest.mark.skipif(PGBENCH is None, reason="no pgbench binary on this machine")

TABLES = ("pgbench_accounts", "pgbench_branches", "pgbench_history", "pgbench_tellers")


def _pgbench(server, *args, timeout=240):
    p = server.connect_params(sslmode="disable")
    env = dict(os.environ, PGPASSWORD=p["password"], PGHOST=p["host"], PGPORT=str(p["port"]), PGUSER=p["user"],
               PGDATABASE=p["dbname"], PGSSLMODE="disable", PGCONNECT_TIMEOUT="10")
    done = subprocess.run([PGBENCH, *args], env=env, capture_output=True, text=True, timeout=timeout)
    return done.returncode, done.stdout, done.stderr


def _one(conn, sql):
    with conn.cursor() as cur:
        cur.execute(sql)
        return cur.fetchone()


@pytest.fixture
def pgbench_tables(connect):
    yield
    c = connect()
    c.autocommit = True
    with c.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS " + ", ".join(TABLES))


def test_pgbench_initialize_and_run(server, connect, pgbench_tables):
    code, out, err = _pgbench(server, "-i", "-s", "1")
    assert code == 0, err
    assert "error" not in err.lower(), err
    assert "creating primary keys..." in err and "done in" in err, err
    conn = connect()
    conn.autocommit = True
    assert _one(conn, "SELECT (SELECT count(*) FROM pgbench_branches), (SELECT count(*) FROM pgbench_tellers), "
                      "(SELECT count(*) FROM pgbench_accounts), (SELECT count(*) FROM pgbench_history)") == (
        1, 10, 100000, 0)
    with conn.cursor() as cur:
        cur.execute("SELECT tc.table_name, kcu.column_name FROM information_schema.table_constraints tc "
                    "JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name "
                    "AND kcu.table_name = tc.table_name WHERE tc.constraint_type = 'PRIMARY KEY' "
                    "AND tc.table_name LIKE 'pgbench%' ORDER BY 1")
        assert cur.fetchall() == [("pgbench_accounts", "aid"), ("pgbench_branches", "bid"),
                                  ("pgbench_tellers", "tid")]
    # filler is character(84): stored blank-padded
    assert _one(conn, "SELECT filler FROM pgbench_accounts WHERE aid = 1") == (" " * 84,)

    code, out, err = _pgbench(server, "-c", "2", "-t", "50")
    assert code == 0, err + out
    assert "number of transactions actually processed: 100/100" in out, out
    assert "number of failed transactions: 0" in out, out
    assert _one(conn, "SELECT count(*) FROM pgbench_history") == (100,)
    sums = _one(conn, "SELECT (SELECT sum(abalance) FROM pgbench_accounts), (SELECT sum(tbalance) FROM "
                      "pgbench_tellers), (SELECT sum(bbalance) FROM pgbench_branches), "
                      "(SELECT sum(delta) FROM pgbench_history)")
    assert sums[0] == sums[1] == sums[2] == sums[3], sums
    assert _one(conn, "SELECT count(*) FROM pgbench_accounts") == (100000,)
