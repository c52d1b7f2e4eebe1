"""Start, stop and crash the database servers the compliance matrix and the benchmarks run against.

Two targets share one small interface (start / stop / kill9 / log_text / connect_params):
HeliosServer runs the built bin/heliosdb launcher; PostgresServer runs a throw-away PostgreSQL 15
cluster configured like HeliosDB's front door (SCRAM-SHA-256 only, TLS with a self-signed cert,
user "heliosdb", database "heliosdb"), so the same tests encode real PostgreSQL behaviour.
"""
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import tempfile
import time

REPO_ROOT = pathlib.Path(__file__).resolve().parents[2]
HELIOS_LAUNCHER = REPO_ROOT / "bin" / "heliosdb"
PG_BIN = pathlib.Path(os.environ.get("HELIOSDB_PG_BIN", "/usr/lib/postgresql/15/bin"))
SUPERUSER = "heliosdb"
DATABASE = "heliosdb"
READY_MARKER = "HeliosDB ready:"
# Which server the matrix runs against: "heliosdb" (default) or "postgres".
TARGET = os.environ.get("HELIOSDB_TEST_TARGET", "heliosdb")


class ServerDied(RuntimeError):
    """The server process exited while we were waiting for it; the message carries its log."""


def free_port():
    """A port the kernel just handed out; a small race with other processes is accepted here."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path, limit=20000):
    try:
        text = pathlib.Path(path).read_text(errors="replace")
    except FileNotFoundError:
        return "<no log>"
    return text[-limit:]


class _Server:
    """What both targets share: ports, password, log file and the child process."""

    name = "server"

    def __init__(self, password, data_dir=None):
        self.host = "127.0.0.1"
        self.password = password
        self.user = SUPERUSER
        self.dbname = DATABASE
        self.work_dir = pathlib.Path(tempfile.mkdtemp(prefix=f"{self.name}-test-"))
        self.data_dir = pathlib.Path(data_dir) if data_dir else self.work_dir / "data"
        self.log_path = self.work_dir / "server.log"
        self.pg_port = free_port()
        self.proc = None

    def connect_params(self, **overrides):
        params = dict(host=self.host, port=self.pg_port, user=self.user,
                      password=self.password, dbname=self.dbname, connect_timeout=10)
        params.update(overrides)
        return params

    def log_text(self):
        return _tail(self.log_path)

    def save_log(self, dest):
        """Keeps the server log after cleanup() removes the temp dir (for post-mortems)."""
        dest = pathlib.Path(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        if self.log_path.exists():
            shutil.copyfile(self.log_path, dest)

    def is_running(self):
        return self.proc is not None and self.proc.poll() is None

    def kill9(self):
        """Crash the server the hard way: SIGKILL to its whole process group, no shutdown hooks."""
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=30)
        self.proc = None

    def _signal_group(self, sig):
        try:
            os.killpg(self.proc.pid, sig)
        except ProcessLookupError:
            pass

    def stop(self, timeout=60):
        """Graceful stop; returns the exit code (None if it had to be killed)."""
        if self.proc is None:
            return 0
        self._signal_group(self._graceful_signal)
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill9()
            return None
        self.proc = None
        return code

    def cleanup(self):
        if self.is_running():
            self.kill9()
        shutil.rmtree(self.work_dir, ignore_errors=True)

    def _open_log(self):
        return open(self.log_path, "ab", buffering=0)


class HeliosServer(_Server):
    """bin/heliosdb start ... in the foreground; ready when it prints the READY_MARKER line."""

    name = "heliosdb"
    _graceful_signal = signal.SIGTERM
    # A JVM that ran its shutdown hooks after SIGTERM exits 128+15; that is its normal clean stop.
    clean_exit_codes = (0, 143)

    def __init__(self, password, data_dir=None, launcher=HELIOS_LAUNCHER, extra_args=()):
        super().__init__(password, data_dir)
        self.launcher = pathlib.Path(launcher)
        self.extra_args = list(extra_args)  # more `heliosdb start` options, e.g. --version-cache-slots 0
        self.admin_port = free_port()
        self.mysql_port = free_port()

    def mysql_params(self, **overrides):
        """PyMySQL connect() arguments for the MySQL listener (database "heliosdb" = schema public)."""
        params = dict(host=self.host, port=self.mysql_port, user=self.user, password=self.password,
                      database=self.dbname, connect_timeout=10)
        params.update(overrides)
        return params

    def start(self, timeout=120):
        if not self.launcher.exists():
            raise FileNotFoundError(f"{self.launcher} not found: build the server first (mvn install)")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        env = dict(os.environ, HELIOSDB_PASSWORD=self.password)
        cmd = [str(self.launcher), "start", "--data-dir", str(self.data_dir), "--listen", self.host,
               "--port", "0", "--pg-port", str(self.pg_port), "--mysql-port", str(self.mysql_port),
               "--admin-port", str(self.admin_port)] + self.extra_args
        with self._open_log() as log:
            log.write(f"\n=== {' '.join(cmd)}\n".encode())
            # Own process group, so kill9 reaches the JVM even if the launcher is a wrapper script.
            self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                         env=env, cwd=REPO_ROOT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.log_path.read_bytes()[offset:].decode(errors="replace")
            if READY_MARKER in text:
                return self
            if self.proc.poll() is not None:
                code = self.proc.returncode
                self.proc = None
                raise ServerDied(f"heliosdb exited with {code} before ready; log:\n{self.log_text()}")
            time.sleep(0.1)
        self.kill9()
        raise ServerDied(f"heliosdb not ready after {timeout}s; log:\n{self.log_text()}")


class PostgresServer(_Server):
    """A private PostgreSQL 15 cluster: initdb once, then postgres in the foreground as user postgres."""

    name = "postgres"
    # SIGINT is PostgreSQL's "fast shutdown"; SIGTERM ("smart") would wait for clients to leave.
    _graceful_signal = signal.SIGINT
    clean_exit_codes = (0,)

    def __init__(self, password, data_dir=None):
        super().__init__(password, data_dir)
        self._as_postgres = os.geteuid() == 0  # initdb and postgres refuse to run as root
        if self._as_postgres:
            shutil.chown(self.work_dir, "postgres", "postgres")

    def _run_kwargs(self):
        return dict(user="postgres", group="postgres", extra_groups=[]) if self._as_postgres else {}

    def _init_cluster(self):
        pwfile = self.work_dir / "pwfile"
        pwfile.write_text(self.password + "\n")
        cert, key = self.work_dir / "server.crt", self.work_dir / "server.key"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
                        "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
                       check=True, capture_output=True)
        key.chmod(0o600)
        if self._as_postgres:
            for p in (pwfile, cert, key):
                shutil.chown(p, "postgres", "postgres")
        subprocess.run([str(PG_BIN / "initdb"), "-D", str(self.data_dir), "-U", SUPERUSER,
                        "--pwfile", str(pwfile), "--auth", "scram-sha-256", "-E", "UTF8",
                        "--locale", "C"], check=True, capture_output=True, **self._run_kwargs())
        with open(self.data_dir / "postgresql.conf", "a") as conf:
            conf.write(f"""
listen_addresses = '{self.host}'
port = {self.pg_port}
unix_socket_directories = '{self.work_dir}'
password_encryption = 'scram-sha-256'
ssl = on
ssl_cert_file = '{cert}'
ssl_key_file = '{key}'
max_connections = 60
""")

    def start(self, timeout=120):
        import psycopg2  # imported late so bench tooling can import this module before installing
        fresh = not (self.data_dir / "PG_VERSION").exists()
        if fresh:
            self._init_cluster()
        with self._open_log() as log:
            self.proc = subprocess.Popen([str(PG_BIN / "postgres"), "-D", str(self.data_dir)],
                                         stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                         start_new_session=True, **self._run_kwargs())
        deadline = time.monotonic() + timeout
        last_error = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                code = self.proc.returncode
                self.proc = None
                raise ServerDied(f"postgres exited with {code}; log:\n{self.log_text()}")
            try:
                conn = psycopg2.connect(**self.connect_params(dbname="postgres", sslmode="disable"))
            except psycopg2.OperationalError as e:
                last_error = e
                time.sleep(0.2)
                continue
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,))
                if cur.fetchone() is None:
                    cur.execute(f"CREATE DATABASE {DATABASE}")
            conn.close()
            return self
        self.kill9()
        raise ServerDied(f"postgres not ready after {timeout}s ({last_error}); log:\n{self.log_text()}")


def make_server(target, password, data_dir=None):
    if target == "postgres":
        return PostgresServer(password, data_dir)
    if target == "heliosdb":
        return HeliosServer(password, data_dir)
    raise ValueError(f"unknown target {target!r}: use heliosdb or postgres")
