"""psycopg2 x generated values and the INSERT family: sequences (nextval / currval / setval /
lastval), SERIAL and IDENTITY columns, DEFAULT expressions, RETURNING from INSERT / UPDATE /
DELETE, and INSERT ... ON CONFLICT DO NOTHING / DO UPDATE, with PostgreSQL's SQLSTATEs."""
import uuid

import psycopg2
import pytest


@pytest.fixture
def ac(connect):
    c = connect()
    c.autocommit = True
    return c


@pytest.fixture
def sequence(ac):
    names = []

    def create(options=""):
        name = f"seq_{uuid.uuid4().hex[:10]}"
        with ac.cursor() as cur:
            cur.execute(f"CREATE SEQUENCE {name} {options}")
        names.append(name)
        return name

    yield create
    with ac.cursor() as cur:
        for n in names:
            cur.execute(f"DROP SEQUENCE IF EXISTS {n}")


def one(c, sql, params=None):
    with c.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchone()[0]


def test_nextval_currval_setval_lastval(ac, sequence):
    s = sequence()
    with pytest.raises(psycopg2.errors.ObjectNotInPrerequisiteState):
        one(ac, "SELECT currval(%s)", (s,))
    assert one(ac, "SELECT nextval(%s)", (s,)) == 1
    assert one(ac, f"SELECT nextval('{s}'::regclass)") == 2
    assert one(ac, "SELECT currval(%s)", (s,)) == 2
    assert one(ac, "SELECT lastval()") == 2
    assert one(ac, "SELECT setval(%s, 41)", (s,)) == 41
    assert one(ac, "SELECT nextval(%s)", (s,)) == 42
    assert one(ac, "SELECT setval(%s, 7, false)", (s,)) == 7
    assert one(ac, "SELECT nextval(%s)", (s,)) == 7


def test_sequence_options_bounds_and_errors(ac, sequence):
    s = sequence("AS smallint INCREMENT BY 10 MINVALUE 5 MAXVALUE 30 START WITH 5")
    with ac.cursor() as cur:
        cur.execute(f"SELECT nextval('{s}'), nextval('{s}'), nextval('{s}')")
        assert cur.fetchone() == (5, 15, 25)
        with pytest.raises(psycopg2.errors.SequenceGeneratorLimitExceeded) as e:
            cur.execute(f"SELECT nextval('{s}')")
        assert f'reached maximum value of sequence "{s}" (30)' in str(e.value)
        with pytest.raises(psycopg2.errors.NumericValueOutOfRange):
            cur.execute(f"SELECT setval('{s}', 99)")
        with pytest.raises(psycopg2.errors.InvalidParameterValue):
            cur.execute(f"CREATE SEQUENCE {s}_bad START 0")
        with pytest.raises(psycopg2.errors.DuplicateTable):
            cur.execute(f"CREATE SEQUENCE {s}")
        cur.execute(f"CREATE SEQUENCE IF NOT EXISTS {s}")
        with pytest.raises(psycopg2.errors.UndefinedTable):
            cur.execute("SELECT nextval('no_such_sequence_here')")
        cur.execute("DROP SEQUENCE IF EXISTS no_such_sequence_here")
        with pytest.raises(psycopg2.errors.UndefinedTable):
            cur.execute("DROP SEQUENCE no_such_sequence_here")


def test_sequences_are_shared_between_sessions_and_not_transactional(connect, ac, sequence):
    s = sequence()
    other = connect()
    assert one(ac, "SELECT nextval(%s)", (s,)) == 1
    with other.cursor() as cur:
        cur.execute("SELECT nextval(%s)", (s,))
        assert cur.fetchone()[0] == 2
    other.rollback()  # a rolled-back nextval is not given back
    assert one(ac, "SELECT nextval(%s)", (s,)) == 3


def test_serial_defaults_and_returning_id(tables, ac):
    t = tables.create("id SERIAL PRIMARY KEY, name TEXT NOT NULL, kind TEXT DEFAULT 'plain', "
                      "created TIMESTAMP DEFAULT now()")
    with ac.cursor() as cur:
        cur.execute(f"INSERT INTO {t} (name) VALUES (%s) RETURNING id", ("a",))
        assert cur.fetchone() == (1,)
        assert cur.statusmessage == "INSERT 0 1"
        cur.execute(f"INSERT INTO {t} (name, kind) VALUES (%s, DEFAULT), (%s, %s) RETURNING id, kind",
                    ("b", "c", "special"))
        assert cur.fetchall() == [(2, "plain"), (3, "special")]
        cur.execute(f"INSERT INTO {t} VALUES (DEFAULT, 'd', DEFAULT, DEFAULT)")
        cur.execute(f"SELECT id, name, kind, created IS NOT NULL FROM {t} ORDER BY id")
        assert cur.fetchall() == [(1, "a", "plain", True), (2, "b", "plain", True), (3, "c", "special", True),
                                  (4, "d", "plain", True)]
        cur.execute("SELECT pg_get_serial_sequence(%s, 'id')", (t,))
        assert cur.fetchone() == (f"public.{t}_id_seq",)
        with pytest.raises(psycopg2.errors.NotNullViolation):
            cur.execute(f"INSERT INTO {t} (id, name) VALUES (NULL, 'n')")


def test_identity_columns(tables, ac):
    t = tables.create("id INT GENERATED ALWAYS AS IDENTITY (START WITH 100 INCREMENT BY 5) PRIMARY KEY, v INT")
    with ac.cursor() as cur:
        cur.execute(f"INSERT INTO {t} (v) VALUES (1), (2) RETURNING id")
        assert cur.fetchall() == [(100,), (105,)]
        with pytest.raises(psycopg2.errors.GeneratedAlways):
            cur.execute(f"INSERT INTO {t} (id, v) VALUES (1, 3)")
        cur.execute(f"INSERT INTO {t} (id, v) VALUES (DEFAULT, 3) RETURNING id")
        assert cur.fetchone() == (110,)
    d = tables.create("id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, v INT")
    with ac.cursor() as cur:
        cur.execute(f"INSERT INTO {d} (id, v) VALUES (50, 1)")
        cur.execute(f"INSERT INTO {d} (v) VALUES (2) RETURNING id")
        assert cur.fetchone() == (1,)


def test_update_and_delete_returning(tables, ac):
    t = tables.create("id INT PRIMARY KEY, n INT")
    with ac.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1, 10), (2, 20), (3, 30)")
        cur.execute(f"UPDATE {t} SET n = n + 1 WHERE id >= %s RETURNING id, n * 2", (2,))
        assert sorted(cur.fetchall()) == [(2, 42), (3, 62)]
        assert cur.statusmessage == "UPDATE 2"
        cur.execute(f"DELETE FROM {t} WHERE id = 1 RETURNING *")
        assert cur.fetchall() == [(1, 10)]
        assert cur.statusmessage == "DELETE 1"


def test_on_conflict_do_nothing_and_do_update(tables, ac):
    t = tables.create("k INT PRIMARY KEY, v TEXT, hits INT DEFAULT 1")
    with ac.cursor() as cur:
        cur.execute(f"INSERT INTO {t} (k, v) VALUES (1, 'one')")
        cur.execute(f"INSERT INTO {t} (k, v) VALUES (1, 'uno'), (2, 'two') ON CONFLICT DO NOTHING")
        assert cur.rowcount == 1
        cur.execute(f"INSERT INTO {t} (k, v) VALUES (%s, %s) ON CONFLICT (k) DO NOTHING RETURNING k", (2, "x"))
        assert cur.fetchall() == []
        cur.execute(f"INSERT INTO {t} AS cur (k, v) VALUES (%s, %s), (3, 'three') ON CONFLICT (k) DO UPDATE "
                    "SET v = EXCLUDED.v, hits = cur.hits + 1 RETURNING k, v, hits", (1, "uno"))
        assert cur.fetchall() == [(1, "uno", 2), (3, "three", 1)]
        assert cur.statusmessage == "INSERT 0 2"
        cur.execute(f"INSERT INTO {t} (k, v) VALUES (1, 'no') ON CONFLICT ON CONSTRAINT {t}_pkey "
                    f"DO UPDATE SET v = excluded.v WHERE {t}.hits > 5")
        assert cur.rowcount == 0
        cur.execute(f"SELECT k, v, hits FROM {t} ORDER BY k")
        assert cur.fetchall() == [(1, "uno", 2), (2, "two", 1), (3, "three", 1)]


def test_on_conflict_errors(tables, ac):
    t = tables.create("k INT PRIMARY KEY, v TEXT, hits INT DEFAULT 1")
    with ac.cursor() as cur:
        with pytest.raises(psycopg2.errors.CardinalityViolation):
            cur.execute(f"INSERT INTO {t} (k, v) VALUES (5, 'a'), (5, 'b') ON CONFLICT (k) DO UPDATE SET v = excluded.v")
        with pytest.raises(psycopg2.errors.InvalidColumnReference):
            cur.execute(f"INSERT INTO {t} (k, v) VALUES (1, 'a') ON CONFLICT (v) DO NOTHING")
        with pytest.raises(psycopg2.errors.AmbiguousColumn):
            cur.execute(f"INSERT INTO {t} (k, v) VALUES (1, 'a') ON CONFLICT (k) DO UPDATE SET hits = hits + 1")
        with pytest.raises(psycopg2.errors.SyntaxError):
            cur.execute(f"INSERT INTO {t} (k, v) VALUES (1, 'a') ON CONFLICT DO UPDATE SET v = 'b'")
        with pytest.raises(psycopg2.errors.UndefinedColumn):
            cur.execute(f"INSERT INTO {t} (k, v) VALUES (1, 'a') RETURNING nope")
        cur.execute(f"SELECT count(*) FROM {t}")
        assert cur.fetchone() == (0,)


def test_on_conflict_on_a_unique_column(tables, ac):
    t = tables.create("id SERIAL PRIMARY KEY, email TEXT UNIQUE, visits INT DEFAULT 1")
    with ac.cursor() as cur:
        cur.execute(f"INSERT INTO {t} (email) VALUES ('a@x'), ('b@x')")
        cur.execute(f"INSERT INTO {t} (email) VALUES (%s), (%s) ON CONFLICT (email) DO UPDATE "
                    f"SET visits = {t}.visits + 1 RETURNING email, visits", ("a@x", "c@x"))
        assert sorted(cur.fetchall()) == [("a@x", 2), ("c@x", 1)]
        cur.execute(f"INSERT INTO {t} (email) VALUES ('b@x') ON CONFLICT ON CONSTRAINT {t}_email_key DO NOTHING")
        assert cur.rowcount == 0
        cur.execute(f"INSERT INTO {t} (email) VALUES ('b@x') ON CONFLICT DO NOTHING")
        assert cur.rowcount == 0
        with pytest.raises(psycopg2.errors.UniqueViolation):
            cur.execute(f"INSERT INTO {t} (email) VALUES ('b@x')")
        cur.execute(f"SELECT email, visits FROM {t} ORDER BY email")
        assert cur.fetchall() == [("a@x", 2), ("b@x", 1), ("c@x", 1)]


def test_upsert_inside_a_transaction_sees_its_own_rows(tables, conn):
    t = tables.create("k INT PRIMARY KEY, v TEXT")
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1, 'a')")
        cur.execute(f"INSERT INTO {t} VALUES (1, 'b') ON CONFLICT (k) DO UPDATE SET v = excluded.v RETURNING v")
        assert cur.fetchone() == ("b",)
    conn.rollback()
    with conn.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {t}")
        assert cur.fetchone() == (0,)
    conn.rollback()


def test_copy_into_a_serial_table_draws_from_the_sequence(tables, ac):
    import io
    t = tables.create("id BIGSERIAL PRIMARY KEY, name TEXT")
    with ac.cursor() as cur:
        cur.copy_expert(f"COPY {t} (name) FROM STDIN", io.StringIO("a\nb\nc\n"))
        assert cur.rowcount == 3
        cur.execute(f"INSERT INTO {t} (name) VALUES ('d') RETURNING id")
        assert cur.fetchone() == (4,)
        cur.execute(f"SELECT id, name FROM {t} ORDER BY id")
        assert cur.fetchall() == [(1, "a"), (2, "b"), (3, "c"), (4, "d")]
