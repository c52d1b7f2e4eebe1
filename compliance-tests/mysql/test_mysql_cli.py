"""The mysql / mariadb command-line client (Debian's mariadb-client): connect, SHOW, USE, a query,
the \\s status command, errors as the client prints them, and an interactive session whose USE
reads table and column names for completion (COM_FIELD_LIST).

scripts/install-test-clients installs the client; under CI=true a missing client fails the tests
instead of skipping them.
"""
import os
import pty
import select
import shutil
import subprocess
import time

import pytest

CLIENT = shutil.which("mariadb") or shutil.which("mysql")


@pytest.fixture
def cli(my_connect):
    if CLIENT is None:
        message = "mysql/mariadb client not installed: run scripts/install-test-clients"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    params = my_connect._params()

    def run(*args, sql=None, password=None, database="heliosdb", check=True):
        argv = [CLIENT, "-h", params["host"], "-P", str(params["port"]), "-u", params["user"]]
        if database:
            argv.append(database)
        argv += list(args)
        if sql is not None:
            argv += ["-e", sql]
        env = dict(os.environ, MYSQL_PWD=password if password is not None else params["password"])
        done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60)
        if check:
            assert done.returncode == 0, done.stderr
        return done

    run.params = params
    return run


def test_show_databases_and_a_query(cli, my_table):
    t = my_table("id INT PRIMARY KEY, name VARCHAR(20)")
    cli(sql=f"INSERT INTO {t} VALUES (1, 'one'), (2, NULL)")
    out = cli("--batch", sql="SHOW DATABASES").stdout.splitlines()
    assert out[0] == "Database" and "heliosdb" in out[1:]
    rows = cli("--batch", sql=f"SELECT id, name FROM {t} ORDER BY id").stdout.splitlines()
    assert rows == ["id\tname", "1\tone", "2\tNULL"]
    table = cli("--table", sql=f"SELECT COUNT(*) AS n FROM {t}").stdout
    assert "| n |" in table.replace("  ", " ") and "| 2 |" in table.replace("  ", " ")


def test_use_switches_the_database(cli, my_connect):
    conn = my_connect(autocommit=True)
    with conn.cursor() as cur:
        cur.execute("CREATE DATABASE IF NOT EXISTS cli_db")
        cur.execute("CREATE TABLE IF NOT EXISTS cli_db.cli_t (id INT PRIMARY KEY)")
    try:
        out = cli("--batch", sql="USE cli_db; SELECT DATABASE(); SHOW TABLES", database=None).stdout.splitlines()
        assert out == ["DATABASE()", "cli_db", "Tables_in_cli_db", "cli_t"]
    finally:
        with conn.cursor() as cur:
            cur.execute("DROP DATABASE cli_db")


def test_status_command(cli):
    out = cli(sql="\\s").stdout
    assert "Server version:\t\t8.0.36-HeliosDB" in out
    assert "Current database:\theliosdb" in out
    assert "Cipher in use is" in out  # the client prefers TLS and the server offers it
    assert "Uptime:" in out
    plain = cli("--skip-ssl", sql="\\s").stdout
    assert "SSL:\t\t\tNot in use" in plain


def test_errors_as_the_client_prints_them(cli, my_table):
    t = my_table("id INT PRIMARY KEY")
    cli(sql=f"INSERT INTO {t} VALUES (1)")
    cases = [
        ("SELECT * FROM no_such_table_cli", "ERROR 1146 (42S02) at line 1: Table 'heliosdb.no_such_table_cli' doesn't exist"),
        ("SELEC 1", "ERROR 1064 (42000) at line 1: You have an error in your SQL syntax; check the manual that "
                    "corresponds to your MySQL server version for the right syntax to use near 'SELEC 1' at line 1"),
        (f"SELECT nope FROM {t}", "ERROR 1054 (42S22) at line 1: Unknown column 'nope' in 'field list'"),
        (f"INSERT INTO {t} VALUES (1)", f"ERROR 1062 (23000) at line 1: Duplicate entry '1' for key '{t}.PRIMARY'"),
        ("USE no_such_db_cli", "ERROR 1049 (42000) at line 1: Unknown database 'no_such_db_cli'"),
    ]
    for sql, expected in cases:
        done = cli(sql=sql, check=False)
        assert done.returncode == 1, sql
        assert done.stderr.strip().splitlines()[-1] == expected


def test_wrong_password_is_refused(cli):
    done = cli(sql="SELECT 1", password="wrong-password", check=False)
    assert done.returncode == 1
    assert "ERROR 1045 (28000): Access denied for user" in done.stderr


def _read_until(fd, marker, timeout=20.0):
    out = b""
    deadline = time.monotonic() + timeout
    while marker not in out:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"timed out waiting for {marker!r}; got {out[-500:]!r}")
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    return out


def test_interactive_use_reads_names_for_completion(cli, my_table):
    """Interactively, USE makes the client read every table's columns (COM_FIELD_LIST) for completion."""
    t = my_table("id INT PRIMARY KEY, label VARCHAR(10)")
    params = cli.params
    argv = [CLIENT, "-h", params["host"], "-P", str(params["port"]), "-u", params["user"], "--auto-rehash"]
    env = dict(os.environ, MYSQL_PWD=params["password"], TERM="dumb")
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(argv[0], argv, env)
    try:
        _read_until(fd, b"> ")
        os.write(fd, b"USE heliosdb\n")
        out = _read_until(fd, b"[heliosdb]> ")  # the prompt after "Database changed"
        assert b"Database changed" in out and b"ERROR" not in out
        os.write(fd, f"SELECT COUNT(*) FROM {t};\n".encode())
        out = _read_until(fd, b"1 row in set")
        assert b"COUNT(*)" in out and b"|0|" in out.replace(b" ", b"")
        os.write(fd, b"quit\n")
    finally:
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
