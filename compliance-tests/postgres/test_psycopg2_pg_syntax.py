"""psycopg2 x PostgreSQL syntax clients emit: ILIKE, || concatenation, arrays (literals, ANY,
subscripts, array_agg, unnest, generate_subscripts), json_build_object, and the names PostgreSQL
gives result columns nobody named."""
import time

import psycopg2.errors
import pytest

from harness.servers import TARGET

FRUIT = [(1, "Apple", "red"), (2, "banana", None), (3, "apple pie", "brown"), (4, "Cherry", "red")]


@pytest.fixture(scope="module")
def fruit(module_tables):
    t = module_tables.create("id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL, color TEXT", hint="fruit")
    module_tables.execute(f"INSERT INTO {t} VALUES " + ", ".join(["(%s, %s, %s)"] * len(FRUIT)),
                          [v for row in FRUIT for v in row])
    return t


def _all(conn, sql, params=None):
    with conn.cursor() as cur:
        cur.execute(sql, params)
        rows = cur.fetchall()
        names = [d.name for d in cur.description]
    conn.rollback()
    return rows, names


def test_ilike_and_not_ilike(conn, fruit):
    assert _all(conn, f"SELECT id FROM {fruit} WHERE name ILIKE %s ORDER BY id", ("app%",))[0] == [(1,), (3,)]
    assert _all(conn, f"SELECT id FROM {fruit} WHERE name NOT ILIKE 'APP%%' ORDER BY id")[0] == [(2,), (4,)]


def test_concatenation(conn, fruit):
    rows, _ = _all(conn, f"SELECT name || '/' || id || '/' || color FROM {fruit} ORDER BY id")
    # Anything || NULL is NULL.
    assert rows == [("Apple/1/red",), (None,), ("apple pie/3/brown",), ("Cherry/4/red",)]


def test_array_literals_any_and_subscripts(conn, fruit):
    assert _all(conn, "SELECT ARRAY[1, 2, 3], (ARRAY[10, 20, 30])[2], 2 = ANY(ARRAY[1, 2, 3])")[0] == [
        ([1, 2, 3], 20, True)]
    assert _all(conn, f"SELECT id FROM {fruit} WHERE id = ANY(ARRAY[1, 4]) ORDER BY id")[0] == [(1,), (4,)]


def test_array_agg_unnest_generate_subscripts(conn, fruit):
    assert _all(conn, f"SELECT array_agg(id ORDER BY id DESC) FROM {fruit} WHERE color = 'red'")[0] == [([4, 1],)]
    assert _all(conn, "SELECT unnest(ARRAY['a', 'b', 'c'])")[0] == [("a",), ("b",), ("c",)]
    assert _all(conn, "SELECT generate_subscripts(ARRAY['a', 'b'], 1)")[0] == [(1,), (2,)]


def test_json_build_object(conn, fruit):
    rows, _ = _all(conn, f"SELECT json_build_object('id', id, 'name', name, 'color', color) FROM {fruit} "
                         "WHERE id = 2")
    assert rows == [({"id": 2, "name": "banana", "color": None},)]


def test_unnamed_result_columns_get_postgres_names(conn, fruit):
    _, names = _all(conn, f"SELECT count(*), max(id), 1, 'x'::text, 1::integer FROM {fruit}")
    assert names == ["count", "max", "?column?", "text", "int4"]
    _, names = _all(conn, f"SELECT name::text, CASE WHEN id > 1 THEN 'big' END, coalesce(color, '-'), "
                          f"(SELECT min(id) FROM {fruit}), id + 1, version(), name AS label FROM {fruit}")
    assert names == ["name", "case", "coalesce", "min", "?column?", "version", "label"]


def test_distinct_on(conn, fruit):
    rows, _ = _all(conn, f"SELECT DISTINCT ON (color) color, name FROM {fruit} WHERE color IS NOT NULL "
                         "ORDER BY color, id DESC")
    assert rows == [("brown", "apple pie"), ("red", "Cherry")]
    # NULLs form one group; DESC puts it first, as PostgreSQL does
    rows, names = _all(conn, f"SELECT DISTINCT ON (color) color AS c, id FROM {fruit} ORDER BY c DESC, id")
    assert rows == [(None, 2), ("red", 1), ("brown", 3)]
    assert names == ["c", "id"]
    rows, _ = _all(conn, f"SELECT DISTINCT ON (2) id, color FROM {fruit} WHERE id > %s ORDER BY 2, 1 DESC LIMIT 1",
                   (1,))
    assert rows == [(3, "brown")]


def test_distinct_on_must_lead_the_order_by(conn, fruit):
    with pytest.raises(psycopg2.errors.InvalidColumnReference) as e:
        _all(conn, f"SELECT DISTINCT ON (color) color, name FROM {fruit} ORDER BY name")
    assert e.value.pgerror.splitlines()[0] == (
        "ERROR:  SELECT DISTINCT ON expressions must match initial ORDER BY expressions")


def test_now_is_the_start_of_the_transaction(conn):
    with conn.cursor() as cur:
        cur.execute("SELECT now(), transaction_timestamp()")
        first = cur.fetchone()
        time.sleep(0.05)
        cur.execute("SELECT now(), statement_timestamp(), clock_timestamp()")
        later = cur.fetchone()
    conn.rollback()
    assert first[0] == first[1] == later[0]
    assert first[0].tzinfo is not None
    assert later[1] > first[0] and later[2] > first[0]
    with conn.cursor() as cur:
        cur.execute("SELECT now()")
        assert cur.fetchone()[0] > first[0]  # a new transaction
    conn.rollback()


def test_array_from_string(conn):
    assert _all(conn, "SELECT '{1,2,3}'::int[]")[0] == [([1, 2, 3],)]
    rows, _ = _all(conn, """SELECT CAST('{a,"b c",NULL,"x,y","q\\"z"}' AS text[]), '{t,f}'::bool[], """
                         "'{1.5,-2}'::float8[], '{}'::int8[], '{7}'::int2[]")
    assert rows == [(["a", "b c", None, "x,y", 'q"z'], [True, False], [1.5, -2.0], [], [7])]


def test_array_from_string_is_described_as_the_array_type(conn):
    with conn.cursor() as cur:
        cur.execute("SELECT '{1}'::int[], '{1}'::int2[], '{1}'::int8[], '{x}'::text[], '{t}'::bool[], '{1}'::float8[]")
        assert [d.type_code for d in cur.description] == [1007, 1005, 1016, 1009, 1000, 1022]
    conn.rollback()


def test_any_length_and_cardinality_of_arrays_from_strings(conn, fruit):
    assert _all(conn, f"SELECT id FROM {fruit} WHERE id = ANY('{{1,3}}'::int[]) ORDER BY id")[0] == [(1,), (3,)]
    assert _all(conn, f"SELECT id FROM {fruit} WHERE color = ANY('{{red,brown}}'::text[]) ORDER BY id")[0] == [
        (1,), (3,), (4,)]
    assert _all(conn, "SELECT array_length('{4,5,6}'::int[], 1), cardinality('{4,5}'::int[]), "
                      "array_length('{}'::int[], 1), ('{10,20}'::int[])[2]")[0] == [(3, 2, None, 20)]


def test_list_parameters(conn, fruit):
    # psycopg2 writes a list as ARRAY[...] (an empty one as '{}')
    assert _all(conn, f"SELECT id FROM {fruit} WHERE id = ANY(%s) ORDER BY id", ([2, 4],))[0] == [(2,), (4,)]
    assert _all(conn, "SELECT %s::int[], %s::text[]", ([1, None], []))[0] == [([1, None], [])]
    assert _all(conn, "SELECT unnest(%s::text[])", (["x", "y"],))[0] == [("x",), ("y",)]


@pytest.mark.parametrize("text", ["{1,2", "{1,2}x", "1,2", "{{1,2},3}"])
def test_malformed_array_string_is_22P02(conn, text):
    with pytest.raises(psycopg2.errors.InvalidTextRepresentation) as e:
        _all(conn, "SELECT %s::int[]", (text,))
    assert "malformed array literal" in str(e.value)
    conn.rollback()


def test_bad_array_element_is_22P02(conn):
    with pytest.raises(psycopg2.errors.InvalidTextRepresentation) as e:
        _all(conn, "SELECT '{1,x}'::int[]")
    assert 'invalid input syntax for type integer: "x"' in str(e.value)
    conn.rollback()


@pytest.mark.skipif(TARGET != "heliosdb", reason="HeliosDB refuses what PostgreSQL has")
@pytest.mark.parametrize("sql", ["CREATE TABLE arr_col_refused (id int PRIMARY KEY, tags text[])",
                                 "SELECT '{2020-01-01}'::date[]", "SELECT '{{1,2},{3,4}}'::int[]"])
def test_array_columns_and_other_element_types_are_0A000(conn, sql):
    with pytest.raises(psycopg2.errors.FeatureNotSupported):
        _all(conn, sql)
    conn.rollback()


def test_string_functions_concat_ws_length_pad_md5(connect):
    """concat_ws skips NULL values (NULL separator: NULL); length counts characters and octet_length
    bytes; lpad/rpad fill or cut to the length; md5 is lowercase hex. Checked against PostgreSQL."""
    c = connect()
    with c.cursor() as cur:
        cur.execute("SELECT concat_ws('-', 'a', NULL, 'b', 3), concat_ws(NULL, 'a', 'b'), concat_ws(',', NULL)")
        assert cur.fetchone() == ("a-b-3", None, "")
        cur.execute("SELECT length('héllo'), octet_length('héllo'), length(NULL::text)")
        assert cur.fetchone() == (5, 6, None)
        cur.execute("SELECT lpad('7', 3, '0'), rpad('ab', 5, 'xy'), lpad('hello', 2), rpad('x', 3), lpad('a', 0, 'z')")
        assert cur.fetchone() == ("007", "abxyx", "he", "x  ", "")
        cur.execute("SELECT md5('abc'), md5(NULL::text)")
        assert cur.fetchone() == ("900150983cd24fb0d6963f7d28e17f72", None)


def test_left_right_reverse_and_day_of_week(connect):
    """left / right take characters from either end (a negative count drops them from the other),
    reverse reverses; EXTRACT(DOW) and date_part('dow') count from 0 on Sunday, ISODOW from 1 on
    Monday. Checked against PostgreSQL."""
    c = connect()
    with c.cursor() as cur:
        cur.execute("SELECT left('héllo', 2), right('héllo', 4), left('hello', -1), right('hello', -1),"
                    " left('hi', 5), reverse('abc'), left(NULL::text, 1)")
        assert cur.fetchone() == ("hé", "éllo", "hell", "ello", "hi", "cba", None)
        cur.execute("SELECT EXTRACT(DOW FROM DATE '2024-01-14'), EXTRACT(DOW FROM TIMESTAMP '2024-01-20 10:00:00'),"
                    " EXTRACT(ISODOW FROM DATE '2024-01-14'), date_part('dow', DATE '2024-01-15')")
        assert [int(v) for v in cur.fetchone()] == [0, 6, 7, 1]


def test_a_cast_of_a_fraction_to_an_integer_rounds(tables, connect):
    """3.7::int is 4 and -3.5::int is -4 (numeric halves away from zero), over literals, columns and
    parameters; it truncated before. Checked against PostgreSQL."""
    t = tables.create("id INTEGER PRIMARY KEY, x NUMERIC(6, 2)")
    c = connect()
    with c.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1, 3.70), (2, 2.50), (3, -3.50), (4, 0.49)")
        cur.execute(f"SELECT CAST(x AS INTEGER), x::bigint FROM {t} ORDER BY id")
        assert cur.fetchall() == [(4, 4), (3, 3), (-4, -4), (0, 0)]
        cur.execute("SELECT CAST(3.7 AS BIGINT)")
        assert cur.fetchone() == (4,)
        cur.execute("SELECT -2.5::int")
        assert cur.fetchone() == (-3,)
        cur.execute("SELECT CAST(%s AS INTEGER)", (7.5,))
        assert cur.fetchone() == (8,)
