"""UNIQUE / CHECK / FOREIGN KEY constraints and secondary indexes (psycopg2, asyncpg, SQLAlchemy):
enforced with PostgreSQL's SQLSTATEs, messages and DETAIL lines, used by the planner, and reflected
through pg_catalog / information_schema as PostgreSQL reflects them. Every expectation here also
holds on PostgreSQL 15 (HELIOSDB_TEST_TARGET=postgres)."""
import asyncio

import asyncpg
import psycopg2
import pytest
import sqlalchemy as sa
from psycopg2 import errors

from harness.sqlalchemy_support import sa_engine  # noqa: F401 (fixture)


@pytest.fixture
def ac(connect):
    c = connect()
    c.autocommit = True
    return c


def run(conn, sql, params=None):
    with conn.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall() if cur.description else None


def test_unique_column_duplicate_is_23505_with_key_detail_and_nulls_are_distinct(ac, tables):
    t = tables.create("id int PRIMARY KEY, email varchar(40) UNIQUE, n int", hint="uq")
    run(ac, f"INSERT INTO {t} VALUES (1, 'a@x', 1), (2, NULL, 2), (3, NULL, 3)")
    with pytest.raises(errors.UniqueViolation) as e:
        run(ac, f"INSERT INTO {t} VALUES (4, 'a@x', 4)")
    assert e.value.pgcode == "23505"
    assert e.value.diag.message_primary == f'duplicate key value violates unique constraint "{t}_email_key"'
    assert e.value.diag.message_detail == "Key (email)=(a@x) already exists."
    with pytest.raises(errors.UniqueViolation):
        run(ac, f"UPDATE {t} SET email = 'a@x' WHERE id = 2")
    run(ac, f"UPDATE {t} SET email = 'b@x' WHERE id = 1")
    run(ac, f"INSERT INTO {t} VALUES (5, 'a@x', 5)")
    assert run(ac, f"SELECT id FROM {t} WHERE email IS NULL ORDER BY id") == [(2,), (3,)]


def test_table_level_and_added_unique_constraints(ac, tables):
    t = tables.create("id int PRIMARY KEY, a int, b int, CONSTRAINT ab_uq UNIQUE (a, b)", hint="uq2")
    run(ac, f"INSERT INTO {t} VALUES (1, 1, 1), (2, 1, 2)")
    with pytest.raises(errors.UniqueViolation) as e:
        run(ac, f"INSERT INTO {t} VALUES (3, 1, 2)")
    assert e.value.diag.message_detail == "Key (a, b)=(1, 2) already exists."
    run(ac, f"ALTER TABLE {t} ADD CONSTRAINT {t}_id_b UNIQUE (b)")
    with pytest.raises(errors.UniqueViolation):
        run(ac, f"INSERT INTO {t} VALUES (4, 9, 1)")
    run(ac, f"ALTER TABLE {t} DROP CONSTRAINT {t}_id_b")
    run(ac, f"INSERT INTO {t} VALUES (4, 9, 1)")


def test_duplicate_inside_a_transaction_aborts_it(connect, tables):
    t = tables.create("id int PRIMARY KEY, v int UNIQUE", hint="uqtx")
    c = connect()
    run(c, f"INSERT INTO {t} VALUES (1, 10)")
    with pytest.raises(errors.UniqueViolation):
        run(c, f"INSERT INTO {t} VALUES (2, 10)")
    with pytest.raises(errors.InFailedSqlTransaction):
        run(c, "SELECT 1")
    c.rollback()
    run(c, f"INSERT INTO {t} VALUES (2, 10)")
    c.commit()
    assert run(c, f"SELECT id FROM {t}") == [(2,)]


def test_create_unique_index_over_duplicates_is_refused_and_leaves_nothing(ac, tables):
    t = tables.create("id int PRIMARY KEY, code int", hint="uqidx")
    run(ac, f"INSERT INTO {t} VALUES (1, 7), (2, 7), (3, 8)")
    with pytest.raises(errors.UniqueViolation) as e:
        run(ac, f"CREATE UNIQUE INDEX {t}_code ON {t} (code)")
    assert e.value.diag.message_primary == f'could not create unique index "{t}_code"'
    assert e.value.diag.message_detail == "Key (code)=(7) is duplicated."
    assert run(ac, "SELECT count(*) FROM pg_class WHERE relname = %s", (f"{t}_code",)) == [(0,)]
    run(ac, f"CREATE INDEX {t}_code ON {t} (code)")
    run(ac, f"CREATE INDEX IF NOT EXISTS {t}_code ON {t} (id)")
    with pytest.raises(errors.DuplicateTable):
        run(ac, f"CREATE INDEX {t}_code ON {t} (id)")
    run(ac, f"DROP INDEX {t}_code")
    run(ac, f"DROP INDEX IF EXISTS {t}_code")
    with pytest.raises(errors.UndefinedObject):
        run(ac, f"DROP INDEX {t}_code")


def test_check_constraints_column_and_table_level(ac, tables):
    t = tables.create("id int PRIMARY KEY, qty int CHECK (qty >= 0), lo int, hi int, CONSTRAINT range_ok CHECK (lo < hi)",
                      hint="ck")
    run(ac, f"INSERT INTO {t} VALUES (1, 5, 1, 2), (2, NULL, NULL, 3)")
    with pytest.raises(errors.CheckViolation) as e:
        run(ac, f"INSERT INTO {t} VALUES (3, -1, 1, 2)")
    assert e.value.pgcode == "23514"
    assert e.value.diag.message_primary == f'new row for relation "{t}" violates check constraint "{t}_qty_check"'
    assert e.value.diag.message_detail == "Failing row contains (3, -1, 1, 2)."
    with pytest.raises(errors.CheckViolation) as e:
        run(ac, f"UPDATE {t} SET hi = 0 WHERE id = 1")
    assert '"range_ok"' in e.value.diag.message_primary
    with pytest.raises(errors.CheckViolation) as e:
        run(ac, f"ALTER TABLE {t} ADD CONSTRAINT big CHECK (qty > 10)")
    assert e.value.diag.message_primary == f'check constraint "big" of relation "{t}" is violated by some row'
    run(ac, f"ALTER TABLE {t} ADD CONSTRAINT small CHECK (qty < 100)")
    with pytest.raises(errors.CheckViolation):
        run(ac, f"INSERT INTO {t} VALUES (4, 100, 1, 2)")


def test_foreign_keys_restrict_cascade_set_null(ac, tables):
    p = tables.create("id int PRIMARY KEY, name text", hint="par")
    k1 = tables.create(f"id int PRIMARY KEY, pid int REFERENCES {p} (id)", hint="kid")
    k2 = tables.create(f"id int PRIMARY KEY, pid int, FOREIGN KEY (pid) REFERENCES {p} (id) ON DELETE CASCADE",
                       hint="kcas")
    k3 = tables.create(f"id int PRIMARY KEY, pid int, CONSTRAINT k3_p FOREIGN KEY (pid) REFERENCES {p} (id) "
                       "ON DELETE SET NULL", hint="knul")
    run(ac, f"INSERT INTO {p} VALUES (1, 'a'), (2, 'b'), (3, 'c')")
    run(ac, f"INSERT INTO {k1} VALUES (1, 1), (2, NULL)")
    with pytest.raises(errors.ForeignKeyViolation) as e:
        run(ac, f"INSERT INTO {k1} VALUES (3, 9)")
    assert e.value.pgcode == "23503"
    assert e.value.diag.message_primary == \
        f'insert or update on table "{k1}" violates foreign key constraint "{k1}_pid_fkey"'
    assert e.value.diag.message_detail == f'Key (pid)=(9) is not present in table "{p}".'
    with pytest.raises(errors.ForeignKeyViolation) as e:
        run(ac, f"DELETE FROM {p} WHERE id = 1")
    assert e.value.diag.message_primary == \
        f'update or delete on table "{p}" violates foreign key constraint "{k1}_pid_fkey" on table "{k1}"'
    assert e.value.diag.message_detail == f'Key (id)=(1) is still referenced from table "{k1}".'
    run(ac, f"INSERT INTO {k2} VALUES (1, 2), (2, 2), (3, 3)")
    run(ac, f"INSERT INTO {k3} VALUES (1, 2), (2, 3)")
    run(ac, f"DELETE FROM {p} WHERE id = 2")
    assert run(ac, f"SELECT id FROM {k2} ORDER BY id") == [(3,)]
    assert run(ac, f"SELECT id, pid FROM {k3} ORDER BY id") == [(1, None), (2, 3)]
    with pytest.raises(errors.DependentObjectsStillExist):
        run(ac, f"DROP TABLE {p}")


def test_foreign_key_needs_a_unique_parent_key(ac, tables):
    p = tables.create("id int PRIMARY KEY, name text", hint="par2")
    with pytest.raises(errors.InvalidForeignKey) as e:
        tables.create(f"id int PRIMARY KEY, pname text REFERENCES {p} (name)", hint="kid2")
    assert e.value.pgcode == "42830"
    assert e.value.diag.message_primary == \
        f'there is no unique constraint matching given keys for referenced table "{p}"'
    k = tables.create("id int PRIMARY KEY, pid int", hint="kid3")
    run(ac, f"INSERT INTO {k} VALUES (1, 42)")
    with pytest.raises(errors.ForeignKeyViolation):
        run(ac, f"ALTER TABLE {k} ADD CONSTRAINT k_fk FOREIGN KEY (pid) REFERENCES {p} (id)")
    run(ac, f"INSERT INTO {p} VALUES (42, 'x')")
    run(ac, f"ALTER TABLE {k} ADD CONSTRAINT k_fk FOREIGN KEY (pid) REFERENCES {p} (id)")
    with pytest.raises(errors.ForeignKeyViolation):
        run(ac, f"INSERT INTO {k} VALUES (2, 43)")


def test_explain_names_the_index_and_results_are_right(ac, tables, target):
    t = tables.create("id int PRIMARY KEY, grp int, name text", hint="ixs")
    run(ac, f"INSERT INTO {t} SELECT g, g % 50, 'n' || g FROM generate_series(1, 2000) g"
        if target == "postgres" else
        f"INSERT INTO {t} VALUES " + ", ".join(f"({g}, {g % 50}, 'n{g}')" for g in range(1, 2001)))
    run(ac, f"CREATE INDEX {t}_grp ON {t} (grp)")
    if target == "postgres":
        run(ac, f"ANALYZE {t}")
    plan = "\n".join(r[0] for r in run(ac, f"EXPLAIN SELECT id, name FROM {t} WHERE grp = 7"))
    assert f"{t}_grp" in plan
    rows = run(ac, f"SELECT id FROM {t} WHERE grp = 7 ORDER BY id")
    assert [r[0] for r in rows] == list(range(7, 2001, 50))
    with ac.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {t} WHERE grp IN (%s, %s)", (3, 4))
        assert cur.fetchone() == (80,)
    run(ac, f"UPDATE {t} SET grp = 99 WHERE id = 7")
    assert run(ac, f"SELECT id FROM {t} WHERE grp = 99") == [(7,)]
    assert len(run(ac, f"SELECT id FROM {t} WHERE grp = 7")) == 39


def test_catalogs_list_indexes_and_constraints(ac, tables):
    p = tables.create("id int PRIMARY KEY, code text UNIQUE", hint="cp")
    k = tables.create(f"id int PRIMARY KEY, pid int REFERENCES {p} (id) ON DELETE CASCADE, "
                      "qty int CONSTRAINT qty_pos CHECK (qty > 0)", hint="ck2")
    run(ac, f"CREATE INDEX {k}_qty ON {k} (qty, pid)")
    cons = run(ac, "SELECT conname, contype, conkey, confkey FROM pg_constraint "
                   "WHERE conrelid = %s::regclass ORDER BY conname", (k,))
    assert cons == [(f"{k}_pid_fkey", "f", [2], [1]), (f"{k}_pkey", "p", [1], None), ("qty_pos", "c", [3], None)]
    defs = dict(run(ac, "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass",
                    (k,)))
    assert defs[f"{k}_pid_fkey"] == f"FOREIGN KEY (pid) REFERENCES {p}(id) ON DELETE CASCADE"
    assert defs["qty_pos"] == "CHECK ((qty > 0))"
    assert run(ac, "SELECT conname, contype FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'u'",
               (p,)) == [(f"{p}_code_key", "u")]
    idx = run(ac, "SELECT c.relname, c.relkind, i.indisunique, i.indisprimary, pg_get_indexdef(i.indexrelid) "
                  "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                  "WHERE i.indrelid = %s::regclass ORDER BY c.relname", (k,))
    assert idx == [(f"{k}_pkey", "i", True, True, f"CREATE UNIQUE INDEX {k}_pkey ON public.{k} USING btree (id)"),
                   (f"{k}_qty", "i", False, False, f"CREATE INDEX {k}_qty ON public.{k} USING btree (qty, pid)")] \
        or idx == [(f"{k}_pkey", "i", True, True, f"CREATE UNIQUE INDEX {k}_pkey ON {k} USING btree (id)"),
                   (f"{k}_qty", "i", False, False, f"CREATE INDEX {k}_qty ON {k} USING btree (qty, pid)")]
    tc = run(ac, "SELECT constraint_name, constraint_type FROM information_schema.table_constraints "
                 "WHERE table_name = %s AND constraint_type <> 'CHECK' OR constraint_name = 'qty_pos' "
                 "ORDER BY constraint_name", (k,))
    assert tc == [(f"{k}_pid_fkey", "FOREIGN KEY"), (f"{k}_pkey", "PRIMARY KEY"), ("qty_pos", "CHECK")]
    assert run(ac, "SELECT column_name, ordinal_position, position_in_unique_constraint "
                   "FROM information_schema.key_column_usage WHERE constraint_name = %s", (f"{k}_pid_fkey",)) \
        == [("pid", 1, 1)]
    assert run(ac, "SELECT unique_constraint_name, update_rule, delete_rule "
                   "FROM information_schema.referential_constraints WHERE constraint_name = %s",
               (f"{k}_pid_fkey",)) == [(f"{p}_pkey", "NO ACTION", "CASCADE")]
    assert run(ac, "SELECT check_clause FROM information_schema.check_constraints WHERE constraint_name = 'qty_pos'") \
        == [("((qty > 0))",)]


def _expected_reflection(p, k):
    return {
        "indexes": [{"name": f"{k}_qty", "column_names": ["qty", "pid"], "unique": False}],
        "unique": [{"name": f"{p}_code_key", "column_names": ["code"]}],
        "fks": [{"name": f"{k}_pid_fkey", "constrained_columns": ["pid"], "referred_table": p,
                 "referred_columns": ["id"], "ondelete": "CASCADE"}],
        "checks": [{"name": "qty_pos", "sqltext": "qty > 0"}],
    }


def _reflect(inspector, p, k, indexes=True):
    return {
        "indexes": [{"name": i["name"], "column_names": i["column_names"], "unique": i["unique"]}
                    for i in inspector.get_indexes(k)] if indexes else _expected_reflection(p, k)["indexes"],
        "unique": [{"name": u["name"], "column_names": u["column_names"]} for u in inspector.get_unique_constraints(p)],
        "fks": [{"name": f["name"], "constrained_columns": f["constrained_columns"],
                 "referred_table": f["referred_table"], "referred_columns": f["referred_columns"],
                 "ondelete": f["options"].get("ondelete")} for f in inspector.get_foreign_keys(k)],
        "checks": [{"name": c["name"], "sqltext": c["sqltext"]} for c in inspector.get_check_constraints(k)],
    }


@pytest.fixture
def reflected_pair(tables, ac):
    p = tables.create("id int PRIMARY KEY, code text UNIQUE", hint="rp")
    k = tables.create(f"id int PRIMARY KEY, pid int REFERENCES {p} (id) ON DELETE CASCADE, "
                      "qty int CONSTRAINT qty_pos CHECK (qty > 0)", hint="rk")
    run(ac, f"CREATE INDEX {k}_qty ON {k} (qty, pid)")
    return p, k


def test_sqlalchemy_inspector_psycopg2(sa_engine, reflected_pair):
    p, k = reflected_pair
    got = _reflect(sa.inspect(sa_engine), p, k)
    assert got == _expected_reflection(p, k)
    # the unique constraint's own index is listed by get_indexes, marked as duplicating the constraint
    pidx = sa.inspect(sa_engine).get_indexes(p)
    assert [(i["name"], i["unique"], i.get("duplicates_constraint")) for i in pidx] == \
        [(f"{p}_code_key", True, f"{p}_code_key")]


def _reflect_asyncpg(server, p, k, indexes):
    from sqlalchemy.ext.asyncio import create_async_engine
    params = server.connect_params(sslmode="disable")
    url = sa.engine.URL.create("postgresql+asyncpg", username=params["user"], password=params["password"],
                               host=params["host"], port=params["port"], database=params["dbname"])

    async def main():
        engine = create_async_engine(url, connect_args={"ssl": False})
        try:
            async with engine.connect() as conn:
                return await conn.run_sync(lambda sync: _reflect(sa.inspect(sync), p, k, indexes))
        finally:
            await engine.dispose()

    return asyncio.run(main())


def test_sqlalchemy_inspector_asyncpg_constraints(server, reflected_pair):
    p, k = reflected_pair
    assert _reflect_asyncpg(server, p, k, indexes=False) == _expected_reflection(p, k)


def test_sqlalchemy_inspector_asyncpg_indexes(server, reflected_pair):
    p, k = reflected_pair
    assert _reflect_asyncpg(server, p, k, indexes=True) == _expected_reflection(p, k)


def test_asyncpg_unique_violation_carries_detail(server, tables):
    t = tables.create("id int PRIMARY KEY, v int UNIQUE", hint="auq")
    params = server.connect_params(sslmode="disable")

    async def main():
        conn = await asyncpg.connect(host=params["host"], port=params["port"], user=params["user"],
                                     password=params["password"], database=params["dbname"], ssl=False)
        try:
            await conn.execute(f"INSERT INTO {t} VALUES (1, 5)")
            with pytest.raises(asyncpg.UniqueViolationError) as e:
                await conn.execute(f"INSERT INTO {t} VALUES ($1, $2)", 2, 5)
            return e.value
        finally:
            await conn.close()

    err = asyncio.run(main())
    assert err.sqlstate == "23505"
    assert err.detail == "Key (v)=(5) already exists."


def test_copy_into_an_indexed_table(ac, tables, target):
    """COPY into a table with indexes or constraints is refused clearly on HeliosDB (it would
    bypass them); PostgreSQL loads it. Either way no duplicate gets in."""
    import io
    t = tables.create("id int PRIMARY KEY, v int UNIQUE", hint="cpy")
    with ac.cursor() as cur:
        if target == "postgres":
            cur.copy_expert(f"COPY {t} FROM STDIN", io.StringIO("1\t1\n2\t2\n"))
        else:
            with pytest.raises(errors.FeatureNotSupported):
                cur.copy_expert(f"COPY {t} FROM STDIN", io.StringIO("1\t1\n2\t2\n"))
            cur.execute(f"INSERT INTO {t} VALUES (1, 1), (2, 2)")
        with pytest.raises(errors.UniqueViolation):
            cur.execute(f"INSERT INTO {t} VALUES (3, 2)")
