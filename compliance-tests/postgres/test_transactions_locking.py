"""psycopg2 x concurrent writers: a write that meets another transaction's uncommitted row waits for
it (as PostgreSQL does) instead of failing; READ COMMITTED then re-applies on the committed row,
REPEATABLE READ fails with 40001; lock_timeout bounds the wait (55P03); a cycle of waits is a
deadlock (40P01)."""
import threading
import time

import psycopg2
import pytest


def _scalar(conn, sql, params=None):
    with conn.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchone()[0]


class Background:
    """Runs one statement on its own connection in a thread; remembers the result or the error."""

    def __init__(self, conn, sql, params=None, commit=True):
        self.error = None
        self.rowcount = None

        def run():
            try:
                with conn.cursor() as cur:
                    cur.execute(sql, params)
                    self.rowcount = cur.rowcount
                if commit:
                    conn.commit()
            except psycopg2.Error as e:
                self.error = e
                conn.rollback()

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()

    def blocked(self, seconds=0.6):
        self.thread.join(seconds)
        return self.thread.is_alive()

    def finish(self, seconds=20):
        self.thread.join(seconds)
        assert not self.thread.is_alive(), "the waiting statement never finished"
        return self


@pytest.fixture
def account(tables, connect):
    t = tables.create("id INTEGER PRIMARY KEY, balance INTEGER NOT NULL")
    setup = connect()
    with setup.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1, 100), (2, 200)")
    setup.commit()
    return t


def test_read_committed_update_waits_and_applies_to_the_committed_row(account, connect):
    a, b = connect(), connect()
    with a.cursor() as cur:
        cur.execute(f"UPDATE {account} SET balance = balance + 10 WHERE id = 1")
    waiter = Background(b, f"UPDATE {account} SET balance = balance + 5 WHERE id = 1")
    assert waiter.blocked(), "the second writer must wait for the first, not fail or overwrite"
    a.commit()
    waiter.finish()
    assert waiter.error is None, waiter.error
    assert waiter.rowcount == 1
    assert _scalar(connect(), f"SELECT balance FROM {account} WHERE id = 1") == 115


def test_read_committed_waiter_proceeds_when_the_holder_rolls_back(account, connect):
    a, b = connect(), connect()
    with a.cursor() as cur:
        cur.execute(f"UPDATE {account} SET balance = 0 WHERE id = 2")
    waiter = Background(b, f"UPDATE {account} SET balance = balance - 50 WHERE id = 2")
    assert waiter.blocked()
    a.rollback()
    waiter.finish()
    assert waiter.error is None, waiter.error
    assert _scalar(connect(), f"SELECT balance FROM {account} WHERE id = 2") == 150


def test_read_committed_delete_of_a_row_deleted_meanwhile_touches_nothing(account, connect):
    a, b = connect(), connect()
    with a.cursor() as cur:
        cur.execute(f"DELETE FROM {account} WHERE id = 1")
    waiter = Background(b, f"UPDATE {account} SET balance = 1 WHERE id = 1")
    assert waiter.blocked()
    a.commit()
    waiter.finish()
    assert waiter.error is None, waiter.error
    assert waiter.rowcount == 0
    assert _scalar(connect(), f"SELECT COUNT(*) FROM {account}") == 1


def test_repeatable_read_waits_then_fails_with_40001_when_the_holder_commits(account, connect):
    a, b = connect(), connect()
    b.set_session(isolation_level="REPEATABLE READ")
    assert _scalar(b, f"SELECT balance FROM {account} WHERE id = 1") == 100  # takes the snapshot
    with a.cursor() as cur:
        cur.execute(f"UPDATE {account} SET balance = balance + 10 WHERE id = 1")
    waiter = Background(b, f"UPDATE {account} SET balance = balance + 5 WHERE id = 1")
    assert waiter.blocked()
    a.commit()
    waiter.finish()
    assert waiter.error is not None and waiter.error.pgcode == "40001"
    assert "could not serialize access due to concurrent update" in waiter.error.pgerror
    assert _scalar(connect(), f"SELECT balance FROM {account} WHERE id = 1") == 110


def test_repeatable_read_waiter_proceeds_when_the_holder_rolls_back(account, connect):
    a, b = connect(), connect()
    b.set_session(isolation_level="REPEATABLE READ")
    assert _scalar(b, f"SELECT balance FROM {account} WHERE id = 1") == 100
    with a.cursor() as cur:
        cur.execute(f"UPDATE {account} SET balance = 0 WHERE id = 1")
    waiter = Background(b, f"UPDATE {account} SET balance = balance + 5 WHERE id = 1")
    assert waiter.blocked()
    a.rollback()
    waiter.finish()
    assert waiter.error is None, waiter.error
    assert _scalar(connect(), f"SELECT balance FROM {account} WHERE id = 1") == 105


def test_lock_timeout_cancels_the_waiting_statement_with_55P03(account, connect):
    a, b = connect(), connect()
    with a.cursor() as cur:
        cur.execute(f"UPDATE {account} SET balance = 1 WHERE id = 1")
    with b.cursor() as cur:
        cur.execute("SET lock_timeout = '300ms'")
        started = time.monotonic()
        with pytest.raises(psycopg2.Error) as excinfo:
            cur.execute(f"UPDATE {account} SET balance = 2 WHERE id = 1")
        waited = time.monotonic() - started
    assert excinfo.value.pgcode == "55P03"
    assert "canceling statement due to lock timeout" in excinfo.value.pgerror
    assert 0.25 <= waited < 5, waited
    b.rollback()
    a.commit()
    assert _scalar(connect(), f"SELECT balance FROM {account} WHERE id = 1") == 1


def test_insert_of_a_key_another_transaction_inserted_waits_then_is_a_duplicate(tables, connect):
    t = tables.create("id INTEGER PRIMARY KEY, v TEXT")
    a, b = connect(), connect()
    with a.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (7, 'a')")
    waiter = Background(b, f"INSERT INTO {t} VALUES (7, 'b')")
    assert waiter.blocked()
    a.commit()
    waiter.finish()
    assert waiter.error is not None and waiter.error.pgcode == "23505"


def test_a_cycle_of_waits_is_a_deadlock_40P01_and_the_other_goes_on(account, connect):
    a, b = connect(), connect()
    with a.cursor() as cur:
        cur.execute(f"UPDATE {account} SET balance = balance + 1 WHERE id = 1")
    with b.cursor() as cur:
        cur.execute(f"UPDATE {account} SET balance = balance + 1 WHERE id = 2")
    first = Background(a, f"UPDATE {account} SET balance = balance + 1 WHERE id = 2")
    assert first.blocked()
    second = Background(b, f"UPDATE {account} SET balance = balance + 1 WHERE id = 1")
    first.finish()
    second.finish()
    errors = [w.error for w in (first, second) if w.error is not None]
    assert len(errors) == 1, errors
    assert errors[0].pgcode == "40P01"
    assert "deadlock detected" in errors[0].pgerror
    # The survivor committed both of its updates; the victim's transaction was rolled back.
    assert _scalar(connect(), f"SELECT SUM(balance) FROM {account}") == 302
