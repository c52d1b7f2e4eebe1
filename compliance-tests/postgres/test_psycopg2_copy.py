"""psycopg2 x COPY: copy_expert / copy_from / copy_to through the COPY sub-protocol, text and CSV,
HEADER and NULLs, a large load, the COPY TO STDOUT round trip, and failures that leave the table
exactly as it was (a bad value is 22P02 with its line, a duplicate key is 23505, CopyFail is 57014)."""
import io

import psycopg2
import pytest

from harness.assertions import assert_connection_usable


def _rows(conn, table, order="id"):
    with conn.cursor() as cur:
        cur.execute(f"SELECT * FROM {table} ORDER BY {order}")
        return cur.fetchall()


def _count(conn, table):
    with conn.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {table}")
        return cur.fetchone()[0]


def _copy_fails(conn, sql, data):
    with conn.cursor() as cur, pytest.raises(psycopg2.Error) as excinfo:
        cur.copy_expert(sql, io.StringIO(data))
    conn.rollback()
    assert_connection_usable(conn)
    return excinfo.value


def test_copy_from_stdin_text_with_nulls_and_escapes(tables, conn):
    t = tables.create("id INTEGER PRIMARY KEY, v TEXT, n INTEGER")
    data = "1\tplain\t10\n2\ttab\\there\t\\N\n3\tline\\nbreak and back\\\\slash\t30\n4\t\\N\t\\N\n"
    with conn.cursor() as cur:
        cur.copy_expert(f"COPY {t} FROM STDIN", io.StringIO(data))
        assert cur.rowcount == 4
    conn.commit()
    assert _rows(conn, t) == [(1, "plain", 10), (2, "tab\there", None),
                              (3, "line\nbreak and back\\slash", 30), (4, None, None)]


def test_copy_from_with_psycopg2_copy_from_and_column_list(tables, conn):
    t = tables.create("id INTEGER PRIMARY KEY, a TEXT, b INTEGER")
    with conn.cursor() as cur:
        cur.copy_from(io.StringIO("x|1\ny|2\n"), t, sep="|", columns=("a", "id"))
    conn.commit()
    assert _rows(conn, t) == [(1, "x", None), (2, "y", None)]


def test_copy_from_stdin_csv_with_header_quotes_and_nulls(tables, conn):
    t = tables.create("id INTEGER PRIMARY KEY, v TEXT, n INTEGER")
    data = ('id,v,n\n'
            '1,"comma, inside",1\n'
            '2,"say ""hi""",\n'
            '3,"two\nlines",3\n'
            '4,"",4\n'
            '5,,5\n')
    with conn.cursor() as cur:
        cur.copy_expert(f"COPY {t} (id, v, n) FROM STDIN WITH (FORMAT csv, HEADER)", io.StringIO(data))
        assert cur.rowcount == 5
    conn.commit()
    assert _rows(conn, t) == [(1, "comma, inside", 1), (2, 'say "hi"', None), (3, "two\nlines", 3),
                              (4, "", 4), (5, None, 5)]


def test_copy_old_style_csv_header_and_custom_null(tables, conn):
    t = tables.create("id INTEGER PRIMARY KEY, v TEXT")
    with conn.cursor() as cur:
        cur.copy_expert(f"COPY {t} FROM STDIN WITH CSV HEADER NULL 'NULL'",
                        io.StringIO("id,v\n1,NULL\n2,\"NULL\"\n3,\n"))
    conn.commit()
    assert _rows(conn, t) == [(1, None), (2, "NULL"), (3, "")]


def test_copy_from_stdin_100k_rows_loaded_and_counted(tables, conn):
    t = tables.create("id INTEGER PRIMARY KEY, k INTEGER, pad TEXT")
    n = 100_000
    data = "".join(f"{i}\t{i * 7 % 1000}\tpad-{i:020d}\n" for i in range(n))
    with conn.cursor() as cur:
        cur.copy_expert(f"COPY {t} FROM STDIN", io.StringIO(data))
        assert cur.rowcount == n
    conn.commit()
    with conn.cursor() as cur:
        cur.execute(f"SELECT count(*), sum(id), min(pad), max(pad) FROM {t}")
        assert cur.fetchone() == (n, n * (n - 1) // 2, f"pad-{0:020d}", f"pad-{n - 1:020d}")


def test_copy_to_stdout_round_trip_text(tables, conn):
    t = tables.create("id INTEGER PRIMARY KEY, v TEXT, n NUMERIC(10,2), d DATE")
    data = "1\ta\\tb\\\\c\t1.50\t2024-02-29\n2\t\\N\t\\N\t\\N\n3\tsemi;colon 'q' \"dq\"\t-3.25\t1999-12-31\n"
    with conn.cursor() as cur:
        cur.copy_expert(f"COPY {t} FROM STDIN", io.StringIO(data))
    conn.commit()
    out = io.StringIO()
    with conn.cursor() as cur:
        cur.copy_expert(f"COPY (SELECT * FROM {t} ORDER BY id) TO STDOUT", out)
        assert cur.rowcount == 3
    assert out.getvalue() == data
    whole = io.StringIO()
    with conn.cursor() as cur:
        cur.copy_to(whole, t)
    assert sorted(whole.getvalue().splitlines()) == sorted(data.splitlines())


def test_copy_to_stdout_csv_with_header_reads_back(tables, conn):
    t = tables.create("id INTEGER PRIMARY KEY, v TEXT")
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1, 'x,y'), (2, NULL), (3, ''), (4, 'multi\nline \"q\"')")
    conn.commit()
    out = io.StringIO()
    with conn.cursor() as cur:
        cur.copy_expert(f"COPY (SELECT id, v FROM {t} ORDER BY id) TO STDOUT WITH (FORMAT csv, HEADER)", out)
    assert out.getvalue() == 'id,v\n1,"x,y"\n2,\n3,""\n4,"multi\nline ""q"""\n'
    t2 = tables.create("id INTEGER PRIMARY KEY, v TEXT")
    with conn.cursor() as cur:
        cur.copy_expert(f"COPY {t2} FROM STDIN WITH (FORMAT csv, HEADER)", io.StringIO(out.getvalue()))
    conn.commit()
    assert _rows(conn, t2) == _rows(conn, t)


def test_bad_value_is_22P02_with_line_and_leaves_table_unchanged(tables, conn):
    t = tables.create("id INTEGER PRIMARY KEY, n INTEGER")
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (-1, -1)")
    conn.commit()
    good = "".join(f"{i}\t{i}\n" for i in range(9000))
    err = _copy_fails(conn, f"COPY {t} FROM STDIN", good + "9000\tx\n9001\t1\n")
    assert err.pgcode == "22P02"
    assert 'invalid input syntax for type integer: "x"' in err.pgerror
    assert "line 9001" in err.pgerror
    assert _rows(conn, t) == [(-1, -1)]


def test_wrong_column_count_is_22P04(tables, conn):
    t = tables.create("id INTEGER PRIMARY KEY, n INTEGER")
    assert _copy_fails(conn, f"COPY {t} FROM STDIN", "1\t2\t3\n").pgcode == "22P04"
    assert _copy_fails(conn, f"COPY {t} FROM STDIN", "1\n").pgcode == "22P04"
    assert _count(conn, t) == 0


def test_duplicate_key_is_23505_and_leaves_table_unchanged(tables, conn):
    t = tables.create("id INTEGER PRIMARY KEY, v TEXT")
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (7000, 'kept')")
    conn.commit()
    data = "".join(f"{i}\tnew\n" for i in range(10000))
    err = _copy_fails(conn, f"COPY {t} FROM STDIN", data)
    assert err.pgcode == "23505"
    assert _rows(conn, t) == [(7000, "kept")]
    err = _copy_fails(conn, f"COPY {t} FROM STDIN", "1\ta\n2\tb\n1\tc\n")
    assert err.pgcode == "23505"
    assert _rows(conn, t) == [(7000, "kept")]


def test_copy_fail_from_client_is_57014_and_nothing_committed(tables, conn):
    t = tables.create("id INTEGER PRIMARY KEY")

    class Broken(io.StringIO):
        def read(self, size=-1):
            chunk = super().read(size)
            if not chunk:
                raise OSError("source went away")
            return chunk

    conn.autocommit = True
    with conn.cursor() as cur, pytest.raises(psycopg2.Error) as excinfo:
        cur.copy_expert(f"COPY {t} FROM STDIN", Broken("".join(f"{i}\n" for i in range(5000))))
    assert excinfo.value.pgcode == "57014"
    assert _count(conn, t) == 0
    assert_connection_usable(conn)


def test_copy_in_autocommit_and_rollback_in_a_block(tables, conn):
    t = tables.create("id INTEGER PRIMARY KEY")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.copy_expert(f"COPY {t} FROM STDIN", io.StringIO("1\n2\n"))
    conn.autocommit = False
    with conn.cursor() as cur:
        cur.copy_expert(f"COPY {t} FROM STDIN", io.StringIO("3\n4\n"))
    conn.rollback()
    assert _rows(conn, t) == [(1,), (2,)]


def test_copy_end_marker_and_crlf_lines(tables, conn):
    t = tables.create("id INTEGER PRIMARY KEY, v TEXT")
    with conn.cursor() as cur:
        cur.copy_expert(f"COPY {t} FROM STDIN", io.StringIO("1\ta\r\n2\tb\r\n\\.\r\n"))
    conn.commit()
    assert _rows(conn, t) == [(1, "a"), (2, "b")]


def test_copy_unknown_table_and_column(tables, conn):
    t = tables.create("id INTEGER PRIMARY KEY")
    assert _copy_fails(conn, "COPY no_such_table_for_copy FROM STDIN", "1\n").pgcode == "42P01"
    assert _copy_fails(conn, f"COPY {t} (nope) FROM STDIN", "1\n").pgcode == "42703"


@pytest.mark.heliosdb_only
def test_copy_server_file_is_refused_with_0A000(tables, conn):
    t = tables.create("id INTEGER PRIMARY KEY")
    with conn.cursor() as cur, pytest.raises(psycopg2.Error) as excinfo:
        cur.execute(f"COPY {t} FROM '/etc/passwd'")
    assert excinfo.value.pgcode == "0A000"
    conn.rollback()
    with conn.cursor() as cur, pytest.raises(psycopg2.Error) as excinfo:
        cur.execute(f"COPY {t} TO '/tmp/out.txt'")
    assert excinfo.value.pgcode == "0A000"
    conn.rollback()
    assert_connection_usable(conn)
