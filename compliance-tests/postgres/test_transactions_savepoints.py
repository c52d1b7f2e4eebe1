"""psycopg2 x SAVEPOINT / ROLLBACK TO SAVEPOINT / RELEASE SAVEPOINT and read-only transactions,
asserting what PostgreSQL does: a rollback to a savepoint takes back exactly the writes after it
(including a failed statement's partial writes) and un-fails the block."""
import psycopg2
import pytest


def _rows(conn, sql):
    with conn.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall()


def _fails(conn, sql):
    with conn.cursor() as cur, pytest.raises(psycopg2.Error) as excinfo:
        cur.execute(sql)
    return excinfo.value


@pytest.fixture
def table(tables):
    return tables.create("id INTEGER PRIMARY KEY, v INTEGER")


def test_rollback_to_savepoint_takes_back_only_later_writes(table, conn, connect):
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO {table} VALUES (1, 10)")
        cur.execute("SAVEPOINT s1")
        cur.execute(f"INSERT INTO {table} VALUES (2, 20)")
        cur.execute(f"UPDATE {table} SET v = 11 WHERE id = 1")
        cur.execute("ROLLBACK TO SAVEPOINT s1")
        cur.execute(f"SELECT id, v FROM {table} ORDER BY id")
        assert cur.fetchall() == [(1, 10)]
        cur.execute(f"INSERT INTO {table} VALUES (3, 30)")
    conn.commit()
    assert _rows(connect(), f"SELECT id, v FROM {table} ORDER BY id") == [(1, 10), (3, 30)]


def test_rewrites_of_one_row_return_to_the_value_at_the_savepoint(table, conn, connect):
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO {table} VALUES (1, 1)")
        cur.execute(f"UPDATE {table} SET v = 2 WHERE id = 1")
        cur.execute("SAVEPOINT a")
        cur.execute(f"UPDATE {table} SET v = 3 WHERE id = 1")
        cur.execute("SAVEPOINT b")
        cur.execute(f"UPDATE {table} SET v = 4 WHERE id = 1")
        cur.execute("ROLLBACK TO b")
        cur.execute(f"SELECT v FROM {table}")
        assert cur.fetchall() == [(3,)]
        cur.execute("ROLLBACK TO SAVEPOINT a")
        cur.execute(f"SELECT v FROM {table}")
        assert cur.fetchall() == [(2,)]
        cur.execute(f"DELETE FROM {table} WHERE id = 1")
        cur.execute("ROLLBACK TO a")  # the savepoint stays after a rollback to it
        cur.execute(f"SELECT v FROM {table}")
        assert cur.fetchall() == [(2,)]
    conn.commit()
    assert _rows(connect(), f"SELECT id, v FROM {table}") == [(1, 2)]


def test_failed_statement_blocks_the_transaction_until_rollback_to(table, conn, connect):
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO {table} VALUES (1, 1)")
        cur.execute("SAVEPOINT before_batch")
    # A multi-row insert whose last row is a duplicate: rows before it reached other shards.
    err = _fails(conn, f"INSERT INTO {table} VALUES " + ", ".join(f"({i}, {i})" for i in range(2, 40)) + ", (1, 0)")
    assert err.pgcode == "23505"
    assert _fails(conn, f"SELECT * FROM {table}").pgcode == "25P02"
    with conn.cursor() as cur:
        cur.execute("ROLLBACK TO SAVEPOINT before_batch")
        cur.execute(f"SELECT COUNT(*) FROM {table}")
        assert cur.fetchone() == (1,)
        cur.execute(f"INSERT INTO {table} VALUES (2, 2)")
    conn.commit()
    assert _rows(connect(), f"SELECT id, v FROM {table} ORDER BY id") == [(1, 1), (2, 2)]


def test_release_keeps_the_writes_and_forgets_the_savepoint(table, conn, connect):
    with conn.cursor() as cur:
        cur.execute("SAVEPOINT outer_sp")
        cur.execute(f"INSERT INTO {table} VALUES (1, 1)")
        cur.execute("SAVEPOINT inner_sp")
        cur.execute(f"INSERT INTO {table} VALUES (2, 2)")
        cur.execute("RELEASE SAVEPOINT inner_sp")
    err = _fails(conn, "ROLLBACK TO SAVEPOINT inner_sp")
    assert err.pgcode == "3B001"
    assert 'savepoint "inner_sp" does not exist' in err.pgerror
    with conn.cursor() as cur:
        cur.execute("ROLLBACK TO SAVEPOINT outer_sp")
        cur.execute(f"INSERT INTO {table} VALUES (3, 3)")
        cur.execute("RELEASE outer_sp")
    conn.commit()
    assert _rows(connect(), f"SELECT id FROM {table}") == [(3,)]


def test_rollback_after_savepoints_discards_everything(table, conn, connect):
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO {table} VALUES (1, 1)")
        cur.execute("SAVEPOINT s")
        cur.execute(f"INSERT INTO {table} VALUES (2, 2)")
    conn.rollback()
    assert _rows(connect(), f"SELECT COUNT(*) FROM {table}") == [(0,)]


def test_savepoint_outside_a_block_is_25P01(connect):
    c = connect()
    c.autocommit = True
    err = _fails(c, "SAVEPOINT s")
    assert err.pgcode == "25P01"
    assert "SAVEPOINT can only be used in transaction blocks" in err.pgerror
    assert _fails(c, "RELEASE SAVEPOINT s").pgcode == "25P01"
    assert _fails(c, "ROLLBACK TO SAVEPOINT s").pgcode == "25P01"


def test_rolled_back_writes_release_the_rows_for_other_writers(table, conn, connect):
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO {table} VALUES (1, 1)")
    conn.commit()
    with conn.cursor() as cur:
        cur.execute("SAVEPOINT s")
        cur.execute(f"UPDATE {table} SET v = 5 WHERE id = 1")
        cur.execute("ROLLBACK TO s")
    other = connect()
    with other.cursor() as cur:
        cur.execute("SET lock_timeout = '2s'")
        cur.execute(f"UPDATE {table} SET v = 9 WHERE id = 1")
    other.commit()
    conn.commit()
    assert _rows(connect(), f"SELECT v FROM {table}") == [(9,)]


def test_read_only_transaction_refuses_writes_with_25006(table, connect):
    conn = connect()
    conn.autocommit = True  # the test sends BEGIN itself, with its modes
    with conn.cursor() as cur:
        cur.execute("BEGIN READ ONLY")
        cur.execute(f"SELECT COUNT(*) FROM {table}")
    err = _fails(conn, f"INSERT INTO {table} VALUES (1, 1)")
    assert err.pgcode == "25006"
    assert "cannot execute INSERT in a read-only transaction" in err.pgerror
    with conn.cursor() as cur:
        cur.execute("ROLLBACK")
        cur.execute("START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cur.execute("SHOW transaction_read_only")
        assert cur.fetchone() == ("on",)
    assert _fails(conn, f"UPDATE {table} SET v = 1").pgcode == "25006"
    with conn.cursor() as cur:
        cur.execute("ROLLBACK")
        cur.execute("BEGIN")
        cur.execute("SET TRANSACTION READ ONLY")
    assert _fails(conn, f"DELETE FROM {table}").pgcode == "25006"
    with conn.cursor() as cur:
        cur.execute("ROLLBACK")
        cur.execute("SHOW transaction_read_only")
        assert cur.fetchone() == ("off",)
        cur.execute(f"INSERT INTO {table} VALUES (1, 1)")  # read-write again


def test_default_transaction_read_only_applies_to_every_transaction(table, connect):
    c = connect()
    c.autocommit = True
    with c.cursor() as cur:
        cur.execute("SET default_transaction_read_only = on")
    assert _fails(c, f"INSERT INTO {table} VALUES (1, 1)").pgcode == "25006"
    with c.cursor() as cur:
        cur.execute("SET default_transaction_read_only = off")
        cur.execute(f"INSERT INTO {table} VALUES (1, 1)")
