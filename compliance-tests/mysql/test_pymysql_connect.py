"""PyMySQL: connecting (caching_sha2_password over RSA and TLS), wrong password, unknown database, ping."""
import pymysql
import pytest


def test_connect_without_tls_and_read_the_server_version(my_connect):
    conn = my_connect()
    assert conn.get_server_info() == "8.0.36-HeliosDB"
    with conn.cursor() as cur:
        cur.execute("SELECT @@version, DATABASE(), CONNECTION_ID()")
        version, database, connection_id = cur.fetchone()
    assert version == "8.0.36-HeliosDB"
    assert database == "heliosdb"
    assert connection_id == conn.thread_id()


def test_second_connection_takes_the_fast_path(my_connect):
    # the first caching_sha2_password login of a user is a full one (RSA here); later ones use the cache
    for _ in range(2):
        conn = my_connect()
        with conn.cursor() as cur:
            cur.execute("SELECT 1")
            assert cur.fetchone() == (1,)


def test_connect_with_tls(my_connect, tls_options):
    conn = my_connect(ssl=tls_options)
    with conn.cursor() as cur:
        cur.execute("SELECT 42")
        assert cur.fetchone() == (42,)
    assert conn._sock.version().startswith("TLS")


def test_wrong_password_is_1045(my_connect, server):
    with pytest.raises(pymysql.err.OperationalError) as e:
        my_connect(password="wrong-" + server.password)
    assert e.value.args[0] == 1045
    assert e.value.args[1] == f"Access denied for user '{server.user}'@'127.0.0.1' (using password: YES)"


def test_wrong_password_over_tls_is_1045(my_connect, server, tls_options):
    with pytest.raises(pymysql.err.OperationalError) as e:
        my_connect(password="nope", ssl=tls_options)
    assert e.value.args[0] == 1045


def test_unknown_user_is_1045(my_connect):
    with pytest.raises(pymysql.err.OperationalError) as e:
        my_connect(user="nobody_here")
    assert e.value.args[0] == 1045


def test_unknown_database_is_1049(my_connect):
    with pytest.raises(pymysql.err.OperationalError) as e:
        my_connect(database="no_such_db")
    assert e.value.args[0] == 1049
    assert e.value.args[1] == "Unknown database 'no_such_db'"


def test_connect_without_a_database(my_connect):
    conn = my_connect(database=None)
    with conn.cursor() as cur:
        cur.execute("SELECT DATABASE()")
        assert cur.fetchone() == (None,)
        cur.execute("USE heliosdb")
        cur.execute("SELECT DATABASE()")
        assert cur.fetchone() == ("heliosdb",)


def test_ping_and_select_db(my_connect):
    conn = my_connect()
    conn.ping(reconnect=False)
    conn.select_db("heliosdb")
    with pytest.raises(pymysql.err.OperationalError) as e:
        conn.select_db("no_such_db")
    assert e.value.args[0] == 1049
    conn.ping(reconnect=False)


def test_connect_time_queries_of_clients(my_connect):
    conn = my_connect(autocommit=True)
    with conn.cursor() as cur:
        cur.execute("SET NAMES utf8mb4")
        cur.execute("SHOW VARIABLES LIKE 'sql_mode'")
        assert cur.fetchone()[0] == "sql_mode"
        cur.execute("SHOW VARIABLES LIKE 'lower_case_table_names'")
        assert cur.fetchone() == ("lower_case_table_names", "1")
        cur.execute("SELECT @@transaction_isolation, @@session.autocommit, @@max_allowed_packet")
        isolation, autocommit, max_packet = cur.fetchone()
        assert isolation in ("READ-COMMITTED", "REPEATABLE-READ")
        assert autocommit == 1
        assert max_packet > 0


def test_set_with_expressions_as_rails_configures_a_connection(my_connect):
    """ActiveRecord's mysql adapter sets sql_mode from an expression over @@sql_mode at connect; a SET
    value may be any expression, sql_mode is stored as mysqld stores it, and a SET that fails changes
    nothing (autocommit included)."""
    conn = my_connect(autocommit=True)
    with conn.cursor() as cur:
        cur.execute("SET @@SESSION.sql_mode = CONCAT(REPLACE(REPLACE(REPLACE(@@sql_mode, 'STRICT_TRANS_TABLES', ''), "
                    "'STRICT_ALL_TABLES', ''), 'TRADITIONAL', ''), ',NO_AUTO_VALUE_ON_ZERO'), "
                    "@@SESSION.sql_auto_is_null = 0, @@SESSION.wait_timeout = 2147483")
        cur.execute("SELECT @@sql_mode, @@sql_auto_is_null, @@wait_timeout")
        mode, auto_is_null, timeout = cur.fetchone()
        assert mode.split(",")[-1] == "NO_AUTO_VALUE_ON_ZERO" and "STRICT_TRANS_TABLES" not in mode
        assert ",," not in mode and (auto_is_null, timeout) == (0, 2147483)
        cur.execute("SET wait_timeout = 5 * 12")
        cur.execute("SELECT @@wait_timeout")
        assert cur.fetchone() == (60,)
        with pytest.raises(pymysql.err.MySQLError) as e:
            cur.execute("SET wait_timeout = 100, autocommit = 0, no_such_variable = 1")
        assert e.value.args[0] == 1193
        cur.execute("SELECT @@wait_timeout, @@autocommit")
        assert cur.fetchone() == (60, 1)
