"""Shared pieces of the side-by-side benchmarks: latency statistics and loading tables through
psycopg2 with multi-row INSERTs (COPY is not available in HeliosDB yet, so both peers load alike)."""
import sys
import time

import psycopg2
import psycopg2.extras


def percentile(sorted_values, fraction):
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(fraction * (len(sorted_values) - 1))))
    return sorted_values[index]


def latency_summary(latencies_s, elapsed_s):
    ordered = sorted(latencies_s)
    return {
        "operations": len(ordered),
        "throughput_per_s": len(ordered) / elapsed_s if elapsed_s > 0 else 0.0,
        "p50_ms": percentile(ordered, 0.50) * 1000,
        "p99_ms": percentile(ordered, 0.99) * 1000,
    }


def connect(params):
    conn = psycopg2.connect(**params)
    conn.autocommit = True
    return conn


POINT_TABLE = "bench_point"
SCAN_TABLE = "bench_scan"
SELECTIVE_VALUE = 7  # scan predicate: bucket = 7 keeps 1 row in 100


def load_tables(params, point_rows, scan_rows, batch=1000, label=""):
    """Creates and fills both tables; returns seconds spent loading."""
    conn = connect(params)
    cur = conn.cursor()
    for table in (POINT_TABLE, SCAN_TABLE):
        cur.execute(f"DROP TABLE IF EXISTS {table}")
    cur.execute(f"CREATE TABLE {POINT_TABLE} (id INTEGER PRIMARY KEY, k INTEGER, pad VARCHAR(64))")
    cur.execute(f"CREATE TABLE {SCAN_TABLE} (id BIGINT PRIMARY KEY, bucket INTEGER, val INTEGER, "
                f"pad VARCHAR(64))")
    started = time.monotonic()
    _fill(cur, f"INSERT INTO {POINT_TABLE} (id, k, pad) VALUES %s", point_rows, batch, label + " point",
          lambda i: (i, i * 7 % 1000, f"point-row-{i:010d}"))
    _fill(cur, f"INSERT INTO {SCAN_TABLE} (id, bucket, val, pad) VALUES %s", scan_rows, batch,
          label + " scan", lambda i: (i, i % 100, i % 977, f"scan-row-{i:012d}"))
    elapsed = time.monotonic() - started
    conn.close()
    return elapsed


def _fill(cur, sql, rows, batch, label, make_row):
    last_report = time.monotonic()
    for start in range(1, rows + 1, batch):
        values = [make_row(i) for i in range(start, min(rows, start + batch - 1) + 1)]
        # execute_values renders one multi-row INSERT per page on the client (simple protocol).
        psycopg2.extras.execute_values(cur, sql, values, page_size=batch)
        if time.monotonic() - last_report > 5:
            print(f"  loading {label}: {start + len(values) - 1}/{rows}", file=sys.stderr, flush=True)
            last_report = time.monotonic()


def run_point_clients(client, params, rows, clients, duration_s):
    """Runs `clients` processes of client(params, rows, duration_s, seed, start_at) -> (latencies, misses),
    released together at start_at, and summarises their latencies."""
    import multiprocessing
    start_at = time.time() + 1.0 + 0.1 * clients
    with multiprocessing.get_context("spawn").Pool(clients) as pool:
        results = pool.starmap(client, [(params, rows, duration_s, seed, start_at) for seed in range(clients)])
    summary = latency_summary([lat for lats, _ in results for lat in lats], duration_s)
    summary["clients"] = clients
    summary["wrong_or_missing_rows"] = sum(m for _, m in results)
    return summary
