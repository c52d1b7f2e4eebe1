"""PyMySQL x AUTO_INCREMENT and the INSERT family: lastrowid and LAST_INSERT_ID(), explicit values
moving the counter, ON DUPLICATE KEY UPDATE (VALUES(col) and the 8.0 row alias) with MySQL's
affected-row counts (1 inserted, 2 updated, 0 unchanged), REPLACE, INSERT IGNORE with its warning,
and a duplicate key's 1062."""
import pymysql
import pytest


def test_auto_increment_lastrowid_and_last_insert_id(my_connect, my_table):
    t = my_table("id INT NOT NULL AUTO_INCREMENT, v VARCHAR(10), PRIMARY KEY (id)")
    c = my_connect(autocommit=True)
    with c.cursor() as cur:
        cur.execute(f"INSERT INTO {t} (v) VALUES (%s)", ("a",))
        assert cur.lastrowid == 1
        cur.execute(f"INSERT INTO {t} (v) VALUES ('b'), ('c')")
        assert cur.lastrowid == 2  # the first generated value of a multi-row insert
        cur.execute("SELECT LAST_INSERT_ID()")
        assert cur.fetchone() == (2,)
        cur.execute(f"INSERT INTO {t} (id, v) VALUES (100, 'x')")
        cur.execute(f"INSERT INTO {t} (id, v) VALUES (NULL, 'y')")
        assert cur.lastrowid == 101
        cur.execute(f"INSERT INTO {t} (id, v) VALUES (0, 'z')")
        assert cur.lastrowid == 102
        cur.execute(f"SELECT id FROM {t} ORDER BY id")
        assert [r[0] for r in cur.fetchall()] == [1, 2, 3, 100, 101, 102]
        with pytest.raises(pymysql.err.IntegrityError) as e:
            cur.execute(f"INSERT INTO {t} (id, v) VALUES (3, 'dup')")
        assert e.value.args[0] == 1062


def test_auto_increment_across_connections_is_unique(my_connect, my_table):
    t = my_table("id BIGINT AUTO_INCREMENT PRIMARY KEY, who INT")
    a = my_connect(autocommit=True)
    b = my_connect(autocommit=True)
    ids = []
    for i in range(10):
        for who, c in ((1, a), (2, b)):
            with c.cursor() as cur:
                cur.execute(f"INSERT INTO {t} (who) VALUES (%s)", (who,))
                ids.append(cur.lastrowid)
    assert len(set(ids)) == 20
    assert ids == sorted(ids)


def test_on_duplicate_key_update_affected_rows(my_connect, my_table):
    t = my_table("id INT PRIMARY KEY, v VARCHAR(10), n INT")
    c = my_connect(autocommit=True)
    with c.cursor() as cur:
        assert cur.execute(f"INSERT INTO {t} VALUES (1, 'a', 1) ON DUPLICATE KEY UPDATE n = n + 1") == 1
        assert cur.execute(f"INSERT INTO {t} VALUES (%s, %s, 1) ON DUPLICATE KEY UPDATE v = VALUES(v), n = n + 1",
                           (1, "b")) == 2
        assert cur.execute(f"INSERT INTO {t} VALUES (1, 'b', 5) ON DUPLICATE KEY UPDATE v = VALUES(v)") == 0
        assert cur.execute(f"INSERT INTO {t} VALUES (1, 'c', 7) AS new ON DUPLICATE KEY UPDATE v = new.v, "
                           f"n = new.n + {t}.n") == 2
        cur.execute(f"SELECT id, v, n FROM {t}")
        assert cur.fetchall() == ((1, "c", 9),)


def test_replace_and_insert_ignore(my_connect, my_table):
    t = my_table("id INT PRIMARY KEY, v VARCHAR(10)")
    c = my_connect(autocommit=True)
    with c.cursor() as cur:
        assert cur.execute(f"REPLACE INTO {t} VALUES (1, 'a')") == 1
        assert cur.execute(f"REPLACE INTO {t} (id, v) VALUES (1, 'b')") == 2
        assert cur.execute(f"INSERT IGNORE INTO {t} VALUES (1, 'x'), (2, 'y')") == 1
        cur.execute(f"SELECT id, v FROM {t} ORDER BY id")
        assert cur.fetchall() == ((1, "b"), (2, "y"))


def test_insert_ignore_reports_a_warning_in_the_ok_packet(my_connect, my_table):
    t = my_table("id INT PRIMARY KEY")
    c = my_connect(autocommit=True)
    with c.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1)")
        cur.execute(f"INSERT IGNORE INTO {t} VALUES (1), (2)")
        assert c._result.warning_count == 1
        assert cur.rowcount == 1


def test_upsert_written_through_mysql_is_read_through_postgres(my_connect, my_table, connect):
    t = my_table("id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(10)")
    c = my_connect(autocommit=True)
    with c.cursor() as cur:
        cur.execute(f"INSERT INTO {t} (v) VALUES ('m')")
        cur.execute(f"INSERT INTO {t} VALUES (1, 'm2') ON DUPLICATE KEY UPDATE v = VALUES(v)")
    pg = connect()
    with pg.cursor() as cur:
        cur.execute(f"SELECT id, v FROM {t}")
        assert cur.fetchall() == [(1, "m2")]
        cur.execute(f"INSERT INTO {t} (v) VALUES ('from pg') RETURNING id")
        assert cur.fetchone() == (2,)
    pg.commit()


def test_on_duplicate_key_update_on_a_unique_key(my_connect, my_table):
    t = my_table("id INT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(40), n INT, UNIQUE KEY uk_email (email)")
    c = my_connect(autocommit=True)
    with c.cursor() as cur:
        assert cur.execute(f"INSERT INTO {t} (email, n) VALUES ('a@x', 1)") == 1
        assert cur.execute(f"INSERT INTO {t} (email, n) VALUES (%s, 1) ON DUPLICATE KEY UPDATE n = n + 1",
                           ("a@x",)) == 2
        assert cur.execute(f"INSERT IGNORE INTO {t} (email, n) VALUES ('a@x', 9)") == 0
        assert cur.execute(f"REPLACE INTO {t} (id, email, n) VALUES (50, 'a@x', 7)") == 2
        cur.execute(f"SELECT id, email, n FROM {t}")
        assert cur.fetchall() == ((50, "a@x", 7),)


def test_executemany_batches_of_every_size_land_exactly(my_connect, my_table):
    """PyMySQL's executemany sends one multi-row INSERT per batch; the server plans a run of
    same-shaped rows from its first row (MultiRowValues): each row must still get its own values,
    whatever the batch size, NULLs and non-ASCII text included."""
    t = my_table("id INT PRIMARY KEY, k INT, pad VARCHAR(40), price DECIMAL(10,2)")
    c = my_connect(autocommit=True)
    expected = []
    with c.cursor() as cur:
        start = 1
        for size in (1000, 999, 3, 1000, 1):
            rows = [(i, None if i % 7 == 0 else i * 3, f"row-{i}-é", None if i % 5 == 0 else f"{i}.25")
                    for i in range(start, start + size)]
            assert cur.executemany(f"INSERT INTO {t} (id, k, pad, price) VALUES (%s, %s, %s, %s)", rows) == size
            expected += rows
            start += size
        cur.execute(f"SELECT id, k, pad, price FROM {t} ORDER BY id")
        got = [(r[0], r[1], r[2], None if r[3] is None else f"{r[3]:.2f}") for r in cur.fetchall()]
    assert got == expected


def test_a_bad_row_deep_in_a_batch_fails_the_whole_statement(my_connect, my_table):
    """A duplicate key or an over-long value in row 700 of 1000: MySQL's error, and none of the
    statement's rows are kept."""
    t = my_table("id INT PRIMARY KEY, pad VARCHAR(10)")
    c = my_connect(autocommit=True)
    with c.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (5000, 'x')")
        dup = [(i, "v") for i in range(1, 700)] + [(5000, "v")] + [(i, "v") for i in range(701, 1001)]
        with pytest.raises(pymysql.err.IntegrityError) as e:
            cur.executemany(f"INSERT INTO {t} (id, pad) VALUES (%s, %s)", dup)
        assert e.value.args[0] == 1062
        long_value = [(i, "v" if i != 700 else "far-too-long") for i in range(1, 1001)]
        with pytest.raises(pymysql.err.DataError) as e:
            cur.executemany(f"INSERT INTO {t} (id, pad) VALUES (%s, %s)", long_value)
        assert e.value.args[0] == 1406
        cur.execute(f"SELECT COUNT(*) FROM {t}")
        assert cur.fetchone() == (1,)


def test_insert_set_form(my_connect, my_table):
    """INSERT / INSERT IGNORE / REPLACE ... SET col = expr, with parameters, AUTO_INCREMENT and
    ON DUPLICATE KEY UPDATE, as MySQL reads them."""
    t = my_table("id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20), n INT DEFAULT 5")
    c = my_connect(autocommit=True)
    with c.cursor() as cur:
        assert cur.execute(f"INSERT INTO {t} SET name = %s", ("a",)) == 1
        assert cur.lastrowid == 1
        assert cur.execute(f"INSERT INTO {t} SET name = CONCAT('b', %s), n = 1 + 1", ("c",)) == 1
        assert cur.execute(f"INSERT IGNORE INTO {t} SET id = 1, name = 'dup'") == 0
        assert cur.execute(f"INSERT INTO {t} SET id = 2, name = 'x' ON DUPLICATE KEY UPDATE n = n + 10") == 2
        assert cur.execute(f"REPLACE INTO {t} SET id = 1, name = 'r'") == 2
        cur.execute(f"SELECT id, name, n FROM {t} ORDER BY id")
        assert cur.fetchall() == ((1, "r", 5), (2, "bc", 12))
        with pytest.raises(pymysql.err.OperationalError) as e:
            cur.execute(f"INSERT INTO {t} SET nope = 1")
        assert e.value.args[0] == 1054
