"""Client process for the crash-safety test: inserts rows one by one in autocommit mode and
appends each acknowledged id to a file (flushed after every ack), until the server goes away.

usage: crash_writer.py HOST PORT USER PASSWORD DBNAME TABLE ACK_FILE
"""
import hashlib
import sys

import psycopg2


def payload_for(row_id):
    """Deterministic, self-checking payload: a torn or mixed-up row cannot match it."""
    digest = hashlib.sha256(str(row_id).encode()).hexdigest()
    return f"{row_id}:" + digest * 16 + f":{row_id}"


def main(host, port, user, password, dbname, table, ack_path):
    conn = psycopg2.connect(host=host, port=int(port), user=user, password=password,
                            dbname=dbname, sslmode="disable", connect_timeout=10)
    conn.autocommit = True
    cur = conn.cursor()
    row_id = 0
    with open(ack_path, "a") as acks:
        try:
            while True:
                row_id += 1
                cur.execute(f"INSERT INTO {table} (id, payload) VALUES (%s, %s)",
                            (row_id, payload_for(row_id)))
                acks.write(f"{row_id}\n")
                acks.flush()
        except psycopg2.Error as e:
            # Expected: the server was killed under us. Report what was in flight, exit cleanly.
            print(f"writer stopped at id {row_id}: {type(e).__name__}: {str(e).strip()}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
