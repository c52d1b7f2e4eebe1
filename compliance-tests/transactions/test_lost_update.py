"""Lost updates per isolation level, asserting what PostgreSQL 15 does (issue 6), and the retryable
error MySQL clients get (PyMySQL: errno 1213, SQLSTATE 40001). Write skew and SERIALIZABLE belong
with the SERIALIZABLE work and are not here.

PostgreSQL:
- READ COMMITTED, two concurrent `SET v = v + 1`: the second writer waits for the first and then
  applies its increment to the committed row: both increments land.
- REPEATABLE READ, a concurrent update committed after the transaction's snapshot: the second
  writer gets 40001 (could not serialize access due to concurrent update) and its update is lost
  only together with its whole transaction, which the client retries.
"""
import threading

import psycopg2
import psycopg2.errors
import psycopg2.extensions
import pytest


RR = psycopg2.extensions.ISOLATION_LEVEL_REPEATABLE_READ
RC = psycopg2.extensions.ISOLATION_LEVEL_READ_COMMITTED

@pytest.fixture
def counter(tables):
    t = tables.create("id INT PRIMARY KEY, v INT NOT NULL", hint="counter")
    tables.execute(f"INSERT INTO {t} (id, v) VALUES (1, 0)")
    return t


def _value(connect, table):
    c = connect()
    c.autocommit = True
    with c.cursor() as cur:
        cur.execute(f"SELECT v FROM {table} WHERE id = 1")
        return cur.fetchone()[0]


class Background:
    """Runs one statement on its own thread; result() re-raises what it raised."""

    def __init__(self, conn, sql):
        self.error = None
        self.thread = threading.Thread(target=self._run, args=(conn, sql), daemon=True)
        self.thread.start()

    def _run(self, conn, sql):
        try:
            with conn.cursor() as cur:
                cur.execute(sql)
        except Exception as e:  # handed to the test thread
            self.error = e

    def done_within(self, seconds):
        self.thread.join(seconds)
        return not self.thread.is_alive()

    def result(self, timeout=30):
        assert self.done_within(timeout), "statement still blocked"
        if self.error is not None:
            raise self.error


def test_read_committed_sequential_increments_both_apply(connect, counter):
    """A READ COMMITTED statement sees what committed before it started, with no error."""
    a, b = connect(), connect()
    a.set_session(isolation_level=RC)
    b.set_session(isolation_level=RC)
    with b.cursor() as cur:
        cur.execute(f"SELECT v FROM {counter} WHERE id = 1")  # b's transaction is open
        assert cur.fetchone() == (0,)
    with a.cursor() as cur:
        cur.execute(f"UPDATE {counter} SET v = v + 1 WHERE id = 1")
    a.commit()
    with b.cursor() as cur:
        cur.execute(f"UPDATE {counter} SET v = v + 1 WHERE id = 1")
        assert cur.rowcount == 1
        cur.execute(f"SELECT v FROM {counter} WHERE id = 1")
        assert cur.fetchone() == (2,)
    b.commit()
    assert _value(connect, counter) == 2


def test_read_committed_concurrent_increments_both_apply(connect, counter):
    """The second writer waits for the first, then increments the committed value: 2, not 1."""
    a, b = connect(), connect()
    a.set_session(isolation_level=RC)
    b.set_session(isolation_level=RC)
    with a.cursor() as cur:
        cur.execute(f"UPDATE {counter} SET v = v + 1 WHERE id = 1")
    second = Background(b, f"UPDATE {counter} SET v = v + 1 WHERE id = 1")
    waited = not second.done_within(0.5)
    a.commit()
    second.result()
    assert waited, "the second UPDATE returned before the first writer committed"
    b.commit()
    assert _value(connect, counter) == 2


def test_repeatable_read_update_after_concurrent_commit_gets_40001(connect, counter):
    a, b = connect(), connect()
    a.set_session(isolation_level=RR)
    b.set_session(isolation_level=RR)
    with b.cursor() as cur:
        cur.execute(f"SELECT v FROM {counter} WHERE id = 1")  # b's snapshot is taken here
        assert cur.fetchone() == (0,)
    with a.cursor() as cur:
        cur.execute(f"UPDATE {counter} SET v = v + 1 WHERE id = 1")
    a.commit()
    with b.cursor() as cur:
        cur.execute(f"SELECT v FROM {counter} WHERE id = 1")
        assert cur.fetchone() == (0,), "REPEATABLE READ sees its snapshot, not the later commit"
        with pytest.raises(psycopg2.errors.SerializationFailure) as err:
            cur.execute(f"UPDATE {counter} SET v = v + 1 WHERE id = 1")
    assert err.value.pgcode == "40001"
    assert "could not serialize access due to concurrent update" in str(err.value)
    with b.cursor() as cur, pytest.raises(psycopg2.errors.InFailedSqlTransaction):
        cur.execute("SELECT 1")
    b.rollback()
    # the retry, in a new transaction, sees the first increment and adds its own
    with b.cursor() as cur:
        cur.execute(f"UPDATE {counter} SET v = v + 1 WHERE id = 1")
    b.commit()
    assert _value(connect, counter) == 2


def test_repeatable_read_concurrent_writers_second_gets_40001(connect, counter):
    """Both write before either commits: PostgreSQL blocks the second until the first commits,
    then fails it with 40001. One increment, one 40001."""
    a, b = connect(), connect()
    a.set_session(isolation_level=RR)
    b.set_session(isolation_level=RR)
    for c in (a, b):
        with c.cursor() as cur:
            cur.execute(f"SELECT v FROM {counter} WHERE id = 1")
    with a.cursor() as cur:
        cur.execute(f"UPDATE {counter} SET v = v + 1 WHERE id = 1")
    second = Background(b, f"UPDATE {counter} SET v = v + 1 WHERE id = 1")
    second.done_within(0.5)
    a.commit()
    with pytest.raises(psycopg2.errors.SerializationFailure):
        second.result()
    b.rollback()
    assert _value(connect, counter) == 1


def test_repeatable_read_second_writer_proceeds_when_first_rolls_back(connect, counter):
    a, b = connect(), connect()
    a.set_session(isolation_level=RR)
    b.set_session(isolation_level=RR)
    with a.cursor() as cur:
        cur.execute(f"UPDATE {counter} SET v = v + 1 WHERE id = 1")
    second = Background(b, f"UPDATE {counter} SET v = v + 10 WHERE id = 1")
    waited = not second.done_within(0.5)
    a.rollback()
    second.result()
    assert waited, "the second UPDATE returned before the first writer finished"
    b.commit()
    assert _value(connect, counter) == 10


def test_repeatable_read_client_side_read_modify_write_is_not_lost(connect, counter):
    """The classic lost update (both read 0, both write 1): the second committer gets 40001."""
    a, b = connect(), connect()
    a.set_session(isolation_level=RR)
    b.set_session(isolation_level=RR)
    reads = []
    for c in (a, b):
        with c.cursor() as cur:
            cur.execute(f"SELECT v FROM {counter} WHERE id = 1")
            reads.append(cur.fetchone()[0])
    assert reads == [0, 0]
    with a.cursor() as cur:
        cur.execute(f"UPDATE {counter} SET v = %s WHERE id = 1", (reads[0] + 1,))
    a.commit()
    with b.cursor() as cur, pytest.raises(psycopg2.errors.SerializationFailure):
        cur.execute(f"UPDATE {counter} SET v = %s WHERE id = 1", (reads[1] + 1,))
    b.rollback()
    assert _value(connect, counter) == 1


def test_read_committed_client_side_read_modify_write_loses_an_update(connect, counter):
    """What PostgreSQL does at READ COMMITTED: no error, the later write wins (use v = v + 1
    or SELECT ... FOR UPDATE there). A 40001 here would break applications written for it."""
    a, b = connect(), connect()
    a.set_session(isolation_level=RC)
    b.set_session(isolation_level=RC)
    reads = []
    for c in (a, b):
        with c.cursor() as cur:
            cur.execute(f"SELECT v FROM {counter} WHERE id = 1")
            reads.append(cur.fetchone()[0])
    with a.cursor() as cur:
        cur.execute(f"UPDATE {counter} SET v = %s WHERE id = 1", (reads[0] + 1,))
    a.commit()
    with b.cursor() as cur:
        cur.execute(f"UPDATE {counter} SET v = %s WHERE id = 1", (reads[1] + 1,))
    b.commit()
    assert _value(connect, counter) == 1
