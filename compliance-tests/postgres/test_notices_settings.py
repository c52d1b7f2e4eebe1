"""psycopg2 and asyncpg x NoticeResponse and ParameterStatus: the notices and warnings PostgreSQL
sends for statements with nothing to do, and the reported settings a client sees change after SET,
RESET, SET LOCAL and a rolled-back SET."""
import pytest

from harness.asyncpg_support import apg  # noqa: F401  (fixture)


@pytest.fixture
def auto(connect):
    c = connect()
    c.autocommit = True
    return c


def _notices_of(conn, sql):
    del conn.notices[:]
    with conn.cursor() as cur:
        cur.execute(sql)
    return list(conn.notices)


def test_if_exists_notices(auto, tables):
    missing = tables.unique_name("missing")
    assert _notices_of(auto, f"DROP TABLE IF EXISTS {missing}") == [
        f'NOTICE:  table "{missing}" does not exist, skipping\n']
    name = tables.unique_name("twice")
    assert _notices_of(auto, f"CREATE TABLE IF NOT EXISTS {name} (id INTEGER PRIMARY KEY)") == []
    try:
        assert _notices_of(auto, f"CREATE TABLE IF NOT EXISTS {name} (id INTEGER PRIMARY KEY)") == [
            f'NOTICE:  relation "{name}" already exists, skipping\n']
    finally:
        _notices_of(auto, f"DROP TABLE {name}")
    schema = tables.unique_name("nosch")
    assert _notices_of(auto, f"DROP SCHEMA IF EXISTS {schema}") == [
        f'NOTICE:  schema "{schema}" does not exist, skipping\n']


def test_transaction_control_warnings(auto):
    assert _notices_of(auto, "COMMIT") == ["WARNING:  there is no transaction in progress\n"]
    assert _notices_of(auto, "ROLLBACK") == ["WARNING:  there is no transaction in progress\n"]
    assert _notices_of(auto, "SET LOCAL application_name = 'x'") == [
        "WARNING:  SET LOCAL can only be used in transaction blocks\n"]
    _notices_of(auto, "BEGIN")
    assert _notices_of(auto, "BEGIN") == ["WARNING:  there is already a transaction in progress\n"]
    assert _notices_of(auto, "ROLLBACK") == []


def test_no_notice_for_ordinary_statements(auto, tables):
    t = tables.create("id INTEGER PRIMARY KEY", hint="quiet")
    assert _notices_of(auto, f"INSERT INTO {t} VALUES (1)") == []
    assert _notices_of(auto, f"SELECT * FROM {t}") == []


def test_parameter_status_follows_set_and_reset(auto):
    with auto.cursor() as cur:
        cur.execute("SET application_name = 'matrix-app'")
        assert auto.get_parameter_status("application_name") == "matrix-app"
        cur.execute("SET TimeZone = 'Europe/Paris'")
        assert auto.get_parameter_status("TimeZone") == "Europe/Paris"
        cur.execute("SET DateStyle = 'German'")
        assert auto.get_parameter_status("DateStyle") == "German, DMY"
        cur.execute("SET DateStyle = 'ISO'")
        assert auto.get_parameter_status("DateStyle") == "ISO, DMY"
        cur.execute("SET IntervalStyle = 'iso_8601'")
        assert auto.get_parameter_status("IntervalStyle") == "iso_8601"
        cur.execute("SET client_encoding = 'UTF8'")
        assert auto.get_parameter_status("client_encoding") == "UTF8"
        cur.execute("RESET application_name")
        assert auto.get_parameter_status("application_name") == ""
        cur.execute("SET application_name = 'again'")
        cur.execute("RESET ALL")
        assert auto.get_parameter_status("application_name") == ""
        assert auto.get_parameter_status("DateStyle") == "ISO, MDY"
        assert auto.get_parameter_status("IntervalStyle") == "postgres"
        cur.execute("SHOW DateStyle")
        assert cur.fetchone()[0] == "ISO, MDY"


def test_rolled_back_set_is_undone_and_reported(conn):
    # psycopg2 without autocommit: the first statement opens a block.
    with conn.cursor() as cur:
        cur.execute("SET application_name = 'inside'")
        assert conn.get_parameter_status("application_name") == "inside"
        conn.rollback()
        assert conn.get_parameter_status("application_name") == ""
        cur.execute("SHOW application_name")
        assert cur.fetchone()[0] == ""
        conn.rollback()
        cur.execute("SET application_name = 'kept'")
        conn.commit()
        assert conn.get_parameter_status("application_name") == "kept"
        cur.execute("SET LOCAL application_name = 'local'")
        assert conn.get_parameter_status("application_name") == "local"
        conn.commit()
        assert conn.get_parameter_status("application_name") == "kept"
        cur.execute("SHOW application_name")
        assert cur.fetchone()[0] == "kept"


def test_set_undone_when_failed_block_rolls_back(conn):
    with conn.cursor() as cur:
        cur.execute("SET TimeZone = 'Asia/Tokyo'")
        with pytest.raises(Exception):
            cur.execute("SELECT * FROM no_such_table_for_settings")
        conn.rollback()
        assert conn.get_parameter_status("TimeZone") != "Asia/Tokyo"


def test_asyncpg_log_listener_gets_severity_and_sqlstate(apg, tables):
    missing = tables.unique_name("gone")

    async def body(connect):
        c = await connect()
        seen = []
        c.add_log_listener(lambda _conn, message: seen.append(message))
        await c.execute(f"DROP TABLE IF EXISTS {missing}")
        await c.execute("COMMIT")
        await c.execute("SET application_name = 'apg-listener'")
        app = c.get_settings().application_name
        return [(m.severity, m.sqlstate, m.message, type(m).__name__) for m in seen], app

    messages, app = apg(body)
    assert messages[0][:3] == ("NOTICE", "00000", f'table "{missing}" does not exist, skipping')
    assert messages[1][:3] == ("WARNING", "25P01", "there is no transaction in progress")
    assert messages[1][3] == "NoActiveSQLTransactionError"
    assert app == "apg-listener"


def test_asyncpg_create_if_not_exists_notice_sqlstate(apg, tables):
    name = tables.create("id INTEGER PRIMARY KEY", hint="exists")

    async def body(connect):
        c = await connect()
        seen = []
        c.add_log_listener(lambda _conn, message: seen.append(message))
        await c.execute(f"CREATE TABLE IF NOT EXISTS {name} (id INTEGER PRIMARY KEY)")
        return [(m.severity, m.sqlstate, m.message) for m in seen]

    assert apg(body) == [("NOTICE", "42P07", f'relation "{name}" already exists, skipping')]
