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


def test_version_comments_are_refused_not_skipped(my_connect):
    """mysqld runs the text of /*!NNNNN ... */ (SELECT /*!40101 1 */ + 1 is 2 there); HeliosDB
    does not, so it refuses such a statement with 1235 rather than answer without that part.
    Ordinary comments, optimizer hints and the same characters inside a string are fine."""
    conn = my_connect(autocommit=True)
    assert _errno(conn, "SELECT /*!40101 1 */ + 1") == 1235
    assert _errno(conn, "/*!40101 SET NAMES utf8mb4 */") == 1235
    assert _errno(conn, "SELECT /*M!100100 1 */ + 1") == 1235
    with conn.cursor() as cur:
        cur.execute("SELECT /* plain */ 1 + 1, '/*!40101 text */' /*+ NO_INDEX_MERGE() */")
        assert cur.fetchall() == ((2, "/*!40101 text */"),)
        cur.execute("SELECT 1 -- /*!40101 2 */")
        assert cur.fetchall() == ((1,),)


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


def _error(conn, sql, args=None):
    with conn.cursor() as cur:
        with pytest.raises(pymysql.err.MySQLError) as e:
            cur.execute(sql, args)
    return e.value.args[0], e.value.args[1]


def test_duplicate_entry_names_the_value_and_the_key(my_connect, my_table):
    conn = my_connect(autocommit=True)
    t = my_table("id INT PRIMARY KEY, name VARCHAR(10)")
    pair = my_table("a INT, b VARCHAR(5), PRIMARY KEY (a, b)")
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (5, 'x'), (6, 'y')")
        cur.execute(f"INSERT INTO {pair} VALUES (1, 'q')")
    dup5 = (1062, f"Duplicate entry '5' for key '{t}.PRIMARY'")
    assert _error(conn, f"INSERT INTO {t} VALUES (%s, 'z')", (5,)) == dup5  # an existing row
    assert _error(conn, f"INSERT INTO {t} VALUES (7, 'a'), (7, 'b')") == (1062, f"Duplicate entry '7' for key '{t}.PRIMARY'")
    assert _error(conn, f"UPDATE {t} SET id = 5 WHERE id = 6") == dup5  # a key moved onto another row
    assert _error(conn, f"INSERT INTO {pair} VALUES (1, 'q')") == (1062, f"Duplicate entry '1-q' for key '{pair}.PRIMARY'")


def test_data_too_long_and_not_null_name_the_column(my_connect, my_table):
    conn = my_connect(autocommit=True)
    t = my_table("id INT PRIMARY KEY, name VARCHAR(3) NOT NULL")
    assert _error(conn, f"INSERT INTO {t} VALUES (1, 'abc'), (2, 'abcd')") == (
        1406, "Data too long for column 'name' at row 2")
    assert _error(conn, f"INSERT INTO {t} VALUES (1, NULL)") == (1048, "Column 'name' cannot be null")


def test_a_query_divides_by_zero_to_null_and_a_write_fails_with_1365(my_connect, my_table):
    """MySQL 8's default sql_mode (ERROR_FOR_DIVISION_BY_ZERO, STRICT_TRANS_TABLES): NULL in a query,
    error 1365 for a value an INSERT or UPDATE would write."""
    conn = my_connect(autocommit=True)
    t = my_table("id INT PRIMARY KEY, v INT")
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1, 10), (2, 0)")
        cur.execute("SELECT 1/0")
        assert cur.fetchall() == ((None,),)
        cur.execute(f"SELECT id, 100 / v FROM {t} ORDER BY id")
        assert [(r[0], None if r[1] is None else int(r[1])) for r in cur.fetchall()] == [(1, 10), (2, None)]
    assert _error(conn, f"INSERT INTO {t} VALUES (3, 1/0)") == (1365, "Division by 0")
    assert _error(conn, f"UPDATE {t} SET v = 5 / v") == (1365, "Division by 0")
    with conn.cursor() as cur:
        cur.execute(f"SELECT id, v FROM {t} ORDER BY id")
        assert cur.fetchall() == ((1, 10), (2, 0))  # the failed UPDATE changed nothing


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
