"""TPC-B (pgbench's built-in default script) against PostgreSQL 15 and HeliosDB on this machine,
with the real pgbench client, the same scale, clients and duration for both; prints TPS, average
and P99 latency per transaction (from pgbench's --log) and the retried/failed counts.

The pgbench tables are created by this script (with primary keys, as `pgbench -i` leaves them)
and filled with COPY, for both peers alike; PostgreSQL then gets VACUUM ANALYZE. The run is
`pgbench -n` (no vacuum; HeliosDB has none) with --max-tries so serialization failures (40001)
and deadlocks (40P01) are retried inside pgbench as its docs describe.
"""
import argparse
import datetime
import glob
import io
import json
import os
import pathlib
import secrets
import shutil
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "compliance-tests"))

from harness.servers import HeliosServer, PostgresServer  # noqa: E402

import benchlib  # noqa: E402

PGBENCH = shutil.which("pgbench") or "/usr/lib/postgresql/15/bin/pgbench"


def parse_args():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--scale", type=int, default=4, help="pgbench scale (100k accounts each)")
    p.add_argument("--clients", type=int, default=4)
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--duration", type=int, default=60, help="seconds per run")
    p.add_argument("--max-tries", type=int, default=100)
    p.add_argument("--targets", default="postgres,heliosdb")
    p.add_argument("--out", type=pathlib.Path, default=None)
    return p.parse_args()


def create_tables(params, scale):
    conn = benchlib.connect(params)
    cur = conn.cursor()
    for t in ("pgbench_history", "pgbench_tellers", "pgbench_accounts", "pgbench_branches"):
        cur.execute(f"DROP TABLE IF EXISTS {t}")
    # pgbench's own DDL, with the primary keys `pgbench -i` adds afterwards declared inline;
    # filler is VARCHAR, not CHAR(n) (HeliosDB has no CHAR(n) yet), for both peers alike
    cur.execute("CREATE TABLE pgbench_branches (bid INT NOT NULL PRIMARY KEY, bbalance INT, filler VARCHAR(88))")
    cur.execute("CREATE TABLE pgbench_tellers (tid INT NOT NULL PRIMARY KEY, bid INT, tbalance INT, "
                "filler VARCHAR(84))")
    cur.execute("CREATE TABLE pgbench_accounts (aid INT NOT NULL PRIMARY KEY, bid INT, abalance INT, "
                "filler VARCHAR(84))")
    cur.execute("CREATE TABLE pgbench_history (tid INT, bid INT, aid INT, delta INT, mtime TIMESTAMP, "
                "filler VARCHAR(22))")
    started = time.monotonic()

    def copy(table, rows):
        buf = io.StringIO()
        for row in rows:
            buf.write("\t".join(row) + "\n")
        buf.seek(0)
        cur.copy_expert(f"COPY {table} FROM STDIN", buf)

    copy("pgbench_branches", ((str(b), "0", "") for b in range(1, scale + 1)))
    copy("pgbench_tellers", ((str(t), str((t - 1) // 10 + 1), "0", "") for t in range(1, 10 * scale + 1)))
    accounts = 100_000 * scale
    for start in range(1, accounts + 1, 100_000):
        copy("pgbench_accounts", ((str(a), str((a - 1) // 100_000 + 1), "0", "")
                                  for a in range(start, min(accounts, start + 99_999) + 1)))
    load_s = time.monotonic() - started
    cur.execute("SELECT count(*) FROM pgbench_accounts")
    assert cur.fetchone()[0] == accounts
    conn.close()
    return load_s


def try_pgbench_init(server, env):
    """Whether the real `pgbench -i` works against this server (reported, not required)."""
    p = server.connect_params()
    r = subprocess.run([PGBENCH, "-i", "-s", "1", "-h", p["host"], "-p", str(p["port"]), "-U", p["user"],
                        p["dbname"]], env=env, capture_output=True, text=True, timeout=300)
    return {"exit": r.returncode, "stderr_tail": r.stderr.strip().splitlines()[-3:]}


def scrape_commit_metrics(server):
    """HeliosDB's commit counters and commit-latency histogram from /metrics (ADR 0013); None elsewhere."""
    port = getattr(server, "admin_port", None)
    if port is None:
        return None
    import urllib.request
    text = urllib.request.urlopen(f"http://{server.host}:{port}/metrics", timeout=10).read().decode()
    out = {"buckets": {}}
    for line in text.splitlines():
        if line.startswith("#") or " " not in line:
            continue
        name, value = line.rsplit(" ", 1)
        if name in ("heliosdb_txn_commits_total", "heliosdb_txn_prepares_total", "heliosdb_cells_wal_syncs_total"):
            out[name] = float(value)
        elif name.startswith("heliosdb_txn_commit_latency_seconds_bucket{"):
            le = name.split('le="', 1)[1].split('"', 1)[0]
            out["buckets"][float("inf") if le == "+Inf" else float(le)] = float(value)
    return out


def commit_metrics_delta(before, after):
    """WAL syncs per commit and the commit latency P50/P99 (bucket upper bounds) over the run."""
    if not before or not after:
        return None
    commits = after.get("heliosdb_txn_commits_total", 0) - before.get("heliosdb_txn_commits_total", 0)
    syncs = after.get("heliosdb_cells_wal_syncs_total", 0) - before.get("heliosdb_cells_wal_syncs_total", 0)
    prepares = after.get("heliosdb_txn_prepares_total", 0) - before.get("heliosdb_txn_prepares_total", 0)
    bounds = sorted(after["buckets"])
    counts = [after["buckets"][b] - before["buckets"].get(b, 0) for b in bounds]

    def quantile(q):
        if not counts or counts[-1] == 0:
            return float("nan")
        for bound, count in zip(bounds, counts):
            if count >= q * counts[-1]:
                return bound * 1000
        return float("inf")

    return {"commits": commits, "wal_syncs": syncs, "prepares": prepares,
            "wal_syncs_per_commit": syncs / commits if commits else float("nan"),
            "commit_p50_ms_at_most": quantile(0.50), "commit_p99_ms_at_most": quantile(0.99)}


def run_pgbench(server, args, env):
    p = server.connect_params()
    logdir = pathlib.Path(tempfile.mkdtemp(prefix="pgbench-log-"))
    cmd = [PGBENCH, "-n", "-c", str(args.clients), "-j", str(args.jobs), "-T", str(args.duration),
           "--max-tries", str(args.max_tries), "-r", "--failures-detailed", "-l",
           "--log-prefix", str(logdir / "tx"), "-h", p["host"], "-p", str(p["port"]), "-U", p["user"], p["dbname"]]
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=args.duration + 300)
    latencies_us, failed, retried_tx = [], 0, 0
    for path in glob.glob(str(logdir / "tx*")):
        with open(path) as f:
            for line in f:
                parts = line.split()
                # client_id transaction_no time script_no time_epoch time_us [retries]
                if parts[2] in ("failed", "serialization", "deadlock", "other"):
                    failed += 1
                    continue
                latencies_us.append(int(parts[2]))
                if len(parts) > 6 and int(parts[6]) > 0:
                    retried_tx += 1
    shutil.rmtree(logdir, ignore_errors=True)
    ordered = sorted(latencies_us)
    out = {"exit": r.returncode, "stdout": r.stdout, "stderr_tail": r.stderr.strip().splitlines()[-5:],
           "transactions": len(ordered), "failed": failed, "retried_transactions": retried_tx,
           "tps": len(ordered) / args.duration,
           "avg_ms": sum(ordered) / len(ordered) / 1000 if ordered else float("nan"),
           "p50_ms": benchlib.percentile(ordered, 0.50) / 1000 if ordered else float("nan"),
           "p99_ms": benchlib.percentile(ordered, 0.99) / 1000 if ordered else float("nan")}
    for line in r.stdout.splitlines():
        if line.startswith("tps = "):
            out["pgbench_tps_line"] = line.strip()
    return out


def main():
    args = parse_args()
    password = "bench-" + secrets.token_hex(6)
    env = dict(os.environ, PGPASSWORD=password, PGSSLMODE="disable")
    makers = {"postgres": PostgresServer, "heliosdb": HeliosServer}
    results, failures = {}, {}
    for target in [t.strip() for t in args.targets.split(",") if t.strip()]:
        server = makers[target](password)
        try:
            server.start()
            res = {"pgbench_init": try_pgbench_init(server, env)}
            print(f"[{target}] pgbench -i: exit {res['pgbench_init']['exit']}", file=sys.stderr, flush=True)
            params = server.connect_params(sslmode="disable")
            res["load_seconds"] = create_tables(params, args.scale)
            if target == "postgres":
                benchlib.connect(params).cursor().execute("VACUUM ANALYZE")
            print(f"[{target}] pgbench: {args.clients} clients x {args.duration}s", file=sys.stderr, flush=True)
            before = scrape_commit_metrics(server)
            res["tpcb"] = run_pgbench(server, args, env)
            res["commit_metrics"] = commit_metrics_delta(before, scrape_commit_metrics(server))
            if res["commit_metrics"]:
                print(f"[{target}] commits: {res['commit_metrics']}", file=sys.stderr, flush=True)
            print(res["tpcb"]["stdout"][-1500:], file=sys.stderr, flush=True)
            results[target] = res
            server.stop()
        except Exception as e:
            print(f"[{target}] failed: {e!r}; log tail:\n{server.log_text()[-3000:]}", file=sys.stderr)
            failures[target] = repr(e)
        finally:
            server.cleanup()
    fmt = "{:<24} {:>14} {:>14} {:>8}"
    print(fmt.format("TPC-B (pgbench)", "PostgreSQL 15", "HeliosDB", "HD/PG"))
    for metric in ("tps", "avg_ms", "p50_ms", "p99_ms", "failed", "retried_transactions"):
        a = results.get("postgres", {}).get("tpcb", {}).get(metric)
        b = results.get("heliosdb", {}).get("tpcb", {}).get(metric)
        ratio = f"{b / a:.3f}" if a and b is not None else "-"
        print(fmt.format(metric, "-" if a is None else f"{a:,.2f}", "-" if b is None else f"{b:,.2f}", ratio))
    out = args.out or HERE / "target" / ("tpcb-compare-" + datetime.datetime.now().strftime("%Y%m%d-%H%M%S") + ".json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"config": {k: str(v) for k, v in vars(args).items()}, "results": results,
                               "failures": failures, "loadavg": os.getloadavg()}, indent=2))
    print(f"results written to {out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
