"""psycopg2 x ALTER SEQUENCE: RESTART [[WITH] n] (the next nextval returns n, or START without n),
IF EXISTS, bounds (22023); the options HeliosDB cannot change yet are refused (0A000, HeliosDB only)."""
import uuid

import psycopg2
import psycopg2.errors
import pytest


@pytest.fixture
def seq(table_registry):
    name = "seq_" + uuid.uuid4().hex[:8]
    table_registry.execute(f"CREATE SEQUENCE {name} START 5 MINVALUE 1 MAXVALUE 1000")
    yield name
    table_registry.execute(f"DROP SEQUENCE IF EXISTS {name}")


def _val(conn, sql):
    with conn.cursor() as cur:
        cur.execute(sql)
        return cur.fetchone()[0] if cur.description else cur.statusmessage


def test_restart(conn, seq):
    conn.autocommit = True
    assert [_val(conn, f"SELECT nextval('{seq}')") for _ in range(3)] == [5, 6, 7]
    assert _val(conn, f"ALTER SEQUENCE {seq} RESTART WITH 100") == "ALTER SEQUENCE"
    assert _val(conn, f"SELECT currval('{seq}')") == 7
    assert _val(conn, f"SELECT nextval('{seq}')") == 100
    _val(conn, f"ALTER SEQUENCE {seq} RESTART")
    assert _val(conn, f"SELECT nextval('{seq}')") == 5
    _val(conn, f"ALTER SEQUENCE {seq} RESTART 42")
    assert _val(conn, f"SELECT nextval('{seq}')") == 42


def test_restart_errors(conn, seq):
    conn.autocommit = True
    with pytest.raises(psycopg2.errors.InvalidParameterValue) as e:
        _val(conn, f"ALTER SEQUENCE {seq} RESTART WITH 5000")
    assert e.value.pgerror.splitlines()[0] == "ERROR:  RESTART value (5000) cannot be greater than MAXVALUE (1000)"
    with pytest.raises(psycopg2.errors.UndefinedTable):
        _val(conn, "ALTER SEQUENCE no_such_seq_here RESTART")
    del conn.notices[:]
    _val(conn, "ALTER SEQUENCE IF EXISTS no_such_seq_here RESTART")
    assert conn.notices == ['NOTICE:  relation "no_such_seq_here" does not exist, skipping\n']


@pytest.mark.heliosdb_only
def test_other_options_refused(conn, seq):
    conn.autocommit = True
    for option in ("INCREMENT BY 2", "MAXVALUE 10", "NO CYCLE", "OWNED BY NONE"):
        with pytest.raises(psycopg2.errors.FeatureNotSupported):
            _val(conn, f"ALTER SEQUENCE {seq} {option}")
