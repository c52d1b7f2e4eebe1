"""Profiles HeliosDB with JFR during one benchmark workload only (not start-up or loading): starts the
server, loads, then `jcmd PID JFR.start settings=profile`, runs the workload, `JFR.stop` into
bench/target/<workload>.jfr and prints jfr_top.py's summary.

usage: profile_heliosdb.py tpcb|copy|asyncpg|psycopg2|mysql-point|mysql-insert [seconds]
"""
import os
import pathlib
import secrets
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "compliance-tests"))

from harness.servers import HeliosServer  # noqa: E402

import benchlib  # noqa: E402
import drivers_compare  # noqa: E402
import jfr_top  # noqa: E402
import mariadb_compare  # noqa: E402
import pointselect  # noqa: E402
import tpcb_compare  # noqa: E402


def main(workload, seconds="30"):
    seconds = float(seconds)
    password = "bench-" + secrets.token_hex(6)
    server = HeliosServer(password)
    jfr_file = HERE / "target" / f"{workload}.jfr"
    jfr_file.parent.mkdir(parents=True, exist_ok=True)
    try:
        server.start()
        params = server.connect_params(sslmode="disable")
        my = {k: server.mysql_params()[k] for k in ("host", "port", "user", "password", "database")}
        pgbench_env = dict(os.environ, PGPASSWORD=password, PGSSLMODE="disable")
        if workload == "tpcb":
            tpcb_compare.pgbench_init(server, pgbench_env, 4)
        elif workload in ("asyncpg", "psycopg2"):
            benchlib.load_tables(params, 100_000, 0, 1000, "heliosdb")
        elif workload == "mysql-point":
            mariadb_compare.load_point(my, 100_000)
        pid = str(server.proc.pid)
        subprocess.run(["jcmd", pid, "JFR.start", "name=bench", "settings=profile"], check=True, capture_output=True)
        if workload == "tpcb":
            args = type("A", (), dict(clients=4, jobs=2, duration=int(seconds), max_tries=100))()
            res = tpcb_compare.run_pgbench(server, args, pgbench_env)
            res.pop("stdout")
        elif workload == "copy":
            res = drivers_compare.copy_ingest(params, 1_000_000)
        elif workload == "asyncpg":
            res = drivers_compare.asyncpg_point_select(params, 100_000, 8, seconds)
        elif workload == "psycopg2":
            res = pointselect.run(params, 100_000, 8, seconds)
        elif workload == "mysql-point":
            res = mariadb_compare.point_select(my, 100_000, 8, seconds)
        elif workload == "mysql-insert":
            res = mariadb_compare.insert_rows(my, 200_000, 1000)
        else:
            raise SystemExit(f"unknown workload {workload}")
        subprocess.run(["jcmd", pid, "JFR.stop", "name=bench", f"filename={jfr_file}"], check=True,
                       capture_output=True)
        print(f"{workload} under JFR: {res}")
        server.stop()
    finally:
        server.cleanup()
    jfr_top.main(str(jfr_file), 30)


if __name__ == "__main__":
    main(*sys.argv[1:])
