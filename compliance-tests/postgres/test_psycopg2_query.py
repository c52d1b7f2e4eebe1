"""psycopg2 x SELECT: predicates, grouping, ordering, paging, joins, subqueries, and aggregates over
enough rows to span every shard, checked against values computed in Python."""
import random
import statistics
from decimal import Decimal

import pytest


EMPLOYEES = [
    # id, name, dept_id, salary, bonus
    (1, "alice", 10, 5000, Decimal("100.50")),
    (2, "bob", 10, 4000, None),
    (3, "carol", 20, 7000, Decimal("300.00")),
    (4, "dave", 20, 3000, None),
    (5, "erin", 30, 6000, Decimal("50.25")),
    (6, "frank", None, 2500, None),
    (7, "grace", 20, 7000, Decimal("10.00")),
]
DEPARTMENTS = [(10, "sales"), (20, "engineering"), (30, "support"), (40, "legal")]
AGG_ROWS = 2500


@pytest.fixture(scope="module")
def emp(module_tables):
    t = module_tables.create("id INTEGER PRIMARY KEY, name VARCHAR(32) NOT NULL, dept_id INTEGER, "
                             "salary INTEGER, bonus NUMERIC(10,2)", hint="emp")
    values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(EMPLOYEES))
    module_tables.execute(f"INSERT INTO {t} VALUES {values}", [v for row in EMPLOYEES for v in row])
    return t


@pytest.fixture(scope="module")
def dept(module_tables):
    t = module_tables.create("id INTEGER PRIMARY KEY, dname TEXT", hint="dept")
    module_tables.execute(f"INSERT INTO {t} VALUES (%s, %s), (%s, %s), (%s, %s), (%s, %s)",
                          [v for row in DEPARTMENTS for v in row])
    return t


@pytest.fixture(scope="module")
def big(module_tables):
    """2500 rows with pseudo-random keys so hash sharding spreads them across all shards."""
    rng = random.Random(20240601)
    ids = rng.sample(range(1, 10_000_000), AGG_ROWS)
    rows = [(i, rng.randrange(7), rng.randrange(-1000, 1000), rng.uniform(-1, 1)) for i in ids]
    t = module_tables.create("id BIGINT PRIMARY KEY, grp INTEGER, val INTEGER, f DOUBLE PRECISION",
                             hint="big")
    for start in range(0, len(rows), 500):
        batch = rows[start:start + 500]
        module_tables.execute(f"INSERT INTO {t} VALUES " + ", ".join(["(%s, %s, %s, %s)"] * len(batch)),
                              [v for row in batch for v in row])
    return t, rows


def _ids(conn, sql, params=None):
    with conn.cursor() as cur:
        cur.execute(sql, params)
        return [row[0] for row in cur.fetchall()]


def _rows(conn, sql, params=None):
    with conn.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


# ---- WHERE ----

def test_where_equals(conn, emp):
    assert _ids(conn, f"SELECT id FROM {emp} WHERE name = %s", ("carol",)) == [3]


def test_where_less_than(conn, emp):
    assert sorted(_ids(conn, f"SELECT id FROM {emp} WHERE salary < %s", (4000,))) == [4, 6]


def test_where_between_is_inclusive(conn, emp):
    assert sorted(_ids(conn, f"SELECT id FROM {emp} WHERE salary BETWEEN 4000 AND 6000")) == [1, 2, 5]


def test_where_in_list(conn, emp):
    assert sorted(_ids(conn, f"SELECT id FROM {emp} WHERE id IN (%s, %s, %s)", (2, 5, 99))) == [2, 5]


def test_where_in_list_passed_as_python_tuple(conn, emp):
    assert sorted(_ids(conn, f"SELECT id FROM {emp} WHERE name IN %s", (("alice", "dave"),))) == [1, 4]


def test_where_like(conn, emp):
    assert sorted(_ids(conn, f"SELECT id FROM {emp} WHERE name LIKE %s", ("%a%e",))) == [1, 4, 7]
    assert sorted(_ids(conn, f"SELECT id FROM {emp} WHERE name LIKE 'e_in'")) == [5]


def test_where_is_null_and_is_not_null(conn, emp):
    assert sorted(_ids(conn, f"SELECT id FROM {emp} WHERE bonus IS NULL")) == [2, 4, 6]
    assert sorted(_ids(conn, f"SELECT id FROM {emp} WHERE dept_id IS NOT NULL")) == [1, 2, 3, 4, 5, 7]


def test_where_null_comparison_matches_nothing(conn, emp):
    assert _ids(conn, f"SELECT id FROM {emp} WHERE dept_id = NULL") == []


def test_where_and_or_precedence(conn, emp):
    sql = f"SELECT id FROM {emp} WHERE dept_id = 20 AND salary > 5000 OR name = 'bob'"
    assert sorted(_ids(conn, sql)) == [2, 3, 7]
    sql = f"SELECT id FROM {emp} WHERE dept_id = 20 AND (salary > 5000 OR name = 'dave')"
    assert sorted(_ids(conn, sql)) == [3, 4, 7]


# ---- GROUP BY / HAVING ----

def test_group_by_with_all_aggregates(conn, emp):
    rows = _rows(conn, f"SELECT dept_id, COUNT(*), SUM(salary), MIN(salary), MAX(salary), "
                       f"AVG(salary) FROM {emp} WHERE dept_id IS NOT NULL "
                       f"GROUP BY dept_id ORDER BY dept_id")
    assert [r[:5] for r in rows] == [(10, 2, 9000, 4000, 5000), (20, 3, 17000, 3000, 7000),
                                     (30, 1, 6000, 6000, 6000)]
    assert [float(r[5]) for r in rows] == pytest.approx([4500.0, 17000 / 3, 6000.0])


def test_count_column_ignores_nulls(conn, emp):
    assert _rows(conn, f"SELECT COUNT(*), COUNT(bonus) FROM {emp}") == [(7, 4)]


def test_count_distinct(conn, emp):
    assert _rows(conn, f"SELECT COUNT(DISTINCT dept_id) FROM {emp}") == [(3,)]


def test_count_with_primary_key_equality(conn, emp):
    assert _rows(conn, f"SELECT COUNT(*) FROM {emp} WHERE id = %s", (3,)) == [(1,)]
    assert _rows(conn, f"SELECT COUNT(*), MAX(salary) FROM {emp} WHERE id = 99") == [(0, None)]


def test_group_by_null_key_forms_its_own_group(conn, emp):
    rows = _rows(conn, f"SELECT dept_id, COUNT(*) FROM {emp} GROUP BY dept_id")
    assert dict(rows)[None] == 1


def test_having_filters_groups(conn, emp):
    rows = _rows(conn, f"SELECT dept_id, COUNT(*) FROM {emp} GROUP BY dept_id "
                       f"HAVING COUNT(*) >= 2 ORDER BY dept_id")
    assert rows == [(10, 2), (20, 3)]


def test_aggregate_over_empty_input(conn, emp):
    assert _rows(conn, f"SELECT COUNT(*), SUM(salary), MAX(salary) FROM {emp} WHERE id < 0") == [(0, None, None)]


# ---- ORDER BY / LIMIT / OFFSET ----

def test_order_by_asc_and_desc(conn, emp):
    assert _ids(conn, f"SELECT id FROM {emp} ORDER BY salary ASC, id ASC") == [6, 4, 2, 1, 5, 3, 7]
    assert _ids(conn, f"SELECT id FROM {emp} ORDER BY salary DESC, id DESC") == [7, 3, 5, 1, 2, 4, 6]


def test_order_by_multiple_keys_mixed_direction(conn, emp):
    rows = _rows(conn, f"SELECT dept_id, name FROM {emp} WHERE dept_id IS NOT NULL "
                       f"ORDER BY dept_id DESC, name ASC")
    assert rows == [(30, "erin"), (20, "carol"), (20, "dave"), (20, "grace"), (10, "alice"), (10, "bob")]


def test_order_by_puts_nulls_last_ascending(conn, emp):
    assert _ids(conn, f"SELECT dept_id FROM {emp} ORDER BY dept_id")[-1] is None
    assert _ids(conn, f"SELECT dept_id FROM {emp} ORDER BY dept_id DESC")[0] is None


def test_limit_and_offset(conn, emp):
    assert _ids(conn, f"SELECT id FROM {emp} ORDER BY id LIMIT 3") == [1, 2, 3]
    assert _ids(conn, f"SELECT id FROM {emp} ORDER BY id LIMIT 2 OFFSET 4") == [5, 6]
    assert _ids(conn, f"SELECT id FROM {emp} ORDER BY id OFFSET 6") == [7]
    assert _ids(conn, f"SELECT id FROM {emp} ORDER BY id LIMIT %s OFFSET %s", (10, 100)) == []


# ---- JOIN / subqueries ----

def test_inner_join(conn, emp, dept):
    rows = _rows(conn, f"SELECT e.name, d.dname FROM {emp} e JOIN {dept} d ON e.dept_id = d.id "
                       f"ORDER BY e.id")
    assert rows == [("alice", "sales"), ("bob", "sales"), ("carol", "engineering"),
                    ("dave", "engineering"), ("erin", "support"), ("grace", "engineering")]


def test_left_join_keeps_unmatched_rows(conn, emp, dept):
    rows = _rows(conn, f"SELECT d.dname, COUNT(e.id) FROM {dept} d LEFT JOIN {emp} e "
                       f"ON e.dept_id = d.id GROUP BY d.dname ORDER BY d.dname")
    assert rows == [("engineering", 3), ("legal", 0), ("sales", 2), ("support", 1)]
    rows = _rows(conn, f"SELECT e.name, d.dname FROM {emp} e LEFT JOIN {dept} d "
                       f"ON e.dept_id = d.id WHERE d.id IS NULL")
    assert rows == [("frank", None)]


def test_in_subquery(conn, emp, dept):
    sql = (f"SELECT id FROM {emp} WHERE dept_id IN "
           f"(SELECT id FROM {dept} WHERE dname IN ('sales', 'support')) ORDER BY id")
    assert _ids(conn, sql) == [1, 2, 5]


def test_scalar_subquery(conn, emp):
    sql = f"SELECT name FROM {emp} WHERE salary = (SELECT MAX(salary) FROM {emp}) ORDER BY name"
    assert _ids(conn, sql) == ["carol", "grace"]
    sql = f"SELECT id, salary - (SELECT MIN(salary) FROM {emp}) FROM {emp} WHERE id = 1"
    assert _rows(conn, sql) == [(1, 2500)]


# ---- aggregates over many rows ----

def test_aggregates_over_all_shards_match_python(conn, big):
    t, rows = big
    vals = [r[2] for r in rows]
    [(count, total, lo, hi, avg)] = _rows(conn, f"SELECT COUNT(*), SUM(val), MIN(val), MAX(val), AVG(val) FROM {t}")
    assert (count, total, lo, hi) == (len(rows), sum(vals), min(vals), max(vals))
    assert float(avg) == pytest.approx(statistics.fmean(vals))


def test_grouped_aggregates_over_all_shards_match_python(conn, big):
    t, rows = big
    expected = {}
    for _, grp, val, f in rows:
        expected.setdefault(grp, []).append((val, f))
    got = _rows(conn, f"SELECT grp, COUNT(*), SUM(val), MIN(val), MAX(val), SUM(f) FROM {t} "
                      f"GROUP BY grp ORDER BY grp")
    assert [g[0] for g in got] == sorted(expected)
    for grp, count, total, lo, hi, fsum in got:
        vals = [v for v, _ in expected[grp]]
        assert (count, total, lo, hi) == (len(vals), sum(vals), min(vals), max(vals)), grp
        assert fsum == pytest.approx(sum(f for _, f in expected[grp]), abs=1e-9)


def test_filtered_count_over_all_shards_matches_python(conn, big):
    t, rows = big
    [(count,)] = _rows(conn, f"SELECT COUNT(*) FROM {t} WHERE val > %s AND grp <> %s", (500, 3))
    assert count == sum(1 for r in rows if r[2] > 500 and r[1] != 3)


def test_full_scan_returns_every_row_once(conn, big):
    t, rows = big
    assert sorted(_ids(conn, f"SELECT id FROM {t}")) == sorted(r[0] for r in rows)


def test_point_lookups_by_primary_key(conn, big):
    t, rows = big
    for row in random.Random(7).sample(rows, 25):
        assert _rows(conn, f"SELECT id, grp, val FROM {t} WHERE id = %s", (row[0],)) == [row[:3]]


# ---- cursor behaviour ----

def test_description_names_columns_and_aliases(conn, emp):
    with conn.cursor() as cur:
        cur.execute(f"SELECT id, name AS who, salary * 2 AS doubled FROM {emp} WHERE id = 1")
        assert [col.name for col in cur.description] == ["id", "who", "doubled"]
        assert cur.fetchall() == [(1, "alice", 10000)]
        assert cur.rowcount == 1


def test_fetchmany_pages_through_a_large_result(conn, big):
    t, rows = big
    with conn.cursor() as cur:
        cur.execute(f"SELECT id FROM {t} ORDER BY id")
        seen = []
        while page := cur.fetchmany(700):
            seen.extend(r[0] for r in page)
    assert seen == sorted(r[0] for r in rows)


def test_named_server_side_cursor_streams_rows(conn, big):
    t, rows = big
    with conn.cursor(name="stream_big") as cur:  # DECLARE ... CURSOR, then FETCH FORWARD n
        cur.itersize = 300
        cur.execute(f"SELECT id, val FROM {t} WHERE grp = %s", (2,))
        got = sorted(cur)
    conn.commit()
    assert got == sorted((r[0], r[2]) for r in rows if r[1] == 2)


def test_in_subquery_with_order_by_and_limit(connect, tables):
    """A one-column subquery with ORDER BY / LIMIT under IN, in a SELECT, an UPDATE and a DELETE
    (it failed with a ClassCastException: the scan handed Calcite's LIMIT arrays for one-field rows)."""
    t = tables.create("id INTEGER PRIMARY KEY, grp INTEGER, v INTEGER")
    c = connect()
    c.autocommit = True
    with c.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES " + ", ".join(f"({i}, {i % 2}, 0)" for i in range(1, 11)))
        cur.execute(f"SELECT id FROM {t} WHERE id IN (SELECT id FROM {t} WHERE grp = 0 ORDER BY id DESC LIMIT 2) ORDER BY id")
        assert cur.fetchall() == [(8,), (10,)]
        cur.execute(f"UPDATE {t} SET v = 1 WHERE id IN (SELECT id FROM {t} WHERE grp = 1 ORDER BY id LIMIT 3)")
        assert cur.rowcount == 3
        cur.execute(f"DELETE FROM {t} WHERE id IN (SELECT id FROM {t} ORDER BY id DESC LIMIT 4)")
        assert cur.rowcount == 4
        cur.execute(f"SELECT id, v FROM {t} ORDER BY id")
        assert cur.fetchall() == [(1, 1), (2, 0), (3, 1), (4, 0), (5, 1), (6, 0)]
