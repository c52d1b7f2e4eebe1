"""Lost updates through the MySQL port (PyMySQL): a write-write conflict is the retryable error a
MySQL client handles, errno 1213 (ER_LOCK_DEADLOCK, SQLSTATE 40001), and as in MySQL it rolls
back the whole transaction, so the client retries from the start and nothing is lost.

InnoDB itself does not fail here at REPEATABLE READ (its UPDATE reads the latest committed row
and waits for row locks); HeliosDB keeps snapshot isolation and reports the conflict instead
(docs/compatibility.md). The error number and the rollback are what a MySQL client's retry loop
relies on, so they are asserted. HeliosDB only: the PostgreSQL target has no MySQL port.
"""
import threading

import pymysql
import pytest

from harness.servers import TARGET

pytestmark = pytest.mark.skipif(TARGET != "heliosdb", reason="needs the HeliosDB MySQL port")

ER_LOCK_DEADLOCK = 1213


@pytest.fixture
def my_connect(server):
    opened = []

    def connect(**overrides):
        c = pymysql.connect(**server.mysql_params(**overrides))
        opened.append(c)
        return c

    yield connect
    for c in opened:
        if c.open:
            c.close()


@pytest.fixture
def counter(tables):
    t = tables.create("id INT PRIMARY KEY, v INT NOT NULL", hint="my_counter")
    tables.execute(f"INSERT INTO {t} (id, v) VALUES (1, 0), (2, 0)")
    return t


def _value(my_connect, table, key=1):
    c = my_connect(autocommit=True)
    with c.cursor() as cur:
        cur.execute(f"SELECT v FROM {table} WHERE id = %s", (key,))
        return cur.fetchone()[0]


def _set_level(conn, level):
    with conn.cursor() as cur:
        cur.execute(f"SET SESSION TRANSACTION ISOLATION LEVEL {level}")
        cur.execute("SELECT @@transaction_isolation")
        assert cur.fetchone()[0] == level.replace(" ", "-")


def _in_background(conn, sql):
    box = {}

    def run():
        try:
            with conn.cursor() as cur:
                cur.execute(sql)
        except Exception as e:  # handed to the test thread
            box["error"] = e

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t, box


def test_repeatable_read_conflict_is_1213_and_rolls_back_the_transaction(my_connect, counter):
    a, b = my_connect(), my_connect()
    _set_level(a, "REPEATABLE READ")
    _set_level(b, "REPEATABLE READ")
    with b.cursor() as cur:
        cur.execute("START TRANSACTION")
        cur.execute(f"UPDATE {counter} SET v = v + 100 WHERE id = 2")  # b's first write
        cur.execute(f"SELECT v FROM {counter} WHERE id = 1")
        assert cur.fetchone() == (0,)
    with a.cursor() as cur:
        cur.execute("START TRANSACTION")
        cur.execute(f"UPDATE {counter} SET v = v + 1 WHERE id = 1")
    # b waits for a's row; a commits after b's snapshot, so b cannot update it
    t, box = _in_background(b, f"UPDATE {counter} SET v = v + 1 WHERE id = 1")
    t.join(0.5)
    a.commit()
    t.join(30)
    assert not t.is_alive()
    err = box.get("error")
    assert isinstance(err, pymysql.err.OperationalError), err
    assert err.args[0] == ER_LOCK_DEADLOCK, err.args
    # MySQL rolled b's whole transaction back: b itself no longer sees its first write, and its
    # next statement runs (in a new transaction), no ROLLBACK needed first
    with b.cursor() as cur:
        cur.execute(f"SELECT v FROM {counter} WHERE id = 2")
        assert cur.fetchone() == (0,), "b's first write survived the deadlock error"
    b.commit()
    with b.cursor() as cur:  # the client's retry
        cur.execute("START TRANSACTION")
        cur.execute(f"UPDATE {counter} SET v = v + 100 WHERE id = 2")
        cur.execute(f"UPDATE {counter} SET v = v + 1 WHERE id = 1")
    b.commit()
    assert _value(my_connect, counter, 1) == 2
    assert _value(my_connect, counter, 2) == 100


def test_read_committed_concurrent_increments_both_apply(my_connect, counter):
    a, b = my_connect(), my_connect()
    _set_level(a, "READ COMMITTED")
    _set_level(b, "READ COMMITTED")
    with a.cursor() as cur:
        cur.execute("START TRANSACTION")
        cur.execute(f"UPDATE {counter} SET v = v + 1 WHERE id = 1")
    with b.cursor() as cur:
        cur.execute("START TRANSACTION")
    t, box = _in_background(b, f"UPDATE {counter} SET v = v + 1 WHERE id = 1")
    t.join(0.5)
    waited = t.is_alive()
    a.commit()
    t.join(30)
    assert "error" not in box, box
    assert waited, "b's UPDATE did not wait for a's uncommitted row"
    b.commit()
    assert _value(my_connect, counter) == 2


def test_repeatable_read_update_after_concurrent_commit_is_1213(my_connect, counter):
    a, b = my_connect(), my_connect()
    with b.cursor() as cur:
        cur.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cur.execute("START TRANSACTION")
        cur.execute(f"SELECT v FROM {counter} WHERE id = 1")
        assert cur.fetchone() == (0,)
    with a.cursor() as cur:
        cur.execute(f"UPDATE {counter} SET v = v + 1 WHERE id = 1")
    a.commit()
    with b.cursor() as cur:
        cur.execute(f"SELECT v FROM {counter} WHERE id = 1")
        assert cur.fetchone() == (0,), "REPEATABLE READ keeps the transaction's snapshot"
        with pytest.raises(pymysql.err.OperationalError) as err:
            cur.execute(f"UPDATE {counter} SET v = 1 WHERE id = 1")  # would lose a's update
    assert err.value.args[0] == ER_LOCK_DEADLOCK, err.value.args
    b.rollback()
    assert _value(my_connect, counter) == 1
