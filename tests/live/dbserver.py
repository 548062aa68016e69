"""A private PostgreSQL or MariaDB server in a temporary directory, on a free port, that a test may stop and
start again (the machine's own servers on 5432/3306 are shared and are never touched).

PostgreSQL 15 from /usr/lib/postgresql/15/bin (or $ASTERISK_ARA_TEST_PG_BIN), MariaDB from PATH
(mariadb-install-db, mariadbd). As root, PostgreSQL runs as the ``postgres`` user (it refuses root) and
MariaDB drops to ``mysql``.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from .asterisk import free_port

PG_BIN = Path(os.environ.get("ASTERISK_ARA_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"))


def process_tree(root: int) -> list[int]:
    """``root`` and every process below it, parents before children (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rpartition(")")[2].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    order, todo = [], [root]
    while todo:
        pid = todo.pop(0)
        order.append(pid)
        todo += children.get(pid, [])
    return order


def _state(pid: int) -> str:
    """A process's state letter (S sleeping, T stopped, ...), from /proc."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return "gone"


def _as(user: str) -> list[str]:
    return ["runuser", "-u", user, "--"] if os.geteuid() == 0 else []


class PrivateServer:
    dialect = ""

    def __init__(self) -> None:
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix=f"ara-{self.dialect}-"))
        self.process: subprocess.Popen | None = None
        self.log = self.dir / "server.log"
        self.netns: str | None = None  # tests/live/netns.py: the server runs inside it, on its address

    @property
    def url(self) -> str:
        """The server URL (admin database) for tests.conftest-style helpers."""
        raise NotImplementedError

    def database_url(self, name: str) -> str:
        raise NotImplementedError

    def up(self) -> bool:
        raise NotImplementedError

    def wait_up(self, timeout: float = 30, **how) -> float:
        """Seconds until the server accepts connections."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"{self.dialect} exited with {self.process.returncode}: {self.log_tail()}")
            if self.up(**how):
                return time.monotonic() - started
            time.sleep(0.05)
        raise RuntimeError(f"{self.dialect} did not start within {timeout} s: {self.log_tail()}")

    def pause(self) -> None:
        """SIGSTOP to every process of the server, parent first (so it forks no more): it stalls while its kernel
        still accepts and acknowledges. PostgreSQL's backends each make a session of their own, so they are
        found by parent, not by process group."""
        for pid in process_tree(self.process.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGSTOP)

    def resume(self, timeout: float = 10) -> None:
        """SIGCONT to the tree, children first, until none is stopped. Under root the server's parent is
        ``runuser``, which stops itself when it sees its child stopped: if our SIGCONT reached it before it
        noticed, it stops again afterwards, so one round is not enough."""
        deadline = time.monotonic() + timeout
        while self.process is not None and self.process.poll() is None:
            tree = process_tree(self.process.pid)
            for pid in reversed(tree):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGCONT)
            time.sleep(0.05)
            if not any(_state(pid) == "T" for pid in tree) or time.monotonic() > deadline:
                return

    def _command(self, argv: list[str]) -> list[str]:
        """The server's command line, inside the test's network namespace when it has one."""
        return ["ip", "netns", "exec", self.netns, *argv] if self.netns else argv

    def log_tail(self, lines: int = 20) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:]) if self.log.exists() else ""

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class PrivatePostgres(PrivateServer):
    dialect = "postgresql"

    def __init__(self, listen: str = "127.0.0.1", port: int | None = None,
                 standby_of: "PrivatePostgres | None" = None, netns: str | None = None) -> None:
        """``standby_of``: a streaming-replication standby of that (running) server, read-only until promoted.
        ``netns``: run inside that network namespace, listening on ``listen`` (its address)."""
        super().__init__()
        self.listen = listen
        self.netns = netns
        self.port = port or self.port
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        if standby_of is None:
            subprocess.run([*_as("postgres"), str(PG_BIN / "initdb"), "-D", str(self.dir / "data"), "-A", "trust",
                            "-U", "postgres", "--no-sync"], check=True, capture_output=True)
        else:
            subprocess.run([*_as("postgres"), str(PG_BIN / "pg_basebackup"), "-h", standby_of.listen, "-p",
                            str(standby_of.port), "-U", "postgres", "-D", str(self.dir / "data"), "-R",
                            "-X", "stream", "-c", "fast"], check=True, capture_output=True)
        if netns:  # clients come from the host's end of the namespace's link
            with open(self.dir / "data" / "pg_hba.conf", "a") as hba:
                hba.write("host all all 0.0.0.0/0 trust\n")

    @property
    def url(self) -> str:
        return f"postgresql://postgres@{self.listen}:{self.port}/postgres"

    def database_url(self, name: str) -> str:
        return f"postgresql://postgres@{self.listen}:{self.port}/{name}"

    def start(self) -> float:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(self._command(
                [*_as("postgres"), str(PG_BIN / "postgres"), "-D", str(self.dir / "data"), "-p", str(self.port),
                 "-k", str(self.dir), "-c", f"listen_addresses={self.listen}", "-c", "fsync=off"]),
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        return self.wait_up()

    def promote(self) -> None:
        subprocess.run([*_as("postgres"), str(PG_BIN / "pg_ctl"), "-D", str(self.dir / "data"), "promote", "-w"],
                       check=True, capture_output=True, timeout=60)

    def read_only(self) -> bool:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            return conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]

    def stop(self) -> None:
        """A fast shutdown, as `systemctl stop postgresql` does: clients are disconnected."""
        if self.process is None or self.process.poll() is not None:
            return
        self.resume()  # a stopped server (or its runuser parent) cannot shut down
        done = subprocess.run([*_as("postgres"), str(PG_BIN / "pg_ctl"), "-D", str(self.dir / "data"), "stop", "-m",
                               "fast"], capture_output=True, text=True, timeout=90)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # say why: pg_ctl's answer, the server's log, what its processes do
            states = {pid: _state(pid) for pid in process_tree(self.process.pid)}
            raise RuntimeError(f"PostgreSQL did not stop: pg_ctl said {done.stdout}{done.stderr}; process states "
                               f"{states}; log:\n{self.log_tail(40)}") from None

    def up(self) -> bool:
        import psycopg

        try:
            psycopg.connect(self.url, connect_timeout=2).close()
            return True
        except psycopg.OperationalError:
            return False

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.database_url(name)


class PrivateMariaDB(PrivateServer):
    dialect = "mysql"

    def __init__(self, listen: str = "127.0.0.1", netns: str | None = None) -> None:
        super().__init__()
        self.listen, self.netns = listen, netns
        if os.geteuid() == 0:
            shutil.chown(self.dir, "mysql")
        subprocess.run(["mariadb-install-db", "--no-defaults", f"--datadir={self.dir / 'data'}",
                        *(["--user=mysql"] if os.geteuid() == 0 else []),
                        "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve"],
                       check=True, capture_output=True)

    @property
    def url(self) -> str:
        return f"mysql://root@{self.listen}:{self.port}/mysql"

    def database_url(self, name: str) -> str:
        return f"mysql://root@{self.listen}:{self.port}/{name}"

    def start(self) -> float:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(self._command(
                ["mariadbd", "--no-defaults", f"--datadir={self.dir / 'data'}", f"--socket={self.dir / 'sock'}",
                 f"--port={self.port}", f"--bind-address={self.listen}",
                 *(["--user=mysql"] if os.geteuid() == 0 else []),
                 "--skip-name-resolve", "--skip-log-bin", "--innodb-buffer-pool-size=32M",
                 f"--pid-file={self.dir / 'pid'}", "--local-infile=1"]),
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        if self.netns:  # root may connect from the host's end of the link (through the socket, once)
            self.wait_up(socket=True)
            import pymysql

            conn = pymysql.connect(unix_socket=str(self.dir / "sock"), user="root", autocommit=True)
            try:
                conn.cursor().execute("CREATE USER IF NOT EXISTS 'root'@'%'")
                conn.cursor().execute("GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION")
            finally:
                conn.close()
        return self.wait_up()

    def stop(self) -> None:
        """SIGTERM: MariaDB's normal shutdown (what `systemctl stop mariadb` sends)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.resume()
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)

    def up(self, socket: bool = False) -> bool:
        import pymysql

        try:
            where = {"unix_socket": str(self.dir / "sock")} if socket else {"host": self.listen, "port": self.port}
            pymysql.connect(**where, user="root", connect_timeout=2).close()
            return True
        except pymysql.err.OperationalError:
            return False

    def create_database(self, name: str) -> str:
        import pymysql

        conn = pymysql.connect(host=self.listen, port=self.port, user="root", autocommit=True)
        try:
            conn.cursor().execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci")
        finally:
            conn.close()
        return self.database_url(name)


SERVERS = {"postgresql": PrivatePostgres, "mysql": PrivateMariaDB}
