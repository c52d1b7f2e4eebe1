"""psycopg 3 x SELECT with server-side $n parameters: WHERE, GROUP BY, ORDER BY, LIMIT, JOIN, and
paging a large result."""
import random

import pytest

from harness.psycopg3_support import pg3, pg3_connect  # noqa: F401  (fixture)

EMPLOYEES = [
    (1, "alice", 10, 5000), (2, "bob", 10, 4000), (3, "carol", 20, 7000), (4, "dave", 20, 3000),
    (5, "erin", 30, 6000), (6, "frank", None, 2500), (7, "grace", 20, 7000),
]
DEPARTMENTS = [(10, "sales"), (20, "engineering"), (30, "support"), (40, "legal")]


@pytest.fixture(scope="module")
def emp(module_tables):
    t = module_tables.create("id INTEGER PRIMARY KEY, name VARCHAR(32) NOT NULL, dept_id INTEGER, "
                             "salary INTEGER", hint="emp")
    module_tables.execute(f"INSERT INTO {t} VALUES " + ", ".join(["(%s, %s, %s, %s)"] * len(EMPLOYEES)),
                          [v for row in EMPLOYEES for v in row])
    return t


@pytest.fixture(scope="module")
def dept(module_tables):
    t = module_tables.create("id INTEGER PRIMARY KEY, dname TEXT", hint="dept")
    module_tables.execute(f"INSERT INTO {t} VALUES (%s, %s), (%s, %s), (%s, %s), (%s, %s)",
                          [v for row in DEPARTMENTS for v in row])
    return t


def _rows(conn, sql, params=None):
    return conn.execute(sql, params).fetchall()


def test_where_with_parameters(pg3, emp):
    assert _rows(pg3, f"SELECT id FROM {emp} WHERE name = %s", ("carol",)) == [(3,)]
    assert _rows(pg3, f"SELECT id FROM {emp} WHERE salary < %s ORDER BY id", (4000,)) == [(4,), (6,)]
    assert _rows(pg3, f"SELECT id FROM {emp} WHERE salary BETWEEN %s AND %s ORDER BY id",
                 (4000, 6000)) == [(1,), (2,), (5,)]
    assert _rows(pg3, f"SELECT id FROM {emp} WHERE name LIKE %s ORDER BY id", ("%a%e",)) == [(1,), (4,), (7,)]
    assert _rows(pg3, f"SELECT id FROM {emp} WHERE dept_id = %s AND (salary > %s OR name = %s) ORDER BY id",
                 (20, 5000, "dave")) == [(3,), (4,), (7,)]
    assert _rows(pg3, f"SELECT id FROM {emp} WHERE dept_id IS NULL") == [(6,)]


def test_where_with_a_large_parameter_on_an_integer_column(pg3, emp):
    # psycopg 3 sends small ints as int2 and large ones as int8: both must compare with int4
    assert _rows(pg3, f"SELECT COUNT(*) FROM {emp} WHERE salary < %s", (10**12,)) == [(7,)]
    assert _rows(pg3, f"SELECT COUNT(*) FROM {emp} WHERE id = %s", (3,)) == [(1,)]


def test_group_by_having_order_by(pg3, emp):
    rows = _rows(pg3, f"SELECT dept_id, COUNT(*), SUM(salary), MIN(salary), MAX(salary) FROM {emp} "
                      f"WHERE dept_id IS NOT NULL GROUP BY dept_id HAVING COUNT(*) >= %s ORDER BY dept_id",
                 (1,))
    assert rows == [(10, 2, 9000, 4000, 5000), (20, 3, 17000, 3000, 7000), (30, 1, 6000, 6000, 6000)]


def test_order_by_limit_offset_with_parameters(pg3, emp):
    assert _rows(pg3, f"SELECT id FROM {emp} ORDER BY salary DESC, id DESC LIMIT %s", (3,)) == [(7,), (3,), (5,)]
    assert _rows(pg3, f"SELECT id FROM {emp} ORDER BY id LIMIT %s OFFSET %s", (2, 4)) == [(5,), (6,)]


def test_inner_and_left_join(pg3, emp, dept):
    rows = _rows(pg3, f"SELECT e.name, d.dname FROM {emp} e JOIN {dept} d ON e.dept_id = d.id "
                      f"WHERE e.salary >= %s ORDER BY e.id", (6000,))
    assert rows == [("carol", "engineering"), ("erin", "support"), ("grace", "engineering")]
    rows = _rows(pg3, f"SELECT d.dname, COUNT(e.id) FROM {dept} d LEFT JOIN {emp} e "
                      f"ON e.dept_id = d.id GROUP BY d.dname ORDER BY d.dname")
    assert rows == [("engineering", 3), ("legal", 0), ("sales", 2), ("support", 1)]


def test_description_names_and_type_codes(pg3, emp):
    cur = pg3.execute(f"SELECT id, name AS who, salary * 2 AS doubled FROM {emp} WHERE id = %s", (1,))
    assert [col.name for col in cur.description] == ["id", "who", "doubled"]
    assert [col.type_code for col in cur.description] == [23, 1043, 23]
    assert cur.fetchall() == [(1, "alice", 10000)]
    assert cur.rowcount == 1


def test_fetchmany_and_stream_over_a_large_result(pg3, module_tables):
    t = module_tables.create("id BIGINT PRIMARY KEY, v INTEGER", hint="many")
    ids = random.Random(11).sample(range(1, 10_000_000), 1200)
    for start in range(0, len(ids), 400):
        batch = ids[start:start + 400]
        module_tables.execute(f"INSERT INTO {t} VALUES " + ", ".join(["(%s, %s)"] * len(batch)),
                              [v for i in batch for v in (i, i % 97)])
    cur = pg3.execute(f"SELECT id FROM {t} WHERE v >= %s ORDER BY id", (0,))
    seen = []
    while page := cur.fetchmany(500):
        seen.extend(r[0] for r in page)
    assert seen == sorted(ids)
    # stream() runs the query in single-row mode
    streamed = [r[0] for r in pg3.cursor().stream(f"SELECT id FROM {t} ORDER BY id")]
    assert streamed == sorted(ids)
