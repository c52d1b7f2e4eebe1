"""psycopg 3 x connection: TLS on request, plain TCP, SCRAM login failures with their SQLSTATEs."""
import psycopg
import pytest

from harness.psycopg3_support import pg3_connect  # noqa: F401  (fixture)


def test_sslmode_require_connects_encrypted(pg3_connect):
    c = pg3_connect(sslmode="require")
    assert c.pgconn.ssl_in_use
    assert c.info.parameter_status("server_encoding") == "UTF8"
    assert c.execute("SELECT 1").fetchone() == (1,)


def test_sslmode_disable_connects_in_clear(pg3_connect):
    c = pg3_connect(sslmode="disable")
    assert not c.pgconn.ssl_in_use
    assert c.execute("SELECT 1").fetchone() == (1,)


def test_server_reports_version_and_encoding(pg3_connect):
    c = pg3_connect()
    assert c.info.server_version > 0
    assert c.info.encoding == "utf-8"


# libpq exposes no SQLSTATE for a failed login (psycopg's sqlstate is None there); the 28P01 and
# 3D000 codes themselves are checked over the raw protocol in test_psycopg2_connect.py.

def test_wrong_password_is_rejected(pg3_connect):
    with pytest.raises(psycopg.OperationalError) as excinfo:
        pg3_connect(password="definitely-not-the-password")
    assert 'password authentication failed for user "heliosdb"' in str(excinfo.value)


def test_unknown_database_is_rejected(pg3_connect):
    with pytest.raises(psycopg.OperationalError) as excinfo:
        pg3_connect(dbname="no_such_database_xyz")
    assert 'database "no_such_database_xyz" does not exist' in str(excinfo.value)


def test_connection_is_usable_after_failed_logins(pg3_connect):
    with pytest.raises(psycopg.OperationalError):
        pg3_connect(password="wrong")
    assert pg3_connect().execute("SELECT 2").fetchone() == (2,)
