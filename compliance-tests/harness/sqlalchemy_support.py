"""Fixtures for the SQLAlchemy files: an Engine on the psycopg2 dialect against the server under
test, and unique table names whose tables are dropped when the test ends.
Import the fixtures into a test module (`from harness.sqlalchemy_support import sa_engine, sa_names`)."""
import pytest
import sqlalchemy


@pytest.fixture
def sa_engine(server):
    p = server.connect_params(sslmode="disable")
    url = sqlalchemy.engine.URL.create("postgresql+psycopg2", username=p["user"], password=p["password"],
                                       host=p["host"], port=p["port"], database=p["dbname"],
                                       query={"sslmode": "disable"})
    engine = sqlalchemy.create_engine(url)
    yield engine
    engine.dispose()


class TableNames:
    """Unique table names for one test; remembered by the session's registry, which drops them."""

    def __init__(self, tables, registry):
        self._tables = tables
        self._registry = registry

    def __call__(self, hint):
        name = self._tables.unique_name(hint)
        self._registry.remember(name)
        return name


@pytest.fixture
def sa_names(tables, table_registry):
    return TableNames(tables, table_registry)
