"""asyncpg x value model: asyncpg sends and reads every type in binary format; each value
round-trips as a parameter and as a result, NULL included, and parameter OIDs come from the server's
ParameterDescription (asyncpg declares no types in Parse)."""
import json
import math

import pytest

from harness.asyncpg_support import apg  # noqa: F401  (fixture)
from harness.value_samples import OIDS, ROUND_TRIPS, SQL_TYPES

JSON_TYPES = ("JSON", "JSONB")


def _to_param(sql_type, value):
    return json.dumps(value) if sql_type in JSON_TYPES else value  # asyncpg passes json as text


def _from_result(sql_type, value):
    return json.loads(value) if sql_type in JSON_TYPES else value


@pytest.mark.parametrize("sql_type,py_type,values", ROUND_TRIPS, ids=SQL_TYPES)
def test_round_trip_in_binary(apg, tables, sql_type, py_type, values):
    t = tables.create(f"id INTEGER PRIMARY KEY, v {sql_type}")

    async def body(connect):
        c = await connect()
        insert = await c.prepare(f"INSERT INTO {t} VALUES ($1, $2)")
        assert [p.oid for p in insert.get_parameters()] == [23, OIDS[sql_type]]
        for i, value in enumerate(values):
            await insert.fetch(i, _to_param(sql_type, value))
        select = await c.prepare(f"SELECT v FROM {t} ORDER BY id")
        assert [a.type.oid for a in select.get_attributes()] == [OIDS[sql_type]]
        got = [_from_result(sql_type, r["v"]) for r in await select.fetch()]
        for value, back in zip(values, got, strict=True):
            assert isinstance(back, py_type), f"{sql_type}: {type(back).__name__} for {value!r}"
            assert back == value, sql_type
        if sql_type not in JSON_TYPES:  # json has no equality operator
            for i, value in enumerate(values):
                assert await c.fetchval(f"SELECT id FROM {t} WHERE v = $1", value) == i

    apg(body)


@pytest.mark.parametrize("sql_type", SQL_TYPES)
def test_null_round_trip(apg, tables, sql_type):
    t = tables.create(f"id INTEGER PRIMARY KEY, v {sql_type}")

    async def body(connect):
        c = await connect()
        await c.execute(f"INSERT INTO {t} VALUES ($1, $2)", 1, None)
        assert tuple(await c.fetchrow(f"SELECT v, v IS NULL FROM {t}")) == (None, True)

    apg(body)


@pytest.mark.parametrize("sql_type", ["REAL", "DOUBLE PRECISION"])
def test_float_special_values(apg, tables, sql_type):
    t = tables.create(f"id INTEGER PRIMARY KEY, v {sql_type}")

    async def body(connect):
        c = await connect()
        await c.executemany(f"INSERT INTO {t} VALUES ($1, $2)",
                            [(0, float("nan")), (1, float("inf")), (2, float("-inf"))])
        nan, pos, neg = [r["v"] for r in await c.fetch(f"SELECT v FROM {t} ORDER BY id")]
        assert math.isnan(nan) and pos == math.inf and neg == -math.inf

    apg(body)


def test_numeric_rounds_to_declared_scale(apg, tables):
    from decimal import Decimal
    t = tables.create("id INTEGER PRIMARY KEY, v NUMERIC(6,2)")

    async def body(connect):
        c = await connect()
        await c.execute(f"INSERT INTO {t} VALUES ($1, $2)", 1, Decimal("1.005"))
        assert await c.fetchval(f"SELECT v FROM {t}") == Decimal("1.01")

    apg(body)


def test_expressions_with_parameters_have_concrete_types(apg):
    async def body(connect):
        c = await connect()
        stmt = await c.prepare("SELECT $1::bigint * 2, 'x' || $2::text, $3::int + 1")
        assert [p.oid for p in stmt.get_parameters()] == [20, 25, 23]
        assert [a.type.oid for a in stmt.get_attributes()] == [20, 25, 23]
        assert tuple(await stmt.fetchrow(2**40, "y", 41)) == (2**41, "xy", 42)

    apg(body)
