"""Set-up, worker processes and log reading shared by the bank-transfer invariant tests."""
import json
import pathlib
import subprocess
import sys
import time

import psycopg2

from transactions import bank_worker

WORKER = pathlib.Path(bank_worker.__file__).resolve()
LOG_DIR = pathlib.Path(__file__).resolve().parents[1] / "target" / "logs"
N_ACCOUNTS = 200
INITIAL = 1000


def create_bank(server, suffix):
    """accounts(1..N, INITIAL each) and an empty transfers table, created over the PostgreSQL port."""
    accounts, transfers = f"bank_accounts_{suffix}", f"bank_transfers_{suffix}"
    conn = psycopg2.connect(**server.connect_params(sslmode="disable"))
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"CREATE TABLE {accounts} (id INT PRIMARY KEY, balance BIGINT NOT NULL)")
        cur.execute(f"CREATE TABLE {transfers} (id BIGINT PRIMARY KEY, src INT NOT NULL, "
                    f"dst INT NOT NULL, amount INT NOT NULL)")
        values = ", ".join(cur.mogrify("(%s, %s)", (i, INITIAL)).decode()
                           for i in range(1, N_ACCOUNTS + 1))
        cur.execute(f"INSERT INTO {accounts} (id, balance) VALUES {values}")
    conn.close()
    return accounts, transfers


def drop_bank(server, accounts, transfers):
    conn = psycopg2.connect(**server.connect_params(sslmode="disable"))
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {accounts}")
        cur.execute(f"DROP TABLE IF EXISTS {transfers}")
    conn.close()


def base_config(server, protocol, accounts, transfers, **extra):
    if protocol == "pg":
        p = server.connect_params()
        conn = dict(host=p["host"], port=p["port"], user=p["user"], password=p["password"],
                    dbname=p["dbname"])
    else:
        p = server.mysql_params()
        conn = dict(host=p["host"], port=p["port"], user=p["user"], password=p["password"],
                    dbname=p["database"])
    cfg = dict(conn, protocol=protocol, accounts=accounts, transfers=transfers,
               n_accounts=N_ACCOUNTS, initial=INITIAL)
    cfg.update(extra)
    return cfg


class Worker:
    """A bank_worker.py child process and its event log."""

    def __init__(self, mode, cfg):
        self.mode, self.cfg = mode, cfg
        self.log_path = pathlib.Path(cfg["log"])
        self.proc = subprocess.Popen([sys.executable, str(WORKER), mode, json.dumps(cfg)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def lines(self):
        return self.log_path.read_text().splitlines() if self.log_path.exists() else []

    def acks(self):
        return sum(1 for line in self.lines() if line.startswith("ack "))

    def wait(self, timeout):
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        err = self.proc.stderr.read().decode(errors="replace")
        return self.proc.returncode, err

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def stats(self):
        for line in reversed(self.lines()):
            if line.startswith("stats "):
                return json.loads(line[6:])
        return None

    def failure(self):
        return next((line for line in self.lines() if line.startswith("fail ")), None)

    def describe(self):
        return f"{self.mode}/{self.cfg['protocol']}#{self.cfg.get('worker', '-')}"


def wait_for_acks(workers, minimum, timeout):
    deadline = time.monotonic() + timeout
    while sum(w.acks() for w in workers) < minimum:
        for w in workers:
            assert w.proc.poll() is None or w.mode == "check", \
                f"{w.describe()} exited early: {w.failure()}"
        assert time.monotonic() < deadline, f"fewer than {minimum} acknowledged transfers in {timeout}s"
        time.sleep(0.05)


def final_check(server, cfg):
    """The invariant on a fresh REPEATABLE READ snapshot over the PostgreSQL port."""
    client = bank_worker.Client(dict(cfg, protocol="pg", isolation="repeatable read"))
    client.connect()
    try:
        return bank_worker.snapshot_check(client, cfg)
    finally:
        client.close()


def read_history(server, transfers):
    conn = psycopg2.connect(**server.connect_params(sslmode="disable"))
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"SELECT id, src, dst, amount FROM {transfers}")
        rows = {int(r[0]): tuple(int(v) for v in r[1:]) for r in cur.fetchall()}
    conn.close()
    return rows
