"""PyMySQL x lock waits, deadlocks, savepoints, statement rollback and read-only transactions, with
MySQL's error numbers: 1205 (innodb_lock_wait_timeout), 1213 (deadlock, SQLSTATE 40001), 1305
(no such savepoint), 1792 (write in a READ ONLY transaction)."""
import threading

import pymysql
import pytest


def _rows(conn, sql):
    with conn.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall()


def _in_thread(conn, sql, commit):
    """Runs sql on conn in a thread (then COMMIT if asked); done gets "rows" (affected) or "error"."""
    done = {}

    def run():
        try:
            with conn.cursor() as cur:
                done["rows"] = cur.execute(sql)
            if commit:
                conn.commit()
        except pymysql.MySQLError as e:
            done["error"] = e

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, done


@pytest.fixture
def accounts(my_table, my_connect):
    t = my_table("id INT PRIMARY KEY, balance INT NOT NULL")
    c = my_connect(autocommit=True)
    with c.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1, 100), (2, 200)")
    return t


def test_second_writer_waits_and_applies_after_the_first_commits(accounts, my_connect):
    a, b = my_connect(), my_connect()
    with a.cursor() as cur:
        cur.execute(f"UPDATE {accounts} SET balance = balance + 10 WHERE id = 1")
    thread, done = _in_thread(b, f"UPDATE {accounts} SET balance = balance + 5 WHERE id = 1", commit=True)
    thread.join(0.6)
    assert thread.is_alive(), "the second writer must wait"
    a.commit()
    thread.join(20)
    assert "error" not in done, done
    assert _rows(my_connect(autocommit=True), f"SELECT balance FROM {accounts} WHERE id = 1") == ((115,),)


def test_an_autocommit_statement_waits_for_a_held_row_then_applies_to_every_row(accounts, my_connect):
    # An autocommit write commits in its own write round (ADR 0027); meeting a held row, that round
    # is refused and the statement waits like any writer, then applies to every row it matches.
    a, b = my_connect(), my_connect(autocommit=True)
    with a.cursor() as cur:
        cur.execute(f"UPDATE {accounts} SET balance = balance + 10 WHERE id = 1")
    thread, done = _in_thread(b, f"UPDATE {accounts} SET balance = balance + 5", commit=False)
    thread.join(0.6)
    assert thread.is_alive(), "the autocommit writer must wait"
    assert _rows(my_connect(autocommit=True), f"SELECT id, balance FROM {accounts} ORDER BY id") == (
        (1, 100), (2, 200)), "nothing of the waiting statement is visible"
    a.commit()
    thread.join(20)
    assert done == {"rows": 2}, done
    assert _rows(my_connect(autocommit=True), f"SELECT id, balance FROM {accounts} ORDER BY id") == ((1, 115), (2, 205))


def test_an_autocommit_statement_that_times_out_leaves_no_row_changed(accounts, my_connect):
    a, b = my_connect(), my_connect(autocommit=True)
    with a.cursor() as cur:
        cur.execute(f"UPDATE {accounts} SET balance = 0 WHERE id = 1")
    with b.cursor() as cur:
        cur.execute("SET innodb_lock_wait_timeout = 1")
        with pytest.raises(pymysql.MySQLError) as excinfo:
            cur.execute(f"UPDATE {accounts} SET balance = balance + 1")
        assert excinfo.value.args[0] == 1205
    a.rollback()
    assert _rows(my_connect(autocommit=True), f"SELECT id, balance FROM {accounts} ORDER BY id") == ((1, 100), (2, 200))


def test_lock_wait_timeout_is_1205_and_the_transaction_goes_on(accounts, my_connect):
    a, b = my_connect(), my_connect()
    with a.cursor() as cur:
        cur.execute(f"UPDATE {accounts} SET balance = 0 WHERE id = 1")
    with b.cursor() as cur:
        cur.execute("SET innodb_lock_wait_timeout = 1")
        cur.execute(f"UPDATE {accounts} SET balance = 1 WHERE id = 2")
        with pytest.raises(pymysql.MySQLError) as excinfo:
            cur.execute(f"UPDATE {accounts} SET balance = 1 WHERE id = 1")
        assert excinfo.value.args[0] == 1205
        assert "Lock wait timeout exceeded" in excinfo.value.args[1]
        cur.execute(f"SELECT balance FROM {accounts} WHERE id = 2")  # the transaction is still open
        assert cur.fetchall() == ((1,),)
    b.commit()
    a.rollback()
    assert _rows(my_connect(autocommit=True), f"SELECT id, balance FROM {accounts} ORDER BY id") == ((1, 100), (2, 1))


def test_deadlock_is_1213_with_sqlstate_40001(accounts, my_connect):
    a, b = my_connect(), my_connect()
    with a.cursor() as cur:
        cur.execute(f"UPDATE {accounts} SET balance = balance + 1 WHERE id = 1")
    with b.cursor() as cur:
        cur.execute(f"UPDATE {accounts} SET balance = balance + 1 WHERE id = 2")
    errors = []

    def first():
        try:
            with a.cursor() as cur:
                cur.execute(f"UPDATE {accounts} SET balance = balance + 1 WHERE id = 2")
            a.commit()
        except pymysql.MySQLError as e:
            errors.append(e)

    thread = threading.Thread(target=first, daemon=True)
    thread.start()
    thread.join(0.6)
    try:
        with b.cursor() as cur:
            cur.execute(f"UPDATE {accounts} SET balance = balance + 1 WHERE id = 1")
        b.commit()
    except pymysql.MySQLError as e:
        errors.append(e)
    thread.join(20)
    assert len(errors) == 1, errors
    assert errors[0].args[0] == 1213
    assert _rows(my_connect(autocommit=True), f"SELECT SUM(balance) FROM {accounts}") == ((302,),)


def test_savepoints_and_a_failed_statement_do_not_end_the_transaction(accounts, my_connect):
    c = my_connect()
    with c.cursor() as cur:
        cur.execute(f"INSERT INTO {accounts} VALUES (3, 300)")
        cur.execute("SAVEPOINT sp1")
        cur.execute(f"UPDATE {accounts} SET balance = 0 WHERE id = 3")
        cur.execute("ROLLBACK TO SAVEPOINT sp1")
        cur.execute(f"SELECT balance FROM {accounts} WHERE id = 3")
        assert cur.fetchall() == ((300,),)
        # A duplicate key undoes that statement only (MySQL statement rollback).
        with pytest.raises(pymysql.MySQLError) as excinfo:
            cur.execute(f"INSERT INTO {accounts} VALUES (4, 400), (1, 1)")
        assert excinfo.value.args[0] == 1062
        cur.execute(f"SELECT COUNT(*) FROM {accounts}")
        assert cur.fetchall() == ((3,),)
        with pytest.raises(pymysql.MySQLError) as excinfo:
            cur.execute("ROLLBACK TO SAVEPOINT nope")
        assert excinfo.value.args[0] == 1305
        cur.execute("RELEASE SAVEPOINT sp1")
    c.commit()
    assert _rows(my_connect(autocommit=True), f"SELECT id FROM {accounts} ORDER BY id") == ((1,), (2,), (3,))


def test_select_for_update_and_lock_in_share_mode_block_writers(accounts, my_connect):
    locker, writer = my_connect(), my_connect()
    with locker.cursor() as cur:
        cur.execute(f"SELECT balance FROM {accounts} WHERE id = 1 FOR UPDATE")
        assert cur.fetchall() == ((100,),)
        cur.execute(f"SELECT balance FROM {accounts} WHERE id = 2 LOCK IN SHARE MODE")
        assert cur.fetchall() == ((200,),)
    with writer.cursor() as cur:
        cur.execute("SET innodb_lock_wait_timeout = 1")
        for row in (1, 2):
            with pytest.raises(pymysql.MySQLError) as excinfo:
                cur.execute(f"UPDATE {accounts} SET balance = 0 WHERE id = {row}")
            assert excinfo.value.args[0] == 1205
    writer.rollback()
    locker.commit()


def test_read_only_transaction_refuses_writes_with_1792(accounts, my_connect):
    c = my_connect(autocommit=True)
    with c.cursor() as cur:
        cur.execute("START TRANSACTION READ ONLY")
        cur.execute(f"SELECT COUNT(*) FROM {accounts}")
        with pytest.raises(pymysql.MySQLError) as excinfo:
            cur.execute(f"UPDATE {accounts} SET balance = 0")
        assert excinfo.value.args[0] == 1792
        cur.execute("COMMIT")
        cur.execute(f"UPDATE {accounts} SET balance = 0 WHERE id = 1")
        assert cur.rowcount == 1
