"""psycopg2 x DDL and DML: tables with and without keys, schemas, IF [NOT] EXISTS, parameterised
writes, rowcount, executemany, commit visibility and rollback."""
import psycopg2
import pytest


from harness.assertions import assert_connection_usable


@pytest.fixture
def ddl(connect):
    c = connect()
    c.autocommit = True
    return c


def _count(c, table, where="TRUE", params=None):
    with c.cursor() as cur:
        cur.execute(f"SELECT COUNT(*) FROM {table} WHERE {where}", params)
        return cur.fetchone()[0]


# ---- DDL ----

def test_create_table_with_single_column_primary_key(tables, ddl):
    t = tables.create("id INTEGER PRIMARY KEY, name VARCHAR(20)")
    with ddl.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1, 'a')")
        with pytest.raises(psycopg2.errors.UniqueViolation):
            cur.execute(f"INSERT INTO {t} VALUES (1, 'b')")
    assert _count(ddl, t) == 1


def test_create_table_with_composite_primary_key(tables, ddl):
    t = tables.create("a INTEGER, b TEXT, v BIGINT, PRIMARY KEY (a, b)")
    with ddl.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1, 'x', 10), (1, 'y', 11), (2, 'x', 12)")
        with pytest.raises(psycopg2.errors.UniqueViolation):
            cur.execute(f"INSERT INTO {t} VALUES (1, 'y', 99)")
        cur.execute(f"SELECT v FROM {t} WHERE a = 1 AND b = 'y'")
        assert cur.fetchall() == [(11,)]


def test_create_table_without_primary_key_allows_duplicate_rows(tables, ddl):
    t = tables.create("k INTEGER, v TEXT")
    with ddl.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1, 'same'), (1, 'same'), (2, NULL)")
        assert cur.rowcount == 3
    assert _count(ddl, t, "k = 1") == 2


def test_create_table_if_not_exists_on_existing_table_is_a_no_op(tables, ddl):
    t = tables.create("id INTEGER PRIMARY KEY")
    with ddl.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (7)")
        cur.execute(f"CREATE TABLE IF NOT EXISTS {t} (other TEXT)")
        cur.execute(f"SELECT id FROM {t}")
        assert cur.fetchall() == [(7,)]


def test_create_existing_table_fails_with_42P07(tables, ddl):
    t = tables.create("id INTEGER PRIMARY KEY")
    with ddl.cursor() as cur, pytest.raises(psycopg2.errors.DuplicateTable) as excinfo:
        cur.execute(f"CREATE TABLE {t} (id INTEGER)")
    assert excinfo.value.pgcode == "42P07"


def test_drop_table_then_it_is_gone(tables, ddl):
    name = tables.unique_name("dropme")
    with ddl.cursor() as cur:
        cur.execute(f"CREATE TABLE {name} (id INTEGER PRIMARY KEY)")
        cur.execute(f"DROP TABLE {name}")
        with pytest.raises(psycopg2.errors.UndefinedTable):
            cur.execute(f"SELECT * FROM {name}")


def test_drop_table_if_exists_on_missing_table_is_a_no_op(tables, ddl):
    with ddl.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {tables.unique_name('never')}")
        cur.execute("SELECT 1")
        assert cur.fetchone() == (1,)


def test_recreate_dropped_table_starts_empty(tables, ddl):
    name = tables.unique_name("again")
    with ddl.cursor() as cur:
        cur.execute(f"CREATE TABLE {name} (id INTEGER PRIMARY KEY)")
        cur.execute(f"INSERT INTO {name} VALUES (1), (2)")
        cur.execute(f"DROP TABLE {name}")
        cur.execute(f"CREATE TABLE {name} (id INTEGER PRIMARY KEY)")
        cur.execute(f"SELECT COUNT(*) FROM {name}")
        assert cur.fetchone() == (0,)
        cur.execute(f"DROP TABLE {name}")


def test_schema_create_use_and_drop(tables, ddl):
    schema = tables.unique_name("s")
    with ddl.cursor() as cur:
        cur.execute(f"CREATE SCHEMA {schema}")
        cur.execute(f"CREATE TABLE {schema}.items (id INTEGER PRIMARY KEY, label TEXT)")
        cur.execute(f"INSERT INTO {schema}.items VALUES (%s, %s)", (1, "in schema"))
        cur.execute(f"SELECT label FROM {schema}.items WHERE id = 1")
        assert cur.fetchall() == [("in schema",)]
        cur.execute(f"DROP TABLE {schema}.items")
        cur.execute(f"DROP SCHEMA {schema}")
        with pytest.raises(psycopg2.Error) as excinfo:
            cur.execute(f"CREATE TABLE {schema}.again (id INTEGER)")
        assert excinfo.value.pgcode == "3F000"  # invalid_schema_name


def test_same_table_name_in_two_schemas_is_two_tables(tables, ddl):
    schema = tables.unique_name("s")
    name = tables.unique_name("twin")
    with ddl.cursor() as cur:
        cur.execute(f"CREATE SCHEMA {schema}")
        try:
            cur.execute(f"CREATE TABLE {name} (id INTEGER PRIMARY KEY)")
            cur.execute(f"CREATE TABLE {schema}.{name} (id INTEGER PRIMARY KEY)")
            cur.execute(f"INSERT INTO {schema}.{name} VALUES (1), (2)")
            cur.execute(f"SELECT COUNT(*) FROM {name}")
            assert cur.fetchone() == (0,)
            cur.execute(f"SELECT COUNT(*) FROM {schema}.{name}")
            assert cur.fetchone() == (2,)
        finally:
            cur.execute(f"DROP TABLE IF EXISTS {schema}.{name}")
            cur.execute(f"DROP TABLE IF EXISTS {name}")
            cur.execute(f"DROP SCHEMA IF EXISTS {schema}")


def test_schema_if_not_exists_and_if_exists(tables, ddl):
    schema = tables.unique_name("s")
    with ddl.cursor() as cur:
        cur.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        cur.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        with pytest.raises(psycopg2.Error) as excinfo:
            cur.execute(f"CREATE SCHEMA {schema}")
        assert excinfo.value.pgcode == "42P06"  # duplicate_schema
        cur.execute(f"DROP SCHEMA IF EXISTS {schema}")
        cur.execute(f"DROP SCHEMA IF EXISTS {schema}")
        with pytest.raises(psycopg2.Error) as excinfo:
            cur.execute(f"DROP SCHEMA {schema}")
        assert excinfo.value.pgcode == "3F000"


# ---- DML ----

def test_insert_with_parameters_and_rowcount(tables, conn):
    t = tables.create("id INTEGER PRIMARY KEY, name TEXT, score DOUBLE PRECISION")
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO {t} (id, name, score) VALUES (%s, %s, %s)", (1, "o'brien", 2.5))
        assert cur.rowcount == 1
        cur.execute(f"INSERT INTO {t} (id, name, score) VALUES (%(id)s, %(name)s, %(score)s)",
                    {"id": 2, "name": None, "score": -1.0})
        assert cur.rowcount == 1
        cur.execute(f"SELECT id, name, score FROM {t} ORDER BY id")
        assert cur.fetchall() == [(1, "o'brien", 2.5), (2, None, -1.0)]
    conn.commit()


def test_multi_row_insert_reports_row_count(tables, conn):
    t = tables.create("id INTEGER PRIMARY KEY, v TEXT")
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (%s, %s), (%s, %s), (%s, %s)",
                    (1, "a", 2, "b", 3, "c"))
        assert cur.rowcount == 3
    conn.commit()
    assert _count(conn, t) == 3


def test_executemany_inserts_every_row(tables, conn):
    t = tables.create("id INTEGER PRIMARY KEY, v TEXT")
    rows = [(i, f"row {i}") for i in range(50)]
    with conn.cursor() as cur:
        cur.executemany(f"INSERT INTO {t} VALUES (%s, %s)", rows)
        assert cur.rowcount == 50  # psycopg2 sums the per-statement counts
        conn.commit()
        cur.execute(f"SELECT id, v FROM {t} ORDER BY id")
        assert cur.fetchall() == rows
    conn.commit()


def test_update_reports_matched_rows(tables, conn):
    t = tables.create("id INTEGER PRIMARY KEY, grp INTEGER, v INTEGER")
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1, 1, 10), (2, 1, 20), (3, 2, 30)")
        cur.execute(f"UPDATE {t} SET v = v + %s WHERE grp = %s", (5, 1))
        assert cur.rowcount == 2
        cur.execute(f"UPDATE {t} SET v = 0 WHERE grp = %s", (99,))
        assert cur.rowcount == 0
        cur.execute(f"SELECT id, v FROM {t} ORDER BY id")
        assert cur.fetchall() == [(1, 15), (2, 25), (3, 30)]
    conn.commit()


def test_update_of_primary_key_moves_the_row(tables, conn):
    t = tables.create("id INTEGER PRIMARY KEY, v TEXT")
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1, 'one')")
        cur.execute(f"UPDATE {t} SET id = 100 WHERE id = 1")
        assert cur.rowcount == 1
        cur.execute(f"SELECT id, v FROM {t}")
        assert cur.fetchall() == [(100, "one")]
        cur.execute(f"SELECT v FROM {t} WHERE id = 1")
        assert cur.fetchall() == []
    conn.commit()


def test_delete_reports_deleted_rows(tables, conn):
    t = tables.create("id INTEGER PRIMARY KEY, v INTEGER")
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1, 1), (2, 2), (3, 3), (4, 4)")
        cur.execute(f"DELETE FROM {t} WHERE v >= %s", (3,))
        assert cur.rowcount == 2
        cur.execute(f"DELETE FROM {t} WHERE id = %s", (1,))
        assert cur.rowcount == 1
        cur.execute(f"SELECT id FROM {t}")
        assert cur.fetchall() == [(2,)]
    conn.commit()


def test_committed_writes_are_visible_to_another_connection(tables, connect):
    t = tables.create("id INTEGER PRIMARY KEY, v TEXT")
    writer, reader = connect(), connect()
    reader.autocommit = True
    with writer.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (%s, %s)", (1, "committed"))
    writer.commit()
    with reader.cursor() as cur:
        cur.execute(f"SELECT v FROM {t} WHERE id = 1")
        assert cur.fetchall() == [("committed",)]


def test_uncommitted_writes_are_invisible_to_another_connection(tables, connect):
    t = tables.create("id INTEGER PRIMARY KEY, v TEXT")
    writer, reader = connect(), connect()
    reader.autocommit = True
    with writer.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1, 'pending')")
    assert _count(reader, t) == 0
    writer.commit()
    assert _count(reader, t) == 1


def test_rollback_discards_the_transactions_writes(tables, conn):
    t = tables.create("id INTEGER PRIMARY KEY, v TEXT")
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1, 'kept')")
        conn.commit()
        cur.execute(f"INSERT INTO {t} VALUES (2, 'discarded')")
        cur.execute(f"UPDATE {t} SET v = 'changed' WHERE id = 1")
        cur.execute(f"SELECT COUNT(*) FROM {t}")
        assert cur.fetchone() == (2,)  # the transaction sees its own writes
        conn.rollback()
        cur.execute(f"SELECT id, v FROM {t} ORDER BY id")
        assert cur.fetchall() == [(1, "kept")]
    conn.commit()


def test_autocommit_insert_survives_without_commit(tables, connect):
    t = tables.create("id INTEGER PRIMARY KEY")
    c = connect()
    c.autocommit = True
    with c.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (42)")
    c.close()
    with connect().cursor() as cur:
        cur.execute(f"SELECT id FROM {t}")
        assert cur.fetchall() == [(42,)]


def test_failed_statement_aborts_transaction_until_rollback(tables, conn):
    t = tables.create("id INTEGER PRIMARY KEY")
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1)")
        with pytest.raises(psycopg2.errors.UniqueViolation):
            cur.execute(f"INSERT INTO {t} VALUES (1)")
        with pytest.raises(psycopg2.errors.InFailedSqlTransaction) as excinfo:
            cur.execute("SELECT 1")
        assert excinfo.value.pgcode == "25P02"
    assert_connection_usable(conn)
    assert _count(conn, t) == 0  # the whole transaction, first insert included, was rolled back


def test_execute_values_batches_of_every_size_land_exactly(tables, ddl):
    """psycopg2.extras.execute_values sends one multi-row INSERT per page; the server plans a run of
    same-shaped rows from its first row: every row keeps its own values, in every page size, and a
    duplicate key deep in a page fails that whole statement (23505) and keeps none of its rows."""
    from psycopg2.extras import execute_values
    t = tables.create("id INTEGER PRIMARY KEY, k INTEGER, pad VARCHAR(40), price NUMERIC(10,2)")
    expected, start = [], 1
    with ddl.cursor() as cur:
        for size in (1000, 999, 3, 1):
            rows = [(i, None if i % 7 == 0 else i * 3, f"row-{i}-é", None if i % 5 == 0 else f"{i}.25")
                    for i in range(start, start + size)]
            execute_values(cur, f"INSERT INTO {t} (id, k, pad, price) VALUES %s", rows, page_size=size)
            expected += rows
            start += size
        cur.execute(f"SELECT id, k, pad, price FROM {t} ORDER BY id")
        got = [(r[0], r[1], r[2], None if r[3] is None else f"{r[3]:.2f}") for r in cur.fetchall()]
        assert got == expected
        dup = [(i, 1, "v", "1.00") for i in range(5000, 5699)] + [(1, 1, "v", "1.00")]
        with pytest.raises(psycopg2.errors.UniqueViolation):
            execute_values(cur, f"INSERT INTO {t} (id, k, pad, price) VALUES %s", dup, page_size=1000)
    assert _count(ddl, t) == len(expected)
