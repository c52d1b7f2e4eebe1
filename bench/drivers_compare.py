"""Issue 4's driver benchmarks, HeliosDB against PostgreSQL 15 on this machine: point SELECT by
primary key through asyncpg (extended protocol, binary, prepared once per connection) and through
psycopg2 (simple protocol), N client processes each; and COPY FROM STDIN ingest of 1M rows through
psycopg2's copy_expert (text format, one COPY of all rows, one client). Prints throughput, P50/P99
and the HeliosDB/PostgreSQL ratio.
"""
import argparse
import asyncio
import datetime
import io
import json
import os
import pathlib
import random
import secrets
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "compliance-tests"))

from harness.servers import HeliosServer, PostgresServer  # noqa: E402

import benchlib  # noqa: E402
import pointselect  # noqa: E402

COPY_TABLE = "bench_copy"


def copy_ingest(params, rows, chunk_rows=100_000):
    """One COPY ... FROM STDIN of `rows` rows streamed from a generator-backed file object."""
    conn = benchlib.connect(params)
    cur = conn.cursor()
    cur.execute(f"DROP TABLE IF EXISTS {COPY_TABLE}")
    cur.execute(f"CREATE TABLE {COPY_TABLE} (id BIGINT PRIMARY KEY, k INTEGER, v DOUBLE PRECISION, pad TEXT)")

    class Rows(io.RawIOBase):
        """Text-format COPY data produced on the fly (the client never holds all rows)."""

        def __init__(self):
            self.next_id, self.buf = 1, b""

        def readable(self):
            return True

        def readinto(self, b):
            while len(self.buf) < len(b) and self.next_id <= rows:
                end = min(rows, self.next_id + chunk_rows - 1)
                self.buf += "".join(f"{i}\t{i * 7 % 1000}\t{i / 3:.6f}\tcopy-row-{i:012d}\n"
                                    for i in range(self.next_id, end + 1)).encode()
                self.next_id = end + 1
            n = min(len(b), len(self.buf))
            b[:n], self.buf = self.buf[:n], self.buf[n:]
            return n

    source = io.BufferedReader(Rows(), buffer_size=1 << 20)
    started = time.monotonic()
    cur.copy_expert(f"COPY {COPY_TABLE} (id, k, v, pad) FROM STDIN", source, size=1 << 20)
    elapsed = time.monotonic() - started
    cur.execute(f"SELECT count(*), sum(id) FROM {COPY_TABLE}")
    count, total = cur.fetchone()
    conn.close()
    return {"rows": rows, "seconds": elapsed, "rows_per_s": rows / elapsed,
            "count_ok": count == rows and int(total) == rows * (rows + 1) // 2}


def _asyncpg_client(params, rows, duration_s, seed, start_at):
    import asyncpg

    async def run():
        conn = await asyncpg.connect(host=params["host"], port=params["port"], user=params["user"],
                                     password=params["password"], database=params["dbname"], ssl=False)
        stmt = await conn.prepare(f"SELECT id, k, pad FROM {benchlib.POINT_TABLE} WHERE id = $1")
        rng = random.Random(seed)
        latencies, misses = [], 0
        while time.time() < start_at:
            await asyncio.sleep(0.001)
        deadline = time.monotonic() + duration_s
        while True:
            now = time.monotonic()
            if now >= deadline:
                break
            key = rng.randint(1, rows)
            row = await stmt.fetchrow(key)
            latencies.append(time.monotonic() - now)
            if row is None or row["id"] != key:
                misses += 1
        await conn.close()
        return latencies, misses

    return asyncio.run(run())


def asyncpg_point_select(params, rows, clients, duration_s):
    return benchlib.run_point_clients(_asyncpg_client, params, rows, clients, duration_s)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--rows", type=int, default=100_000, help="rows in the point-select table")
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--duration", type=float, default=20.0)
    p.add_argument("--settle", type=float, default=30.0,
                   help="seconds both servers rest after loading, before the point selects: measures the steady state, not the tail of the load (HeliosDB resolves the loaded rows' write intents in the background)")
    p.add_argument("--warmup", type=float, default=30.0,
                   help="seconds of discarded point selects per driver before each measured run (both servers)")
    p.add_argument("--copy-rows", type=int, default=1_000_000)
    p.add_argument("--workloads", default="copy,asyncpg,psycopg2")
    p.add_argument("--targets", default="postgres,heliosdb")
    p.add_argument("--out", type=pathlib.Path, default=None)
    return p.parse_args()


def main():
    args = parse_args()
    workloads = set(args.workloads.split(","))
    password = "bench-" + secrets.token_hex(6)
    makers = {"postgres": PostgresServer, "heliosdb": HeliosServer}
    results, failures = {}, {}
    for target in [t.strip() for t in args.targets.split(",") if t.strip()]:
        server = makers[target](password)
        try:
            server.start()
            params = server.connect_params(sslmode="disable")
            res = {}
            if "copy" in workloads:
                print(f"[{target}] COPY {args.copy_rows} rows", file=sys.stderr, flush=True)
                res["copy"] = copy_ingest(params, args.copy_rows)
            benchlib.load_tables(params, args.rows, 0, 1000, target)
            if target == "postgres":
                benchlib.connect(params).cursor().execute("VACUUM ANALYZE")
            time.sleep(args.settle)
            if "asyncpg" in workloads:
                print(f"[{target}] asyncpg point select {args.clients} x {args.duration}s", file=sys.stderr, flush=True)
                if args.warmup > 0:
                    asyncpg_point_select(params, args.rows, args.clients, args.warmup)  # warm-up, discarded
                res["asyncpg_point_select"] = asyncpg_point_select(params, args.rows, args.clients, args.duration)
            if "psycopg2" in workloads:
                print(f"[{target}] psycopg2 point select {args.clients} x {args.duration}s", file=sys.stderr, flush=True)
                if args.warmup > 0:
                    pointselect.run(params, args.rows, args.clients, args.warmup)  # warm-up, discarded
                res["psycopg2_point_select"] = pointselect.run(params, args.rows, args.clients, args.duration)
            results[target] = res
            server.stop()
        except Exception as e:
            print(f"[{target}] failed: {e!r}; log tail:\n{server.log_text()[-3000:]}", file=sys.stderr)
            failures[target] = repr(e)
        finally:
            server.cleanup()
    fmt = "{:<40} {:>14} {:>14} {:>8}"
    print(fmt.format("metric", "PostgreSQL 15", "HeliosDB", "HD/PG"))
    for bench, metric in (("asyncpg_point_select", "throughput_per_s"), ("asyncpg_point_select", "p50_ms"),
                          ("asyncpg_point_select", "p99_ms"), ("psycopg2_point_select", "throughput_per_s"),
                          ("psycopg2_point_select", "p50_ms"), ("psycopg2_point_select", "p99_ms"),
                          ("copy", "rows_per_s")):
        a = results.get("postgres", {}).get(bench, {}).get(metric)
        b = results.get("heliosdb", {}).get(bench, {}).get(metric)
        ratio = f"{b / a:.3f}" if a and b is not None else "-"
        print(fmt.format(f"{bench}.{metric}", "-" if a is None else f"{a:,.2f}", "-" if b is None else f"{b:,.2f}", ratio))
    out = args.out or HERE / "target" / ("drivers-compare-" + datetime.datetime.now().strftime("%Y%m%d-%H%M%S") + ".json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"config": {k: str(v) for k, v in vars(args).items()}, "results": results,
                               "failures": failures, "loadavg": os.getloadavg()}, indent=2))
    print(f"results written to {out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
