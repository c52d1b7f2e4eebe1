"""psycopg2 x FOREIGN KEY ... ON UPDATE CASCADE / SET NULL: updating a referenced key carries the
new value to the referencing rows (and on to their own children) or clears them; NO ACTION still
refuses with 23503; SET NULL on a NOT NULL column is 23502."""
import psycopg2
import psycopg2.errors
import pytest


def _rows(conn, sql):
    with conn.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall() if cur.description else cur.rowcount


@pytest.fixture
def autocommit(connect):
    c = connect()
    c.autocommit = True
    return c


def test_on_update_cascade(autocommit, tables):
    parent = tables.create("id INTEGER PRIMARY KEY, code VARCHAR(5) UNIQUE", hint="up_parent")
    child = tables.create(f"id INTEGER PRIMARY KEY, pcode VARCHAR(5) REFERENCES {parent} (code) "
                          "ON UPDATE CASCADE ON DELETE CASCADE, note TEXT UNIQUE", hint="up_child")
    grandchild = tables.create(f"id INTEGER PRIMARY KEY, cnote TEXT REFERENCES {child} (note) ON UPDATE CASCADE",
                               hint="up_grand")
    _rows(autocommit, f"INSERT INTO {parent} VALUES (1, 'a'), (2, 'b')")
    _rows(autocommit, f"INSERT INTO {child} VALUES (10, 'a', 'x'), (11, 'a', 'y'), (12, 'b', 'z'), (13, NULL, 'w')")
    _rows(autocommit, f"INSERT INTO {grandchild} VALUES (100, 'x')")
    assert _rows(autocommit, f"UPDATE {parent} SET code = 'aa' WHERE id = 1") == 1
    assert _rows(autocommit, f"SELECT id, pcode FROM {child} ORDER BY id") == [
        (10, "aa"), (11, "aa"), (12, "b"), (13, None)]
    # the child's own key moves on to its children
    _rows(autocommit, f"UPDATE {child} SET note = 'xx' WHERE id = 10")
    assert _rows(autocommit, f"SELECT cnote FROM {grandchild}") == [("xx",)]
    # a rolled-back update takes the cascaded rows back with it
    autocommit.autocommit = False
    _rows(autocommit, f"UPDATE {parent} SET code = 'bb' WHERE id = 2")
    assert _rows(autocommit, f"SELECT pcode FROM {child} WHERE id = 12") == [("bb",)]
    autocommit.rollback()
    assert _rows(autocommit, f"SELECT pcode FROM {child} WHERE id = 12") == [("b",)]


def test_on_update_set_null_and_no_action(autocommit, tables):
    parent = tables.create("id INTEGER PRIMARY KEY", hint="sn_parent")
    nullable = tables.create(f"id INTEGER PRIMARY KEY, p INTEGER REFERENCES {parent} (id) ON UPDATE SET NULL",
                             hint="sn_child")
    strict = tables.create(f"id INTEGER PRIMARY KEY, p INTEGER NOT NULL REFERENCES {parent} (id) "
                           "ON UPDATE SET NULL", hint="sn_strict")
    plain = tables.create(f"id INTEGER PRIMARY KEY, p INTEGER REFERENCES {parent} (id)", hint="sn_plain")
    _rows(autocommit, f"INSERT INTO {parent} VALUES (1), (2), (3)")
    _rows(autocommit, f"INSERT INTO {nullable} VALUES (10, 1), (11, 2)")
    _rows(autocommit, f"INSERT INTO {strict} VALUES (20, 2)")
    _rows(autocommit, f"INSERT INTO {plain} VALUES (30, 3)")
    _rows(autocommit, f"UPDATE {parent} SET id = 5 WHERE id = 1")
    assert _rows(autocommit, f"SELECT id, p FROM {nullable} ORDER BY id") == [(10, None), (11, 2)]
    with pytest.raises(psycopg2.errors.NotNullViolation):
        _rows(autocommit, f"UPDATE {parent} SET id = 6 WHERE id = 2")
    with pytest.raises(psycopg2.errors.ForeignKeyViolation):
        _rows(autocommit, f"UPDATE {parent} SET id = 7 WHERE id = 3")
    assert _rows(autocommit, f"SELECT id FROM {parent} ORDER BY id") == [(2,), (3,), (5,)]
