"""PyMySQL: errors carry MySQL's error numbers and the connection stays usable."""
import pymysql
import pytest


def _errno(conn, sql, args=None):
    with conn.cursor() as cur:
        with pytest.raises(pymysql.err.MySQLError) as e:
            cur.execute(sql, args)
    return e.value.args[0]


def test_syntax_error_is_1064(my_connect):
    conn = my_connect(autocommit=True)
    assert _errno(conn, "SELEC 1") == 1064
    assert _errno(conn, "SELECT 'unterminated") == 1064


def test_unknown_table_is_1146_and_unknown_column_1054(my_connect, my_table):
    conn = my_connect(autocommit=True)
    assert _errno(conn, "SELECT * FROM no_such_table_here") == 1146
    t = my_table("id INT PRIMARY KEY")
    assert _errno(conn, f"SELECT nope FROM {t}") == 1054


def test_duplicate_key_is_1062(my_connect, my_table):
    conn = my_connect(autocommit=True)
    t = my_table("id INT PRIMARY KEY")
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1)")
    with pytest.raises(pymysql.err.IntegrityError) as e:
        with conn.cursor() as cur:
            cur.execute(f"INSERT INTO {t} VALUES (%s)", (1,))
    assert e.value.args[0] == 1062


def test_use_of_an_unknown_database_is_1049(my_connect):
    conn = my_connect(autocommit=True)
    assert _errno(conn, "USE no_such_database") == 1049


def test_unsupported_features_are_refused_clearly(my_connect):
    conn = my_connect(autocommit=True)
    assert _errno(conn, "SELECT @user_variable") == 1235
    assert _errno(conn, "SET @@global.wait_timeout = 1") == 1235
    assert _errno(conn, "SET no_such_variable = 1") == 1193


def test_connection_survives_errors(my_connect):
    conn = my_connect(autocommit=True)
    for sql in ("SELEC 1", "SELECT * FROM missing_table", "SHOW NONSENSE"):
        with pytest.raises(pymysql.err.MySQLError):
            with conn.cursor() as cur:
                cur.execute(sql)
    with conn.cursor() as cur:
        cur.execute("SELECT 5")
        assert cur.fetchone() == (5,)
