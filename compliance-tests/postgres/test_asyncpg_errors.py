"""asyncpg x errors: the standard SQLSTATE for each failure, and the connection recovers."""
import asyncpg
import pytest

from harness.asyncpg_support import apg, assert_usable  # noqa: F401  (fixture)


def _fails_with(apg, sql, *args):
    async def body(connect):
        c = await connect()
        with pytest.raises(asyncpg.PostgresError) as excinfo:
            await c.fetch(sql, *args)
        assert excinfo.value.message, "the server sent no error message"
        await assert_usable(c)
        return excinfo.value.sqlstate

    return apg(body)


def test_undefined_table_is_42P01(apg):
    assert _fails_with(apg, "SELECT * FROM no_such_table_anywhere WHERE id = $1", 1) == "42P01"


def test_syntax_error_is_42601(apg):
    assert _fails_with(apg, "SELEC $1", 1) == "42601"
    assert _fails_with(apg, "SELECT FROM WHERE") == "42601"


def test_undefined_column_is_42703(apg, tables):
    t = tables.create("id INTEGER PRIMARY KEY")
    assert _fails_with(apg, f"SELECT no_such_column FROM {t}") == "42703"


def test_duplicate_primary_key_is_23505(apg, tables):
    t = tables.create("id INTEGER PRIMARY KEY")
    tables.execute(f"INSERT INTO {t} VALUES (1)")
    assert _fails_with(apg, f"INSERT INTO {t} VALUES ($1)", 1) == "23505"


def test_bad_integer_text_is_22P02(apg, tables):
    assert _fails_with(apg, "SELECT 'abc'::int") == "22P02"
    assert _fails_with(apg, "SELECT $1::text::int", "abc") == "22P02"


def test_division_by_zero_is_22012(apg):
    assert _fails_with(apg, "SELECT 1 / $1::int", 0) == "22012"


def test_wrong_argument_type_is_rejected_by_the_driver(apg, tables):
    t = tables.create("id INTEGER PRIMARY KEY")

    async def body(connect):
        c = await connect()
        # asyncpg encodes with the type from ParameterDescription: int4 needs an int
        with pytest.raises(asyncpg.DataError):
            await c.execute(f"INSERT INTO {t} VALUES ($1)", "not a number")
        await assert_usable(c)

    apg(body)
