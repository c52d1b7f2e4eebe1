"""psycopg2 x SELECT ... FOR UPDATE / FOR SHARE: the rows a query returns are locked until the end
of the transaction; other writers and lockers wait (bounded by lock_timeout), NOWAIT fails at once
with 55P03, and a READ COMMITTED locker that waited reads the committed row, as in PostgreSQL."""
import threading

import psycopg2
import pytest


@pytest.fixture
def accounts(tables, connect):
    t = tables.create("id INTEGER PRIMARY KEY, balance INTEGER NOT NULL")
    c = connect()
    with c.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1, 100), (2, 200), (3, 300)")
    c.commit()
    return t


def _run_in_thread(conn, sql):
    outcome = {}

    def run():
        try:
            with conn.cursor() as cur:
                cur.execute(sql)
                outcome["rows"] = cur.fetchall() if cur.description else cur.rowcount
            conn.commit()
        except psycopg2.Error as e:
            outcome["error"] = e
            conn.rollback()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def test_for_update_makes_a_writer_wait_until_the_locker_commits(accounts, connect):
    locker, writer = connect(), connect()
    with locker.cursor() as cur:
        cur.execute(f"SELECT balance FROM {accounts} WHERE id = 1 FOR UPDATE")
        assert cur.fetchall() == [(100,)]
    thread, outcome = _run_in_thread(writer, f"UPDATE {accounts} SET balance = balance + 1 WHERE id = 1")
    thread.join(0.6)
    assert thread.is_alive(), "the writer must wait for the row lock"
    with locker.cursor() as cur:
        cur.execute(f"UPDATE {accounts} SET balance = balance - 50 WHERE id = 1")
    locker.commit()
    thread.join(20)
    assert not thread.is_alive() and "error" not in outcome, outcome
    with connect().cursor() as cur:
        cur.execute(f"SELECT balance FROM {accounts} WHERE id = 1")
        assert cur.fetchone() == (51,)


def test_a_waiting_locker_reads_the_row_the_holder_committed(accounts, connect):
    holder, locker = connect(), connect()
    with holder.cursor() as cur:
        cur.execute(f"UPDATE {accounts} SET balance = 0 WHERE id = 2")
    thread, outcome = _run_in_thread(locker, f"SELECT id, balance FROM {accounts} WHERE id = 2 FOR UPDATE")
    thread.join(0.6)
    assert thread.is_alive(), "FOR UPDATE must wait for the pending update"
    holder.commit()
    thread.join(20)
    assert outcome.get("rows") == [(2, 0)], outcome


def test_only_the_rows_returned_are_locked(accounts, connect):
    locker, writer = connect(), connect()
    with locker.cursor() as cur:
        cur.execute(f"SELECT id FROM {accounts} ORDER BY id LIMIT 1 FOR UPDATE")
        assert cur.fetchall() == [(1,)]
    with writer.cursor() as cur:
        cur.execute("SET lock_timeout = '2s'")
        cur.execute(f"UPDATE {accounts} SET balance = 7 WHERE id = 3")
        assert cur.rowcount == 1
    writer.commit()
    locker.rollback()


def test_nowait_fails_at_once_with_55P03(accounts, connect):
    locker, other = connect(), connect()
    with locker.cursor() as cur:
        cur.execute(f"SELECT * FROM {accounts} WHERE id = 3 FOR SHARE")
    with other.cursor() as cur, pytest.raises(psycopg2.Error) as excinfo:
        cur.execute(f"SELECT * FROM {accounts} WHERE id = 3 FOR UPDATE NOWAIT")
    assert excinfo.value.pgcode == "55P03"
    assert "could not obtain lock on row in relation" in excinfo.value.pgerror
    other.rollback()
    locker.rollback()


def test_lock_timeout_bounds_a_locker_waiting_for_a_locker(accounts, connect):
    locker, other = connect(), connect()
    with locker.cursor() as cur:
        cur.execute(f"SELECT * FROM {accounts} WHERE id = 1 FOR UPDATE")
    with other.cursor() as cur:
        cur.execute("SET lock_timeout = '200ms'")
        with pytest.raises(psycopg2.Error) as excinfo:
            cur.execute(f"SELECT * FROM {accounts} WHERE id = 1 FOR UPDATE")
    assert excinfo.value.pgcode == "55P03"
    other.rollback()
    locker.rollback()


def test_rollback_releases_the_locks(accounts, connect):
    locker, writer = connect(), connect()
    with locker.cursor() as cur:
        cur.execute(f"SELECT * FROM {accounts} FOR UPDATE")
        assert len(cur.fetchall()) == 3
    locker.rollback()
    with writer.cursor() as cur:
        cur.execute("SET lock_timeout = '2s'")
        cur.execute(f"UPDATE {accounts} SET balance = 1")
        assert cur.rowcount == 3
    writer.commit()


def test_repeatable_read_locker_fails_with_40001_after_a_concurrent_update(accounts, connect):
    locker, writer = connect(), connect()
    locker.set_session(isolation_level="REPEATABLE READ")
    with locker.cursor() as cur:
        cur.execute(f"SELECT balance FROM {accounts} WHERE id = 1")
    with writer.cursor() as cur:
        cur.execute(f"UPDATE {accounts} SET balance = 5 WHERE id = 1")
    writer.commit()
    with locker.cursor() as cur, pytest.raises(psycopg2.Error) as excinfo:
        cur.execute(f"SELECT balance FROM {accounts} WHERE id = 1 FOR UPDATE")
    assert excinfo.value.pgcode == "40001"
    locker.rollback()


def test_for_update_in_a_read_only_transaction_is_25006(accounts, connect):
    c = connect()
    c.set_session(readonly=True)
    with c.cursor() as cur, pytest.raises(psycopg2.Error) as excinfo:
        cur.execute(f"SELECT * FROM {accounts} FOR UPDATE")
    assert excinfo.value.pgcode == "25006"
    c.rollback()
