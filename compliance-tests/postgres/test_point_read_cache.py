"""Point reads and the cells' newest-version cache (ADR 0023), through psycopg2 against the real
server: repeated reads of a key are answered from the cache (the Prometheus counters say so), every
committed change is read back at once, and `--version-cache-slots 0` turns the cache off without
changing any answer."""
import re
import secrets
import urllib.request

import psycopg2
import pytest

from harness.servers import HeliosServer

pytestmark = pytest.mark.heliosdb_only


def _counter(admin_port, name):
    text = urllib.request.urlopen(f"http://127.0.0.1:{admin_port}/metrics", timeout=10).read().decode()
    match = re.search(rf"^{name} ([0-9.eE+]+)$", text, re.MULTILINE)
    assert match, f"{name} missing from /metrics"
    return float(match.group(1))


def _reads_and_writes(params, table):
    """Reads each key a few times, changing it in between from another connection; returns the
    values read, which must be exactly the committed ones."""
    reader = psycopg2.connect(**params)
    writer = psycopg2.connect(**params)
    reader.autocommit = writer.autocommit = True
    seen = []
    try:
        with writer.cursor() as w:
            w.execute(f"CREATE TABLE {table} (id INT PRIMARY KEY, v TEXT)")
            w.executemany(f"INSERT INTO {table} VALUES (%s, %s)", [(k, f"v0-{k}") for k in range(1, 51)])
        with reader.cursor() as r, writer.cursor() as w:
            for round_no in range(1, 4):
                for key in range(1, 51):
                    for _ in range(3):
                        r.execute(f"SELECT v FROM {table} WHERE id = %s", (key,))
                        seen.append(r.fetchone()[0])
                w.execute(f"UPDATE {table} SET v = 'v{round_no}-' || id")
            w.execute(f"DELETE FROM {table} WHERE id = 7")
            r.execute(f"SELECT v FROM {table} WHERE id = 7")
            seen.append(r.fetchone())
            w.execute(f"INSERT INTO {table} VALUES (7, 'back')")
            r.execute(f"SELECT v FROM {table} WHERE id = 7")
            seen.append(r.fetchone()[0])
            w.execute(f"DROP TABLE {table}")
    finally:
        reader.close()
        writer.close()
    return seen


EXPECTED = ([f"v{r - 1}-{k}" for r in range(1, 4) for k in range(1, 51) for _ in range(3)] + [None, "back"])


def test_repeated_point_reads_hit_the_cache_and_see_every_commit(server):
    hits = _counter(server.admin_port, "heliosdb_cells_version_cache_hits_total")
    table = "cache_" + secrets.token_hex(4)
    assert _reads_and_writes(server.connect_params(), table) == EXPECTED
    # 450 reads of 50 keys, each key read three times between writes: two of three can hit.
    assert _counter(server.admin_port, "heliosdb_cells_version_cache_hits_total") - hits >= 200


def test_a_server_without_the_cache_gives_the_same_answers(tmp_path):
    srv = HeliosServer("pw-" + secrets.token_hex(8), data_dir=tmp_path / "data",
                       extra_args=["--version-cache-slots", "0"])
    try:
        srv.start()
        assert _reads_and_writes(srv.connect_params(), "nocache") == EXPECTED
        assert _counter(srv.admin_port, "heliosdb_cells_version_cache_hits_total") == 0
        assert srv.stop() in srv.clean_exit_codes
    finally:
        srv.cleanup()
