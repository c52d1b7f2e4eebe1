"""psycopg2 x isolation levels, asserting what PostgreSQL does: write skew (two doctors going off
call) is allowed under REPEATABLE READ and aborts one transaction with 40001 under SERIALIZABLE;
each statement of a READ COMMITTED transaction sees new commits, REPEATABLE READ one snapshot."""
import psycopg2
import pytest


@pytest.fixture
def doctors(tables, connect):
    t = tables.create("name TEXT PRIMARY KEY, on_call BOOLEAN NOT NULL")
    c = connect()
    with c.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES ('alice', true), ('bob', true)")
    c.commit()
    return t


def _go_off_call_if_someone_else_is_on(conn, table, name):
    with conn.cursor() as cur:
        cur.execute(f"SELECT COUNT(*) FROM {table} WHERE on_call")
        assert cur.fetchone()[0] == 2
        cur.execute(f"UPDATE {table} SET on_call = false WHERE name = %s", (name,))


def _on_call(connect, table):
    with connect().cursor() as cur:
        cur.execute(f"SELECT COUNT(*) FROM {table} WHERE on_call")
        return cur.fetchone()[0]


def test_write_skew_is_allowed_under_repeatable_read(doctors, connect):
    a, b = connect(), connect()
    for c in (a, b):
        c.set_session(isolation_level="REPEATABLE READ")
    _go_off_call_if_someone_else_is_on(a, doctors, "alice")
    _go_off_call_if_someone_else_is_on(b, doctors, "bob")
    a.commit()
    b.commit()
    assert _on_call(connect, doctors) == 0, "snapshot isolation lets both go (the anomaly PostgreSQL allows)"


def test_write_skew_aborts_one_transaction_under_serializable(doctors, connect):
    a, b = connect(), connect()
    for c in (a, b):
        c.set_session(isolation_level="SERIALIZABLE")
    _go_off_call_if_someone_else_is_on(a, doctors, "alice")
    _go_off_call_if_someone_else_is_on(b, doctors, "bob")
    a.commit()
    with pytest.raises(psycopg2.Error) as excinfo:
        b.commit()
    assert excinfo.value.pgcode == "40001"
    assert "could not serialize access due to read/write dependencies among transactions" in excinfo.value.pgerror
    assert _on_call(connect, doctors) == 1, "one doctor stays on call"


def test_default_transaction_isolation_serializable_applies_to_new_transactions(doctors, connect):
    a, b = connect(), connect()
    for c in (a, b):
        with c.cursor() as cur:
            cur.execute("SET default_transaction_isolation = 'serializable'")
        c.commit()
        with c.cursor() as cur:
            cur.execute("SHOW transaction_isolation")
            assert cur.fetchone() == ("serializable",)
    _go_off_call_if_someone_else_is_on(a, doctors, "alice")
    _go_off_call_if_someone_else_is_on(b, doctors, "bob")
    a.commit()
    with pytest.raises(psycopg2.Error) as excinfo:
        b.commit()
    assert excinfo.value.pgcode == "40001"


def test_serializable_transactions_that_do_not_overlap_both_commit(doctors, connect):
    a, b = connect(), connect()
    for c in (a, b):
        c.set_session(isolation_level="SERIALIZABLE")
    with a.cursor() as cur:
        cur.execute(f"SELECT on_call FROM {doctors} WHERE name = 'alice'")
        cur.execute(f"UPDATE {doctors} SET on_call = false WHERE name = 'alice'")
    with b.cursor() as cur:
        cur.execute(f"SELECT on_call FROM {doctors} WHERE name = 'bob'")
        assert cur.fetchone() == (True,)
    a.commit()
    b.commit()


def test_read_committed_sees_new_commits_per_statement_repeatable_read_does_not(doctors, connect):
    rc, rr, writer = connect(), connect(), connect()
    rr.set_session(isolation_level="REPEATABLE READ")
    for c in (rc, rr):
        with c.cursor() as cur:
            cur.execute(f"SELECT COUNT(*) FROM {doctors} WHERE on_call")
            assert cur.fetchone() == (2,)
    with writer.cursor() as cur:
        cur.execute(f"UPDATE {doctors} SET on_call = false WHERE name = 'bob'")
    writer.commit()
    with rc.cursor() as cur:
        cur.execute(f"SELECT COUNT(*) FROM {doctors} WHERE on_call")
        assert cur.fetchone() == (1,)
    with rr.cursor() as cur:
        cur.execute(f"SELECT COUNT(*) FROM {doctors} WHERE on_call")
        assert cur.fetchone() == (2,)
    rc.commit()
    rr.commit()


def test_set_transaction_isolation_after_a_query_is_refused(connect):
    c = connect()
    with c.cursor() as cur:
        cur.execute("SELECT 1")
        with pytest.raises(psycopg2.Error) as excinfo:
            cur.execute("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE")
    assert excinfo.value.pgcode == "25001"
    c.rollback()
