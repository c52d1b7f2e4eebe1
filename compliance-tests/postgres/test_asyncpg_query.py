"""asyncpg x SELECT with $n parameters: WHERE, GROUP BY, ORDER BY, LIMIT, JOIN, and a cursor that
pages a portal with Execute row limits."""
import random

import pytest

from harness.asyncpg_support import apg  # noqa: F401  (fixture)

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


def _fetch(apg, sql, *args):
    async def body(connect):
        c = await connect()
        return [tuple(r) for r in await c.fetch(sql, *args)]

    return apg(body)


def test_where_with_parameters(apg, emp):
    assert _fetch(apg, f"SELECT id FROM {emp} WHERE name = $1", "carol") == [(3,)]
    assert _fetch(apg, f"SELECT id FROM {emp} WHERE salary < $1 ORDER BY id", 4000) == [(4,), (6,)]
    assert _fetch(apg, f"SELECT id FROM {emp} WHERE salary BETWEEN $1 AND $2 ORDER BY id", 4000, 6000) == \
        [(1,), (2,), (5,)]
    assert _fetch(apg, f"SELECT id FROM {emp} WHERE name LIKE $1 ORDER BY id", "%a%e") == [(1,), (4,), (7,)]
    assert _fetch(apg, f"SELECT id FROM {emp} WHERE dept_id = $1 AND (salary > $2 OR name = $3) ORDER BY id",
                  20, 5000, "dave") == [(3,), (4,), (7,)]
    assert _fetch(apg, f"SELECT id FROM {emp} WHERE dept_id IS NULL") == [(6,)]


def test_group_by_having_order_by(apg, emp):
    rows = _fetch(apg, f"SELECT dept_id, COUNT(*), SUM(salary), MIN(salary), MAX(salary) FROM {emp} "
                       f"WHERE dept_id IS NOT NULL GROUP BY dept_id HAVING COUNT(*) >= $1 ORDER BY dept_id", 2)
    assert rows == [(10, 2, 9000, 4000, 5000), (20, 3, 17000, 3000, 7000)]


def test_order_by_limit_offset(apg, emp):
    assert _fetch(apg, f"SELECT id FROM {emp} ORDER BY salary DESC, id DESC LIMIT $1", 3) == [(7,), (3,), (5,)]
    assert _fetch(apg, f"SELECT id FROM {emp} ORDER BY id LIMIT $1 OFFSET $2", 2, 4) == [(5,), (6,)]


def test_inner_and_left_join(apg, emp, dept):
    assert _fetch(apg, f"SELECT e.name, d.dname FROM {emp} e JOIN {dept} d ON e.dept_id = d.id "
                       f"WHERE e.salary >= $1 ORDER BY e.id", 6000) == \
        [("carol", "engineering"), ("erin", "support"), ("grace", "engineering")]
    assert _fetch(apg, f"SELECT d.dname, COUNT(e.id) FROM {dept} d LEFT JOIN {emp} e "
                       f"ON e.dept_id = d.id GROUP BY d.dname ORDER BY d.dname") == \
        [("engineering", 3), ("legal", 0), ("sales", 2), ("support", 1)]


def test_record_keys_are_column_names_and_aliases(apg, emp):
    async def body(connect):
        c = await connect()
        row = await c.fetchrow(f"SELECT id, name AS who, salary * 2 AS doubled FROM {emp} WHERE id = $1", 1)
        assert list(row.keys()) == ["id", "who", "doubled"]
        assert row["who"] == "alice" and row["doubled"] == 10000

    apg(body)


def test_cursor_pages_a_portal_with_row_limits(apg, module_tables):
    t = module_tables.create("id BIGINT PRIMARY KEY, v INTEGER", hint="many")
    ids = random.Random(5).sample(range(1, 10_000_000), 900)
    module_tables.execute(f"INSERT INTO {t} VALUES " + ", ".join(["(%s, %s)"] * len(ids)),
                          [v for i in ids for v in (i, i % 13)])

    async def body(connect):
        c = await connect()
        async with c.transaction():
            seen = [r["id"] async for r in c.cursor(f"SELECT id FROM {t} WHERE v >= $1 ORDER BY id", 0,
                                                     prefetch=100)]
            assert seen == sorted(ids)
            cur = await c.cursor(f"SELECT id FROM {t} ORDER BY id")
            first = await cur.fetch(10)
            second = await cur.fetch(5)
            nxt = await cur.fetchrow()
            assert [r["id"] for r in first + second] == sorted(ids)[:15]
            assert nxt["id"] == sorted(ids)[15]

    apg(body)
