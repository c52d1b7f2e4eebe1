"""Assertions shared by several matrix files."""
import psycopg2


def assert_connection_usable(conn):
    """After an error the session must recover: ROLLBACK, then a trivial query works."""
    conn.rollback()
    with conn.cursor() as cur:
        cur.execute("SELECT 1")
        assert cur.fetchone() == (1,)


def sqlstate_of(excinfo):
    """The SQLSTATE psycopg2 exposes for a failed statement (None for connection-time errors)."""
    err = excinfo.value
    assert isinstance(err, psycopg2.Error), f"not a driver error: {err!r}"
    return err.pgcode
