"""psycopg2 x errors: the standard SQLSTATE for each failure, the session recovers afterwards, and
the server survives garbage on its port."""
import os
import random
import socket
import struct

import psycopg2
import pytest

from harness.assertions import assert_connection_usable


def _fails_with(conn, sql, params=None):
    with conn.cursor() as cur, pytest.raises(psycopg2.Error) as excinfo:
        cur.execute(sql, params)
    err = excinfo.value
    assert err.pgerror, "the server sent no error message"
    assert_connection_usable(conn)
    return err.pgcode


def test_undefined_table_is_42P01(conn):
    assert _fails_with(conn, "SELECT * FROM no_such_table_anywhere") == "42P01"


def test_syntax_error_is_42601(conn):
    assert _fails_with(conn, "SELEC 1") == "42601"
    assert _fails_with(conn, "SELECT FROM WHERE") == "42601"


def test_undefined_column_is_42703(tables, conn):
    t = tables.create("id INTEGER PRIMARY KEY")
    assert _fails_with(conn, f"SELECT no_such_column FROM {t}") == "42703"


def test_duplicate_primary_key_is_23505(tables, conn):
    t = tables.create("id INTEGER PRIMARY KEY, v TEXT")
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1, 'first')")
    conn.commit()
    assert _fails_with(conn, f"INSERT INTO {t} VALUES (1, 'second')") == "23505"
    with conn.cursor() as cur:
        cur.execute(f"SELECT v FROM {t}")
        assert cur.fetchall() == [("first",)]


def test_bad_integer_literal_cast_is_22P02(conn):
    assert _fails_with(conn, "SELECT 'abc'::int") == "22P02"


def test_bad_integer_text_inserted_into_int_column_is_22P02(tables, conn):
    t = tables.create("id INTEGER PRIMARY KEY, n INTEGER")
    assert _fails_with(conn, f"INSERT INTO {t} VALUES (1, %s)", ("abc",)) == "22P02"


def test_division_by_zero_is_22012(conn):
    assert _fails_with(conn, "SELECT 1 / 0") == "22012"


def test_integer_overflow_is_22003_not_a_wrapped_value(tables, conn):
    """integer and bigint arithmetic that overflows fails, in the query and in a pushed-down filter
    or projection over a table's rows; the same values in bigint or numeric still compute."""
    t = tables.create("id INTEGER PRIMARY KEY, n INTEGER, b BIGINT")
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1, 2147483647, 9223372036854775807), (2, -2147483648, 1)")
    conn.commit()
    assert _fails_with(conn, "SELECT 2147483647 + 1") == "22003"
    assert _fails_with(conn, "SELECT 9223372036854775807::bigint * 2") == "22003"
    assert _fails_with(conn, f"SELECT n + 1 FROM {t} WHERE id = 1") == "22003"
    assert _fails_with(conn, f"SELECT id FROM {t} WHERE b + 1 > 0") == "22003"
    assert _fails_with(conn, f"SELECT -n FROM {t} WHERE id = 2") == "22003"
    with conn.cursor() as cur:
        cur.execute(f"SELECT n::bigint + 1, b - 1, n::numeric * 2 FROM {t} WHERE id = 1")
        assert cur.fetchone() == (2147483648, 9223372036854775806, 4294967294)


def test_not_null_violation_is_23502(tables, conn):
    t = tables.create("id INTEGER PRIMARY KEY, v TEXT NOT NULL")
    assert _fails_with(conn, f"INSERT INTO {t} VALUES (1, NULL)") == "23502"


@pytest.mark.heliosdb_only
def test_unsupported_statement_is_0A000(tables, conn):
    t = tables.create("id INTEGER PRIMARY KEY")
    sql = f"CREATE TRIGGER trg BEFORE INSERT ON {t} FOR EACH ROW EXECUTE FUNCTION some_fn()"
    assert _fails_with(conn, sql) == "0A000"


def test_errors_do_not_leak_into_the_next_statement(tables, conn):
    t = tables.create("id INTEGER PRIMARY KEY")
    for bad in ("SELECT * FROM no_such_table_anywhere", "SELEC 1", "SELECT 'x'::int"):
        _fails_with(conn, bad)
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1)")
    conn.commit()
    with conn.cursor() as cur:
        cur.execute(f"SELECT id FROM {t}")
        assert cur.fetchall() == [(1,)]


def _garbage_payloads():
    rng = random.Random(1234)
    return {
        "http_request": b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
        "random_bytes": bytes(rng.randrange(256) for _ in range(4096)),
        "huge_length_startup": struct.pack("!II", 0x7FFFFFF0, 196608) + b"user\x00x\x00\x00",
        "tiny_length": struct.pack("!I", 2),
        "unknown_protocol": struct.pack("!II", 8, 0x12345678),
        "zeros": b"\x00" * 1024,
    }


@pytest.mark.parametrize("name", sorted(_garbage_payloads()))
def test_server_survives_garbage_on_the_pg_port(server, connect, name):
    payload = _garbage_payloads()[name]
    with socket.create_connection((server.host, server.pg_port), timeout=10) as sock:
        try:
            sock.sendall(payload)
            sock.shutdown(socket.SHUT_WR)
            while sock.recv(4096):  # whatever it answers, it must end the conversation
                pass
        except (ConnectionResetError, BrokenPipeError):
            pass
    c = connect()
    with c.cursor() as cur:
        cur.execute("SELECT 1")
        assert cur.fetchone() == (1,)


def test_server_survives_garbage_after_a_valid_login(server, connect):
    c = connect()
    # Reach into the live session's socket and write a message type the protocol does not define.
    sock = socket.socket(fileno=os.dup(c.fileno()))
    try:
        sock.sendall(b"\xee" + struct.pack("!I", 8) + b"junk")
    finally:
        sock.close()
    with pytest.raises(psycopg2.Error):
        with c.cursor() as cur:
            cur.execute("SELECT 1")
            cur.fetchone()
    fresh = connect()
    with fresh.cursor() as cur:
        cur.execute("SELECT 2")
        assert cur.fetchone() == (2,)
