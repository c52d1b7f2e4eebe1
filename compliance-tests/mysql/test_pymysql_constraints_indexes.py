"""KEY / UNIQUE KEY / FOREIGN KEY / CHECK through PyMySQL: MySQL's error numbers and messages
(1062 "Duplicate entry ... for key 't.k'", 1452, 1451, 3819), SHOW INDEX, SHOW CREATE TABLE lines,
information_schema.STATISTICS, and SQLAlchemy's mysql+pymysql reflection of what was created."""
import uuid

import pymysql
import pytest
import sqlalchemy as sa


@pytest.fixture
def ddl(my_connect):
    """An autocommit connection; tables it records are dropped at the end, children first."""
    c = my_connect(autocommit=True)
    created = []

    def execute(sql):
        with c.cursor() as cur:
            cur.execute(sql)
            return cur.fetchall()

    def table(hint, body):
        name = f"{hint}_{uuid.uuid4().hex[:8]}"
        execute(f"CREATE TABLE `{name}` ({body})")
        created.append(name)
        return name

    execute.table = table
    yield execute
    for name in reversed(created):
        execute(f"DROP TABLE IF EXISTS `{name}`")


def error_of(conn, sql):
    with pytest.raises(pymysql.MySQLError) as e:
        with conn.cursor() as cur:
            cur.execute(sql)
    return e.value.args[0], e.value.args[1]


def test_unique_key_duplicate_is_1062(ddl, my_connect):
    t = ddl.table("uk", "id INT PRIMARY KEY, email VARCHAR(40), UNIQUE KEY uk_email (email)")
    c = my_connect(autocommit=True)
    with c.cursor() as cur:
        cur.execute(f"INSERT INTO `{t}` VALUES (1, 'a@x'), (2, NULL), (3, NULL)")
    assert error_of(c, f"INSERT INTO `{t}` VALUES (4, 'a@x')") == (1062, f"Duplicate entry 'a@x' for key '{t}.uk_email'")
    with c.cursor() as cur:
        cur.execute(f"SELECT id FROM `{t}` WHERE email = 'a@x'")
        assert cur.fetchall() == ((1,),)


def test_create_index_and_alter_table_add_index(ddl, my_connect):
    t = ddl.table("ix", "id INT PRIMARY KEY, a INT, b INT, c INT, KEY k_a (a), INDEX (c)")
    ddl(f"CREATE UNIQUE INDEX u_b ON `{t}` (b)")
    ddl(f"ALTER TABLE `{t}` ADD INDEX k_ab (a, b)")
    c = my_connect(autocommit=True)
    with c.cursor() as cur:
        cur.execute(f"INSERT INTO `{t}` VALUES (1, 1, 1, 1), (2, 1, 2, 2)")
    assert error_of(c, f"INSERT INTO `{t}` VALUES (3, 1, 2, 3)")[0] == 1062
    rows = ddl(f"SHOW INDEX FROM `{t}`")
    assert [(r[2], r[3], r[4], r[1]) for r in rows] == [
        ("PRIMARY", 1, "id", 0), ("k_a", 1, "a", 1), ("c", 1, "c", 1), ("u_b", 1, "b", 0), ("k_ab", 1, "a", 1),
        ("k_ab", 2, "b", 1)]
    assert [r[2] for r in ddl(f"SHOW KEYS FROM `{t}`")] == [r[2] for r in rows]
    stats = ddl(f"SELECT index_name, seq_in_index, column_name, non_unique FROM information_schema.statistics "
                f"WHERE table_name = '{t}' ORDER BY index_name, seq_in_index")
    assert ("u_b", 1, "b", 0) in stats and ("k_ab", 2, "b", 1) in stats
    ddl(f"DROP INDEX k_a ON `{t}`")
    ddl(f"ALTER TABLE `{t}` DROP INDEX k_ab")
    assert [r[2] for r in ddl(f"SHOW INDEX FROM `{t}`")] == ["PRIMARY", "c", "u_b"]


def test_foreign_keys_1452_and_1451_and_cascade(ddl, my_connect):
    p = ddl.table("par", "id INT PRIMARY KEY, name VARCHAR(10)")
    k = ddl.table("kid", f"id INT PRIMARY KEY, pid INT, CONSTRAINT fk_kid FOREIGN KEY (pid) REFERENCES `{p}` (id)")
    cas = ddl.table("cas", f"id INT PRIMARY KEY, pid INT, CONSTRAINT fk_cas FOREIGN KEY (pid) REFERENCES `{p}` (id) "
                           "ON DELETE CASCADE")
    c = my_connect(autocommit=True)
    with c.cursor() as cur:
        cur.execute(f"INSERT INTO `{p}` VALUES (1, 'a'), (2, 'b')")
        cur.execute(f"INSERT INTO `{k}` VALUES (1, 1)")
        cur.execute(f"INSERT INTO `{cas}` VALUES (1, 2), (2, 2)")
    errno, msg = error_of(c, f"INSERT INTO `{k}` VALUES (2, 9)")
    assert errno == 1452
    assert msg == (f"Cannot add or update a child row: a foreign key constraint fails (`public`.`{k}`, "
                   f"CONSTRAINT `fk_kid` FOREIGN KEY (`pid`) REFERENCES `{p}` (`id`))")
    errno, msg = error_of(c, f"DELETE FROM `{p}` WHERE id = 1")
    assert errno == 1451
    assert msg.startswith("Cannot delete or update a parent row: a foreign key constraint fails")
    with c.cursor() as cur:
        cur.execute(f"DELETE FROM `{p}` WHERE id = 2")
        cur.execute(f"SELECT COUNT(*) FROM `{cas}`")
        assert cur.fetchone() == (0,)


def test_check_constraint_is_3819(ddl, my_connect):
    t = ddl.table("ck", "id INT PRIMARY KEY, qty INT, CONSTRAINT qty_pos CHECK (qty > 0)")
    c = my_connect(autocommit=True)
    assert error_of(c, f"INSERT INTO `{t}` VALUES (1, 0)") == (3819, "Check constraint 'qty_pos' is violated.")


def test_show_create_table_and_sqlalchemy_reflection(ddl, server):
    p = ddl.table("rp", "id INT PRIMARY KEY, code VARCHAR(10), UNIQUE KEY uk_code (code)")
    k = ddl.table("rk", f"id INT PRIMARY KEY, pid INT, qty INT, KEY k_qty (qty), "
                        f"CONSTRAINT fk_rk FOREIGN KEY (pid) REFERENCES `{p}` (id) ON DELETE CASCADE")
    create = ddl(f"SHOW CREATE TABLE `{k}`")[0][1]
    assert "  KEY `k_qty` (`qty`)" in create
    assert f"  CONSTRAINT `fk_rk` FOREIGN KEY (`pid`) REFERENCES `{p}` (`id`) ON DELETE CASCADE" in create
    assert "  UNIQUE KEY `uk_code` (`code`)" in ddl(f"SHOW CREATE TABLE `{p}`")[0][1]
    params = server.mysql_params()
    url = sa.engine.URL.create("mysql+pymysql", username=params["user"], password=params["password"],
                               host=params["host"], port=params["port"], database=params["database"])
    engine = sa.create_engine(url)
    try:
        inspector = sa.inspect(engine)
        assert [(i["name"], i["column_names"], bool(i["unique"])) for i in inspector.get_indexes(k)] == \
            [("k_qty", ["qty"], False)]
        assert [(u["name"], u["column_names"]) for u in inspector.get_unique_constraints(p)] == \
            [("uk_code", ["code"])]
        fks = inspector.get_foreign_keys(k)
        assert [(f["name"], f["constrained_columns"], f["referred_table"], f["referred_columns"],
                 f["options"].get("ondelete")) for f in fks] == [("fk_rk", ["pid"], p, ["id"], "CASCADE")]
    finally:
        engine.dispose()
