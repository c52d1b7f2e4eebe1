"""The same tables from both protocols: written through MySQL, read through PostgreSQL, and back."""
import decimal


def test_written_by_mysql_read_by_postgres(my_connect, connect, my_table):
    t = my_table("id INT PRIMARY KEY, name VARCHAR(20), amount DECIMAL(8,2)")
    my = my_connect(autocommit=True)
    with my.cursor() as cur:
        cur.execute(f"INSERT INTO `{t}` VALUES (%s, %s, %s)", (1, "from mysql", decimal.Decimal("3.25")))
    pg = connect()
    with pg.cursor() as cur:
        cur.execute(f"SELECT id, name, amount FROM {t}")
        assert cur.fetchall() == [(1, "from mysql", decimal.Decimal("3.25"))]


def test_written_by_postgres_read_by_mysql(my_connect, connect, tables):
    t = tables.create("id integer PRIMARY KEY, note text", hint="pgmade")
    pg = connect()
    with pg.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (%s, %s)", (9, "from postgres"))
    pg.commit()
    my = my_connect(autocommit=True)
    with my.cursor() as cur:
        cur.execute(f"SELECT id, note FROM `{t}`")
        assert cur.fetchall() == ((9, "from postgres"),)
        cur.execute(f"SHOW COLUMNS FROM {t}")
        assert [row[:2] for row in cur.fetchall()] == [("id", "int"), ("note", "longtext")]
