"""psycopg2, psql's queries and SQLAlchemy 2's Inspector x the system catalogs (pg_catalog,
information_schema) and catalog functions. The psql queries are the ones psql 15 sends for \\dt
and \\d TABLE (captured with psql -E against PostgreSQL)."""
import pytest
import sqlalchemy


PSQL_LIST_TABLES = """SELECT n.nspname as "Schema",
  c.relname as "Name",
  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END as "Type",
  pg_catalog.pg_get_userbyid(c.relowner) as "Owner"
FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
WHERE c.relkind IN ('r','p','')
      AND n.nspname <> 'pg_catalog'
      AND n.nspname !~ '^pg_toast'
      AND n.nspname <> 'information_schema'
  AND pg_catalog.pg_table_is_visible(c.oid)
ORDER BY 1,2;"""

PSQL_DESCRIBE_FIND = """SELECT c.oid,
  n.nspname,
  c.relname
FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relname OPERATOR(pg_catalog.~) '^(%s)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_table_is_visible(c.oid)
ORDER BY 2, 3;"""

PSQL_DESCRIBE_COLUMNS = """SELECT a.attname,
  pg_catalog.format_type(a.atttypid, a.atttypmod),
  (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid, true)
   FROM pg_catalog.pg_attrdef d
   WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef),
  a.attnotnull,
  (SELECT c.collname FROM pg_catalog.pg_collation c, pg_catalog.pg_type t
   WHERE c.oid = a.attcollation AND t.oid = a.atttypid AND a.attcollation <> t.typcollation) AS attcollation,
  a.attidentity,
  a.attgenerated
FROM pg_catalog.pg_attribute a
WHERE a.attrelid = '%s' AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum;"""

PSQL_DESCRIBE_INDEXES = """SELECT c2.relname, i.indisprimary, i.indisunique, i.indisclustered, i.indisvalid, pg_catalog.pg_get_indexdef(i.indexrelid, 0, true),
  pg_catalog.pg_get_constraintdef(con.oid, true), contype, condeferrable, condeferred, i.indisreplident, c2.reltablespace
FROM pg_catalog.pg_class c, pg_catalog.pg_class c2, pg_catalog.pg_index i
  LEFT JOIN pg_catalog.pg_constraint con ON (conrelid = i.indrelid AND conindid = i.indexrelid AND contype IN ('p','u','x'))
WHERE c.oid = '%s' AND c.oid = i.indrelid AND i.indexrelid = c2.oid
ORDER BY i.indisprimary DESC, c2.relname;"""


@pytest.fixture
def items(tables):
    return tables.create("id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL, price NUMERIC(10,2) DEFAULT 0, "
                         "note TEXT", hint="items")


def _rows(conn, sql, params=None):
    with conn.cursor() as cur:
        cur.execute(sql, params)
        rows = cur.fetchall()
    conn.rollback()
    return rows


def _oid(conn, table):
    return _rows(conn, "SELECT c.oid FROM pg_catalog.pg_class c WHERE c.relname = %s", (table,))[0][0]


def test_version_starts_with_postgresql(conn):
    (version,), = _rows(conn, "select pg_catalog.version()")
    assert version.startswith("PostgreSQL ")


def test_session_functions(conn, server):
    rows = _rows(conn, "select current_schema(), current_database(), current_user, session_user")
    user = server.connect_params()["user"]
    assert rows == [("public", server.connect_params()["dbname"], user, user)]


def test_current_setting_reads_the_session(conn):
    with conn.cursor() as cur:
        cur.execute("SET application_name = 'catalog-probe'")
        cur.execute("select current_setting('application_name'), current_setting('standard_conforming_strings')")
        assert cur.fetchall() == [("catalog-probe", "on")]
    conn.rollback()


def test_regclass_cast_is_the_table_oid(conn, items):
    assert _rows(conn, f"select '{items}'::regclass::oid")[0][0] == _oid(conn, items)


def test_psql_list_tables(conn, items):
    rows = _rows(conn, PSQL_LIST_TABLES)
    user = conn.get_dsn_parameters()["user"]
    assert ("public", items, "table", user) in rows


def test_information_schema_columns(conn, items):
    rows = _rows(conn, "SELECT column_name, data_type, is_nullable, character_maximum_length, numeric_precision, "
                       "numeric_scale FROM information_schema.columns WHERE table_name = %s "
                       "ORDER BY ordinal_position", (items,))
    assert rows == [("id", "integer", "NO", None, 32, 0),
                    ("name", "character varying", "NO", 20, None, None),
                    ("price", "numeric", "YES", None, 10, 2),
                    ("note", "text", "YES", None, None, None)]


def test_information_schema_primary_key(conn, items):
    rows = _rows(conn, "SELECT tc.constraint_type, k.column_name FROM information_schema.table_constraints tc "
                       "JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name "
                       "AND k.table_name = tc.table_name WHERE tc.table_name = %s", (items,))
    assert rows == [("PRIMARY KEY", "id")]


def test_psql_describe_columns_and_indexes(conn, items):
    oid = _oid(conn, items)
    cols = _rows(conn, PSQL_DESCRIBE_COLUMNS % oid)
    assert [c[:4] for c in cols] == [("id", "integer", None, True), ("name", "character varying(20)", None, True),
                                     ("price", "numeric(10,2)", "0", False), ("note", "text", None, False)]
    idx = _rows(conn, PSQL_DESCRIBE_INDEXES % oid)
    assert [(r[0], r[1], r[2], r[5], r[6], r[7]) for r in idx] == [
        (f"{items}_pkey", True, True, f"CREATE UNIQUE INDEX {items}_pkey ON {items} USING btree (id)",
         "PRIMARY KEY (id)", "p")]


def test_psql_describe_finds_table(conn, items):
    rows = _rows(conn, PSQL_DESCRIBE_FIND % items)
    assert [(r[1], r[2]) for r in rows] == [("public", items)]


@pytest.fixture
def engine(server):
    p = server.connect_params(sslmode="disable")
    url = sqlalchemy.engine.URL.create("postgresql+psycopg2", username=p["user"], password=p["password"],
                                       host=p["host"], port=p["port"], database=p["dbname"],
                                       query={"sslmode": "disable"})
    eng = sqlalchemy.create_engine(url)
    yield eng
    eng.dispose()


def test_sqlalchemy_inspector_table_names(engine, items):
    assert items in sqlalchemy.inspect(engine).get_table_names()


def test_sqlalchemy_inspector_columns(engine, items):
    cols = sqlalchemy.inspect(engine).get_columns(items)
    assert [(c["name"], str(c["type"]), c["nullable"], c["default"]) for c in cols] == [
        ("id", "INTEGER", False, None), ("name", "VARCHAR(20)", False, None),
        ("price", "NUMERIC(10, 2)", True, "0"), ("note", "TEXT", True, None)]


def test_sqlalchemy_inspector_primary_key(engine, items):
    pk = sqlalchemy.inspect(engine).get_pk_constraint(items)
    assert pk["constrained_columns"] == ["id"]
    assert pk["name"] == f"{items}_pkey"


def test_catalog_arrays_arrive_as_lists(conn, tables):
    t = tables.create("a INTEGER, b TEXT, c INTEGER, PRIMARY KEY (c, a)", hint="arrays")
    oid = _oid(conn, t)
    rows = _rows(conn, "SELECT con.conkey, i.indkey, array_agg(CAST(a.attname AS TEXT) ORDER BY a.attnum) "
                       "FROM pg_catalog.pg_constraint con JOIN pg_catalog.pg_index i ON i.indexrelid = con.conindid "
                       "JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum > 0 "
                       "WHERE con.conrelid = %s AND con.contype = 'p' GROUP BY con.conkey, i.indkey", (oid,))
    # int2[] and text[] become lists; int2vector prints space-separated (psycopg2 keeps it a str).
    assert rows == [([3, 1], "3 1", ["a", "b", "c"])]


def test_catalog_column_types_are_described_as_postgresql_does(conn, items):
    with conn.cursor() as cur:
        cur.execute("SELECT c.oid, c.relname, c.relkind, c.relnatts, con.conkey FROM pg_catalog.pg_class c "
                    "JOIN pg_catalog.pg_constraint con ON con.conrelid = c.oid WHERE c.relname = %s", (items,))
        assert [d.type_code for d in cur.description] == [26, 19, 18, 21, 1005]
        assert cur.fetchall() == [(_oid(conn, items), items, "r", 4, [1])]
    conn.rollback()


def test_unnest_and_generate_subscripts_in_the_select_list(conn, tables):
    t = tables.create("a INTEGER, b TEXT, c INTEGER, PRIMARY KEY (c, a)", hint="srf")
    rows = _rows(conn, "SELECT unnest(con.conkey) AS attnum, generate_subscripts(con.conkey, 1) AS ord, "
                       "unnest(i.indkey) AS indcol, generate_subscripts(i.indkey, 1) AS indord "
                       "FROM pg_catalog.pg_constraint con JOIN pg_catalog.pg_index i ON i.indexrelid = con.conindid "
                       "WHERE con.conrelid = %s ORDER BY ord", (_oid(conn, t),))
    # Array subscripts start at 1, int2vector subscripts at 0.
    assert rows == [(3, 1, 3, 0), (1, 2, 1, 1)]


def test_regclass_regtype_and_json_results(conn, items):
    with conn.cursor() as cur:
        cur.execute(f"select '{items}'::regclass, 'int4'::regtype, json_build_object('a', 1, 'b', 'x'), "
                    f"'{items}'::regclass::oid = (select oid from pg_catalog.pg_class where relname = '{items}')")
        assert [d.type_code for d in cur.description] == [2205, 2206, 114, 16]
        assert cur.fetchall() == [(items, "integer", {"a": 1, "b": "x"}, True)]
    conn.rollback()
