"""PyMySQL: autocommit off (PyMySQL's default) with commit and rollback; autocommit on."""
import pymysql
import pytest


def _count(conn, table):
    with conn.cursor() as cur:
        cur.execute(f"SELECT COUNT(*) FROM {table}")
        return cur.fetchone()[0]


def test_autocommit_off_commit_and_rollback(my_connect, my_table):
    t = my_table("id INT PRIMARY KEY")
    writer = my_connect()
    assert writer.get_autocommit() is False
    reader = my_connect(autocommit=True)
    with writer.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1)")
    assert writer.server_status & 1, "SERVER_STATUS_IN_TRANS after a write with autocommit off"
    writer.rollback()
    assert _count(reader, t) == 0
    with writer.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (2)")
    writer.commit()
    assert _count(reader, t) == 1


def test_autocommit_on_writes_at_once(my_connect, my_table):
    t = my_table("id INT PRIMARY KEY")
    writer = my_connect(autocommit=True)
    assert writer.get_autocommit() is True
    reader = my_connect(autocommit=True)
    with writer.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1)")
    assert not writer.server_status & 1
    assert _count(reader, t) == 1


def test_switching_autocommit_on_commits(my_connect, my_table):
    t = my_table("id INT PRIMARY KEY")
    writer = my_connect()
    reader = my_connect(autocommit=True)
    with writer.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1)")
    writer.autocommit(True)
    assert _count(reader, t) == 1


def test_explicit_begin_and_rollback_with_autocommit_on(my_connect, my_table):
    t = my_table("id INT PRIMARY KEY")
    conn = my_connect(autocommit=True)
    conn.begin()
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1)")
    conn.rollback()
    assert _count(conn, t) == 0


def test_set_transaction_takes_several_characteristics(my_connect, my_table):
    conn = my_connect(autocommit=True)
    t = my_table("id INT PRIMARY KEY")
    with conn.cursor() as cur:
        cur.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED, READ WRITE")
        cur.execute("SELECT @@transaction_isolation, @@transaction_read_only")
        assert cur.fetchone() == ("READ-COMMITTED", 0)
        cur.execute("SET SESSION TRANSACTION READ ONLY, ISOLATION LEVEL SERIALIZABLE")
        cur.execute("SELECT @@transaction_isolation, @@transaction_read_only")
        assert cur.fetchone() == ("SERIALIZABLE", 1)
        cur.execute("BEGIN")
        with pytest.raises(pymysql.err.MySQLError) as e:
            cur.execute(f"INSERT INTO {t} VALUES (1)")
        assert e.value.args[0] == 1792
        cur.execute("ROLLBACK")
        # a comma followed by an assignment starts the next one, as in MySQL
        cur.execute("SET SESSION TRANSACTION READ WRITE, @@session.autocommit = 1")
        cur.execute(f"INSERT INTO {t} VALUES (1)")
        assert cur.rowcount == 1
