"""HeliosDB's MySQL port against MariaDB (Debian's mariadb-server) on this machine, through the
same PyMySQL client: point SELECT by primary key from N client processes, and multi-row INSERT
ingest; prints throughput, P50/P99 and the HeliosDB/MariaDB ratio.

MariaDB runs as a throw-away instance: mariadb-install-db into a temp dir, mariadbd on a free port
(as root: --user=root), a "heliosdb" user with a password created over its unix socket.
"""
import argparse
import datetime
import json
import os
import pathlib
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "compliance-tests"))

from harness.servers import HeliosServer, free_port  # noqa: E402

import benchlib  # noqa: E402

TABLE = "bench_my_point"
INSERT_TABLE = "bench_my_insert"


class MariaDbServer:
    name = "mariadb"

    def __init__(self, password):
        self.password = password
        self.host = "127.0.0.1"
        self.port = free_port()
        self.work_dir = pathlib.Path(tempfile.mkdtemp(prefix="mariadb-bench-"))
        self.socket = self.work_dir / "mysqld.sock"
        self.log_path = self.work_dir / "mariadb.log"
        self.proc = None

    def start(self, timeout=120):
        data = self.work_dir / "data"
        subprocess.run(["mariadb-install-db", "--no-defaults", f"--datadir={data}", "--user=root",
                        "--auth-root-authentication-method=socket", "--skip-test-db"],
                       check=True, capture_output=True)
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            ["mariadbd", "--no-defaults", f"--datadir={data}", "--user=root", f"--port={self.port}",
             f"--bind-address={self.host}", f"--socket={self.socket}", f"--pid-file={self.work_dir / 'pid'}",
             "--innodb-buffer-pool-size=1G", "--max-connections=100", "--skip-log-bin"],
            stdout=log, stderr=log, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            r = subprocess.run(["mariadb", "--no-defaults", f"--socket={self.socket}", "-uroot", "-e",
                                f"CREATE USER IF NOT EXISTS 'heliosdb'@'%' IDENTIFIED BY '{self.password}'; "
                                "GRANT ALL ON *.* TO 'heliosdb'@'%'; CREATE DATABASE IF NOT EXISTS heliosdb"],
                               capture_output=True)
            if r.returncode == 0:
                return self
            if self.proc.poll() is not None:
                raise RuntimeError("mariadbd exited: " + self.log_path.read_text()[-3000:])
            time.sleep(0.3)
        raise RuntimeError("mariadbd not ready")

    def mysql_params(self):
        return dict(host=self.host, port=self.port, user="heliosdb", password=self.password, database="heliosdb")

    def stop(self):
        if self.proc:
            self.proc.terminate()
            self.proc.wait(timeout=60)
            self.proc = None

    def cleanup(self):
        if self.proc:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.work_dir, ignore_errors=True)

    def log_text(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def _connect(params, autocommit=True):
    import pymysql
    return pymysql.connect(connect_timeout=30, autocommit=autocommit, **params)


def insert_rows(params, rows, batch, table=INSERT_TABLE, first_id=1):
    """Multi-row INSERT of `rows` rows (ids first_id...), `batch` per statement, autocommit, into a
    new table (first_id 1) or appended to the existing one; returns rows/s."""
    conn = _connect(params)
    cur = conn.cursor()
    if first_id == 1:
        cur.execute(f"DROP TABLE IF EXISTS {table}")
        cur.execute(f"CREATE TABLE {table} (id INT PRIMARY KEY, k INT, pad VARCHAR(64))")
    last = first_id + rows - 1
    started = time.monotonic()
    for start in range(first_id, last + 1, batch):
        values = [(i, i * 7 % 1000, f"insert-row-{i:010d}") for i in range(start, min(last, start + batch - 1) + 1)]
        # PyMySQL's executemany rewrites INSERT ... VALUES into one multi-row statement per batch
        cur.executemany(f"INSERT INTO {table} (id, k, pad) VALUES (%s, %s, %s)", values)
    elapsed = time.monotonic() - started
    cur.execute(f"SELECT COUNT(*) FROM {table} WHERE id >= %s", (first_id,))
    count = cur.fetchone()[0]
    conn.close()
    return {"rows": rows, "batch": batch, "seconds": elapsed, "rows_per_s": rows / elapsed, "count_ok": count == rows}


def _cpu_seconds(pid):
    """utime + stime of a process (all its threads), from /proc."""
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_idle(pids, at_least_s, limit=0.05, timeout_s=120):
    """Sleeps at_least_s, then until every process used under `limit` of a core over one second."""
    time.sleep(at_least_s)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        before = [_cpu_seconds(p) for p in pids]
        time.sleep(1.0)
        if all(_cpu_seconds(p) - b < limit for p, b in zip(pids, before)):
            return
    print("warning: servers not idle before the run", file=sys.stderr)


def load_point(params, rows):
    conn = _connect(params)
    cur = conn.cursor()
    cur.execute(f"DROP TABLE IF EXISTS {TABLE}")
    cur.execute(f"CREATE TABLE {TABLE} (id INT PRIMARY KEY, k INT, pad VARCHAR(64))")
    for start in range(1, rows + 1, 1000):
        cur.executemany(f"INSERT INTO {TABLE} (id, k, pad) VALUES (%s, %s, %s)",
                        [(i, i * 7 % 1000, f"point-row-{i:010d}") for i in range(start, min(rows, start + 999) + 1)])
    conn.close()


def _point_client(params, rows, duration_s, seed, start_at):
    conn = _connect(params)
    cur = conn.cursor()
    rng = random.Random(seed)
    latencies, misses = [], 0
    while time.time() < start_at:
        time.sleep(0.001)
    deadline = time.monotonic() + duration_s
    while True:
        now = time.monotonic()
        if now >= deadline:
            break
        key = rng.randint(1, rows)
        cur.execute(f"SELECT id, k, pad FROM {TABLE} WHERE id = %s", (key,))
        row = cur.fetchone()
        latencies.append(time.monotonic() - now)
        if row is None or row[0] != key:
            misses += 1
    conn.close()
    return latencies, misses


def point_select(params, rows, clients, duration_s):
    return benchlib.run_point_clients(_point_client, params, rows, clients, duration_s)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--rows", type=int, default=100_000, help="rows in the point-select table")
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--duration", type=float, default=20.0)
    p.add_argument("--warmup", type=float, default=30.0,
                   help="seconds of point selects run and discarded before the measured ones (both servers)")
    p.add_argument("--settle", type=float, default=30.0,
                   help="seconds both servers rest after loading, before the point selects: measures the steady state, not the tail of the load (HeliosDB resolves the loaded rows' write intents in the background)")
    p.add_argument("--insert-rows", type=int, default=200_000)
    p.add_argument("--insert-warmup-rows", type=int, default=400_000,
                   help="rows inserted into a throw-away table (then dropped) before the measured INSERT, on both servers: "
                        "a long-running server's steady state rather than a cold JIT")
    p.add_argument("--batch", type=int, default=1000)
    p.add_argument("--interleave", type=int, default=0, metavar="R",
                   help="point select only: both servers up at once, R rounds alternating --duration windows "
                        "(HeliosDB, MariaDB, then the other order), per-round ratios and their median; "
                        "cancels the host's drift that separate runs minutes apart pick up")
    p.add_argument("--interleave-insert", type=int, default=0, metavar="R",
                   help="multi-row INSERT only: both servers up at once (each warmed by --insert-warmup-rows), "
                        "R rounds of --insert-rows into a fresh table on each, alternating which goes first, "
                        "--insert-rest seconds of rest before each run; per-round ratios and their median")
    p.add_argument("--insert-rest", type=float, default=5.0,
                   help="at least this many seconds of rest before each interleaved INSERT run, and then until "
                        "both server processes are idle (under 5%% of a core for a second), so neither pays for "
                        "the other's background work (MariaDB's page cleaner, HeliosDB's intent resolution)")
    p.add_argument("--insert-table", choices=("same", "fresh"), default="same",
                   help="interleaved INSERT: 'same' appends each round's rows (new ids) to one table per server, "
                        "created before the warm-up (steady ingestion); 'fresh' creates and drops a table per "
                        "round (each round then also pays for a first statement and the JIT after DDL)")
    p.add_argument("--targets", default="mariadb,heliosdb")
    p.add_argument("--out", type=pathlib.Path, default=None)
    return p.parse_args()


def interleaved(args, password, rounds_count, prepare, measure, metric, label, warm=None):
    """Both servers up at once; prepare(name, params) loads each, then warm(name, params) warms each;
    then rounds_count rounds of measure(name, params, round, pids) on both servers, alternating which
    goes first; per-round HeliosDB/MariaDB ratios of result[metric] and their median."""
    import statistics
    servers = {"mariadb": MariaDbServer(password), "heliosdb": HeliosServer(password)}
    try:
        params = {}
        for name, server in servers.items():
            server.start()
            p = server.mysql_params()
            params[name] = {k: p[k] for k in ("host", "port", "user", "password", "database")}
        for name in servers:
            prepare(name, params[name])
        for name in servers:
            if warm:
                warm(name, params[name])
        pids = [server.proc.pid for server in servers.values()]
        rounds = []
        for r in range(rounds_count):
            order = ["heliosdb", "mariadb"] if r % 2 == 0 else ["mariadb", "heliosdb"]
            got = {name: measure(name, params[name], r, pids) for name in order}
            ratio = got["heliosdb"][metric] / got["mariadb"][metric]
            print(f"round {r + 1}: MariaDB {got['mariadb'][metric]:,.0f}/s, "
                  f"HeliosDB {got['heliosdb'][metric]:,.0f}/s, HD/Maria {ratio:.3f}", flush=True)
            rounds.append({"mariadb": got["mariadb"], "heliosdb": got["heliosdb"], "ratio": ratio})
        median = statistics.median(r["ratio"] for r in rounds)
        print(f"median HD/Maria {label} over {len(rounds)} interleaved rounds: {median:.3f}")
        return {"rounds": rounds, "median_ratio": median}
    finally:
        for server in servers.values():
            server.stop()
            server.cleanup()


def interleaved_point_select(args, password):
    """Both servers loaded and warmed, then args.interleave rounds of one point-select window each."""
    def prepare(name, params):
        load_point(params, args.rows)

    def warm(name, params):
        if not warm.rested:
            time.sleep(args.settle)  # both loaded: rest once, then warm each
            warm.rested = True
        print(f"[{name}] warm-up {args.warmup}s", file=sys.stderr, flush=True)
        point_select(params, args.rows, args.clients, args.warmup)
    warm.rested = False

    def measure(name, params, r, pids):
        return point_select(params, args.rows, args.clients, args.duration)
    return interleaved(args, password, args.interleave, prepare, measure, "throughput_per_s", "point select", warm)


def interleaved_insert(args, password):
    """Both servers warmed by an INSERT run, then args.interleave_insert rounds of one measured INSERT
    run each: appended to the warm-up's table ('same') or into a table made and dropped per round."""
    same = args.insert_table == "same"

    def prepare(name, params):
        if args.insert_warmup_rows > 0:
            print(f"[{name}] warm-up insert {args.insert_warmup_rows} rows", file=sys.stderr, flush=True)
            # 'same': the warm-up rows open the measured table; 'fresh': a throw-away table
            insert_rows(params, args.insert_warmup_rows, args.batch, INSERT_TABLE if same else INSERT_TABLE + "_warmup")
            if not same:
                _drop(params, INSERT_TABLE + "_warmup")

    def measure(name, params, r, pids):
        wait_idle(pids, args.insert_rest)
        first_id = args.insert_warmup_rows + 1 + r * args.insert_rows if same else 1
        got = insert_rows(params, args.insert_rows, args.batch, INSERT_TABLE, first_id)
        if not got["count_ok"]:
            raise RuntimeError(f"{name}: COUNT(*) after the insert is not {args.insert_rows}")
        if not same:
            _drop(params, INSERT_TABLE)
        return got
    return interleaved(args, password, args.interleave_insert, prepare, measure, "rows_per_s", "multi-row insert")


def _drop(params, table):
    conn = _connect(params)
    conn.cursor().execute(f"DROP TABLE {table}")
    conn.close()


def main():
    args = parse_args()
    password = "bench-" + secrets.token_hex(6)
    if args.interleave_insert > 0 or args.interleave > 0:
        insert = args.interleave_insert > 0
        res = interleaved_insert(args, password) if insert else interleaved_point_select(args, password)
        name = "mariadb-insert-interleaved-" if insert else "mariadb-interleaved-"
        out = args.out or HERE / "target" / (name + datetime.datetime.now().strftime("%Y%m%d-%H%M%S") + ".json")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps({"config": {k: str(v) for k, v in vars(args).items()}, "results": res,
                                   "loadavg": os.getloadavg()}, indent=2))
        print(f"results written to {out}")
        return 0
    results, failures = {}, {}
    for target in [t.strip() for t in args.targets.split(",") if t.strip()]:
        server = MariaDbServer(password) if target == "mariadb" else HeliosServer(password)
        try:
            server.start()
            params = server.mysql_params()
            params = {k: params[k] for k in ("host", "port", "user", "password", "database")}
            if args.insert_warmup_rows > 0:
                insert_rows(params, args.insert_warmup_rows, args.batch, INSERT_TABLE + "_warmup")  # discarded
                _drop(params, INSERT_TABLE + "_warmup")
            print(f"[{target}] multi-row insert {args.insert_rows} rows", file=sys.stderr, flush=True)
            res = {"insert": insert_rows(params, args.insert_rows, args.batch)}
            load_point(params, args.rows)
            time.sleep(args.settle)
            print(f"[{target}] point select {args.clients} x {args.duration}s", file=sys.stderr, flush=True)
            if args.warmup > 0:
                point_select(params, args.rows, args.clients, args.warmup)  # JIT warm-up, discarded
            res["point_select"] = point_select(params, args.rows, args.clients, args.duration)
            results[target] = res
            server.stop()
        except Exception as e:
            print(f"[{target}] failed: {e!r}; log tail:\n{server.log_text()[-3000:]}", file=sys.stderr)
            failures[target] = repr(e)
        finally:
            server.cleanup()
    fmt = "{:<30} {:>14} {:>14} {:>8}"
    print(fmt.format("metric", "MariaDB 10.11", "HeliosDB", "HD/Maria"))
    for bench, metric in (("point_select", "throughput_per_s"), ("point_select", "p50_ms"),
                          ("point_select", "p99_ms"), ("insert", "rows_per_s")):
        a = results.get("mariadb", {}).get(bench, {}).get(metric)
        b = results.get("heliosdb", {}).get(bench, {}).get(metric)
        ratio = f"{b / a:.3f}" if a and b is not None else "-"
        print(fmt.format(f"{bench}.{metric}", "-" if a is None else f"{a:,.2f}", "-" if b is None else f"{b:,.2f}", ratio))
    out = args.out or HERE / "target" / ("mariadb-compare-" + datetime.datetime.now().strftime("%Y%m%d-%H%M%S") + ".json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"config": {k: str(v) for k, v in vars(args).items()}, "results": results,
                               "failures": failures, "loadavg": os.getloadavg()}, indent=2))
    print(f"results written to {out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
