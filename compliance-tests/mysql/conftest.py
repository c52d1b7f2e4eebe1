"""Fixtures of the MySQL column of the matrix: PyMySQL connections to the server's --mysql-port.

The MySQL tests run against HeliosDB only (the PostgreSQL target has no MySQL listener); their
error numbers and result shapes were checked by hand against MariaDB 10.11 / MySQL 8.0 semantics
(see docs/compatibility.md).
"""
import itertools
import os
import ssl
import uuid

import pymysql
import pytest

from harness.forked_call import call_in_forked_child
from harness.servers import TARGET


def pytest_collection_modifyitems(config, items):
    if TARGET == "heliosdb":
        return
    skip = pytest.mark.skip(reason=f"MySQL protocol tests need the HeliosDB target (target is {TARGET})")
    for item in items:
        if "/mysql/" in str(item.fspath):
            item.add_marker(skip)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """mysql-connector-python's C extension cells run in a forked child (harness/forked_call.py).

    That extension is not memory-safe: after a failed COM_STMT_PREPARE it reads the error text from
    freed memory (the same happens against MariaDB 10.11; MALLOC_PERTURB_ shows it), and CI once died
    of SIGSEGV in a later cell's teardown. In a child, a crash fails only the cell that caused it.
    """
    callspec = getattr(pyfuncitem, "callspec", None)
    if callspec is None or callspec.params.get("cn_connect") is not False:
        return None
    return call_in_forked_child(pyfuncitem)


# To check the tests themselves against a real MariaDB/MySQL (by hand, not in CI):
# HELIOSDB_MYSQL_PEER=host:port:user:password runs the PyMySQL tests against it instead of
# HeliosDB's --mysql-port (the interop and TLS tests then need that server to match).
PEER = os.environ.get("HELIOSDB_MYSQL_PEER")


class MySqlConnector:
    """Opens PyMySQL connections and closes them all when the test ends."""

    def __init__(self, server):
        self._server = server
        self._opened = []

    def _params(self, **overrides):
        if not PEER:
            return self._server.mysql_params(**overrides)
        host, port, user, password = PEER.split(":", 3)
        params = dict(host=host, port=int(port), user=user, password=password, database="heliosdb",
                      connect_timeout=10)
        params.update(overrides)
        return params

    def __call__(self, **overrides):
        c = pymysql.connect(**self._params(**overrides))
        self._opened.append(c)
        return c

    def close_all(self, keep=None):
        for c in self._opened:
            if c.open and c is not keep:
                c.close()


@pytest.fixture
def my_connect(server):
    connector = MySqlConnector(server)
    yield connector
    connector.close_all()


@pytest.fixture
def my_conn(my_connect):
    """PyMySQL's defaults: autocommit off, text protocol, client-side parameter escaping."""
    return my_connect()


@pytest.fixture
def tls_options():
    """TLS without verification: the server's certificate is self-signed."""
    return {"check_hostname": False, "verify_mode": ssl.CERT_NONE}


@pytest.fixture
def my_table(my_connect):
    """my_table(columns_sql) -> a fresh table created through MySQL, dropped when the test ends.

    Every name carries this fixture's token, and the teardown drops what the server lists under it:
    a test body run in a forked child (pytest_pyfunc_call above) creates tables the parent never sees.
    """
    ddl = my_connect(autocommit=True)
    token = uuid.uuid4().hex[:8]
    numbers = itertools.count()

    def create(columns_sql, hint="t"):
        name = f"{hint}_my_{token}_{next(numbers)}"
        with ddl.cursor() as cur:
            cur.execute(f"CREATE TABLE `{name}` ({columns_sql})")
        return name

    yield create
    # close the test's connections first: on MySQL an open transaction would block the DROP
    my_connect.close_all(keep=ddl)
    with ddl.cursor() as cur:
        cur.execute(f"SHOW TABLES LIKE '%{token}%'")
        for (name,) in cur.fetchall():
            cur.execute(f"DROP TABLE IF EXISTS `{name}`")
