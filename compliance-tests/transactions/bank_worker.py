"""Client processes of the bank-transfer invariant tests (run as separate OS processes).

    bank_worker.py transfer CONFIG_JSON   moves random amounts between random accounts
    bank_worker.py check CONFIG_JSON      checks the invariant at random moments until told to stop

CONFIG_JSON holds: protocol ("pg" = psycopg2 on the PostgreSQL port, "mysql" = PyMySQL on the MySQL
port), host, port, user, password, dbname, accounts, transfers (table names), n_accounts, initial
(balance each account started with), isolation ("repeatable read" / "read committed"), style
("read_write": read both balances, write the new values computed by the client, which only
snapshot isolation's first-committer-wins keeps safe; "increment": SET balance = balance + x),
worker (small int, makes transfer ids unique), seed, stop_file (the run ends when it exists),
log (this process appends one line per event, flushed: "try ID SRC DST AMOUNT", "ack ID",
"retry ID CODE", "check ...", "fail ...") and reconnect (keep reconnecting while the server is
down, for the crash test).

A transfer id is used for exactly one attempt; an attempt whose COMMIT was acknowledged is logged
"ack ID" only after commit() returned, so the log's acks are a lower bound of what is durable.
"""
import json
import os
import random
import sys
import time
import traceback

# PostgreSQL SQLSTATEs and MySQL error numbers after which the whole transaction is retried.
PG_RETRY = {"40001", "40P01"}
MYSQL_RETRY = {1213, 1205}
MYSQL_CONNECTION_LOST = {2003, 2006, 2013, 2055}
# While the crash test restarts the server: connection failures (08), shutdown (57P), system (58).
PG_SERVER_GONE = {"08", "57", "58"}


class Retry(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


class ConnectionLost(Exception):
    pass


class Client:
    """One connection over one protocol; every SQL statement takes its values as parameters."""

    def __init__(self, cfg):
        self.cfg = cfg
        self.protocol = cfg["protocol"]
        self.conn = None
        if self.protocol == "pg":
            import psycopg2
            import psycopg2.extensions
            self.driver = psycopg2
            self.isolation = {"repeatable read": psycopg2.extensions.ISOLATION_LEVEL_REPEATABLE_READ,
                              "read committed": psycopg2.extensions.ISOLATION_LEVEL_READ_COMMITTED,
                              }[cfg["isolation"]]
        else:
            import pymysql
            self.driver = pymysql

    def connect(self):
        c = self.cfg
        if self.protocol == "pg":
            self.conn = self.driver.connect(host=c["host"], port=c["port"], user=c["user"],
                                            password=c["password"], dbname=c["dbname"],
                                            sslmode="disable", connect_timeout=5)
            self.conn.set_session(isolation_level=self.isolation, autocommit=False)
        else:
            self.conn = self.driver.connect(host=c["host"], port=c["port"], user=c["user"],
                                            password=c["password"], database=c["dbname"],
                                            connect_timeout=5, autocommit=False)
            with self.conn.cursor() as cur:
                cur.execute("SET SESSION TRANSACTION ISOLATION LEVEL " + c["isolation"].upper())

    def close(self):
        try:
            if self.conn is not None:
                self.conn.close()
        except Exception:
            pass
        self.conn = None

    def classify(self, e):
        """Raises Retry or ConnectionLost for errors the loop handles, re-raises anything else."""
        if self.protocol == "pg":
            if isinstance(e, self.driver.OperationalError) and getattr(e, "pgcode", None) is None:
                raise ConnectionLost(str(e)) from e
            if isinstance(e, self.driver.InterfaceError):
                raise ConnectionLost(str(e)) from e
            if getattr(e, "pgcode", None) in PG_RETRY:
                raise Retry(e.pgcode) from e
            if self.cfg.get("reconnect") and (getattr(e, "pgcode", None) or "")[:2] in PG_SERVER_GONE:
                raise ConnectionLost(str(e)) from e
        else:
            code = e.args[0] if e.args and isinstance(e.args[0], int) else None
            if code in MYSQL_RETRY:
                raise Retry(code) from e
            if code in MYSQL_CONNECTION_LOST or isinstance(e, self.driver.err.InterfaceError):
                raise ConnectionLost(str(e)) from e
        raise e

    def rollback_quietly(self):
        try:
            self.conn.rollback()
        except Exception:
            pass

    def begin(self, cur):
        if self.protocol == "mysql":
            cur.execute("START TRANSACTION")
        # psycopg2 sends BEGIN ISOLATION LEVEL ... itself before the first statement


def transfer_once(client, cfg, tid, src, dst, amount):
    """One attempt of one transfer in one explicit transaction; True when COMMIT was acknowledged."""
    acc, hist = cfg["accounts"], cfg["transfers"]
    with client.conn.cursor() as cur:
        client.begin(cur)
        if cfg["style"] == "read_write":
            cur.execute(f"SELECT id, balance FROM {acc} WHERE id IN (%s, %s)", (src, dst))
            balances = dict(cur.fetchall())
            if len(balances) != 2:
                raise AssertionError(f"accounts {src},{dst} read as {balances}")
            updates = [(f"UPDATE {acc} SET balance = %s WHERE id = %s", (balances[src] - amount, src)),
                       (f"UPDATE {acc} SET balance = %s WHERE id = %s", (balances[dst] + amount, dst))]
        else:
            updates = [(f"UPDATE {acc} SET balance = balance - %s WHERE id = %s", (amount, src)),
                       (f"UPDATE {acc} SET balance = balance + %s WHERE id = %s", (amount, dst))]
        for sql, params in updates:
            cur.execute(sql, params)
            if cur.rowcount != 1:
                raise AssertionError(f"transfer {tid}: {sql} with {params} updated {cur.rowcount} rows")
        cur.execute(f"INSERT INTO {hist} (id, src, dst, amount) VALUES (%s, %s, %s, %s)",
                    (tid, src, dst, amount))
    client.conn.commit()
    return True


def run_transfers(cfg, log):
    rng = random.Random(cfg["seed"])
    client = Client(cfg)
    stop_file = cfg["stop_file"]
    seq = 0
    stats = {"acks": 0, "retries": 0, "reconnects": 0, "gave_up": 0}
    connected = False
    while not os.path.exists(stop_file):
        if not connected:
            try:
                client.connect()
                connected = True
            except Exception as e:
                if not cfg.get("reconnect"):
                    raise
                stats["reconnects"] += 1
                time.sleep(0.1)
                continue
        # Half the transfers stay among a few hot accounts, so conflicts and retries really happen.
        pool = cfg["n_accounts"] if rng.random() < 0.5 else min(cfg.get("hot", 10), cfg["n_accounts"])
        src, dst = rng.sample(range(1, pool + 1), 2)
        amount = rng.randint(1, 100)
        for attempt in range(100):
            seq += 1
            tid = cfg["worker"] * 1_000_000_000 + seq
            log(f"try {tid} {src} {dst} {amount}")
            try:
                try:
                    transfer_once(client, cfg, tid, src, dst, amount)
                except AssertionError:
                    raise
                except Exception as e:
                    client.classify(e)
            except Retry as r:
                stats["retries"] += 1
                log(f"retry {tid} {r.code}")
                client.rollback_quietly()
                time.sleep(rng.uniform(0, 0.002 * min(attempt + 1, 20)))
                if os.path.exists(stop_file):
                    break
                continue
            except ConnectionLost as e:
                # Outcome of tid unknown (it may have committed): never retried under the same id.
                if not cfg.get("reconnect"):
                    raise
                log(f"lost {tid} {str(e).splitlines()[0] if str(e) else ''}")
                client.close()
                connected = False
                break
            stats["acks"] += 1
            log(f"ack {tid}")
            break
        else:
            stats["gave_up"] += 1
    client.close()
    return stats


def snapshot_check(client, cfg):
    """One REPEATABLE READ snapshot: every balance must equal its initial value plus the transfers
    recorded in the same snapshot (a torn transfer breaks it), and the total must be unchanged."""
    acc, hist = cfg["accounts"], cfg["transfers"]
    with client.conn.cursor() as cur:
        client.begin(cur)
        cur.execute(f"SELECT id, balance FROM {acc}")
        balances = {int(i): int(b) for i, b in cur.fetchall()}
        cur.execute(f"SELECT id, src, dst, amount FROM {hist}")
        history = [tuple(int(v) for v in row) for row in cur.fetchall()]
    client.conn.commit()
    n, initial = cfg["n_accounts"], cfg["initial"]
    problems = []
    if sorted(balances) != list(range(1, n + 1)):
        problems.append(f"account ids changed: {len(balances)} rows")
    total = sum(balances.values())
    if total != n * initial:
        problems.append(f"total {total} != {n * initial}")
    expected = {i: initial for i in range(1, n + 1)}
    for _tid, src, dst, amount in history:
        expected[src] = expected.get(src, 0) - amount
        expected[dst] = expected.get(dst, 0) + amount
    torn = {i: (balances.get(i), expected[i]) for i in expected if balances.get(i) != expected[i]}
    if torn:
        problems.append(f"{len(torn)} balances disagree with the transfers table "
                        f"(account: (balance, expected)): {dict(list(torn.items())[:10])}")
    return total, len(history), problems


def run_checks(cfg, log):
    """Checks at random moments while the transfers run, and once more after the stop file."""
    rng = random.Random(cfg["seed"])
    cfg = dict(cfg, isolation="repeatable read")
    client = Client(cfg)
    client.connect()
    stats = {"checks": 0, "retries": 0, "problems": []}

    def check():
        for _ in range(50):
            try:
                try:
                    total, transfers, problems = snapshot_check(client, cfg)
                except Exception as e:
                    client.classify(e)
            except Retry as r:
                stats["retries"] += 1
                client.rollback_quietly()
                continue
            stats["checks"] += 1
            log(f"check total={total} transfers={transfers} problems={len(problems)}")
            stats["problems"].extend(problems)
            return
        stats["problems"].append("no check succeeded in 50 attempts")

    while not os.path.exists(cfg["stop_file"]):
        time.sleep(rng.uniform(0.2, 1.0))
        check()
    client.close()
    return stats


def main(mode, cfg_json):
    cfg = json.loads(cfg_json)
    with open(cfg["log"], "a") as f:
        def log(line):
            f.write(line + "\n")
            f.flush()
        try:
            stats = run_transfers(cfg, log) if mode == "transfer" else run_checks(cfg, log)
        except Exception:
            log("fail " + traceback.format_exc().replace("\n", " | "))
            return 1
        log("stats " + json.dumps(stats))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
