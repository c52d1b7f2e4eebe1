"""psycopg2 x connection: TLS on request, plain TCP, SCRAM login failures with their SQLSTATEs."""
import psycopg2
import pytest

from harness.pgwire_probe import try_login


def _select_one(c):
    with c.cursor() as cur:
        cur.execute("SELECT 1")
        return cur.fetchone()[0]


def test_sslmode_require_connects_encrypted(connect):
    c = connect(sslmode="require")
    assert c.info.ssl_in_use is True
    assert c.info.ssl_attribute("protocol").startswith("TLS")
    assert _select_one(c) == 1


def test_sslmode_disable_connects_in_clear(connect):
    c = connect(sslmode="disable")
    assert c.info.ssl_in_use is False
    assert _select_one(c) == 1


def test_server_reports_standard_parameters(connect):
    c = connect()
    assert c.server_version > 0
    assert c.info.parameter_status("server_encoding") == "UTF8"
    assert c.encoding == "UTF8"


def test_wrong_password_is_rejected(connect):
    with pytest.raises(psycopg2.OperationalError) as excinfo:
        connect(password="definitely-not-the-password")
    assert "password authentication failed" in str(excinfo.value)


def test_wrong_password_sqlstate_is_28P01(server):
    result = try_login(server.host, server.pg_port, server.user, "wrong-password", server.dbname)
    assert not result.ok
    assert result.sqlstate == "28P01", result.fields
    assert "password authentication failed" in result.message


def test_unknown_database_is_rejected(connect):
    with pytest.raises(psycopg2.OperationalError) as excinfo:
        connect(dbname="no_such_database_xyz")
    assert 'database "no_such_database_xyz" does not exist' in str(excinfo.value)


def test_unknown_database_sqlstate_is_3D000(server):
    result = try_login(server.host, server.pg_port, server.user, server.password,
                       "no_such_database_xyz")
    assert not result.ok
    assert result.sqlstate == "3D000", result.fields


def test_right_password_logs_in_over_raw_scram(server):
    result = try_login(server.host, server.pg_port, server.user, server.password, server.dbname)
    assert result.ok, result.fields
