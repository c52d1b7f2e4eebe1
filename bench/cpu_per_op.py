"""Server CPU time per operation, HeliosDB against PostgreSQL 15 / MariaDB, on a busy machine.

Throughput on a shared 2-core machine measures the neighbours as much as the server; the CPU time
the server process itself spends per operation does not (much). For each workload one client runs a
fixed number of operations back to back after a warm-up, and the server's CPU (utime + stime of
the server process and its descendants, children it reaped included, from /proc) is read before and
after. Idle server CPU (timers, heartbeats; the quietest of five 1 s windows) is subtracted, and so
is the CPU of the JVM's JIT compiler threads (warm-up, not a per-operation cost). Each workload runs
--rounds times; the lowest round is reported (noise only ever adds CPU).

Workloads: asyncpg prepared point SELECT (Parse once, Bind/Execute binary), psycopg2 point SELECT
(simple protocol), psycopg2 read-only transaction (BEGIN, point SELECT, COMMIT), PyMySQL point SELECT, PyMySQL 1000-row INSERT (executemany -> one statement).
With --alloc, HeliosDB's Java heap allocation per operation comes from JFR's
jdk.ThreadAllocationStatistics (the only event recorded, so it costs nothing measurable).
With --profile W, a JFR CPU profile of workload W on HeliosDB is written to bench/target/cpu-W.jfr
and summarised by jfr_top.py.

All servers run at the same time and the rounds interleave them (HeliosDB, PostgreSQL, MariaDB, and
with --baseline another HeliosDB build), so every target sees the same load.

usage: pg-compare.sh cpu [--targets heliosdb,postgres,mariadb] [--ops 20000] [--inserts 40]
                         [--rounds 3] [--alloc] [--profile mysql-insert] [--baseline OTHER/bin/heliosdb]
"""
import argparse
import asyncio
import collections
import json
import os
import pathlib
import random
import secrets
import signal
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "compliance-tests"))

from harness.servers import HeliosServer, PostgresServer  # noqa: E402

import mariadb_compare  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
POINT_ROWS = 10_000
PG_WORKLOADS = ("asyncpg-point", "psycopg2-point", "psycopg2-txn")
MY_WORKLOADS = ("mysql-point", "mysql-insert")


def tree_cpu_seconds(root):
    """utime+stime of process root and all its live descendants, plus what they reaped (cutime+cstime):
    PostgreSQL's backends are children of the postmaster in sessions of their own."""
    procs = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                rest = f.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        procs[int(entry)] = (int(rest[1]), sum(int(x) for x in rest[11:15]))
    total, seen, todo = 0, set(), [root]
    children = collections.defaultdict(list)
    for pid, (ppid, _) in procs.items():
        children[ppid].append(pid)
    while todo:
        pid = todo.pop()
        if pid in seen or pid not in procs:
            continue
        seen.add(pid)
        total += procs[pid][1]
        todo.extend(children[pid])
    return total / TICK


def thread_cpu(pid):
    """CPU seconds per thread name (numbers folded) of one process."""
    out = collections.Counter()
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                head, rest = f.read().rsplit(")", 1)
        except OSError:
            continue
        name = head.split("(", 1)[1]
        name = "".join("N" if c.isdigit() else c for c in name)
        fields = rest.split()
        out[name] += (int(fields[11]) + int(fields[12])) / TICK
    return out


class Meter:
    def __init__(self, pid):
        self.pid = pid
        self.idle_per_s = 0.0

    def calibrate_idle(self, settle=3.0, windows=5):
        """Idle CPU rate: the quietest of several 1 s windows after the load settled (flushes and
        compactions after loading, JIT, would otherwise count as idle and be subtracted)."""
        time.sleep(settle)
        rates = []
        for _ in range(windows):
            c0, t0 = tree_cpu_seconds(self.pid), time.monotonic()
            time.sleep(1.0)
            rates.append((tree_cpu_seconds(self.pid) - c0) / (time.monotonic() - t0))
        self.idle_per_s = min(rates)

    def measure(self, run, ops):
        th0 = thread_cpu(self.pid)
        c0, t0 = tree_cpu_seconds(self.pid), time.monotonic()
        run()
        wall = time.monotonic() - t0
        cpu = tree_cpu_seconds(self.pid) - c0 - self.idle_per_s * wall
        th1 = thread_cpu(self.pid)
        threads = {k: round(1e6 * (th1[k] - th0.get(k, 0)) / ops, 1) for k in th1 if th1[k] - th0.get(k, 0) > 0}
        # A JVM's JIT compiler threads are warm-up, not a per-operation cost of a running server.
        cpu -= sum(th1[k] - th0.get(k, 0) for k in th1 if "CompilerThre" in k)
        return {"cpu_us_per_op": 1e6 * cpu / ops, "wall_us_per_op": 1e6 * wall / ops,
                "threads_us_per_op": dict(sorted(threads.items(), key=lambda kv: -kv[1]))}


# --- workloads: each returns (setup, run_n, teardown) driving one connection --------------------

def asyncpg_point(params):
    import asyncpg
    loop = asyncio.new_event_loop()
    conn = loop.run_until_complete(asyncpg.connect(
        host=params["host"], port=params["port"], user=params["user"], password=params["password"],
        database=params["dbname"], ssl=False))
    stmt = loop.run_until_complete(conn.prepare("SELECT id, k, pad FROM cpu_point WHERE id = $1"))
    rng = random.Random(1)

    async def many(n):
        for _ in range(n):
            key = rng.randint(1, POINT_ROWS)
            row = await stmt.fetchrow(key)
            assert row["id"] == key

    def run(n):
        loop.run_until_complete(many(n))

    def close():
        loop.run_until_complete(conn.close())
        loop.close()
    return run, close


def _point_selects(conn, seed, commit_each=False):
    """run(n): n point SELECTs by random key on conn, each answer checked (a DB-API connection;
    commit_each ends every one with COMMIT, as a client with autocommit off does)."""
    cur = conn.cursor()
    rng = random.Random(seed)

    def run(n):
        for _ in range(n):
            key = rng.randint(1, POINT_ROWS)
            cur.execute("SELECT id, k, pad FROM cpu_point WHERE id = %s", (key,))
            assert cur.fetchone()[0] == key
            if commit_each:
                conn.commit()
    return run, conn.close


def psycopg2_point(params):
    import psycopg2
    conn = psycopg2.connect(**params)
    conn.autocommit = True
    return _point_selects(conn, 2)


def psycopg2_txn(params):
    """One read-only transaction per operation, as psycopg2 runs it with autocommit off: BEGIN,
    the point SELECT, COMMIT (three statements, three round trips)."""
    import psycopg2
    return _point_selects(psycopg2.connect(**params), 4, commit_each=True)


def mysql_point(params):
    import pymysql
    return _point_selects(pymysql.connect(autocommit=True, **params), 3)


def mysql_insert(params):
    """Each operation is one 1000-row INSERT statement (PyMySQL's executemany rewrite)."""
    import pymysql
    conn = pymysql.connect(autocommit=True, **params)
    cur = conn.cursor()
    cur.execute("DROP TABLE IF EXISTS cpu_insert")
    cur.execute("CREATE TABLE cpu_insert (id INT PRIMARY KEY, k INT, pad VARCHAR(64))")
    next_id = [1]

    def run(n):
        for _ in range(n):
            start = next_id[0]
            next_id[0] += 1000
            cur.executemany("INSERT INTO cpu_insert (id, k, pad) VALUES (%s, %s, %s)",
                            [(i, i * 7 % 1000, f"insert-row-{i:010d}") for i in range(start, start + 1000)])
    return run, conn.close


WORKLOADS = {"asyncpg-point": asyncpg_point, "psycopg2-point": psycopg2_point, "psycopg2-txn": psycopg2_txn,
             "mysql-point": mysql_point, "mysql-insert": mysql_insert}


def load_pg(params):
    import psycopg2
    import psycopg2.extras
    conn = psycopg2.connect(**params)
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute("DROP TABLE IF EXISTS cpu_point")
    cur.execute("CREATE TABLE cpu_point (id INTEGER PRIMARY KEY, k INTEGER, pad VARCHAR(64))")
    for start in range(1, POINT_ROWS + 1, 1000):
        psycopg2.extras.execute_values(cur, "INSERT INTO cpu_point (id, k, pad) VALUES %s",
                                       [(i, i * 7 % 1000, f"point-row-{i:010d}") for i in range(start, start + 1000)],
                                       page_size=1000)
    conn.close()


def load_my(params):
    import pymysql
    conn = pymysql.connect(autocommit=True, **params)
    cur = conn.cursor()
    cur.execute("DROP TABLE IF EXISTS cpu_point")
    cur.execute("CREATE TABLE cpu_point (id INT PRIMARY KEY, k INT, pad VARCHAR(64))")
    for start in range(1, POINT_ROWS + 1, 1000):
        cur.executemany("INSERT INTO cpu_point (id, k, pad) VALUES (%s, %s, %s)",
                        [(i, i * 7 % 1000, f"point-row-{i:010d}") for i in range(start, start + 1000)])
    conn.close()


def jcmd(pid, *args):
    return subprocess.run(["jcmd", str(pid), *args], check=True, capture_output=True, text=True).stdout


def allocated_bytes(jfr_file):
    """Bytes allocated during a recording: per thread, its jdk.ThreadAllocationStatistics total at the
    end minus the one at the start (threads started during the recording count from zero)."""
    out = subprocess.run(["jfr", "print", "--json", "--events", "jdk.ThreadAllocationStatistics", str(jfr_file)],
                         check=True, capture_output=True, text=True).stdout
    events = [ev["values"] for ev in json.loads(out)["recording"]["events"]]
    started = min(v["startTime"] for v in events)
    first, last = {}, {}
    for v in sorted(events, key=lambda v: v["startTime"]):
        tid = (v.get("thread") or {}).get("javaThreadId")
        if v["startTime"] == started or v["startTime"][:19] == started[:19]:
            first.setdefault(tid, v["allocated"])
        last[tid] = v["allocated"]
    return sum(last[t] - first.get(t, 0) for t in last)


class Target:
    """One running server and what it serves."""

    def __init__(self, label, server, pg, my, java):
        self.label, self.server, self.pg, self.my, self.java = label, server, pg, my, java
        self.meter = Meter(server.proc.pid)

    def params(self, workload):
        return self.pg if workload in PG_WORKLOADS else self.my


def start_target(label, password, launcher=None):
    kind = "heliosdb" if label.startswith("heliosdb") else label
    server = {"heliosdb": lambda: HeliosServer(password, **({"launcher": launcher} if launcher else {})),
              "postgres": lambda: PostgresServer(password),
              "mariadb": lambda: mariadb_compare.MariaDbServer(password)}[kind]()
    server.start()
    pg = my = None
    if kind != "mariadb":
        pg = server.connect_params(sslmode="disable")
        load_pg(pg)
    if kind == "mariadb":
        my = server.mysql_params()
    elif kind == "heliosdb":
        my = {k: server.mysql_params()[k] for k in ("host", "port", "user", "password", "database")}
    if my:
        load_my(my)
    return Target(label, server, pg, my, kind == "heliosdb")


def run_workload(w, targets, ops, rounds, alloc, profile):
    """Rounds interleave the targets, so each sees the same machine load."""
    conns = {}
    try:
        for t in targets:
            conns[t.label] = WORKLOADS[w](t.params(w))
        warmup = max(10, ops) if w == "mysql-insert" else max(5000, ops)
        for t in targets:
            conns[t.label][0](warmup)  # the JIT needs a while: a full round before the measured ones
        results = {t.label: [] for t in targets}
        for _ in range(rounds):
            for t in targets:
                run = conns[t.label][0]
                recording = t.java and (alloc or profile == t.label)
                jfr_file = HERE / "target" / f"cpu-{w}-{t.label}.jfr"
                if recording:
                    jfr_file.parent.mkdir(parents=True, exist_ok=True)
                    settings = os.environ.get("HELIOSDB_JFC", "profile") if profile == t.label else str(
                        HERE / "alloc-only.jfc")
                    jcmd(t.server.proc.pid, "JFR.start", "name=cpu", f"settings={settings}")
                res = t.meter.measure(lambda: run(ops), ops)
                if recording:
                    jcmd(t.server.proc.pid, "JFR.stop", "name=cpu", f"filename={jfr_file}")
                    res["alloc_bytes_per_op"] = allocated_bytes(jfr_file) / ops
                results[t.label].append(res)
        out = {}
        for label, rs in results.items():
            best = min(rs, key=lambda x: x["cpu_us_per_op"])
            best["rounds_cpu_us_per_op"] = [round(x["cpu_us_per_op"], 1) for x in rs]
            out[label] = best
        return out
    finally:
        for run_close in conns.values():
            run_close[1]()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--targets", default="heliosdb,postgres,mariadb")
    p.add_argument("--workloads", default=",".join(WORKLOADS))
    p.add_argument("--ops", type=int, default=20000, help="point selects per round")
    p.add_argument("--inserts", type=int, default=40, help="1000-row INSERT statements per round")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--alloc", action="store_true", help="HeliosDB heap allocation per op (JFR)")
    p.add_argument("--profile", default="", help="a workload to CPU-profile on HeliosDB (JFR), e.g. mysql-insert")
    p.add_argument("--baseline", default="",
                   help="another build's bin/heliosdb (e.g. main's), run side by side as target heliosdb-before")
    p.add_argument("--out", default="")
    args = p.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # still stop the servers
    workloads = [w for w in args.workloads.split(",") if w]
    labels = [t for t in args.targets.split(",") if t]
    if args.baseline:
        labels.insert(labels.index("heliosdb") + 1 if "heliosdb" in labels else 0, "heliosdb-before")
    password = "bench-" + secrets.token_hex(6)
    targets = []
    report = collections.OrderedDict()
    try:
        for label in labels:
            print(f"[{label}] starting and loading", file=sys.stderr, flush=True)
            targets.append(start_target(label, password, args.baseline if label == "heliosdb-before" else None))
        for t in targets:
            t.meter.calibrate_idle(settle=0.0 if t is not targets[0] else 3.0)
            report[t.label] = {"idle_cpu_ms_per_s": round(1e3 * t.meter.idle_per_s, 2)}
        for w in workloads:
            serving = [t for t in targets if (w in PG_WORKLOADS and t.pg) or (w in MY_WORKLOADS and t.my)]
            ops = args.inserts if w == "mysql-insert" else args.ops
            print(f"{w}: {args.rounds} rounds x {ops} ops on {[t.label for t in serving]}", file=sys.stderr, flush=True)
            for label, res in run_workload(w, serving, ops, args.rounds, args.alloc,
                                           "heliosdb" if args.profile == w else "").items():
                report[label][w] = res
    finally:
        for t in targets:
            try:
                t.server.stop()
            finally:
                t.server.cleanup()
    loadavg = os.getloadavg()
    print(f"\nserver CPU per operation (lowest of {args.rounds} interleaved rounds; load average {loadavg[0]:.1f})")
    print(f"{'workload':16} " + " ".join(f"{t:>24}" for t in report) + "   HD/peer" + ("  HD/before" if args.baseline else ""))
    for w in workloads:
        cells, values = [], {}
        for label, r in report.items():
            res = r.get(w)
            if not res:
                cells.append(f"{'-':>24}")
                continue
            unit = "us/stmt" if w == "mysql-insert" else "us/op"
            extra = f" {res['alloc_bytes_per_op'] / 1024:.1f}KiB" if "alloc_bytes_per_op" in res else ""
            cells.append(f"{res['cpu_us_per_op']:9.1f} {unit}{extra:>9}")
            values[label] = res["cpu_us_per_op"]
        hd = values.get("heliosdb")
        peer = values.get("postgres") or values.get("mariadb")
        ratio = f"{hd / peer:9.2f}" if hd and peer else " " * 9
        before = f"{hd / values['heliosdb-before']:10.2f}" if hd and values.get("heliosdb-before") else ""
        print(f"{w:16} " + " ".join(cells) + ratio + before)
    report["loadavg"] = loadavg
    out = pathlib.Path(args.out) if args.out else HERE / "target" / f"cpu-per-op-{time.strftime('%Y%m%dT%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    print(f"wrote {out}")
    if args.profile:
        import jfr_top
        jfr_top.main(str(HERE / "target" / f"cpu-{args.profile}-heliosdb.jfr"), 30)


if __name__ == "__main__":
    main()
