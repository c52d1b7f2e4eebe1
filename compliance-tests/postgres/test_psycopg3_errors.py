"""psycopg 3 x errors: the standard SQLSTATE for each failure through the extended protocol, and
the session recovers afterwards."""
import psycopg
import pytest

from harness.psycopg3_support import pg3, pg3_connect, usable_after_error  # noqa: F401  (fixture)


def _fails_with(conn, sql, params=None, **kwargs):
    with pytest.raises(psycopg.Error) as excinfo:
        conn.execute(sql, params, **kwargs)
    err = excinfo.value
    assert err.diag.message_primary, "the server sent no error message"
    assert err.diag.severity == "ERROR"
    usable_after_error(conn)
    return err.sqlstate


def test_undefined_table_is_42P01(pg3):
    assert _fails_with(pg3, "SELECT * FROM no_such_table_anywhere WHERE id = %s", (1,)) == "42P01"


def test_syntax_error_is_42601(pg3):
    assert _fails_with(pg3, "SELEC %s", (1,)) == "42601"
    assert _fails_with(pg3, "SELECT FROM WHERE") == "42601"


def test_undefined_column_is_42703(tables, pg3):
    t = tables.create("id INTEGER PRIMARY KEY")
    assert _fails_with(pg3, f"SELECT no_such_column FROM {t} WHERE id = %s", (1,)) == "42703"


def test_duplicate_primary_key_is_23505(tables, pg3):
    t = tables.create("id INTEGER PRIMARY KEY, v TEXT")
    pg3.execute(f"INSERT INTO {t} VALUES (%s, %s)", (1, "first"))
    pg3.commit()
    assert _fails_with(pg3, f"INSERT INTO {t} VALUES (%s, %s)", (1, "second")) == "23505"
    assert pg3.execute(f"SELECT v FROM {t}").fetchall() == [("first",)]


def test_bad_integer_text_parameter_is_22P02(tables, pg3):
    t = tables.create("id INTEGER PRIMARY KEY, n INTEGER")
    # a str is sent with an unknown type; the server parses it as the column's integer
    assert _fails_with(pg3, f"INSERT INTO {t} VALUES (1, %s)", ("abc",)) == "22P02"
    assert _fails_with(pg3, "SELECT 'abc'::int") == "22P02"


def test_division_by_zero_is_22012(pg3):
    assert _fails_with(pg3, "SELECT 1 / %s", (0,)) == "22012"


def test_errors_in_prepared_statements_do_not_poison_the_cache(tables, pg3):
    t = tables.create("id INTEGER PRIMARY KEY")
    for i in range(3):
        pg3.execute(f"INSERT INTO {t} VALUES (%s)", (i,), prepare=True)
        assert _fails_with(pg3, f"INSERT INTO {t} VALUES (%s)", (i,), prepare=True) == "23505"
    pg3.execute(f"INSERT INTO {t} VALUES (%s)", (7,), prepare=True)
    pg3.commit()
    assert pg3.execute(f"SELECT id FROM {t}").fetchall() == [(7,)]
