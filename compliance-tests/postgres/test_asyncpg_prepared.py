"""asyncpg x prepared statements: explicit prepare() reused with new arguments, the statement
cache (named server-side statements reused by query text), and errors inside prepared statements."""
import asyncpg
import pytest

from harness.asyncpg_support import apg, assert_usable  # noqa: F401  (fixture)


def test_prepared_statement_reused_with_new_arguments(apg, tables):
    t = tables.create("id INTEGER PRIMARY KEY, v TEXT, n BIGINT")

    async def body(connect):
        c = await connect()
        ins = await c.prepare(f"INSERT INTO {t} VALUES ($1, $2, $3)")
        for i in range(30):
            await ins.fetch(i, f"v{i}", i * 10)
        sel = await c.prepare(f"SELECT v, n FROM {t} WHERE id = $1")
        assert [p.oid for p in sel.get_parameters()] == [23]
        assert [a.name for a in sel.get_attributes()] == ["v", "n"]
        for i in range(30):
            assert tuple(await sel.fetchrow(i)) == (f"v{i}", i * 10)
        assert await sel.fetchrow(999) is None

    apg(body)


def test_statement_cache_reuses_named_statements(apg, tables):
    t = tables.create("id INTEGER PRIMARY KEY, v TEXT")

    async def body(connect):
        c = await connect(statement_cache_size=10)
        for i in range(20):
            await c.execute(f"INSERT INTO {t} VALUES ($1, $2)", i, str(i))
        for i in range(20):
            assert await c.fetchval(f"SELECT v FROM {t} WHERE id = $1", i) == str(i)
        assert await c.fetchval(f"SELECT COUNT(*) FROM {t}") == 20

    apg(body)


def test_no_statement_cache_uses_unnamed_statements(apg, tables):
    t = tables.create("id INTEGER PRIMARY KEY, v TEXT")

    async def body(connect):
        c = await connect(statement_cache_size=0)
        for i in range(5):
            await c.execute(f"INSERT INTO {t} VALUES ($1, $2)", i, str(i))
        assert await c.fetchval(f"SELECT string_agg(v, ',' ORDER BY id) FROM {t}") == "0,1,2,3,4"

    apg(body)


def test_errors_in_prepared_statements_keep_the_connection_usable(apg, tables):
    t = tables.create("id INTEGER PRIMARY KEY")

    async def body(connect):
        c = await connect()
        ins = await c.prepare(f"INSERT INTO {t} VALUES ($1)")
        await ins.fetch(1)
        for _ in range(3):
            with pytest.raises(asyncpg.UniqueViolationError):
                await ins.fetch(1)
            await assert_usable(c)
        await ins.fetch(2)
        assert sorted(r["id"] for r in await c.fetch(f"SELECT id FROM {t}")) == [1, 2]

    apg(body)
