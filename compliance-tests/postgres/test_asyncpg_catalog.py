"""asyncpg x the system catalogs: asyncpg asks for every result column in binary, so catalog
columns described as oid, name and "char" must arrive in those types' binary forms."""
import pytest

from harness.asyncpg_support import apg  # noqa: F401 (fixture)


@pytest.fixture
def items(tables):
    return tables.create("a INTEGER, b TEXT, c INTEGER, PRIMARY KEY (c, a)", hint="items")


def test_oid_name_and_char_columns(apg, items):
    async def body(connect):
        conn = await connect()
        row = await conn.fetchrow("SELECT c.oid, c.relname, c.relkind, c.relnatts, n.nspname FROM pg_catalog.pg_class c "
                                  "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = $1",
                                  items)
        assert isinstance(row["oid"], int) and row["oid"] > 0
        assert (row["relname"], row["relkind"], row["relnatts"], row["nspname"]) == (items, b"r", 3, "public")  # asyncpg reads "char" as bytes
        assert await conn.fetchval("SELECT $1::regclass::oid", items) == row["oid"]
    apg(body)


def test_array_columns_in_binary(apg, items):
    async def body(connect):
        conn = await connect()
        keys = await conn.fetchval("SELECT con.conkey FROM pg_catalog.pg_constraint con "
                                   "WHERE con.conrelid = $1::regclass AND con.contype = 'p'", items)
        assert keys == [3, 1]
    apg(body)
