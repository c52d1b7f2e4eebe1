"""Point SELECT by primary key from N client processes (psycopg2, simple protocol, random keys,
fixed duration). Usable alone: pointselect.py HOST PORT USER PASSWORD DBNAME ROWS [CLIENTS] [SECONDS]."""
import json
import random
import sys
import time

import benchlib
from benchlib import POINT_TABLE, connect


def _client(params, rows, duration_s, seed, start_at):
    conn = connect(params)
    cur = conn.cursor()
    rng = random.Random(seed)
    latencies = []
    misses = 0
    while time.time() < start_at:  # all clients begin together, after everyone has connected
        time.sleep(0.001)
    deadline = time.monotonic() + duration_s
    while True:
        now = time.monotonic()
        if now >= deadline:
            break
        key = rng.randint(1, rows)
        cur.execute(f"SELECT id, k, pad FROM {POINT_TABLE} WHERE id = %s", (key,))
        row = cur.fetchone()
        latencies.append(time.monotonic() - now)
        if row is None or row[0] != key:
            misses += 1
    conn.close()
    return latencies, misses


def run(params, rows, clients=8, duration_s=30.0):
    return benchlib.run_point_clients(_client, params, rows, clients, duration_s)


if __name__ == "__main__":
    host, port, user, password, dbname, rows = sys.argv[1:7]
    clients = int(sys.argv[7]) if len(sys.argv) > 7 else 8
    seconds = float(sys.argv[8]) if len(sys.argv) > 8 else 30.0
    conn_params = dict(host=host, port=int(port), user=user, password=password, dbname=dbname,
                       sslmode="disable")
    print(json.dumps(run(conn_params, int(rows), clients, seconds), indent=2))
