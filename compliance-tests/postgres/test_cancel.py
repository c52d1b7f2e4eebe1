"""psycopg2 and asyncpg x query cancellation: a CancelRequest carrying the BackendKeyData key stops
a running statement, a running COPY FROM STDIN and a running COPY TO STDOUT with 57014, and
statement_timeout does the same by itself; the connection stays usable afterwards."""
import asyncio
import io
import threading
import time

import psycopg2
import psycopg2.errors
import pytest

from harness.asyncpg_support import apg  # noqa: F401  (fixture)

ROWS = 2000


@pytest.fixture(scope="module")
def numbers(module_tables):
    t = module_tables.create("id INTEGER PRIMARY KEY, v INTEGER", hint="cancel")
    module_tables.execute(f"INSERT INTO {t} VALUES " + ", ".join(["(%s, %s)"] * ROWS),
                          [x for i in range(1, ROWS + 1) for x in (i, i % 7)])
    return t


@pytest.fixture
def auto(connect):
    c = connect()
    c.autocommit = True
    return c


class _Canceller(threading.Thread):
    """Sends a CancelRequest after `seconds`, then again every 0.5 s until stopped: a cancel that
    arrives before the statement starts (a cold server still planning) is ignored, as PostgreSQL
    ignores a cancel when nothing runs."""

    def __init__(self, conn, seconds):
        super().__init__(daemon=True)
        self.conn = conn
        self.seconds = seconds
        self.done = threading.Event()

    def run(self):
        if self.done.wait(self.seconds):
            return
        while True:
            self.conn.cancel()
            if self.done.wait(0.5):
                return

    def join(self, timeout=None):
        self.done.set()
        super().join(timeout)


def _cancel_after(conn, seconds):
    t = _Canceller(conn, seconds)
    t.start()
    return t


def _assert_usable(conn):
    with conn.cursor() as cur:
        cur.execute("SELECT 1")
        assert cur.fetchone() == (1,)


def test_cancel_running_statement(auto):
    timer = _cancel_after(auto, 0.5)
    started = time.monotonic()
    with auto.cursor() as cur:
        with pytest.raises(psycopg2.errors.QueryCanceled) as err:
            cur.execute("SELECT pg_sleep(60)")
    timer.join()
    assert time.monotonic() - started < 30
    assert err.value.pgcode == "57014"
    assert "canceling statement due to user request" in str(err.value)
    _assert_usable(auto)


def test_cancel_running_scan(auto, numbers):
    # One row every 10 ms: 20 s if nothing stops it.
    timer = _cancel_after(auto, 0.5)
    started = time.monotonic()
    with auto.cursor() as cur:
        with pytest.raises(psycopg2.errors.QueryCanceled):
            cur.execute(f"SELECT id, pg_sleep(0.01) FROM {numbers}")
    timer.join()
    assert time.monotonic() - started < 30
    _assert_usable(auto)


def test_cancel_inside_transaction_aborts_it(conn):
    timer = _cancel_after(conn, 0.5)
    with conn.cursor() as cur:
        cur.execute("SELECT 1")
        with pytest.raises(psycopg2.errors.QueryCanceled):
            cur.execute("SELECT pg_sleep(60)")
        timer.join()
        with pytest.raises(psycopg2.errors.InFailedSqlTransaction):
            cur.execute("SELECT 1")
    conn.rollback()
    _assert_usable(conn)


def test_cancel_with_nothing_running_is_harmless(auto):
    auto.cancel()
    time.sleep(0.2)
    _assert_usable(auto)


class _SlowCopySource(io.TextIOBase):
    """COPY input produced slowly (1,000 rows every 20 ms, 200 chunks); cancels after the first chunk."""

    def __init__(self, conn, first_id):
        self.conn = conn
        self.next_id = first_id
        self.chunks = 0
        self.timer = None

    def readable(self):
        return True

    def read(self, size=-1):
        if self.chunks >= 200:
            return ""
        if self.timer is None:
            self.timer = _cancel_after(self.conn, 0.3)
        self.chunks += 1
        time.sleep(0.02)
        lines = "".join(f"{self.next_id + k}\t1\n" for k in range(1000))
        self.next_id += 1000
        return lines

    readline = read


def test_cancel_copy_from_stdin(auto, tables):
    t = tables.create("id INTEGER PRIMARY KEY, v INTEGER", hint="copycancel")
    source = _SlowCopySource(auto, 1)
    started = time.monotonic()
    with auto.cursor() as cur:
        with pytest.raises(psycopg2.errors.QueryCanceled) as err:
            cur.copy_expert(f"COPY {t} FROM STDIN", source, size=65536)
    source.timer.join()
    assert "canceling statement due to user request" in str(err.value)
    # Stopped well before the 200 chunks (4 s of input) were sent... or at least the data is gone.
    assert time.monotonic() - started < 30
    with auto.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {t}")
        assert cur.fetchone() == (0,)
    _assert_usable(auto)


def test_cancel_copy_to_stdout(auto, numbers):
    out = io.StringIO()
    timer = _cancel_after(auto, 0.5)
    started = time.monotonic()
    with auto.cursor() as cur:
        with pytest.raises(psycopg2.errors.QueryCanceled):
            cur.copy_expert(f"COPY (SELECT id, pg_sleep(0.01) FROM {numbers}) TO STDOUT", out)
    timer.join()
    assert time.monotonic() - started < 30
    _assert_usable(auto)


def test_statement_timeout(auto):
    with auto.cursor() as cur:
        cur.execute("SET statement_timeout = 300")
        started = time.monotonic()
        with pytest.raises(psycopg2.errors.QueryCanceled) as err:
            cur.execute("SELECT pg_sleep(60)")
        assert time.monotonic() - started < 30
        assert "canceling statement due to statement timeout" in str(err.value)
        cur.execute("SET statement_timeout = 0")
    _assert_usable(auto)


def test_asyncpg_timeout_cancels_on_server(apg):
    async def body(connect):
        c = await connect()
        started = time.monotonic()
        with pytest.raises(asyncio.TimeoutError):
            await c.fetch("SELECT pg_sleep(60)", timeout=0.5)
        elapsed = time.monotonic() - started
        # asyncpg sent a CancelRequest: the next statement runs at once rather than after 20 s.
        value = await c.fetchval("SELECT 41 + 1")
        return elapsed, value, time.monotonic() - started

    elapsed, value, total = apg(body)
    assert elapsed < 5
    assert value == 42
    assert total < 10


def test_asyncpg_cancel_prepared_statement(apg, numbers):
    async def body(connect):
        c = await connect()
        stmt = await c.prepare(f"SELECT id, pg_sleep($1) FROM {numbers} ORDER BY id")
        with pytest.raises(asyncio.TimeoutError):
            await stmt.fetch(0.01, timeout=0.5)
        return await c.fetchval(f"SELECT count(*) FROM {numbers}")

    assert apg(body) == ROWS
