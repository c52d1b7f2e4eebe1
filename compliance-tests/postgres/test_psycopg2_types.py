"""psycopg2 x value model: every type round-trips with its natural Python type, NULL included."""
import datetime as dt
import json
import math
import uuid
from decimal import Decimal

import psycopg2.errors
import psycopg2.extras
import pytest


psycopg2.extras.register_uuid()  # natural Python type for uuid columns is uuid.UUID

UTC = dt.timezone.utc
IST = dt.timezone(dt.timedelta(hours=5, minutes=30))

# (SQL type, Python type returned, values that must round-trip unchanged)
ROUND_TRIPS = [
    ("BOOLEAN", bool, [True, False]),
    ("SMALLINT", int, [0, 1, -32768, 32767]),
    ("INTEGER", int, [0, -1, -2147483648, 2147483647]),
    ("BIGINT", int, [0, 42, -9223372036854775808, 9223372036854775807]),
    ("REAL", float, [0.0, 1.5, -3.25, 1e30]),
    ("DOUBLE PRECISION", float, [0.0, 3.141592653589793, -1e-300, 1.7976931348623157e308]),
    ("NUMERIC(12,3)", Decimal, [Decimal("0.000"), Decimal("123456789.123"), Decimal("-0.001")]),
    ("VARCHAR(16)", str, ["", "abc", "exactly16chars!!"]),
    ("TEXT", str, ["", "plain", "héllo wörld ☃ 𝄞 中文", "it's \"quoted\" \\ back\\slash",
                   "line1\nline2\ttab", "x" * 10000]),
    ("BYTEA", bytes, [b"", b"\x00", b"a\x00b\x00\xff", bytes(range(256))]),
    ("DATE", dt.date, [dt.date(2024, 2, 29), dt.date(1970, 1, 1), dt.date(1, 1, 1)]),
    ("TIME", dt.time, [dt.time(0, 0), dt.time(13, 45, 30, 123456), dt.time(23, 59, 59, 999999)]),
    ("TIMESTAMP", dt.datetime, [dt.datetime(2024, 2, 29, 13, 45, 30, 123456),
                                dt.datetime(1999, 12, 31, 23, 59, 59)]),
    ("TIMESTAMPTZ", dt.datetime, [dt.datetime(2024, 6, 1, 12, 0, tzinfo=UTC),
                                  dt.datetime(2024, 6, 1, 17, 30, 0, 5, tzinfo=IST)]),
    ("UUID", uuid.UUID, [uuid.UUID("12345678-1234-5678-1234-567812345678"), uuid.UUID(int=0)]),
    ("JSON", (dict, list), [{"a": 1, "b": [1, 2, None], "s": "ü"}, [1, "two", {"three": 3.5}]]),
    ("JSONB", (dict, list), [{"a": 1, "nested": {"k": True}}, []]),
]


def _adapt(sql_type, value):
    if sql_type in ("JSON", "JSONB"):
        return psycopg2.extras.Json(value)
    return value


def _normalise(value):
    return bytes(value) if isinstance(value, memoryview) else value


@pytest.mark.parametrize("sql_type,py_type,values", ROUND_TRIPS, ids=[t[0] for t in ROUND_TRIPS])
def test_round_trip(tables, conn, sql_type, py_type, values):
    t = tables.create(f"id INTEGER PRIMARY KEY, v {sql_type}")
    with conn.cursor() as cur:
        for i, value in enumerate(values):
            cur.execute(f"INSERT INTO {t} VALUES (%s, %s)", (i, _adapt(sql_type, value)))
        conn.commit()
        cur.execute(f"SELECT v FROM {t} ORDER BY id")
        got = [_normalise(row[0]) for row in cur.fetchall()]
    for value, back in zip(values, got, strict=True):
        assert isinstance(back, py_type), f"{sql_type}: {type(back).__name__} for {value!r}"
        assert back == value, sql_type
    conn.commit()


@pytest.mark.parametrize("sql_type", [t[0] for t in ROUND_TRIPS])
def test_null_round_trip(tables, conn, sql_type):
    t = tables.create(f"id INTEGER PRIMARY KEY, v {sql_type}")
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (%s, %s)", (1, None))
        cur.execute(f"SELECT v, v IS NULL FROM {t}")
        assert cur.fetchall() == [(None, True)]
    conn.commit()


@pytest.mark.parametrize("sql_type", ["REAL", "DOUBLE PRECISION"])
def test_float_special_values(tables, conn, sql_type):
    t = tables.create(f"id INTEGER PRIMARY KEY, v {sql_type}")
    specials = [float("nan"), float("inf"), float("-inf")]
    with conn.cursor() as cur:
        for i, value in enumerate(specials):
            cur.execute(f"INSERT INTO {t} VALUES (%s, %s)", (i, value))
        cur.execute(f"SELECT v FROM {t} ORDER BY id")
        nan, pos, neg = [row[0] for row in cur.fetchall()]
        assert math.isnan(nan) and pos == math.inf and neg == -math.inf
        cur.execute(f"SELECT 'NaN'::{sql_type}, 'Infinity'::{sql_type}, '-Infinity'::{sql_type}")
        nan, pos, neg = cur.fetchone()
        assert math.isnan(nan) and pos == math.inf and neg == -math.inf
    conn.commit()


def test_varchar_longer_than_limit_is_rejected_with_22001(tables, conn):
    t = tables.create("id INTEGER PRIMARY KEY, v VARCHAR(4)")
    with conn.cursor() as cur, pytest.raises(psycopg2.errors.StringDataRightTruncation) as excinfo:
        cur.execute(f"INSERT INTO {t} VALUES (1, %s)", ("too long",))
    assert excinfo.value.pgcode == "22001"
    conn.rollback()


def test_numeric_rounds_to_declared_scale(tables, conn):
    t = tables.create("id INTEGER PRIMARY KEY, v NUMERIC(6,2)")
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1, %s)", (Decimal("1.005"),))
        cur.execute(f"SELECT v FROM {t}")
        assert cur.fetchone()[0] == Decimal("1.01")
    conn.commit()


def test_timestamptz_is_returned_in_session_time_zone(connect):
    c = connect(options="-c TimeZone=UTC")
    with c.cursor() as cur:
        cur.execute("SELECT %s::timestamptz", (dt.datetime(2024, 6, 1, 17, 30, tzinfo=IST),))
        value = cur.fetchone()[0]
    assert value == dt.datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
    assert value.utcoffset() == dt.timedelta(0)


def test_jsonb_is_parsed_to_python_objects(conn):
    with conn.cursor() as cur:
        cur.execute("SELECT %s::jsonb, %s::json", (json.dumps({"k": [1, 2]}), json.dumps([None, "x"])))
        assert cur.fetchone() == ({"k": [1, 2]}, [None, "x"])
        assert [col.type_code for col in cur.description] == [3802, 114]


def test_invalid_json_cast_is_22p02(conn):
    with conn.cursor() as cur:
        with pytest.raises(psycopg2.errors.InvalidTextRepresentation) as err:
            cur.execute("SELECT %s::jsonb", ('{"k": [1, 2}',))
        assert "invalid input syntax for type json" in str(err.value)
    conn.rollback()


def test_result_column_type_codes_match_postgres_oids(tables, conn):
    t = tables.create("i INTEGER, b BIGINT, s TEXT, d DATE, n NUMERIC(5,1), f DOUBLE PRECISION, "
                      "x BOOLEAN, u UUID, j JSONB, y BYTEA")
    with conn.cursor() as cur:
        cur.execute(f"SELECT * FROM {t}")
        codes = [col.type_code for col in cur.description]
    assert codes == [23, 20, 25, 1082, 1700, 701, 16, 2950, 3802, 17]
    conn.rollback()
