"""SQLAlchemy 2 Core (psycopg2 dialect): MetaData.create_all with SQLAlchemy's own DDL, then insert,
select (filters, ordering, aggregates, a join), update and delete through Core constructs."""
import datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa

from harness.servers import TARGET
from harness.sqlalchemy_support import sa_engine, sa_names  # noqa: F401 (fixtures)


def _products(metadata, name):
    return sa.Table(
        name, metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("price", sa.Numeric(10, 2)),
        sa.Column("in_stock", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("added", sa.DateTime),
        sa.Column("note", sa.Text),
    )


@pytest.fixture
def products(sa_engine, sa_names):
    metadata = sa.MetaData()
    table = _products(metadata, sa_names("products"))
    metadata.create_all(sa_engine)
    yield table
    metadata.drop_all(sa_engine)


ROWS = [
    {"id": 1, "name": "apple", "price": Decimal("1.20"), "in_stock": True,
     "added": datetime.datetime(2024, 1, 2, 3, 4, 5), "note": None},
    {"id": 2, "name": "pear", "price": Decimal("2.50"), "in_stock": False,
     "added": datetime.datetime(2024, 2, 3, 4, 5, 6), "note": "seasonal"},
    {"id": 3, "name": "plum", "price": None, "in_stock": True, "added": None, "note": "it's \"ripe\""},
]


def test_create_all_makes_the_table(sa_engine, products):
    assert sa.inspect(sa_engine).has_table(products.name)
    # create_all is idempotent: it checks for the table first (checkfirst=True).
    products.metadata.create_all(sa_engine)


def test_insert_and_select_round_trip(sa_engine, products):
    with sa_engine.begin() as c:
        result = c.execute(sa.insert(products), ROWS)
        assert result.rowcount == 3
    with sa_engine.connect() as c:
        got = [dict(r._mapping) for r in c.execute(sa.select(products).order_by(products.c.id))]
    assert got == ROWS


def test_server_default_applies(sa_engine, products):
    with sa_engine.begin() as c:
        c.execute(sa.insert(products).values(id=10, name="kiwi"))
    with sa_engine.connect() as c:
        assert c.execute(sa.select(products.c.in_stock).where(products.c.id == 10)).scalar_one() is True


def test_select_filters_order_and_aggregates(sa_engine, products):
    with sa_engine.begin() as c:
        c.execute(sa.insert(products), ROWS)
    with sa_engine.connect() as c:
        names = c.execute(sa.select(products.c.name)
                          .where(products.c.in_stock.is_(True), products.c.name.like("p%"))
                          .order_by(products.c.name.desc())).scalars().all()
        assert names == ["plum"]
        assert c.execute(sa.select(products.c.id).where(products.c.id.in_([1, 3])).order_by(products.c.id)
                         ).scalars().all() == [1, 3]
        assert c.execute(sa.select(sa.func.count()).select_from(products)).scalar_one() == 3
        assert c.execute(sa.select(sa.func.sum(products.c.price))).scalar_one() == Decimal("3.70")
        rows = c.execute(sa.select(products.c.in_stock, sa.func.count().label("n"))
                         .group_by(products.c.in_stock).order_by(products.c.in_stock)).all()
        assert [tuple(r) for r in rows] == [(False, 1), (True, 2)]
        page = c.execute(sa.select(products.c.id).order_by(products.c.id).limit(2).offset(1)).scalars().all()
        assert page == [2, 3]


def test_update_and_delete(sa_engine, products):
    with sa_engine.begin() as c:
        c.execute(sa.insert(products), ROWS)
        upd = c.execute(sa.update(products).where(products.c.price < Decimal("2"))
                        .values(price=products.c.price + Decimal("1.00"), note="raised"))
        assert upd.rowcount == 1
        dele = c.execute(sa.delete(products).where(products.c.in_stock.is_(False)))
        assert dele.rowcount == 1
    with sa_engine.connect() as c:
        rows = c.execute(sa.select(products.c.id, products.c.price, products.c.note).order_by(products.c.id)).all()
    assert [tuple(r) for r in rows] == [(1, Decimal("2.20"), "raised"), (3, None, "it's \"ripe\"")]


def test_rollback_discards(sa_engine, products):
    with sa_engine.connect() as c:
        with c.begin() as tx:
            c.execute(sa.insert(products).values(id=5, name="fig"))
            tx.rollback()
        assert c.execute(sa.select(sa.func.count()).select_from(products)).scalar_one() == 0


def test_join_between_tables(sa_engine, sa_names):
    metadata = sa.MetaData()
    owners = sa.Table(sa_names("owners"), metadata,
                      sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
                      sa.Column("name", sa.String(20)))
    pets = sa.Table(sa_names("pets"), metadata,
                    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
                    sa.Column("owner_id", sa.Integer),
                    sa.Column("name", sa.String(20)))
    metadata.create_all(sa_engine)
    try:
        with sa_engine.begin() as c:
            c.execute(sa.insert(owners), [{"id": 1, "name": "ann"}, {"id": 2, "name": "ben"}])
            c.execute(sa.insert(pets), [{"id": 1, "owner_id": 1, "name": "rex"},
                                        {"id": 2, "owner_id": 1, "name": "tom"},
                                        {"id": 3, "owner_id": None, "name": "stray"}])
        with sa_engine.connect() as c:
            rows = c.execute(sa.select(owners.c.name, pets.c.name)
                             .select_from(owners.outerjoin(pets, pets.c.owner_id == owners.c.id))
                             .order_by(owners.c.name, pets.c.name)).all()
        assert [tuple(r) for r in rows] == [("ann", "rex"), ("ann", "tom"), ("ben", None)]
    finally:
        metadata.drop_all(sa_engine)


def test_autoincrement_primary_key_is_serial(sa_engine, sa_names):
    """An Integer primary key with autoincrement becomes SERIAL; inserts without the key get the
    sequence's values back through RETURNING (inserted_primary_key)."""
    metadata = sa.MetaData()
    t = sa.Table(sa_names("serial"), metadata, sa.Column("id", sa.Integer, primary_key=True),
                 sa.Column("name", sa.String(20)))
    metadata.create_all(sa_engine)
    try:
        with sa_engine.begin() as c:
            first = c.execute(t.insert().values(name="a"))
            assert first.inserted_primary_key == (1,)
            c.execute(t.insert(), [{"name": "b"}, {"name": "c"}])
            rows = c.execute(sa.select(t.c.id, t.c.name).order_by(t.c.id)).all()
        assert [tuple(r) for r in rows] == [(1, "a"), (2, "b"), (3, "c")]
    finally:
        metadata.drop_all(sa_engine)
