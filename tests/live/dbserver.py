"""A private PostgreSQL or MariaDB server in a temporary directory, on a free port, that a test may stop and
start again (the machine's own servers on 5432/3306 are shared and are never touched).

PostgreSQL 15 from /usr/lib/postgresql/15/bin (or $ASTERISK_ARA_TEST_PG_BIN), MariaDB from PATH
(mariadb-install-db, mariadbd). As root, PostgreSQL runs as the ``postgres`` user (it refuses root) and
MariaDB drops to ``mysql``.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from .asterisk import free_port

PG_BIN = Path(os.environ.get("ASTERISK_ARA_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"))


def _as(user: str) -> list[str]:
    return ["runuser", "-u", user, "--"] if os.geteuid() == 0 else []


class PrivateServer:
    dialect = ""

    def __init__(self) -> None:
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix=f"ara-{self.dialect}-"))
        self.process: subprocess.Popen | None = None
        self.log = self.dir / "server.log"

    @property
    def url(self) -> str:
        """The server URL (admin database) for tests.conftest-style helpers."""
        raise NotImplementedError

    def database_url(self, name: str) -> str:
        raise NotImplementedError

    def up(self) -> bool:
        raise NotImplementedError

    def wait_up(self, timeout: float = 30) -> float:
        """Seconds until the server accepts connections."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"{self.dialect} exited with {self.process.returncode}: {self.log_tail()}")
            if self.up():
                return time.monotonic() - started
            time.sleep(0.05)
        raise RuntimeError(f"{self.dialect} did not start within {timeout} s: {self.log_tail()}")

    def log_tail(self, lines: int = 20) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:]) if self.log.exists() else ""

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class PrivatePostgres(PrivateServer):
    dialect = "postgresql"

    def __init__(self, listen: str = "127.0.0.1", port: int | None = None,
                 standby_of: "PrivatePostgres | None" = None) -> None:
        """``standby_of``: a streaming-replication standby of that (running) server, read-only until promoted."""
        super().__init__()
        self.listen = listen
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

    @property
    def url(self) -> str:
        return f"postgresql://postgres@{self.listen}:{self.port}/postgres"

    def database_url(self, name: str) -> str:
        return f"postgresql://postgres@{self.listen}:{self.port}/{name}"

    def start(self) -> float:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [*_as("postgres"), str(PG_BIN / "postgres"), "-D", str(self.dir / "data"), "-p", str(self.port),
                 "-k", str(self.dir), "-c", f"listen_addresses={self.listen}", "-c", "fsync=off"],
                stdout=log, stderr=subprocess.STDOUT)
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
        subprocess.run([*_as("postgres"), str(PG_BIN / "pg_ctl"), "-D", str(self.dir / "data"), "stop", "-m", "fast"],
                       capture_output=True, timeout=60)
        self.process.wait(timeout=30)

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

    def __init__(self) -> None:
        super().__init__()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "mysql")
        subprocess.run(["mariadb-install-db", "--no-defaults", f"--datadir={self.dir / 'data'}",
                        *(["--user=mysql"] if os.geteuid() == 0 else []),
                        "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve"],
                       check=True, capture_output=True)

    @property
    def url(self) -> str:
        return f"mysql://root@127.0.0.1:{self.port}/mysql"

    def database_url(self, name: str) -> str:
        return f"mysql://root@127.0.0.1:{self.port}/{name}"

    def start(self) -> float:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                ["mariadbd", "--no-defaults", f"--datadir={self.dir / 'data'}", f"--socket={self.dir / 'sock'}",
                 f"--port={self.port}", "--bind-address=127.0.0.1", *(["--user=mysql"] if os.geteuid() == 0 else []),
                 "--skip-name-resolve", "--skip-log-bin", "--innodb-buffer-pool-size=32M",
                 f"--pid-file={self.dir / 'pid'}", "--local-infile=1"],
                stdout=log, stderr=subprocess.STDOUT)
        return self.wait_up()

    def stop(self) -> None:
        """SIGTERM: MariaDB's normal shutdown (what `systemctl stop mariadb` sends)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)

    def up(self) -> bool:
        import pymysql

        try:
            pymysql.connect(host="127.0.0.1", port=self.port, user="root", connect_timeout=2).close()
            return True
        except pymysql.err.OperationalError:
            return False

    def create_database(self, name: str) -> str:
        import pymysql

        conn = pymysql.connect(host="127.0.0.1", port=self.port, user="root", autocommit=True)
        try:
            conn.cursor().execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci")
        finally:
            conn.close()
        return self.database_url(name)


SERVERS = {"postgresql": PrivatePostgres, "mysql": PrivateMariaDB}
