"""psycopg2 x the table statements PostgreSQL tools send (pgbench -i, dump scripts): character(n)
with blank padding, DROP TABLE of several tables, CREATE TABLE ... WITH (fillfactor), TRUNCATE,
VACUUM / ANALYZE, ALTER TABLE ... ADD PRIMARY KEY on a table created without one."""
import psycopg2
import psycopg2.errors
import pytest


def _rows(conn, sql, params=None):
    with conn.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


@pytest.fixture
def autocommit(connect):
    c = connect()
    c.autocommit = True
    return c


# ---------------------------------------------------------------- character(n)

@pytest.fixture
def chars(tables):
    t = tables.create("id INTEGER PRIMARY KEY, c CHAR(5), one CHARACTER, v VARCHAR(3)", hint="chars")
    tables.execute(f"INSERT INTO {t} (id, c, one, v) VALUES (1, 'ab', 'x', 'abc'), (2, 'ab   ', 'y', 'abc   '), "
                   f"(3, NULL, NULL, NULL), (4, 'abcde  ', ' ', '')")
    return t


def test_char_values_are_blank_padded(conn, chars):
    assert _rows(conn, f"SELECT id, c, one, v FROM {chars} ORDER BY id") == [
        (1, "ab   ", "x", "abc"), (2, "ab   ", "y", "abc"), (3, None, None, None), (4, "abcde", " ", "")]


def test_char_comparison_ignores_trailing_blanks(conn, chars):
    assert _rows(conn, f"SELECT id FROM {chars} WHERE c = 'ab' ORDER BY id") == [(1,), (2,)]
    assert _rows(conn, f"SELECT id FROM {chars} WHERE c = 'ab    ' ORDER BY id") == [(1,), (2,)]
    assert _rows(conn, f"SELECT id FROM {chars} WHERE c = %s ORDER BY id", ("ab",)) == [(1,), (2,)]
    assert _rows(conn, f"SELECT id FROM {chars} WHERE c > 'ab' ORDER BY id") == [(4,)]
    assert _rows(conn, f"SELECT id FROM {chars} WHERE c <> 'ab' ORDER BY id") == [(4,)]
    assert _rows(conn, f"SELECT c, count(*) FROM {chars} GROUP BY c ORDER BY c") == [
        ("ab   ", 2), ("abcde", 1), (None, 1)]


def test_char_primary_key_lookup(conn, tables):
    t = tables.create("code CHAR(3) PRIMARY KEY, n INTEGER", hint="charkey")
    tables.execute(f"INSERT INTO {t} VALUES ('a', 1), ('bb', 2)")
    assert _rows(conn, f"SELECT code, n FROM {t} WHERE code = 'a'") == [("a  ", 1)]
    assert _rows(conn, f"SELECT n FROM {t} WHERE code = %s", ("bb",)) == [(2,)]
    with pytest.raises(psycopg2.errors.UniqueViolation):
        tables.execute(f"INSERT INTO {t} VALUES ('a  ', 3)")


def test_char_too_long_is_22001(conn, chars):
    with pytest.raises(psycopg2.errors.StringDataRightTruncation) as e:
        _rows(conn, f"INSERT INTO {chars} (id, c) VALUES (10, 'abcdef') RETURNING id")
    assert e.value.pgerror.splitlines()[0] == "ERROR:  value too long for type character(5)"
    conn.rollback()
    with pytest.raises(psycopg2.errors.StringDataRightTruncation) as e:
        _rows(conn, f"INSERT INTO {chars} (id, one) VALUES (10, 'xy') RETURNING id")
    assert e.value.pgerror.splitlines()[0] == "ERROR:  value too long for type character(1)"
    conn.rollback()
    with pytest.raises(psycopg2.errors.StringDataRightTruncation) as e:
        _rows(conn, f"INSERT INTO {chars} (id, v) VALUES (10, 'abcd') RETURNING id")
    assert e.value.pgerror.splitlines()[0] == "ERROR:  value too long for type character varying(3)"


def test_char_is_described_as_bpchar(conn, chars):
    with conn.cursor() as cur:
        cur.execute(f"SELECT c, one, v FROM {chars} WHERE id = 1")
        assert [d.type_code for d in cur.description] == [1042, 1042, 1043]
        assert [d.internal_size for d in cur.description] == [5, 1, 3]
    assert _rows(conn, "SELECT column_name, data_type, character_maximum_length FROM information_schema.columns "
                       "WHERE table_name = %s ORDER BY ordinal_position", (chars,)) == [
        ("id", "integer", None), ("c", "character", 5), ("one", "character", 1), ("v", "character varying", 3)]
    assert _rows(conn, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = %s::regclass "
                       "AND attnum > 0 ORDER BY attnum", (chars,)) == [
        ("integer",), ("character(5)",), ("character(1)",), ("character varying(3)",)]


# ---------------------------------------------------------------- DROP TABLE a, b / WITH (fillfactor)

def _exists(conn, name):
    return _rows(conn, "SELECT count(*) FROM pg_class WHERE relname = %s AND relkind = 'r'", (name,))[0][0] == 1


def test_drop_several_tables(autocommit, tables):
    a = tables.create("id INTEGER", hint="dropa")
    b = tables.create("id INTEGER PRIMARY KEY", hint="dropb")
    with autocommit.cursor() as cur:
        with pytest.raises(psycopg2.errors.UndefinedTable):
            cur.execute(f"DROP TABLE {a}, {b}, no_such_table_here")
        assert _exists(autocommit, a) and _exists(autocommit, b)  # all or nothing
        cur.execute(f"DROP TABLE {a}, {b}")
        assert cur.statusmessage == "DROP TABLE"
    assert not _exists(autocommit, a) and not _exists(autocommit, b)


def test_drop_several_tables_if_exists(autocommit, tables):
    a = tables.create("id INTEGER", hint="dropc")
    del autocommit.notices[:]
    with autocommit.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS no_such_table_here, {a}")
    assert not _exists(autocommit, a)
    assert autocommit.notices == ['NOTICE:  table "no_such_table_here" does not exist, skipping\n']


def test_drop_child_and_parent_together(autocommit, tables):
    parent = tables.create("id INTEGER PRIMARY KEY", hint="parent")
    child = tables.create(f"id INTEGER PRIMARY KEY, p INTEGER REFERENCES {parent} (id)", hint="child")
    with autocommit.cursor() as cur:
        cur.execute(f"DROP TABLE {parent}, {child}")
    assert not _exists(autocommit, parent) and not _exists(autocommit, child)


def test_create_table_with_fillfactor(autocommit, tables):
    name = tables.unique_name("fill")
    with autocommit.cursor() as cur:
        cur.execute(f"CREATE TABLE {name} (id INTEGER NOT NULL, filler CHAR(84)) WITH (fillfactor=100)")
        tables._registry.remember(name)
        cur.execute(f"INSERT INTO {name} VALUES (1, '')")
        cur.execute(f"SELECT filler FROM {name}")
        assert cur.fetchone() == (" " * 84,)
        with pytest.raises(psycopg2.errors.InvalidParameterValue) as e:
            cur.execute(f"CREATE TABLE {name}_x (id INTEGER) WITH (fillfactor=5)")
    assert e.value.pgerror.splitlines()[0] == 'ERROR:  value 5 out of bounds for option "fillfactor"'


# ---------------------------------------------------------------- TRUNCATE

def test_truncate_is_transactional(conn, tables):
    a = tables.create("id INTEGER PRIMARY KEY", hint="trunca")
    b = tables.create("id INTEGER", hint="truncb")
    tables.execute(f"INSERT INTO {a} VALUES (1), (2)")
    tables.execute(f"INSERT INTO {b} VALUES (1), (1), (3)")
    with conn.cursor() as cur:
        cur.execute(f"TRUNCATE {a}, {b}")
        assert cur.statusmessage == "TRUNCATE TABLE"
        cur.execute(f"SELECT (SELECT count(*) FROM {a}), (SELECT count(*) FROM {b})")
        assert cur.fetchone() == (0, 0)
    conn.rollback()
    assert _rows(conn, f"SELECT (SELECT count(*) FROM {a}), (SELECT count(*) FROM {b})") == [(2, 3)]
    with conn.cursor() as cur:
        cur.execute(f"TRUNCATE TABLE ONLY {a}")
    conn.commit()
    assert _rows(conn, f"SELECT count(*) FROM {a}") == [(0,)]


def test_truncate_errors(conn, tables):
    parent = tables.create("id INTEGER PRIMARY KEY", hint="tparent")
    tables.create(f"id INTEGER PRIMARY KEY, p INTEGER REFERENCES {parent} (id)", hint="tchild")
    with pytest.raises(psycopg2.errors.FeatureNotSupported) as e:
        _rows(conn, f"TRUNCATE {parent}")
    assert e.value.pgerror.splitlines()[0] == "ERROR:  cannot truncate a table referenced in a foreign key constraint"
    assert e.value.diag.message_detail.startswith('Table "tchild_')
    conn.rollback()
    with pytest.raises(psycopg2.errors.UndefinedTable):
        _rows(conn, "TRUNCATE no_such_table_here")


# ---------------------------------------------------------------- VACUUM / ANALYZE

def test_vacuum_and_analyze(autocommit, conn, tables):
    t = tables.create("id INTEGER PRIMARY KEY, v INTEGER", hint="vac")
    with autocommit.cursor() as cur:
        for statement, tag in ((f"VACUUM {t}", "VACUUM"), (f"VACUUM ANALYZE {t}", "VACUUM"),
                               (f"VACUUM (VERBOSE, ANALYZE) {t} (v)", "VACUUM"), ("VACUUM", "VACUUM"),
                               (f"ANALYZE {t}", "ANALYZE")):
            cur.execute(statement)
            assert cur.statusmessage == tag
        with pytest.raises(psycopg2.errors.UndefinedTable):
            cur.execute("VACUUM no_such_table_here")
    with pytest.raises(psycopg2.errors.ActiveSqlTransaction) as e:
        _rows(conn, f"VACUUM {t}")
    assert e.value.pgerror.splitlines()[0] == "ERROR:  VACUUM cannot run inside a transaction block"


# ---------------------------------------------------------------- ALTER TABLE ... ADD PRIMARY KEY

def test_add_primary_key(autocommit, tables):
    t = tables.create("aid INTEGER NOT NULL, bid INTEGER, filler CHAR(10)", hint="addpk")
    with autocommit.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES " + ", ".join(f"({i}, {i % 3}, 'x')" for i in range(1, 501)))
        cur.execute(f"ALTER TABLE {t} ADD PRIMARY KEY (aid)")
        assert cur.statusmessage == "ALTER TABLE"
        cur.execute(f"SELECT count(*), sum(aid), min(filler) FROM {t}")
        assert cur.fetchone() == (500, 125250, "x         ")
        cur.execute("SELECT conname, contype FROM pg_constraint WHERE conrelid = %s::regclass", (t,))
        assert cur.fetchall() == [(f"{t}_pkey", "p")]
        with pytest.raises(psycopg2.errors.UniqueViolation) as e:
            cur.execute(f"INSERT INTO {t} VALUES (7, 1, 'y')")
        assert e.value.pgerror.splitlines()[0] == (
            f'ERROR:  duplicate key value violates unique constraint "{t}_pkey"')
        with pytest.raises(psycopg2.errors.InvalidTableDefinition) as e:
            cur.execute(f"ALTER TABLE {t} ADD PRIMARY KEY (bid)")
        assert e.value.pgerror.splitlines()[0] == f'ERROR:  multiple primary keys for table "{t}" are not allowed'


def test_add_primary_key_refused_over_bad_rows(autocommit, tables):
    t = tables.create("a INTEGER, b INTEGER", hint="badpk")
    with autocommit.cursor() as cur:
        cur.execute(f"INSERT INTO {t} VALUES (1, 1), (2, NULL), (2, 3)")
        with pytest.raises(psycopg2.errors.NotNullViolation) as e:
            cur.execute(f"ALTER TABLE {t} ADD PRIMARY KEY (b)")
        assert e.value.pgerror.splitlines()[0] == f'ERROR:  column "b" of relation "{t}" contains null values'
        with pytest.raises(psycopg2.errors.UniqueViolation) as e:
            cur.execute(f"ALTER TABLE {t} ADD PRIMARY KEY (a)")
        assert e.value.pgerror.splitlines()[0] == f'ERROR:  could not create unique index "{t}_pkey"'
        assert e.value.diag.message_detail == "Key (a)=(2) is duplicated."
        cur.execute(f"SELECT count(*) FROM {t}")
        assert cur.fetchone() == (3,)
        cur.execute(f"DELETE FROM {t} WHERE b IS NULL")
        cur.execute(f"ALTER TABLE {t} ADD CONSTRAINT {t}_pkey PRIMARY KEY (a, b)")
        cur.execute(f"SELECT a, b FROM {t} ORDER BY a, b")
        assert cur.fetchall() == [(1, 1), (2, 3)]
