"""psycopg 3 x value model: every type round-trips in text and in binary format, as server-side
parameters and as results, NULL included; result OIDs match PostgreSQL's."""
import math

import pytest
from psycopg.types.json import Json, Jsonb

from harness.psycopg3_support import pg3, pg3_connect  # noqa: F401  (fixture)
from harness.value_samples import OIDS, ROUND_TRIPS, SQL_TYPES

FORMATS = {"text": False, "binary": True}


def _adapt(sql_type, value):
    if sql_type == "JSON":
        return Json(value)
    if sql_type == "JSONB":
        return Jsonb(value)
    return value


def _param(binary):
    # %b / %t force the parameter's format; results follow the cursor's binary flag
    return "%b" if binary else "%t"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("sql_type,py_type,values", ROUND_TRIPS, ids=SQL_TYPES)
def test_round_trip(tables, pg3, sql_type, py_type, values, fmt):
    binary = FORMATS[fmt]
    t = tables.create(f"id INTEGER PRIMARY KEY, v {sql_type}")
    p = _param(binary)
    with pg3.cursor(binary=binary) as cur:
        for i, value in enumerate(values):
            cur.execute(f"INSERT INTO {t} VALUES ({p}, {p})", (i, _adapt(sql_type, value)))
        pg3.commit()
        cur.execute(f"SELECT v FROM {t} ORDER BY id")
        assert cur.pgresult.fformat(0) == (1 if binary else 0)
        assert cur.description[0].type_code == OIDS[sql_type]
        got = [row[0] for row in cur.fetchall()]
    for value, back in zip(values, got, strict=True):
        assert isinstance(back, py_type), f"{sql_type}: {type(back).__name__} for {value!r}"
        assert back == value, sql_type
    pg3.commit()


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("sql_type,py_type,values", ROUND_TRIPS, ids=SQL_TYPES)
def test_parameter_compared_in_where(tables, pg3, sql_type, py_type, values, fmt):
    if sql_type in ("JSON", "JSONB"):
        pytest.skip("json has no equality operator in PostgreSQL")
    binary = FORMATS[fmt]
    t = tables.create(f"id INTEGER PRIMARY KEY, v {sql_type}")
    p = _param(binary)
    with pg3.cursor(binary=binary) as cur:
        cur.executemany(f"INSERT INTO {t} VALUES ({p}, {p})", list(enumerate(values)))
        for i, value in enumerate(values):
            cur.execute(f"SELECT id FROM {t} WHERE v = {p}", (value,))
            assert cur.fetchall() == [(i,)], f"{sql_type} {value!r}"
    pg3.commit()


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("sql_type", SQL_TYPES)
def test_null_round_trip(tables, pg3, sql_type, fmt):
    binary = FORMATS[fmt]
    t = tables.create(f"id INTEGER PRIMARY KEY, v {sql_type}")
    with pg3.cursor(binary=binary) as cur:
        cur.execute(f"INSERT INTO {t} VALUES (%s, %s)", (1, None))
        cur.execute(f"SELECT v, v IS NULL FROM {t}")
        assert cur.fetchall() == [(None, True)]
    pg3.commit()


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("sql_type", ["REAL", "DOUBLE PRECISION"])
def test_float_special_values(tables, pg3, sql_type, fmt):
    binary = FORMATS[fmt]
    t = tables.create(f"id INTEGER PRIMARY KEY, v {sql_type}")
    p = _param(binary)
    with pg3.cursor(binary=binary) as cur:
        for i, value in enumerate([float("nan"), float("inf"), float("-inf")]):
            cur.execute(f"INSERT INTO {t} VALUES ({p}, {p})", (i, value))
        cur.execute(f"SELECT v FROM {t} ORDER BY id")
        nan, pos, neg = [row[0] for row in cur.fetchall()]
    assert math.isnan(nan) and pos == math.inf and neg == -math.inf
    pg3.commit()


@pytest.mark.parametrize("fmt", FORMATS)
def test_expression_results_in_both_formats(pg3, fmt):
    binary = FORMATS[fmt]
    with pg3.cursor(binary=binary) as cur:
        cur.execute("SELECT 1 + %s, 'x' || %s, %s::bigint * 2", (41, "y", 2**40))
        assert cur.fetchone() == (42, "xy", 2**41)
        assert [c.type_code for c in cur.description] == [23, 25, 20]
