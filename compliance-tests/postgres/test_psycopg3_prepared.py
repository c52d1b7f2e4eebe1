"""psycopg 3 x extended protocol: named server-side prepared statements reused with new
parameters, ParameterDescription with concrete OIDs, pipeline mode, executemany."""
import psycopg
import pytest
from psycopg import pq

from harness.psycopg3_support import pg3, pg3_connect  # noqa: F401  (fixtures)


@pytest.fixture
def kv(tables):
    return tables.create("id INTEGER PRIMARY KEY, v TEXT, n BIGINT")


def test_prepared_statement_is_reused_with_new_parameters(kv, pg3_connect):
    c = pg3_connect(autocommit=True, prepare_threshold=None)
    for i in range(20):
        c.execute(f"INSERT INTO {kv} VALUES (%s, %s, %s)", (i, f"v{i}", i * 10), prepare=True)
    for i in range(20):
        assert c.execute(f"SELECT v, n FROM {kv} WHERE id = %s", (i,), prepare=True).fetchall() == [(f"v{i}", i * 10)]


def test_libpq_prepare_describe_and_execute_many_times(kv, pg3_connect):
    c = pg3_connect(autocommit=True)
    pgconn = c.pgconn
    res = pgconn.prepare(b"ins_kv", f"INSERT INTO {kv} (id, v, n) VALUES ($1, $2, $3)".encode())
    assert res.status == pq.ExecStatus.COMMAND_OK, res.error_message
    desc = pgconn.describe_prepared(b"ins_kv")
    assert [desc.param_type(i) for i in range(desc.nparams)] == [23, 25, 20]
    assert desc.nfields == 0
    for i in range(5):
        res = pgconn.exec_prepared(b"ins_kv", [str(i).encode(), f"t{i}".encode(), str(i * i).encode()])
        assert res.status == pq.ExecStatus.COMMAND_OK, res.error_message
        assert res.command_tuples == 1
    res = pgconn.prepare(b"sel_kv", f"SELECT id, v, n FROM {kv} WHERE id >= $1 ORDER BY id".encode())
    assert res.status == pq.ExecStatus.COMMAND_OK, res.error_message
    desc = pgconn.describe_prepared(b"sel_kv")
    assert [desc.param_type(i) for i in range(desc.nparams)] == [23]
    assert [desc.ftype(i) for i in range(desc.nfields)] == [23, 25, 20]
    assert [desc.fname(i) for i in range(desc.nfields)] == [b"id", b"v", b"n"]
    # binary parameter in, binary results out
    res = pgconn.exec_prepared(b"sel_kv", [(3).to_bytes(4, "big")], param_formats=[1], result_format=1)
    assert res.status == pq.ExecStatus.TUPLES_OK, res.error_message
    assert res.ntuples == 2
    assert res.get_value(0, 0) == (3).to_bytes(4, "big")
    assert res.get_value(1, 1) == b"t4"
    assert res.get_value(1, 2) == (16).to_bytes(8, "big")
    res = pgconn.exec_prepared(b"sel_kv", [b"0"])
    assert [res.get_value(i, 0) for i in range(res.ntuples)] == [b"0", b"1", b"2", b"3", b"4"]


def test_parameter_description_infers_types_from_context(kv, pg3_connect):
    c = pg3_connect(autocommit=True)
    pgconn = c.pgconn
    sql = f"UPDATE {kv} SET v = $1, n = n + $2 WHERE id = $3"
    assert pgconn.prepare(b"upd_kv", sql.encode()).status == pq.ExecStatus.COMMAND_OK
    desc = pgconn.describe_prepared(b"upd_kv")
    assert [desc.param_type(i) for i in range(desc.nparams)] == [25, 20, 23]


def test_unnamed_statement_with_declared_parameter_types(pg3_connect):
    c = pg3_connect(autocommit=True)
    res = c.pgconn.exec_params(b"SELECT $1 + 1, $2 || 'b'", [b"41", b"a"], param_types=[20, 25])
    assert res.status == pq.ExecStatus.TUPLES_OK, res.error_message
    assert (res.get_value(0, 0), res.get_value(0, 1)) == (b"42", b"ab")
    assert (res.ftype(0), res.ftype(1)) == (20, 25)


def test_pipeline_mode_runs_a_batch_in_one_round_trip(kv, pg3_connect):
    c = pg3_connect(autocommit=True)
    with c.pipeline():
        for i in range(10):
            c.execute(f"INSERT INTO {kv} VALUES (%s, %s, %s)", (i, f"p{i}", i))
        cur = c.execute(f"SELECT COUNT(*), SUM(n) FROM {kv}")
        sel = c.execute(f"SELECT v FROM {kv} WHERE id = %s", (7,))
    assert cur.fetchone() == (10, 45)
    assert sel.fetchone() == ("p7",)


def test_pipeline_error_skips_the_rest_until_sync(kv, pg3_connect):
    c = pg3_connect(autocommit=True)
    with pytest.raises(psycopg.errors.UniqueViolation):
        with c.pipeline():
            c.execute(f"INSERT INTO {kv} VALUES (%s, %s, %s)", (1, "a", 1))
            c.execute(f"INSERT INTO {kv} VALUES (%s, %s, %s)", (1, "dup", 1))
            c.execute(f"INSERT INTO {kv} VALUES (%s, %s, %s)", (2, "skipped", 2))
    # Until Sync the pipeline is one implicit transaction: the first insert is rolled back too
    assert c.execute(f"SELECT id, v FROM {kv} ORDER BY id").fetchall() == []


def test_pipeline_with_explicit_syncs_and_transaction(kv, pg3_connect):
    c = pg3_connect()
    with c.pipeline() as p:
        c.execute(f"INSERT INTO {kv} VALUES (%s, %s, %s)", (1, "x", 1))
        p.sync()
        c.execute(f"INSERT INTO {kv} VALUES (%s, %s, %s)", (2, "y", 2))
        c.rollback()
    assert c.execute(f"SELECT id FROM {kv} ORDER BY id").fetchall() == []
    c.commit()


def test_executemany_in_pipeline_and_returning_rowcount(kv, pg3_connect):
    c = pg3_connect(autocommit=True)
    with c.cursor() as cur:
        cur.executemany(f"INSERT INTO {kv} VALUES (%s, %s, %s)", [(i, str(i), i) for i in range(100)])
        assert cur.rowcount == 100
        cur.executemany(f"UPDATE {kv} SET n = n * 2 WHERE id = %s", [(i,) for i in range(0, 100, 10)])
        assert cur.rowcount == 10
    assert c.execute(f"SELECT SUM(n) FROM {kv}").fetchone() == (sum(range(100)) + sum(range(0, 100, 10)),)



def test_pipeline_results_fetched_in_the_middle(kv, pg3_connect):
    c = pg3_connect(autocommit=True)
    with c.pipeline() as p:
        c.execute(f"INSERT INTO {kv} VALUES (%s, %s, %s)", (1, "a", 1))
        cur = c.execute(f"SELECT COUNT(*) FROM {kv}")
        p.sync()
        assert cur.fetchone() == (1,)  # the results so far arrive before the pipeline ends
        c.execute(f"INSERT INTO {kv} VALUES (%s, %s, %s)", (2, "b", 2))
        cur = c.execute(f"SELECT SUM(n) FROM {kv}")
    assert cur.fetchone() == (3,)
