"""Helpers for the asyncpg files: each test is a plain function that runs one coroutine on a fresh
event loop (no pytest-asyncio), with connections closed when the coroutine ends."""
import asyncio
import contextlib

import asyncpg
import pytest


@pytest.fixture
def apg(server):
    """apg(coroutine_function) runs coroutine_function(connect) where connect(**overrides) opens an
    asyncpg connection to the server under test (plain TCP unless ssl= is given)."""

    def run(body):
        async def main():
            opened = []

            async def connect(**overrides):
                params = dict(host=server.host, port=server.pg_port, user=server.user,
                              password=server.password, database=server.dbname, ssl=False, timeout=10)
                params.update(overrides)
                c = await asyncpg.connect(**params)
                opened.append(c)
                return c

            try:
                return await body(connect)
            finally:
                for c in opened:
                    with contextlib.suppress(Exception):
                        await c.close(timeout=5)

        return asyncio.run(main())

    return run


async def assert_usable(conn):
    """After an error the connection still answers."""
    assert await conn.fetchval("SELECT 1") == 1
