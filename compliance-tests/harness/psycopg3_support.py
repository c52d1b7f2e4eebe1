"""Fixtures for the psycopg 3 files: connections to the server under test, closed after each test.
Import the fixtures into a test module (`from harness.psycopg3_support import pg3, pg3_connect`)."""
import psycopg
import pytest


class Psycopg3Connector:
    """connect(**overrides) -> psycopg.Connection; prepare_threshold=0 unless overridden, so every
    parameterised statement is a named server-side prepared statement from its first execution."""

    def __init__(self, server):
        self._server = server
        self._opened = []

    def __call__(self, **overrides):
        params = self._server.connect_params(sslmode="disable")
        prepare_threshold = overrides.pop("prepare_threshold", 0)
        autocommit = overrides.pop("autocommit", False)
        params.update(overrides)
        params["dbname"] = params.pop("dbname")
        c = psycopg.connect(autocommit=autocommit, prepare_threshold=prepare_threshold, **params)
        self._opened.append(c)
        return c

    def close_all(self):
        for c in self._opened:
            if not c.closed:
                c.close()


@pytest.fixture
def pg3_connect(server):
    connector = Psycopg3Connector(server)
    yield connector
    connector.close_all()


@pytest.fixture
def pg3(pg3_connect):
    """A psycopg 3 connection (not autocommit, psycopg's default)."""
    return pg3_connect()


def usable_after_error(conn):
    """After an error the session recovers: ROLLBACK, then a trivial query works."""
    conn.rollback()
    assert conn.execute("SELECT 1").fetchone() == (1,)
