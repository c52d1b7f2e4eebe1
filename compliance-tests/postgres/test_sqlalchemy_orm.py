"""SQLAlchemy 2 ORM (psycopg2 dialect): declarative classes created with create_all, Session
add/commit/query/update/delete, and a one-to-many relationship between two tables. The
relationship is declared with an explicit primaryjoin and no ForeignKey, so no FOREIGN KEY
constraint is created (HeliosDB does not enforce foreign keys yet)."""
import pytest
import sqlalchemy as sa
from sqlalchemy import orm

from harness.sqlalchemy_support import sa_engine, sa_names  # noqa: F401 (fixtures)


@pytest.fixture
def model(sa_engine, sa_names):
    """Fresh declarative classes on uniquely named tables (so tests never share rows)."""

    class Base(orm.DeclarativeBase):
        pass

    class Author(Base):
        __tablename__ = sa_names("authors")
        id: orm.Mapped[int] = orm.mapped_column(sa.Integer, primary_key=True, autoincrement=False)
        name: orm.Mapped[str] = orm.mapped_column(sa.String(50))
        books: orm.Mapped[list["Book"]] = orm.relationship(
            primaryjoin=lambda: Author.id == orm.foreign(Book.author_id),
            back_populates="author", order_by=lambda: Book.id, cascade="all, delete-orphan")

    class Book(Base):
        __tablename__ = sa_names("books")
        id: orm.Mapped[int] = orm.mapped_column(sa.Integer, primary_key=True, autoincrement=False)
        author_id: orm.Mapped[int] = orm.mapped_column(sa.Integer, nullable=True)
        title: orm.Mapped[str] = orm.mapped_column(sa.String(100))
        year: orm.Mapped[int | None] = orm.mapped_column(sa.Integer)
        author: orm.Mapped["Author"] = orm.relationship(
            primaryjoin=lambda: Author.id == orm.foreign(Book.author_id), back_populates="books")

    Base.metadata.create_all(sa_engine)
    yield Author, Book
    Base.metadata.drop_all(sa_engine)


def _seed(engine, Author, Book):
    with orm.Session(engine) as s:
        ursula = Author(id=1, name="Ursula", books=[Book(id=10, title="The Dispossessed", year=1974),
                                                   Book(id=11, title="The Lathe of Heaven", year=1971)])
        s.add_all([ursula, Author(id=2, name="Italo")])
        s.commit()


def test_add_commit_and_get(sa_engine, model):
    Author, Book = model
    _seed(sa_engine, Author, Book)
    with orm.Session(sa_engine) as s:
        a = s.get(Author, 1)
        assert a.name == "Ursula"
        assert [b.title for b in a.books] == ["The Dispossessed", "The Lathe of Heaven"]
        assert s.get(Author, 2).books == []
        assert s.get(Author, 99) is None


def test_query_with_filters_and_join(sa_engine, model):
    Author, Book = model
    _seed(sa_engine, Author, Book)
    with orm.Session(sa_engine) as s:
        titles = s.scalars(sa.select(Book.title).join(Book.author).where(Author.name == "Ursula",
                                                                          Book.year > 1972)).all()
        assert titles == ["The Dispossessed"]
        counts = s.execute(sa.select(Author.name, sa.func.count(Book.id))
                           .outerjoin(Author.books).group_by(Author.name).order_by(Author.name)).all()
        assert [tuple(r) for r in counts] == [("Italo", 0), ("Ursula", 2)]
        book = s.scalars(sa.select(Book).where(Book.id == 11)).one()
        assert book.author.name == "Ursula"


def test_eager_loading(sa_engine, model):
    Author, Book = model
    _seed(sa_engine, Author, Book)
    with orm.Session(sa_engine) as s:
        authors = s.scalars(sa.select(Author).options(orm.selectinload(Author.books)).order_by(Author.id)).all()
        assert [(a.name, len(a.books)) for a in authors] == [("Ursula", 2), ("Italo", 0)]
    with orm.Session(sa_engine) as s:
        books = s.scalars(sa.select(Book).options(orm.joinedload(Book.author)).order_by(Book.id)).all()
        assert [(b.title, b.author.name) for b in books] == [("The Dispossessed", "Ursula"),
                                                             ("The Lathe of Heaven", "Ursula")]


def test_update_and_delete_through_the_session(sa_engine, model):
    Author, Book = model
    _seed(sa_engine, Author, Book)
    with orm.Session(sa_engine) as s:
        s.get(Book, 11).year = 1972
        italo = s.get(Author, 2)
        italo.books.append(Book(id=12, title="Invisible Cities", year=1972))
        s.commit()
    with orm.Session(sa_engine) as s:
        assert s.scalars(sa.select(Book.id).where(Book.year == 1972).order_by(Book.id)).all() == [11, 12]
        s.delete(s.get(Author, 1))  # cascades to the author's books
        s.commit()
    with orm.Session(sa_engine) as s:
        assert s.scalars(sa.select(Book.id).order_by(Book.id)).all() == [12]
        assert s.scalars(sa.select(Author.name)).all() == ["Italo"]


def test_rollback_discards_pending_changes(sa_engine, model):
    Author, Book = model
    _seed(sa_engine, Author, Book)
    with orm.Session(sa_engine) as s:
        s.add(Author(id=3, name="Jorge"))
        s.get(Author, 1).name = "U. K. Le Guin"
        s.flush()
        s.rollback()
        assert s.get(Author, 1).name == "Ursula"
        assert s.get(Author, 3) is None
