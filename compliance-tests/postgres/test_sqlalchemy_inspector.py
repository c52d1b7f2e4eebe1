"""SQLAlchemy 2 Inspector (psycopg2 dialect) x tables made by MetaData.create_all: the reflection
queries over pg_catalog return what was created."""
import pytest
import sqlalchemy as sa

from harness.sqlalchemy_support import sa_engine, sa_names  # noqa: F401 (fixtures)


@pytest.fixture
def created(sa_engine, sa_names):
    metadata = sa.MetaData()
    orders = sa.Table(
        sa_names("orders"), metadata,
        sa.Column("region", sa.String(8), primary_key=True),
        sa.Column("order_no", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("customer", sa.String(40), nullable=False),
        sa.Column("total", sa.Numeric(12, 2), server_default=sa.text("0")),
        sa.Column("paid", sa.Boolean),
        sa.Column("placed", sa.DateTime),
        sa.Column("note", sa.Text),
    )
    plain = sa.Table(sa_names("plain"), metadata, sa.Column("a", sa.Integer), sa.Column("b", sa.Float))
    metadata.create_all(sa_engine)
    yield orders.name, plain.name
    metadata.drop_all(sa_engine)


def test_table_names(sa_engine, created):
    names = sa.inspect(sa_engine).get_table_names()
    assert set(created) <= set(names)


def test_schema_and_view_names(sa_engine, created):
    inspector = sa.inspect(sa_engine)
    assert "public" in inspector.get_schema_names()
    assert inspector.has_table(created[0])
    # information_schema's views are not on the search path, so not the public schema's views.
    assert not set(inspector.get_view_names()) & {"tables", "columns", "schemata"}


def test_columns(sa_engine, created):
    cols = sa.inspect(sa_engine).get_columns(created[0])
    assert [(c["name"], str(c["type"]), c["nullable"], c["default"], c["autoincrement"]) for c in cols] == [
        ("region", "VARCHAR(8)", False, None, False),
        ("order_no", "BIGINT", False, None, False),
        ("customer", "VARCHAR(40)", False, None, False),
        ("total", "NUMERIC(12, 2)", True, "0", False),
        ("paid", "BOOLEAN", True, None, False),
        ("placed", "TIMESTAMP", True, None, False),
        ("note", "TEXT", True, None, False),
    ]
    plain = sa.inspect(sa_engine).get_columns(created[1])
    assert [(c["name"], str(c["type"]), c["nullable"]) for c in plain] == [
        ("a", "INTEGER", True), ("b", "DOUBLE PRECISION", True)]


def test_primary_key(sa_engine, created):
    inspector = sa.inspect(sa_engine)
    pk = inspector.get_pk_constraint(created[0])
    assert pk["constrained_columns"] == ["region", "order_no"]
    assert pk["name"] == f"{created[0]}_pkey"
    assert inspector.get_pk_constraint(created[1])["constrained_columns"] == []


def test_indexes_unique_constraints_and_foreign_keys(sa_engine, created):
    """The primary key's index is not listed as an index (PostgreSQL leaves it out too); no
    unique constraints or foreign keys were created."""
    inspector = sa.inspect(sa_engine)
    for table in created:
        assert inspector.get_indexes(table) == []
        assert inspector.get_unique_constraints(table) == []
        assert inspector.get_foreign_keys(table) == []


def test_reflect_into_metadata(sa_engine, created):
    """Table(autoload_with=...) builds the same columns and primary key from the catalogs."""
    reflected = sa.Table(created[0], sa.MetaData(), autoload_with=sa_engine)
    assert [c.name for c in reflected.columns] == ["region", "order_no", "customer", "total", "paid", "placed",
                                                    "note"]
    assert [c.name for c in reflected.primary_key.columns] == ["region", "order_no"]
    assert isinstance(reflected.c.total.type, sa.Numeric) and reflected.c.total.type.scale == 2


def test_table_in_another_schema(sa_engine, tables):
    schema = tables.unique_name("sch")
    with sa_engine.begin() as c:
        c.execute(sa.text(f"CREATE SCHEMA {schema}"))
    metadata = sa.MetaData(schema=schema)
    t = sa.Table("accounts", metadata, sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
                 sa.Column("owner", sa.String(30), nullable=False))
    try:
        metadata.create_all(sa_engine)
        inspector = sa.inspect(sa_engine)
        assert schema in inspector.get_schema_names()
        assert inspector.get_table_names(schema=schema) == ["accounts"]
        assert "accounts" not in inspector.get_table_names()
        cols = inspector.get_columns("accounts", schema=schema)
        assert [(c["name"], str(c["type"]), c["nullable"]) for c in cols] == [
            ("id", "INTEGER", False), ("owner", "VARCHAR(30)", False)]
        assert inspector.get_pk_constraint("accounts", schema=schema)["constrained_columns"] == ["id"]
        with sa_engine.begin() as c:
            c.execute(sa.insert(t).values(id=1, owner="ann"))
            assert c.execute(sa.select(t.c.owner)).scalar_one() == "ann"
    finally:
        metadata.drop_all(sa_engine)
        with sa_engine.begin() as c:
            c.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema}"))
