"""Plain DB-API connections for the fast paths (provisioning, import, export).

No SQLAlchemy here: a ``webrtc add`` process must finish in well under half a second,
and the driver alone (psycopg) already costs 0.15 s to import.
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from typing import Any

from .dburl import DatabaseURL
from .errors import AlreadyExistsError, DatabaseError

DRIVER_PACKAGES = {"postgresql": "psycopg[binary]", "mysql": "PyMySQL"}


class Database:
    """One open connection and the few dialect differences the fast paths care about."""

    def __init__(self, url: DatabaseURL, conn: Any, module: Any):
        self.url = url
        self.dialect = url.dialect
        self.conn = conn
        self.module = module
        self.placeholder = "?" if self.dialect == "sqlite" else "%s"

    def quote(self, name: str) -> str:
        if self.dialect == "mysql":
            return "`" + name.replace("`", "``") + "`"
        return '"' + name.replace('"', '""') + '"'

    def placeholders(self, n: int) -> str:
        return ", ".join([self.placeholder] * n)

    def execute(self, sql: str, params: Sequence[Any] = ()):
        cur = self.conn.cursor()
        cur.execute(sql, tuple(params))
        return cur

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        return list(self.execute(sql, params).fetchall())

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.conn.cursor().executemany(sql, rows)

    @contextlib.contextmanager
    def transaction(self) -> Iterator["Database"]:
        """All-or-nothing; unique violations become AlreadyExistsError, other failures DatabaseError."""
        try:
            if self.dialect == "sqlite":
                # IMMEDIATE takes the write lock up front, so two writers serialise instead of deadlocking.
                self.conn.execute("BEGIN IMMEDIATE")
            yield self
            self._end("COMMIT")
        except BaseException as exc:
            with contextlib.suppress(Exception):
                self._end("ROLLBACK")
            if isinstance(exc, self.module.IntegrityError):
                raise AlreadyExistsError(first_line(exc)) from None
            if isinstance(exc, self.module.Error):
                raise DatabaseError(f"database error on {self.url.masked()}: {first_line(exc)}") from None
            raise

    def _end(self, verb: str) -> None:
        if self.dialect != "sqlite":
            (self.conn.commit if verb == "COMMIT" else self.conn.rollback)()
        elif self.conn.in_transaction:  # autocommit-mode sqlite3: we issued BEGIN ourselves
            self.conn.execute(verb)

    def fetch_by_id(self, table: str, object_id: str) -> dict[str, Any] | None:
        """The row of ``table`` whose id is ``object_id``, as column -> value (None when there is none)."""
        cur = self.execute(f"SELECT * FROM {table} WHERE id = {self.placeholder}", (object_id,))
        row = cur.fetchone()
        return None if row is None else {d[0]: v for d, v in zip(cur.description, row)}

    def columns(self, table: str) -> list[str]:
        """The columns a live table has (empty when the table is missing)."""
        if self.dialect == "sqlite":
            return [r[1] for r in self.query(f"PRAGMA table_info({self.quote(table)})")]
        schema = "current_schema()" if self.dialect == "postgresql" else "DATABASE()"
        return [r[0] for r in self.query(
            f"SELECT column_name FROM information_schema.columns WHERE table_schema = {schema} "
            f"AND table_name = {self.placeholder} ORDER BY ordinal_position", (table,))]

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.close()


def first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def connect(url: DatabaseURL) -> Database:
    """Open a connection; failures are one line naming the masked URL."""
    try:
        if url.dialect == "postgresql":
            import psycopg as module

            params = {"user": url.username, "password": url.password, "host": url.socket_dir or url.host,
                      "port": url.port, "dbname": url.database}
            extra = {k: v for k, v in url.query_dict.items() if k != "host"}
            conn = module.connect(**{k: v for k, v in params.items() if v is not None}, **extra)
        elif url.dialect == "mysql":
            import pymysql as module

            conn = module.connect(user=url.username or "root", password=url.password or "",
                                  host=url.host or "localhost", port=url.port or 3306, database=url.database,
                                  unix_socket=url.query_dict.get("unix_socket"), charset="utf8mb4",
                                  autocommit=False)
        else:
            import sqlite3 as module

            if not url.database:
                raise DatabaseError("an in-memory SQLite database cannot hold a realtime schema; use sqlite:///FILE")
            if not os.path.exists(url.database):
                # sqlite3 would create an empty file, which only hides the mistake (wrong directory or URL).
                raise DatabaseError(f"{url.masked()}: no such database file; create it with: "
                                    f"asterisk-ara --database-url {url.masked()} db upgrade")
            conn = module.connect(url.database, isolation_level=None, timeout=30)
            conn.execute("PRAGMA foreign_keys = ON")
    except ImportError as exc:
        raise DatabaseError(f"the {url.dialect} driver is not installed ({exc}); install it with: "
                            f"pip install {DRIVER_PACKAGES.get(url.dialect, url.dialect)}") from None
    except DatabaseError:
        raise
    except Exception as exc:  # each driver has its own error tree; all of them mean "could not connect"
        raise DatabaseError(f"cannot connect to {url.masked()}: {first_line(exc)}") from None
    return Database(url, conn, module)


@contextlib.contextmanager
def open_database(url: DatabaseURL) -> Iterator[Database]:
    """A connection, closed at the end; a driver error (even outside a transaction) becomes one line."""
    db = connect(url)
    try:
        yield db
    except db.module.Error as exc:
        hint = ""
        if _missing_table(exc):
            hint = f"; is the schema there? Create it with: asterisk-ara --database-url {url.masked()} db upgrade"
        raise DatabaseError(f"database error on {url.masked()}: {first_line(exc)}{hint}") from None
    finally:
        db.close()


def _missing_table(exc: BaseException) -> bool:
    if getattr(exc, "sqlstate", None) == "42P01":  # PostgreSQL undefined_table
        return True
    args = getattr(exc, "args", ())
    if args and args[0] == 1146:  # MySQL/MariaDB ER_NO_SUCH_TABLE
        return True
    return str(exc).startswith("no such table")  # SQLite
