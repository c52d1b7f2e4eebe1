"""The 1%-selective scan: SELECT ... WHERE bucket = 7 over the scan table, repeated a few times by
one client; checks the row count each time so a fast wrong answer cannot win."""
import time

from benchlib import SCAN_TABLE, SELECTIVE_VALUE, connect, latency_summary


def run(params, scan_rows, repetitions=5):
    expected = sum(1 for i in range(1, scan_rows + 1) if i % 100 == SELECTIVE_VALUE)
    conn = connect(params)
    cur = conn.cursor()
    latencies = []
    wrong = 0
    started = time.monotonic()
    for _ in range(repetitions):
        t0 = time.monotonic()
        cur.execute(f"SELECT id, val FROM {SCAN_TABLE} WHERE bucket = %s", (SELECTIVE_VALUE,))
        got = len(cur.fetchall())
        latencies.append(time.monotonic() - t0)
        wrong += got != expected
    elapsed = time.monotonic() - started
    conn.close()
    summary = latency_summary(latencies, elapsed)
    summary["rows_scanned_per_s"] = scan_rows * repetitions / elapsed if elapsed > 0 else 0.0
    summary["rows_returned_per_query"] = expected
    summary["wrong_results"] = wrong
    return summary
