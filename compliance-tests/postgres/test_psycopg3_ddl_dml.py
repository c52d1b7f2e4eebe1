"""psycopg 3 x DDL and DML: tables, server-side $n parameters for writes, rowcount, executemany,
commit visibility, rollback and the aborted-transaction state."""
import psycopg
import pytest

from harness.psycopg3_support import pg3, pg3_connect, usable_after_error  # noqa: F401  (fixtures)


def _count(c, table):
    return c.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_create_insert_and_drop_table(tables, pg3_connect):
    c = pg3_connect(autocommit=True)
    name = tables.unique_name("pg3ddl")
    c.execute(f"CREATE TABLE {name} (id INTEGER PRIMARY KEY, label VARCHAR(20))")
    c.execute(f"INSERT INTO {name} VALUES (%s, %s)", (1, "one"))
    with pytest.raises(psycopg.errors.UniqueViolation):
        c.execute(f"INSERT INTO {name} VALUES (%s, %s)", (1, "again"))
    with pytest.raises(psycopg.errors.DuplicateTable):
        c.execute(f"CREATE TABLE {name} (id INTEGER)")
    c.execute(f"CREATE TABLE IF NOT EXISTS {name} (other TEXT)")
    assert c.execute(f"SELECT id, label FROM {name}").fetchall() == [(1, "one")]
    c.execute(f"DROP TABLE {name}")
    with pytest.raises(psycopg.errors.UndefinedTable):
        c.execute(f"SELECT * FROM {name}")
    c.execute(f"DROP TABLE IF EXISTS {name}")


def test_insert_with_server_side_parameters_and_rowcount(tables, pg3):
    t = tables.create("id INTEGER PRIMARY KEY, name TEXT, score DOUBLE PRECISION")
    with pg3.cursor() as cur:
        cur.execute(f"INSERT INTO {t} (id, name, score) VALUES (%s, %s, %s)", (1, "o'brien", 2.5))
        assert cur.rowcount == 1
        cur.execute(f"INSERT INTO {t} (id, name, score) VALUES (%(id)s, %(name)s, %(score)s)",
                    {"id": 2, "name": None, "score": -1.0})
        assert cur.rowcount == 1
        cur.execute(f"INSERT INTO {t} VALUES (%s, %s, %s), (%s, %s, %s)", (3, "c", 3.0, 4, "d", 4.0))
        assert cur.rowcount == 2
        cur.execute(f"SELECT id, name, score FROM {t} ORDER BY id")
        assert cur.fetchall() == [(1, "o'brien", 2.5), (2, None, -1.0), (3, "c", 3.0), (4, "d", 4.0)]
    pg3.commit()


def test_parameters_are_sent_separately_not_interpolated(tables, pg3):
    t = tables.create("id INTEGER PRIMARY KEY, v TEXT")
    hostile = "x'); DROP TABLE whatever; --"
    pg3.execute(f"INSERT INTO {t} VALUES (%s, %s)", (1, hostile))
    assert pg3.execute(f"SELECT v FROM {t} WHERE v = %s", (hostile,)).fetchall() == [(hostile,)]
    pg3.commit()


def test_executemany_inserts_every_row(tables, pg3):
    t = tables.create("id INTEGER PRIMARY KEY, v TEXT")
    rows = [(i, f"row {i}") for i in range(50)]
    with pg3.cursor() as cur:
        cur.executemany(f"INSERT INTO {t} VALUES (%s, %s)", rows)
        assert cur.rowcount == 50
        pg3.commit()
        cur.execute(f"SELECT id, v FROM {t} ORDER BY id")
        assert cur.fetchall() == rows
    pg3.commit()


def test_update_and_delete_report_rowcount(tables, pg3):
    t = tables.create("id INTEGER PRIMARY KEY, grp INTEGER, v INTEGER")
    with pg3.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1, 1, 10), (2, 1, 20), (3, 2, 30), (4, 2, 40)")
        cur.execute(f"UPDATE {t} SET v = v + %s WHERE grp = %s", (5, 1))
        assert cur.rowcount == 2
        cur.execute(f"UPDATE {t} SET v = 0 WHERE grp = %s", (99,))
        assert cur.rowcount == 0
        cur.execute(f"UPDATE {t} SET id = %s WHERE id = %s", (100, 4))
        assert cur.rowcount == 1
        cur.execute(f"DELETE FROM {t} WHERE v >= %s", (30,))
        assert cur.rowcount == 2
        cur.execute(f"SELECT id, v FROM {t} ORDER BY id")
        assert cur.fetchall() == [(1, 15), (2, 25)]
    pg3.commit()


def test_committed_writes_are_visible_to_another_connection(tables, pg3_connect):
    t = tables.create("id INTEGER PRIMARY KEY, v TEXT")
    writer, reader = pg3_connect(), pg3_connect(autocommit=True)
    writer.execute(f"INSERT INTO {t} VALUES (%s, %s)", (1, "committed"))
    writer.commit()
    assert reader.execute(f"SELECT v FROM {t} WHERE id = %s", (1,)).fetchall() == [("committed",)]


def test_rollback_discards_the_transactions_writes(tables, pg3):
    t = tables.create("id INTEGER PRIMARY KEY, v TEXT")
    pg3.execute(f"INSERT INTO {t} VALUES (%s, %s)", (1, "kept"))
    pg3.commit()
    pg3.execute(f"INSERT INTO {t} VALUES (%s, %s)", (2, "discarded"))
    pg3.execute(f"UPDATE {t} SET v = %s WHERE id = %s", ("changed", 1))
    assert _count(pg3, t) == 2
    pg3.rollback()
    assert pg3.execute(f"SELECT id, v FROM {t} ORDER BY id").fetchall() == [(1, "kept")]
    pg3.commit()


def test_transaction_context_manager_commits_or_rolls_back(tables, pg3_connect):
    t = tables.create("id INTEGER PRIMARY KEY")
    c = pg3_connect(autocommit=True)
    with c.transaction():
        c.execute(f"INSERT INTO {t} VALUES (%s)", (1,))
    with pytest.raises(RuntimeError), c.transaction():
        c.execute(f"INSERT INTO {t} VALUES (%s)", (2,))
        raise RuntimeError("abort the block")
    assert c.execute(f"SELECT id FROM {t}").fetchall() == [(1,)]


def test_failed_statement_aborts_transaction_until_rollback(tables, pg3):
    t = tables.create("id INTEGER PRIMARY KEY")
    pg3.execute(f"INSERT INTO {t} VALUES (%s)", (1,))
    with pytest.raises(psycopg.errors.UniqueViolation):
        pg3.execute(f"INSERT INTO {t} VALUES (%s)", (1,))
    with pytest.raises(psycopg.errors.InFailedSqlTransaction) as excinfo:
        pg3.execute("SELECT 1")
    assert excinfo.value.sqlstate == "25P02"
    usable_after_error(pg3)
    assert _count(pg3, t) == 0
