"""Bank-transfer stress of lock waits (issue 6): THREADS clients move random amounts between 10
accounts in two-UPDATE transactions for 15 s against a fresh bin/heliosdb; prints outcomes, any
account whose balance differs from what the committed transfers imply, and the total (must be
10000). ORDERED=1 takes the rows in key order (no deadlocks); ISO="REPEATABLE READ" sets the level.
Run from the repository root with the compliance venv: compliance-tests/.venv/bin/python bench/txn_bank_stress.py
"""
import os, random, sys, threading, time
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "compliance-tests"))
import psycopg2, os
ORDERED = os.environ.get("ORDERED") == "1"
from harness.servers import make_server
srv = make_server("heliosdb", password="pw-stress")
srv.start()
try:
    p = srv.connect_params(sslmode="disable")
    c = psycopg2.connect(**p); c.autocommit = True
    cur = c.cursor()
    cur.execute("CREATE TABLE acct (id INT PRIMARY KEY, bal INT NOT NULL)")
    cur.execute("INSERT INTO acct VALUES " + ",".join(f"({i}, 1000)" for i in range(10)))
    stats = {"ok": 0, "40001": 0, "40P01": 0, "other": 0}
    lock = threading.Lock()
    lat = []
    done = []
    stop = time.time() + 15
    def worker(n):
        conn = psycopg2.connect(**p)
        if os.environ.get("ISO"):
            conn.set_session(isolation_level=os.environ["ISO"])
        rnd = random.Random(n)
        while time.time() < stop:
            a, b = rnd.sample(range(10), 2)
            if ORDERED and a > b: a, b = b, a
            amt = rnd.randint(1, 50)
            t0 = time.time()
            try:
                with conn.cursor() as k:
                    k.execute("UPDATE acct SET bal = bal - %s WHERE id = %s", (amt, a))
                    k.execute("UPDATE acct SET bal = bal + %s WHERE id = %s", (amt, b))
                conn.commit()
                with lock:
                    stats["ok"] += 1; lat.append(time.time() - t0); done.append((a, b, amt))
            except psycopg2.Error as e:
                conn.rollback()
                with lock:
                    stats[e.pgcode if e.pgcode in stats else "other"] += 1
                    if e.pgcode not in stats: print(e.pgcode, e.pgerror)
    ts = [threading.Thread(target=worker, args=(i,)) for i in range(int(os.environ.get('THREADS','8')))]
    [t.start() for t in ts]; [t.join() for t in ts]
    exp = {i: 1000 for i in range(10)}
    for a, b, amt in done:
        exp[a] -= amt; exp[b] += amt
    cur.execute("SELECT id, bal FROM acct ORDER BY id")
    for i, bal in cur.fetchall():
        if bal != exp[i]: print("account", i, "expected", exp[i], "got", bal, "diff", bal - exp[i])
    cur.execute("SELECT SUM(bal), COUNT(*) FROM acct")
    lat.sort()
    print(stats, cur.fetchone(), "p50 %.1f ms p99 %.1f ms" % (lat[len(lat)//2]*1000, lat[int(len(lat)*0.99)]*1000))
finally:
    srv.stop(); srv.cleanup()
