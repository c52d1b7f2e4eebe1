"""PyMySQL: DDL with MySQL spellings, INSERT/UPDATE/DELETE with parameters, SELECT, SHOW."""
import datetime
import decimal
import time

import pymysql
import pytest


def test_create_insert_select_with_parameters(my_conn, my_table):
    t = my_table("`id` INT NOT NULL, `name` VARCHAR(40), `price` DECIMAL(10,2), `seen` DATETIME,"
                 " `ok` BOOL, PRIMARY KEY (`id`)")
    with my_conn.cursor() as cur:
        n = cur.executemany(f"INSERT INTO `{t}` (id, name, price, seen, ok) VALUES (%s, %s, %s, %s, %s)", [
            (1, "plain", decimal.Decimal("1.50"), datetime.datetime(2024, 1, 2, 3, 4, 5), True),
            (2, "it's \"quoted\" \\ back", decimal.Decimal("-2.25"), None, False),
            (3, None, None, None, None),
        ])
        assert n == 3
        my_conn.commit()
        cur.execute(f"SELECT id, name, price, seen, ok FROM `{t}` WHERE id <= %s ORDER BY id", (2,))
        assert cur.fetchall() == (
            (1, "plain", decimal.Decimal("1.50"), datetime.datetime(2024, 1, 2, 3, 4, 5), 1),
            (2, "it's \"quoted\" \\ back", decimal.Decimal("-2.25"), None, 0),
        )
        names = [d[0] for d in cur.description]
        assert names == ["id", "name", "price", "seen", "ok"]


def test_update_and_delete_report_affected_rows(my_conn, my_table):
    t = my_table("id INT PRIMARY KEY, v INT")
    with my_conn.cursor() as cur:
        cur.executemany(f"INSERT INTO {t} VALUES (%s, %s)", [(i, i * 10) for i in range(1, 6)])
        assert cur.execute(f"UPDATE {t} SET v = v + 1 WHERE id > %s", (2,)) == 3
        assert cur.execute(f"DELETE FROM {t} WHERE id = %s", (1,)) == 1
        my_conn.commit()
        cur.execute(f"SELECT id, v FROM {t} ORDER BY id LIMIT 1, 2")
        assert cur.fetchall() == ((3, 31), (4, 41))


def test_update_counts_changed_rows_unless_client_found_rows(my_connect, my_table):
    """PyMySQL does not set CLIENT_FOUND_ROWS: an UPDATE reports the rows it changed, as MySQL does;
    with the flag (SQLAlchemy's MySQL dialects set it) it reports the rows it matched."""
    import pymysql.constants.CLIENT as CLIENT
    t = my_table("id INT PRIMARY KEY, v INT, w VARCHAR(5)")
    plain = my_connect(autocommit=True)
    found = my_connect(autocommit=True, client_flag=CLIENT.FOUND_ROWS)
    with plain.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1, 5, 'a'), (2, 6, 'b'), (3, 5, NULL)")
        assert cur.execute(f"UPDATE {t} SET v = 5") == 1  # rows 1 and 3 already hold 5
        assert cur.execute(f"UPDATE {t} SET v = 5") == 0
        assert cur.execute(f"UPDATE {t} SET v = 5, w = NULL WHERE id = 3") == 0  # NULL to NULL is no change
        assert cur.execute(f"UPDATE {t} SET w = 'z' WHERE v = 5") == 3
    with found.cursor() as cur:
        assert cur.execute(f"UPDATE {t} SET v = 5") == 3
        assert cur.execute(f"UPDATE {t} SET v = 7 WHERE id = 1") == 1


def test_unquoted_and_backtick_names_fold_to_lower_case(my_conn, my_table):
    t = my_table("`MixedCase` INT PRIMARY KEY, Other VARCHAR(5)")
    with my_conn.cursor() as cur:
        cur.execute(f"INSERT INTO `{t}` (`MIXEDCASE`, other) VALUES (1, 'x')")
        cur.execute(f"SELECT mixedcase, `OTHER` FROM {t.upper()}")
        assert cur.fetchall() == ((1, "x"),)
        assert [d[0] for d in cur.description] == ["mixedcase", "other"]


def test_show_tables_columns_and_create_table(my_conn, my_table):
    t = my_table("id INT NOT NULL, label VARCHAR(20) DEFAULT 'none', PRIMARY KEY (id)")
    with my_conn.cursor() as cur:
        cur.execute("SHOW TABLES")
        assert (t,) in cur.fetchall()
        assert cur.description[0][0] == "Tables_in_heliosdb"
        cur.execute(f"SHOW FULL TABLES LIKE '{t}'")
        assert cur.fetchall() == ((t, "BASE TABLE"),)
        cur.execute(f"SHOW COLUMNS FROM `{t}`")
        assert cur.fetchall() == (("id", "int", "NO", "PRI", None, ""),
                                  ("label", "varchar(20)", "YES", "", "none", ""))
        cur.execute(f"SHOW CREATE TABLE {t}")
        name, ddl = cur.fetchone()
        assert name == t
        assert ddl.splitlines() == [f"CREATE TABLE `{t}` (", "  `id` int NOT NULL,",
                                    "  `label` varchar(20) DEFAULT 'none',", "  PRIMARY KEY (`id`)",
                                    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci"]


def test_show_table_status_engines_character_sets_and_collations(my_conn, my_table):
    """What GUI clients and ORMs ask besides SHOW TABLES (Rails reads SHOW TABLE STATUS LIKE 't')."""
    t = my_table("id INT PRIMARY KEY")
    with my_conn.cursor() as cur:
        cur.execute(f"SHOW TABLE STATUS LIKE '{t}'")
        assert [d[0] for d in cur.description] == [
            "Name", "Engine", "Version", "Row_format", "Rows", "Avg_row_length", "Data_length",
            "Max_data_length", "Index_length", "Data_free", "Auto_increment", "Create_time", "Update_time",
            "Check_time", "Collation", "Checksum", "Create_options", "Comment"]
        (row,) = cur.fetchall()
        assert (row[0], row[1], row[14]) == (t, "InnoDB", "utf8mb4_0900_ai_ci")
        cur.execute("SHOW TABLE STATUS FROM heliosdb")
        assert t in [r[0] for r in cur.fetchall()]
        cur.execute("SHOW TABLE STATUS LIKE 'no_such_table_here'")
        assert cur.fetchall() == ()
        cur.execute("SHOW ENGINES")
        assert [(r[0], r[1], r[3]) for r in cur.fetchall()] == [("InnoDB", "DEFAULT", "YES")]
        cur.execute("SHOW CHARACTER SET LIKE 'utf8mb4'")
        assert cur.fetchall() == (("utf8mb4", "UTF-8 Unicode", "utf8mb4_0900_ai_ci", 4),)
        cur.execute("SHOW CHARSET")
        assert {r[0] for r in cur.fetchall()} == {"utf8mb4", "binary"}
        cur.execute("SHOW COLLATION LIKE 'utf8mb4_0900%'")
        assert [(r[0], r[1], r[2], r[3]) for r in cur.fetchall()] == [
            ("utf8mb4_0900_ai_ci", "utf8mb4", 255, "Yes"), ("utf8mb4_0900_bin", "utf8mb4", 309, "")]


def test_show_with_a_where_filter_it_cannot_apply_is_refused(my_conn, my_table):
    """A WHERE that SHOW would drop (returning every row) is refused; SHOW VARIABLES WHERE
    Variable_name = '...' (mysql-connector's form) is answered."""
    my_table("id INT PRIMARY KEY")
    with my_conn.cursor() as cur:
        with pytest.raises(pymysql.err.NotSupportedError) as e:
            cur.execute("SHOW TABLES WHERE Tables_in_heliosdb = 'x'")
        assert e.value.args[0] == 1235
        with pytest.raises(pymysql.err.NotSupportedError):
            cur.execute("SHOW VARIABLES WHERE Value = 'ON'")
        cur.execute("SHOW VARIABLES WHERE Variable_name = 'autocommit'")
        assert cur.fetchall() == (("autocommit", "OFF"),)
        cur.execute("SELECT 1")
        assert cur.fetchone() == (1,)


def test_utc_functions_and_time_zone(my_connect):
    """Sessions run in UTC: UTC_TIMESTAMP / UTC_DATE (with or without parentheses) equal NOW() /
    CURDATE(); time_zone takes UTC spellings and refuses other zones (1235) rather than ignore them."""
    conn = my_connect(autocommit=True)
    with conn.cursor() as cur:
        cur.execute("SELECT UTC_TIMESTAMP() = NOW(), UTC_TIMESTAMP = NOW(), UTC_DATE() = CURDATE(), "
                    "UTC_DATE = CURDATE(), UTC_TIMESTAMP(3) = NOW()")
        assert cur.fetchone() == (1, 1, 1, 1, 1)
        cur.execute("SELECT UTC_TIMESTAMP(), UTC_DATE()")
        now, today = cur.fetchone()
        utc = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
        assert abs((now - utc).total_seconds()) < 60
        assert today == now.date()
        for zone in ("+00:00", "UTC", "SYSTEM"):
            cur.execute(f"SET time_zone = '{zone}'")
        with pytest.raises(pymysql.err.NotSupportedError) as e:
            cur.execute("SET time_zone = '+02:00'")
        assert e.value.args[0] == 1235
        cur.execute("SELECT @@time_zone")
        assert cur.fetchone() == ("SYSTEM",)


def test_databases_are_schemas(my_connect):
    conn = my_connect(autocommit=True)
    with conn.cursor() as cur:
        cur.execute("CREATE DATABASE IF NOT EXISTS my_shop")
        cur.execute("SHOW DATABASES")
        assert {("heliosdb",), ("my_shop",)} <= set(cur.fetchall())
        cur.execute("USE my_shop")
        cur.execute("CREATE TABLE orders (id INT PRIMARY KEY)")
        cur.execute("INSERT INTO orders VALUES (7)")
        cur.execute("SELECT id FROM my_shop.orders")
        assert cur.fetchall() == ((7,),)
        cur.execute("SHOW TABLES")
        assert cur.fetchall() == (("orders",),)
        cur.execute("USE heliosdb")
        cur.execute("DROP DATABASE my_shop")
        cur.execute("SHOW DATABASES")
        assert ("my_shop",) not in cur.fetchall()


def test_one_statement_with_a_closing_semicolon_without_multi_statements(my_connect, my_table):
    """MySQL takes "SELECT 1;" from a client that did not enable multi-statements (PyMySQL's
    default); two statements stay a 1064 there."""
    t = my_table("id INT PRIMARY KEY, v VARCHAR(10)")
    conn = my_connect(autocommit=True)
    with conn.cursor() as cur:
        cur.execute("SELECT 1;")
        assert cur.fetchall() == ((1,),)
        cur.execute(f"INSERT INTO {t} (id, v) VALUES (1, 'a;'), (2, 'b') ; \n")
        assert cur.rowcount == 2
        cur.execute(f"SELECT v FROM {t} ORDER BY id;")
        assert cur.fetchall() == (("a;",), ("b",))
        with pytest.raises(pymysql.err.ProgrammingError) as e:
            cur.execute("SELECT 1; SELECT 2")
        assert e.value.args[0] == 1064
        with pytest.raises(pymysql.err.ProgrammingError) as e:
            cur.execute("SELECT 1; SELECT 2;")
        assert e.value.args[0] == 1064
        cur.execute("SELECT 3")
        assert cur.fetchall() == ((3,),)


def test_multi_statements_when_the_client_enables_them(my_connect):
    from pymysql.constants import CLIENT
    conn = my_connect(client_flag=CLIENT.MULTI_STATEMENTS, autocommit=True)
    with conn.cursor() as cur:
        cur.execute("SELECT 1; SELECT 'a;b'; SET @@session.wait_timeout = 60")
        assert cur.fetchall() == ((1,),)
        assert cur.nextset()
        assert cur.fetchall() == (("a;b",),)
        assert cur.nextset()
        assert not cur.nextset()


def test_mysql_string_and_date_functions(my_connect, my_table):
    """CONCAT_WS, LENGTH (bytes) and CHAR_LENGTH (characters), LPAD/RPAD, MD5 and CURDATE() as MySQL
    answers them, also over a table's columns."""
    t = my_table("id INT PRIMARY KEY, name VARCHAR(20), note VARCHAR(20)")
    conn = my_connect(autocommit=True)
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1, 'héllo', NULL), (2, 'ab', 'x')")
        cur.execute(f"SELECT CONCAT_WS('/', name, note, id), LENGTH(name), CHAR_LENGTH(name), LPAD(id, 3, '0'), "
                    f"RPAD(name, 4, '.') FROM {t} ORDER BY id")
        assert cur.fetchall() == (("héllo/1", 6, 5, "001", "héll"), ("ab/x/2", 2, 2, "002", "ab.."))
        cur.execute("SELECT MD5('abc'), CURDATE() = CURRENT_DATE, CONCAT_WS(NULL, 'a')")
        assert cur.fetchone() == ("900150983cd24fb0d6963f7d28e17f72", 1, None)


def test_mysql_group_concat_hex_uuid_substring_index_unix_timestamp(my_connect, my_table):
    """GROUP_CONCAT (default ',' separator, ORDER BY, SEPARATOR), HEX of numbers and strings, UUID(),
    SUBSTRING_INDEX from either end, UNIX_TIMESTAMP() and NOW(6), with MySQL's answers."""
    t = my_table("id INT PRIMARY KEY, grp INT, name VARCHAR(20)")
    conn = my_connect(autocommit=True)
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1, 1, 'b'), (2, 1, 'a'), (3, 2, 'c')")
        cur.execute(f"SELECT grp, GROUP_CONCAT(name ORDER BY name SEPARATOR '; '), GROUP_CONCAT(id) FROM {t} "
                    f"GROUP BY grp ORDER BY grp")
        rows = cur.fetchall()
        assert [(r[0], r[1]) for r in rows] == [(1, "a; b"), (2, "c")]
        assert sorted(rows[0][2].split(",")) == ["1", "2"] and rows[1][2] == "3"
        cur.execute("SELECT HEX(255), HEX('abc'), HEX(NULL), LENGTH(UUID())")
        assert cur.fetchone() == ("FF", "616263", None, 36)
        cur.execute(f"SELECT UUID() FROM {t}")
        assert len({r[0] for r in cur.fetchall()}) == 3  # a new value for every row
        cur.execute("SELECT SUBSTRING_INDEX('www.mysql.com', '.', 2), SUBSTRING_INDEX('www.mysql.com', '.', -2), "
                    "SUBSTRING_INDEX('abc', '.', 1), SUBSTRING_INDEX('a.b', '.', 0)")
        assert cur.fetchone() == ("www.mysql", "mysql.com", "abc", "")
        cur.execute("SELECT UNIX_TIMESTAMP(), UNIX_TIMESTAMP('2020-01-01 00:00:00'), NOW(6) IS NOT NULL, "
                    "CURRENT_TIMESTAMP(3) IS NOT NULL, SYSDATE() IS NOT NULL")
        now, fixed, a, b, c = cur.fetchone()
        assert abs(now - time.time()) < 120 and fixed == 1577836800 and (a, b, c) == (1, 1, 1)


def test_group_concat_distinct_several_expressions_and_rewritten_arguments(my_connect, my_table):
    """GROUP_CONCAT(DISTINCT x) lists each value once, sorted (as text); several expressions are
    concatenated per row (a NULL one drops the row, as MySQL's CONCAT); functions and CONCAT work
    inside; DISTINCT with ORDER BY is refused (1235) rather than sorted another way."""
    t = my_table("id INT PRIMARY KEY, k INT, v VARCHAR(10), n INT")
    conn = my_connect(autocommit=True)
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1,1,'b',3),(2,1,'a',10),(3,1,'b',3),(4,2,'c',NULL),(5,2,NULL,2)")
        cur.execute(f"SELECT k, GROUP_CONCAT(DISTINCT v) FROM {t} GROUP BY k ORDER BY k")
        assert cur.fetchall() == ((1, "a,b"), (2, "c"))
        cur.execute(f"SELECT k, GROUP_CONCAT(DISTINCT UPPER(v) SEPARATOR '|') FROM {t} GROUP BY k ORDER BY k")
        assert cur.fetchall() == ((1, "A|B"), (2, "C"))
        cur.execute(f"SELECT k, GROUP_CONCAT(v, '=', n ORDER BY id DESC SEPARATOR ' '),"
                    f" GROUP_CONCAT(CONCAT(v, ':', n) ORDER BY id SEPARATOR '; '), GROUP_CONCAT(IFNULL(v, '?') ORDER BY id)"
                    f" FROM {t} GROUP BY k ORDER BY k")
        assert cur.fetchall() == ((1, "b=3 a=10 b=3", "b:3; a:10; b:3", "b,a,b"), (2, None, None, "c,?"))
        cur.execute(f"SELECT k, GROUP_CONCAT(DISTINCT CONCAT(v, '-', 'x')) FROM {t} GROUP BY k ORDER BY k")
        assert cur.fetchall() == ((1, "a-x,b-x"), (2, "c-x"))
        for sql in (f"SELECT GROUP_CONCAT(DISTINCT v ORDER BY v DESC) FROM {t}", f"SELECT GROUP_CONCAT(DISTINCT v, n) FROM {t}"):
            with pytest.raises(pymysql.err.NotSupportedError) as e:
                cur.execute(sql)
            assert e.value.args[0] == 1235


def test_mysql_date_functions(my_connect, my_table):
    """DATE_ADD / DATE_SUB with INTERVAL, DATE(), YEAR() ... SECOND(), DATEDIFF and DATE_FORMAT over
    text and over DATETIME columns, with the answers MySQL 8.0 gives."""
    dt = datetime
    t = my_table("id INT PRIMARY KEY, at DATETIME")
    conn = my_connect(autocommit=True)
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1, '2020-02-28 23:30:15')")
        cur.execute(f"SELECT DATE_ADD(at, INTERVAL 1 DAY), DATE_SUB(at, INTERVAL 2 MONTH), DATE(at), YEAR(at), MONTH(at), "
                    f"DAY(at), HOUR(at), MINUTE(at), SECOND(at) FROM {t}")
        assert cur.fetchone() == (dt.datetime(2020, 2, 29, 23, 30, 15), dt.datetime(2019, 12, 28, 23, 30, 15),
                                  dt.date(2020, 2, 28), 2020, 2, 28, 23, 30, 15)
        cur.execute(f"SELECT DATEDIFF('2020-03-01', at), DATEDIFF('2020-01-10 05:00:00', '2020-01-01 23:00:00'), "
                    f"DATE_FORMAT(at, '%Y-%m-%d %H:%i:%s'), DATE_FORMAT(at, '%W %M %D %y, %l:%i %p'), "
                    f"DATE_FORMAT('2020-01-02', '%a %b %e %j %%') FROM {t}")
        assert cur.fetchone() == (2, 9, "2020-02-28 23:30:15", "Friday February 28th 20, 11:30 PM", "Thu Jan 2 002 %")
        cur.execute(f"SELECT TIMESTAMPDIFF(SECOND, '2020-01-01', at), TIMESTAMPDIFF(MONTH, '2020-01-31', '2020-03-01'), "
                    f"LAST_DAY(at), FROM_UNIXTIME(1577836800), FROM_UNIXTIME(UNIX_TIMESTAMP(at)) = at FROM {t}")
        assert cur.fetchone() == (5095815, 1, dt.date(2020, 2, 29), dt.datetime(2020, 1, 1), 1)


def test_order_by_sorts_null_first_ascending_and_last_descending(my_connect, my_table):
    """MySQL orders NULL below every value: first in ascending order, last in descending, in
    queries, window functions, GROUP_CONCAT and UNION alike (PostgreSQL does the opposite)."""
    t = my_table("id INT PRIMARY KEY, n INT, v VARCHAR(5)")
    conn = my_connect(autocommit=True)
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1, 3, 'b'), (2, 10, 'a'), (3, NULL, NULL), (4, 2, 'c')")
        cur.execute(f"SELECT id FROM {t} ORDER BY n")
        assert cur.fetchall() == ((3,), (4,), (1,), (2,))
        cur.execute(f"SELECT id FROM {t} ORDER BY n DESC")
        assert cur.fetchall() == ((2,), (1,), (4,), (3,))
        cur.execute(f"SELECT id FROM {t} ORDER BY n IS NULL, n LIMIT 2")  # the usual "NULLs last" idiom
        assert cur.fetchall() == ((4,), (1,))
        cur.execute(f"SELECT id, ROW_NUMBER() OVER (ORDER BY v) FROM {t} ORDER BY id")
        assert cur.fetchall() == ((1, 3), (2, 2), (3, 1), (4, 4))
        cur.execute(f"SELECT v FROM {t} UNION SELECT 'zz' ORDER BY v DESC")
        assert cur.fetchall() == (("zz",), ("c",), ("b",), ("a",), (None,))
        cur.execute(f"SELECT GROUP_CONCAT(IFNULL(v, '-') ORDER BY n SEPARATOR '') FROM {t}")
        assert cur.fetchone() == ("-cba",)


def test_division_is_decimal_and_overflow_is_an_error(my_connect, my_table):
    """MySQL's / divides integers as decimals (3 / 2 = 1.5; DIV is not built yet), a zero divisor
    gives NULL in a query; integer arithmetic that overflows fails (22003) instead of wrapping."""
    t = my_table("id INT PRIMARY KEY, n INT, m DECIMAL(10, 2)")
    conn = my_connect(autocommit=True)
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1, 3, 2.50), (2, 2147483647, 1.25)")
        cur.execute("SELECT 3 / 2, 10 / 4, 3 / 2 * 2, 5 / 0")
        assert [None if v is None else float(v) for v in cur.fetchone()] == [1.5, 2.5, 3.0, None]
        cur.execute(f"SELECT n / 2, m / 2 FROM {t} WHERE id = 1")
        assert [float(v) for v in cur.fetchone()] == [1.5, 1.25]
        cur.execute(f"SELECT id FROM {t} WHERE n / 2 > 1.4 ORDER BY id")
        assert cur.fetchall() == ((1,), (2,))
        with pytest.raises(pymysql.err.DataError) as e:
            cur.execute(f"SELECT n + 1 FROM {t} WHERE id = 2")
        assert e.value.args[0] == 1264
        cur.execute(f"SELECT CAST(n AS SIGNED) + 1 FROM {t} WHERE id = 2")
        assert cur.fetchone() == (2147483648,)
        cur.execute(f"SELECT CAST(3.7 AS SIGNED), CAST(m AS SIGNED) FROM {t} WHERE id = 1")
        assert cur.fetchone() == (4, 3)  # rounded, as MySQL casts (2.50 -> 3)


def test_left_right_reverse_pow_and_calendar_functions(my_connect, my_table):
    """LEFT / RIGHT (a negative count gives ''), REVERSE, POW; MONTHNAME, DAYNAME, QUARTER,
    DAYOFYEAR, DAYOFWEEK (1 = Sunday), WEEKDAY (0 = Monday) over literals and columns; DATE_ADD /
    DATE_SUB of a date written as a string."""
    t = my_table("id INT PRIMARY KEY, d DATE, s VARCHAR(10)")
    conn = my_connect(autocommit=True)
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1, '2024-01-14', 'héllo')")
        cur.execute("SELECT LEFT('hello', 2), RIGHT('héllo', 4), LEFT('hello', -1), RIGHT('hi', 5), REVERSE('abc'),"
                    " POW(2, 10), POW(2, -1)")
        assert cur.fetchone() == ("he", "éllo", "", "hi", "cba", 1024.0, 0.5)
        cur.execute("SELECT MONTHNAME('2024-01-15'), DAYNAME('2024-01-15'), QUARTER('2024-05-01'),"
                    " DAYOFYEAR('2024-02-01'), DAYOFWEEK('2024-01-15'), WEEKDAY('2024-01-15')")
        assert cur.fetchone() == ("January", "Monday", 2, 32, 2, 0)
        cur.execute(f"SELECT DAYOFWEEK(d), WEEKDAY(d), DAYNAME(d), LEFT(s, 2), REVERSE(s) FROM {t}")
        assert cur.fetchone() == (1, 6, "Sunday", "hé", "olléh")
        cur.execute("SELECT DATE_ADD('2024-01-31', INTERVAL 1 MONTH), DATE_SUB('2024-03-01', INTERVAL 1 DAY),"
                    " DATE_ADD('2024-01-31 10:00:00', INTERVAL 2 HOUR)")
        assert cur.fetchone() == (datetime.date(2024, 2, 29), datetime.date(2024, 2, 29),
                                  datetime.datetime(2024, 1, 31, 12, 0))


def test_str_to_date(my_connect, my_table):
    """STR_TO_DATE gives a DATE, TIME or DATETIME as its format reads (literal formats, as MySQL
    decides the type), NULL for text that does not match or a date that does not exist; over
    columns, with a format from a column too (then a DATETIME)."""
    t = my_table("id INT PRIMARY KEY, s VARCHAR(40), f VARCHAR(30)")
    conn = my_connect(autocommit=True)
    with conn.cursor() as cur:
        cur.execute("SELECT STR_TO_DATE('15/01/2024', '%d/%m/%Y'), STR_TO_DATE('15/01/2024 13:45:10', '%d/%m/%Y %H:%i:%s'),"
                    " STR_TO_DATE('10:20:30', '%H:%i:%s'), STR_TO_DATE('Mar 5 2023', '%b %e %Y'),"
                    " STR_TO_DATE('01-15-24 11:05:00 pm', '%m-%d-%y %r'),"
                    " STR_TO_DATE('2024-01-15 10:00:00.25', '%Y-%m-%d %H:%i:%s.%f')")
        assert cur.fetchone() == (datetime.date(2024, 1, 15), datetime.datetime(2024, 1, 15, 13, 45, 10),
                                  datetime.timedelta(hours=10, minutes=20, seconds=30), datetime.date(2023, 3, 5),
                                  datetime.datetime(2024, 1, 15, 23, 5), datetime.datetime(2024, 1, 15, 10, 0, 0, 250000))
        cur.execute("SELECT STR_TO_DATE('13:45:10 2024-01-15', '%T %Y-%m-%d')")  # %T followed by more
        assert cur.fetchone() == (datetime.datetime(2024, 1, 15, 13, 45, 10),)
        cur.execute("SELECT STR_TO_DATE('2024-02-30', '%Y-%m-%d'), STR_TO_DATE('abc', '%Y'), STR_TO_DATE(NULL, '%Y'),"
                    " STR_TO_DATE('2024-13-01', '%Y-%m-%d'), STR_TO_DATE('2024-01-15 tail', '%Y-%m-%d')")
        assert cur.fetchone() == (None, None, None, None, datetime.date(2024, 1, 15))
        cur.executemany(f"INSERT INTO {t} (id, s, f) VALUES (%s, %s, %s)",
                        [(1, "15/01/2024", "%d/%m/%Y"), (2, "2024-02-30", "%Y-%m-%d"),
                         (3, "March 5, 2023 4:07 PM", "%M %e, %Y %l:%i %p")])
        cur.execute(f"SELECT id, STR_TO_DATE(s, f) FROM {t} ORDER BY id")
        assert cur.fetchall() == ((1, datetime.datetime(2024, 1, 15)), (2, None), (3, datetime.datetime(2023, 3, 5, 16, 7)))
        cur.execute(f"SELECT id FROM {t} WHERE STR_TO_DATE(s, '%d/%m/%Y') = '2024-01-15'")
        assert cur.fetchall() == ((1,),)
        expression = "DATE_FORMAT(STR_TO_DATE('15/01/2024', '%d/%m/%Y') + INTERVAL 1 DAY, '%Y%m%d')"
        cur.execute("SELECT " + expression)
        assert cur.fetchone() == ("20240116",)
        # MySQL names the column after the expression (up to 256 characters); HeliosDB after its
        # first 63 (the planner's identifier limit) instead of failing the statement
        assert cur.description[0][0] == expression[:63]


def test_update_and_delete_with_order_by_and_limit(my_connect, my_table):
    """MySQL's single-table UPDATE / DELETE ... [ORDER BY] LIMIT n touch exactly n rows, in that
    order (batch clean-ups); affected-row counts as MySQL reports them."""
    t = my_table("id INT PRIMARY KEY, grp INT, v INT")
    conn = my_connect(autocommit=True)
    with conn.cursor() as cur:
        cur.executemany(f"INSERT INTO {t} (id, grp, v) VALUES (%s, %s, 0)", [(i, i % 2) for i in range(1, 11)])
        assert cur.execute(f"UPDATE {t} SET v = v + 1 WHERE grp = 0 ORDER BY id DESC LIMIT 2") == 2
        cur.execute(f"SELECT id FROM {t} WHERE v = 1 ORDER BY id")
        assert cur.fetchall() == ((8,), (10,))
        assert cur.execute(f"DELETE FROM {t} WHERE grp = 1 ORDER BY id LIMIT 3") == 3
        cur.execute(f"SELECT id FROM {t} WHERE grp = 1 ORDER BY id")
        assert cur.fetchall() == ((7,), (9,))
        assert cur.execute(f"DELETE FROM {t} LIMIT 1") == 1
        assert cur.execute(f"UPDATE {t} SET v = 5 ORDER BY id") == 6
        cur.execute(f"SELECT COUNT(*), SUM(v) FROM {t}")
        assert cur.fetchone() == (6, 30)
