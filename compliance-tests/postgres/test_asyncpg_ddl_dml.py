"""asyncpg x DDL and DML: tables, $n parameters (asyncpg always prepares), status strings,
executemany (atomic: one Sync for the batch), transactions."""
import asyncpg
import pytest

from harness.asyncpg_support import apg, assert_usable  # noqa: F401  (fixture)


def test_create_insert_and_drop_table(apg, tables):
    name = tables.unique_name("apgddl")

    async def body(connect):
        c = await connect()
        assert await c.execute(f"CREATE TABLE {name} (id INTEGER PRIMARY KEY, label VARCHAR(20))") == "CREATE TABLE"
        assert await c.execute(f"INSERT INTO {name} VALUES ($1, $2)", 1, "one") == "INSERT 0 1"
        with pytest.raises(asyncpg.UniqueViolationError):
            await c.execute(f"INSERT INTO {name} VALUES ($1, $2)", 1, "again")
        with pytest.raises(asyncpg.DuplicateTableError):
            await c.execute(f"CREATE TABLE {name} (id INTEGER)")
        assert await c.fetch(f"SELECT id, label FROM {name}") == [(1, "one")]
        assert await c.execute(f"DROP TABLE {name}") == "DROP TABLE"
        with pytest.raises(asyncpg.UndefinedTableError):
            await c.fetch(f"SELECT * FROM {name}")

    apg(body)


def test_insert_update_delete_with_parameters(apg, tables):
    t = tables.create("id INTEGER PRIMARY KEY, grp INTEGER, v TEXT, score DOUBLE PRECISION")

    async def body(connect):
        c = await connect()
        assert await c.execute(f"INSERT INTO {t} VALUES ($1, $2, $3, $4)", 1, 1, "o'brien", 2.5) == "INSERT 0 1"
        assert await c.execute(f"INSERT INTO {t} VALUES ($1, $2, $3, $4), ($5, $6, $7, $8)",
                               2, 1, None, -1.0, 3, 2, "c", 3.0) == "INSERT 0 2"
        assert await c.execute(f"UPDATE {t} SET score = score + $1 WHERE grp = $2", 10.0, 1) == "UPDATE 2"
        assert await c.execute(f"UPDATE {t} SET v = $1 WHERE grp = $2", "x", 99) == "UPDATE 0"
        assert await c.execute(f"DELETE FROM {t} WHERE id = $1", 3) == "DELETE 1"
        rows = await c.fetch(f"SELECT id, v, score FROM {t} ORDER BY id")
        assert [tuple(r) for r in rows] == [(1, "o'brien", 12.5), (2, None, 9.0)]

    apg(body)


def test_executemany_inserts_every_row(apg, tables):
    t = tables.create("id INTEGER PRIMARY KEY, v TEXT")
    rows = [(i, f"row {i}") for i in range(200)]

    async def body(connect):
        c = await connect()
        await c.executemany(f"INSERT INTO {t} VALUES ($1, $2)", rows)
        assert [tuple(r) for r in await c.fetch(f"SELECT id, v FROM {t} ORDER BY id")] == rows

    apg(body)


def test_executemany_is_atomic(apg, tables):
    t = tables.create("id INTEGER PRIMARY KEY, v TEXT")

    async def body(connect):
        c = await connect()
        await c.execute(f"INSERT INTO {t} VALUES (5, 'existing')")
        with pytest.raises(asyncpg.UniqueViolationError):
            await c.executemany(f"INSERT INTO {t} VALUES ($1, $2)", [(i, "new") for i in range(10)])
        # the batch is one implicit transaction: rows 0..4 inserted before the failure are gone too
        assert await c.fetch(f"SELECT id FROM {t}") == [(5,)]
        await assert_usable(c)

    apg(body)


def test_transaction_commits_and_rolls_back(apg, tables):
    t = tables.create("id INTEGER PRIMARY KEY")

    async def body(connect):
        c, other = await connect(), await connect()
        async with c.transaction():
            await c.execute(f"INSERT INTO {t} VALUES ($1)", 1)
        assert await other.fetchval(f"SELECT COUNT(*) FROM {t}") == 1
        with pytest.raises(RuntimeError):
            async with c.transaction():
                await c.execute(f"INSERT INTO {t} VALUES ($1)", 2)
                assert await c.fetchval(f"SELECT COUNT(*) FROM {t}") == 2
                raise RuntimeError("roll back")
        assert await c.fetch(f"SELECT id FROM {t}") == [(1,)]

    apg(body)


def test_failed_statement_aborts_the_transaction_until_rollback(apg, tables):
    t = tables.create("id INTEGER PRIMARY KEY")

    async def body(connect):
        c = await connect()
        tx = c.transaction()
        await tx.start()
        await c.execute(f"INSERT INTO {t} VALUES ($1)", 1)
        with pytest.raises(asyncpg.UniqueViolationError):
            await c.execute(f"INSERT INTO {t} VALUES ($1)", 1)
        with pytest.raises(asyncpg.InFailedSQLTransactionError) as excinfo:
            await c.fetchval("SELECT 1")
        assert excinfo.value.sqlstate == "25P02"
        await tx.rollback()
        assert await c.fetchval(f"SELECT COUNT(*) FROM {t}") == 0

    apg(body)
