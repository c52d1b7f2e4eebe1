"""psycopg 3 x arrays: lists are sent as server-side parameters declared as array types (text and
binary format), array results are read in both formats."""
import pytest

from harness.psycopg3_support import pg3, pg3_connect  # noqa: F401  (fixture)

FORMATS = {"text": False, "binary": True}


@pytest.mark.parametrize("fmt", FORMATS)
def test_list_parameters_and_array_results(tables, pg3, fmt):
    binary = FORMATS[fmt]
    p = "%b" if binary else "%t"
    t = tables.create("id INTEGER PRIMARY KEY, name TEXT", hint="pg3arr")
    pg3.execute(f"INSERT INTO {t} VALUES (1, 'a'), (2, 'b'), (3, 'c')")
    cur = pg3.cursor(binary=binary)
    assert cur.execute(f"SELECT {p}::int[], {p}::text[]", ([1, None, 3], ["x y", None])).fetchone() == (
        [1, None, 3], ["x y", None])
    assert cur.execute(f"SELECT id FROM {t} WHERE id = ANY({p}) ORDER BY id", ([1, 3],)).fetchall() == [(1,), (3,)]
    assert cur.execute(f"SELECT id FROM {t} WHERE name = ANY({p}) ORDER BY id", (["b", "c"],)).fetchall() == [
        (2,), (3,)]
    assert cur.execute("SELECT '{t,f}'::bool[], '{1.5}'::float8[], '{9000000000}'::int8[]").fetchone() == (
        [True, False], [1.5], [9000000000])
    assert [d.type_code for d in cur.description] == [1000, 1022, 1016]
