"""psycopg2 x EXPLAIN: HeliosDB shows what it pushed down to the storage cells in each scan line."""
import pytest


@pytest.fixture
def numbers(tables):
    t = tables.create("id INTEGER PRIMARY KEY, x INTEGER, label TEXT")
    tables.execute(f"INSERT INTO {t} VALUES " + ", ".join(f"({i}, {i}, 'n{i}')" for i in range(1, 31)))
    return t


def _plan(conn, sql):
    with conn.cursor() as cur:
        cur.execute("EXPLAIN " + sql)
        lines = [row[0] for row in cur.fetchall()]
    conn.rollback()
    assert lines, "EXPLAIN returned no rows"
    return lines


def test_explain_returns_a_text_plan(conn, numbers):
    lines = _plan(conn, f"SELECT id FROM {numbers} WHERE x > 10")
    assert all(isinstance(line, str) for line in lines)


@pytest.mark.heliosdb_only
def test_explain_shows_pushed_filter_in_scan_line(conn, numbers):
    lines = _plan(conn, f"SELECT id, label FROM {numbers} WHERE x > 10")
    scans = [line for line in lines if "HeliosTableScan" in line]
    assert scans, "\n".join(lines)
    assert any("filter=[" in s and "10" in s for s in scans), "\n".join(lines)


@pytest.mark.heliosdb_only
def test_explain_shows_pushed_aggregate_in_scan_line(conn, numbers):
    lines = _plan(conn, f"SELECT COUNT(*), SUM(x) FROM {numbers} WHERE x > 10")
    scans = [line for line in lines if "HeliosTableScan" in line]
    assert scans, "\n".join(lines)
    assert any("aggregate=[" in s for s in scans), "\n".join(lines)


def test_filtered_query_returns_the_rows_the_plan_promises(conn, numbers):
    with conn.cursor() as cur:
        cur.execute(f"SELECT id FROM {numbers} WHERE x > 10 ORDER BY id")
        assert [r[0] for r in cur.fetchall()] == list(range(11, 31))
        cur.execute(f"SELECT COUNT(*), SUM(x) FROM {numbers} WHERE x > 10")
        assert cur.fetchone() == (20, sum(range(11, 31)))
