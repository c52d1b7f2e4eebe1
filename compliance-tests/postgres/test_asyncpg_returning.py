"""asyncpg x RETURNING and upserts over the extended protocol: fetchrow / fetchval of INSERT ...
RETURNING with $n parameters (Describe must announce the RETURNING columns), executemany of an
ON CONFLICT upsert, and the command status strings."""
from harness.asyncpg_support import apg, assert_usable  # noqa: F401  (fixture)


def test_insert_returning_and_upsert(apg, tables):
    t = tables.create("id BIGSERIAL PRIMARY KEY, email TEXT NOT NULL, visits INT DEFAULT 0")
    u = tables.create("email TEXT PRIMARY KEY, visits INT")

    async def body(connect):
        c = await connect()
        row = await c.fetchrow(f"INSERT INTO {t} (email) VALUES ($1) RETURNING id, email, visits", "a@x")
        assert tuple(row) == (1, "a@x", 0)
        assert await c.fetchval(f"INSERT INTO {t} (email) VALUES ($1) RETURNING id", "b@x") == 2
        stmt = await c.prepare(f"INSERT INTO {u} VALUES ($1, 1) ON CONFLICT (email) "
                               f"DO UPDATE SET visits = {u}.visits + 1 RETURNING visits")
        assert [a.name for a in stmt.get_attributes()] == ["visits"]
        assert await stmt.fetchval("a@x") == 1
        assert await stmt.fetchval("a@x") == 2
        await c.executemany(f"INSERT INTO {u} VALUES ($1, 1) ON CONFLICT (email) DO UPDATE "
                            f"SET visits = {u}.visits + excluded.visits", [("a@x",), ("c@x",), ("c@x",)])
        rows = await c.fetch(f"SELECT email, visits FROM {u} ORDER BY email")
        assert [tuple(r) for r in rows] == [("a@x", 3), ("c@x", 2)]
        assert await c.execute(f"INSERT INTO {u} VALUES ($1, 9) ON CONFLICT DO NOTHING", "a@x") == "INSERT 0 0"
        rows = await c.fetch(f"DELETE FROM {u} WHERE visits > $1 RETURNING email", 2)
        assert [r["email"] for r in rows] == ["a@x"]

    apg(body)
