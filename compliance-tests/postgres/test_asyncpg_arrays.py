"""asyncpg x arrays: asyncpg introspects array types with its WITH RECURSIVE query over pg_type,
then reads results and sends parameters in PostgreSQL's binary array format (ndim, has-null flag,
element OID, dimensions and lower bounds, length-prefixed elements)."""
import asyncpg
import pytest

from harness.asyncpg_support import apg  # noqa: F401 (fixture)


def test_array_results_in_binary(apg):
    async def body(connect):
        conn = await connect()
        row = await conn.fetchrow("""SELECT ARRAY[1, 2] AS i4, '{1,NULL,3}'::int2[] AS i2, '{9000000000}'::int8[] AS i8,
                                     '{t,f}'::bool[] AS b, '{1.5,-2}'::float8[] AS f8,
                                     '{a,"b c",NULL,"q\\"z"}'::text[] AS t, '{}'::int[] AS empty""")
        assert dict(row) == {"i4": [1, 2], "i2": [1, None, 3], "i8": [9000000000], "b": [True, False],
                             "f8": [1.5, -2.0], "t": ["a", "b c", None, 'q"z'], "empty": []}
        types = [a.type.oid for a in (await conn.prepare("SELECT '{1}'::int[], '{x}'::text[], '{t}'::bool[]"))
                 .get_attributes()]
        assert types == [1007, 1009, 1000]
    apg(body)


def test_array_parameters_in_binary(apg, tables):
    t = tables.create("id INTEGER PRIMARY KEY, name TEXT", hint="apgarr")

    async def body(connect):
        conn = await connect()
        await conn.executemany(f"INSERT INTO {t} VALUES ($1, $2)", [(1, "a"), (2, "b"), (3, "c")])
        assert await conn.fetchval("SELECT $1::int[]", [1, None, 3]) == [1, None, 3]
        assert await conn.fetchval("SELECT $1::text[]", ["x y", "", None]) == ["x y", "", None]
        assert await conn.fetchval("SELECT cardinality($1::int8[])", [5, 6, 7]) == 3
        rows = await conn.fetch(f"SELECT id FROM {t} WHERE id = ANY($1::int[]) ORDER BY id", [3, 1])
        assert [r["id"] for r in rows] == [1, 3]
        rows = await conn.fetch(f"SELECT id FROM {t} WHERE name = ANY($1::text[]) ORDER BY id", ["b", "zz"])
        assert [r["id"] for r in rows] == [2]
        stmt = await conn.prepare("SELECT $1::int[] AS a")
        assert [p.oid for p in stmt.get_parameters()] == [1007]
    apg(body)


def test_malformed_array_parameter_text_is_22P02(apg):
    async def body(connect):
        conn = await connect()
        with pytest.raises(asyncpg.InvalidTextRepresentationError):
            await conn.fetchval("SELECT '{1,2'::int[]")
        assert await conn.fetchval("SELECT 1") == 1
    apg(body)
