"""asyncpg x connection: TLS on request, plain TCP, login failures with their SQLSTATEs (asyncpg
reads the ErrorResponse itself, so the codes are visible to the driver)."""
import asyncpg
import pytest

from harness.asyncpg_support import apg  # noqa: F401  (fixture)


def test_ssl_require_connects_encrypted(apg):
    async def body(connect):
        c = await connect(ssl="require")
        assert c._transport.get_extra_info("ssl_object") is not None
        assert await c.fetchval("SELECT 1") == 1

    apg(body)


def test_plain_tcp_connects_in_clear(apg):
    async def body(connect):
        c = await connect(ssl=False)
        assert c._transport.get_extra_info("ssl_object") is None
        assert await c.fetchval("SELECT 1") == 1
        assert c.get_server_version().major >= 15
        assert c.get_settings().server_encoding == "UTF8"

    apg(body)


def test_wrong_password_is_28P01(apg):
    async def body(connect):
        with pytest.raises(asyncpg.InvalidPasswordError) as excinfo:
            await connect(password="definitely-not-the-password")
        assert excinfo.value.sqlstate == "28P01"
        assert "password authentication failed" in str(excinfo.value)
        assert await (await connect()).fetchval("SELECT 2") == 2

    apg(body)


def test_unknown_database_is_3D000(apg):
    async def body(connect):
        with pytest.raises(asyncpg.InvalidCatalogNameError) as excinfo:
            await connect(database="no_such_database_xyz")
        assert excinfo.value.sqlstate == "3D000"

    apg(body)
