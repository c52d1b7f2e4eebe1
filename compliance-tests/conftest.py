"""Shared fixtures of the compliance matrix.

HELIOSDB_TEST_TARGET selects the server under test: "heliosdb" (default; runs the built
bin/heliosdb) or "postgres" (a private PostgreSQL 15 cluster, to check the tests themselves
encode real PostgreSQL behaviour).
"""
import pathlib
import re
import secrets
import uuid

import psycopg2
import pytest

from harness.servers import TARGET, make_server

LOG_DIR = pathlib.Path(__file__).resolve().parent / "target" / "logs"


def pytest_collection_modifyitems(config, items):
    if TARGET == "heliosdb":
        return
    skip = pytest.mark.skip(reason=f"HeliosDB-specific check; target is {TARGET}")
    for item in items:
        if "heliosdb_only" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def target():
    return TARGET


@pytest.fixture(scope="session")
def server():
    """One server for the whole session: started on free ports in a temp dir, stopped gracefully."""
    srv = make_server(TARGET, password="pw-" + secrets.token_hex(8))
    try:
        srv.start()
        yield srv
        code = srv.stop()
        assert code in srv.clean_exit_codes, f"{TARGET} did not exit cleanly (exit {code}); log:\n{srv.log_text()}"
    finally:
        srv.save_log(LOG_DIR / f"{TARGET}-server.log")
        srv.cleanup()


class Connector:
    """Opens psycopg2 connections to the server under test and closes them all at the end."""

    def __init__(self, server):
        self._server = server
        self._opened = []

    def __call__(self, **overrides):
        params = self._server.connect_params(sslmode="disable")
        params.update(overrides)
        c = psycopg2.connect(**params)
        self._opened.append(c)
        return c

    def close_all(self):
        for c in self._opened:
            if not c.closed:
                c.close()


@pytest.fixture
def connect(server):
    """connect(**overrides) -> a new psycopg2 connection, closed when the test ends."""
    connector = Connector(server)
    yield connector
    connector.close_all()


@pytest.fixture
def conn(connect):
    """A plain psycopg2 connection (sslmode=disable, psycopg2's default: not autocommit)."""
    return connect()


def _safe_ident(text):
    return re.sub(r"[^a-z0-9_]", "_", text.lower())[:30]


class TableRegistry:
    """Runs DDL on its own autocommit connection and drops every table it created at session end,
    when no test connection can still hold a lock on them."""

    def __init__(self, server):
        self._ddl = psycopg2.connect(**server.connect_params(sslmode="disable",
                                                             application_name="ddl"))
        self._ddl.autocommit = True
        self._created = []

    def execute(self, sql, params=None):
        with self._ddl.cursor() as cur:
            cur.execute(sql, params)

    def remember(self, qualified):
        self._created.append(qualified)

    def close(self):
        for qualified in reversed(self._created):
            try:
                self.execute(f"DROP TABLE IF EXISTS {qualified}")
            except psycopg2.Error:
                pass  # best effort: a failed drop must not hide the tests' own results
        self._ddl.close()


class TableFactory:
    """Creates uniquely named tables so tests never see each other's rows."""

    def __init__(self, registry, prefix):
        self._registry = registry
        self._prefix = _safe_ident(prefix)

    def unique_name(self, hint="t"):
        return f"{_safe_ident(hint)}_{self._prefix}_{uuid.uuid4().hex[:8]}"

    def create(self, columns_sql, hint="t", schema=None):
        name = self.unique_name(hint)
        qualified = f"{schema}.{name}" if schema else name
        self._registry.execute(f"CREATE TABLE {qualified} ({columns_sql})")
        self._registry.remember(qualified)
        return qualified

    def execute(self, sql, params=None):
        self._registry.execute(sql, params)


@pytest.fixture(scope="session")
def table_registry(server):
    registry = TableRegistry(server)
    yield registry
    registry.close()


@pytest.fixture
def tables(table_registry, request):
    return TableFactory(table_registry, request.node.name)


@pytest.fixture(scope="module")
def module_tables(table_registry, request):
    return TableFactory(table_registry, request.module.__name__.rsplit(".", 1)[-1].replace("test_", ""))
