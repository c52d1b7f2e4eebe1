"""TPC-B (pgbench's built-in default script) against PostgreSQL 15 and HeliosDB on this machine,
with the real pgbench client, the same scale, clients and duration for both; prints TPS, average
and P99 latency per transaction (from pgbench's --log) and the retried/failed counts.

The pgbench tables are created and filled by the real `pgbench -i -s SCALE` for both peers alike
(character(n) fillers, COPY, VACUUM ANALYZE, primary keys added afterwards; VACUUM is a no-op on
HeliosDB). The run is `pgbench -n` with --max-tries so serialization failures (40001) and
deadlocks (40P01) are retried inside pgbench as its docs describe.
"""
import argparse
import datetime
import glob
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
    p.add_argument("--warmup", type=int, default=20,
                   help="seconds of a discarded pgbench run before the measured one (both servers; 0 = none)")
    p.add_argument("--targets", default="postgres,heliosdb")
    p.add_argument("--out", type=pathlib.Path, default=None)
    return p.parse_args()


def pgbench_init(server, env, scale):
    """`pgbench -i -s scale`; returns its wall time in seconds, raises when it fails."""
    p = server.connect_params()
    started = time.monotonic()
    r = subprocess.run([PGBENCH, "-i", "-s", str(scale), "-h", p["host"], "-p", str(p["port"]), "-U", p["user"],
                        p["dbname"]], env=env, capture_output=True, text=True, timeout=600 + 300 * scale)
    if r.returncode != 0:
        raise RuntimeError(f"pgbench -i failed (exit {r.returncode}): {r.stderr.strip()[-2000:]}")
    load_s = time.monotonic() - started
    conn = benchlib.connect(server.connect_params(sslmode="disable"))
    cur = conn.cursor()
    cur.execute("SELECT count(*) FROM pgbench_accounts")
    assert cur.fetchone()[0] == 100_000 * scale
    conn.close()
    return load_s


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
            res = {"load_seconds": pgbench_init(server, env, args.scale)}
            print(f"[{target}] pgbench -i -s {args.scale}: {res['load_seconds']:.1f} s", file=sys.stderr, flush=True)
            if args.warmup > 0:  # the JVM's JIT compiles the statement paths in the first 20-30 s
                print(f"[{target}] warm-up pgbench run, {args.warmup}s, discarded", file=sys.stderr, flush=True)
                run_pgbench(server, argparse.Namespace(**{**vars(args), "duration": args.warmup}), env)
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
