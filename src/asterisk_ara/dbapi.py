"""Plain DB-API connections for the fast paths (provisioning, import, export).

No SQLAlchemy here: a ``webrtc add`` process must finish in well under half a second,
and the driver alone (psycopg) already costs 0.15 s to import.
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

from .dburl import DatabaseURL
from .errors import AlreadyExistsError, DatabaseError, UsageError

DRIVER_PACKAGES = {"postgresql": "psycopg[binary]", "mysql": "PyMySQL"}


class AfterCommit(Protocol):
    """Work noted during a transaction and done once it commits (``Database.after_commit``).

    Layers above this one register theirs (the AMI package: what running Asterisk nodes must learn), so that
    this module knows none of them."""

    def mark(self) -> Any:
        """Where the notes stand: a savepoint that rolls back returns them here (``reset``)."""

    def reset(self, mark: Any) -> None:
        """Forget what was noted since ``mark`` (None: everything)."""

    def __bool__(self) -> bool:
        """Whether there is anything to do."""

    def run(self, db: "Database") -> Any:
        """Do it, after the commit; whatever it returns is the caller's (``run_after_commit``)."""


Work = TypeVar("Work", bound=AfterCommit)


class Database:
    """One open connection and the few dialect differences the fast paths care about.

    ``owned``: we opened it (from a URL) and end its transactions. A connection the caller handed us
    (``borrowed``) is never committed or rolled back here: our work runs inside a SAVEPOINT of the
    caller's transaction, so a failure undoes only our statements and leaves theirs to them.
    """

    def __init__(self, url: DatabaseURL, conn: Any, module: Any, owned: bool = True):
        self.url = url
        self.dialect = url.dialect
        self.conn = conn
        self.module = module
        self.owned = owned
        self.placeholder = "?" if self.dialect == "sqlite" else "%s"
        self._depth = 0  # transaction() nesting: the outermost one begins and ends, inner ones are savepoints
        self._columns: dict[str, list[str]] = {}
        self.local_infile = False  # this connection may send files for LOAD DATA LOCAL INFILE (MariaDB/MySQL)
        #: Work to do once our outermost transaction commits, by its owner's key (after_commit()).
        self.pending: dict[str, AfterCommit] = {}

    def quote(self, name: str) -> str:
        if self.dialect == "mysql":
            return "`" + name.replace("`", "``") + "`"
        return '"' + name.replace('"', '""') + '"'

    def placeholders(self, n: int) -> str:
        return ", ".join([self.placeholder] * n)

    def execute(self, sql: str, params: Sequence[Any] = ()):
        cur = self.conn.cursor()
        if params:
            cur.execute(sql, tuple(params))
        else:  # no parameters, no %-formatting: a literal '%' (a MariaDB login's host) stays as written
            cur.execute(sql)
        return cur

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        return list(self.execute(sql, params).fetchall())

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.conn.cursor().executemany(sql, rows)

    def _caller_autocommit(self) -> bool:
        """A borrowed connection in autocommit mode has no transaction of the caller's to join."""
        if self.dialect == "sqlite":
            return self.conn.isolation_level is None and not self.conn.in_transaction
        if self.dialect == "mysql":
            return bool(self.conn.get_autocommit())
        return bool(self.conn.autocommit)

    @contextlib.contextmanager
    def transaction(self) -> Iterator["Database"]:
        """All-or-nothing; unique violations become AlreadyExistsError, other failures DatabaseError.

        The outermost call on a connection we own (or a caller's autocommit one) is a real transaction;
        any other is a SAVEPOINT, so it nests inside ours or the caller's.
        """
        outer = self._depth == 0 and (self.owned or self._caller_autocommit())
        savepoint = f"asterisk_ara_{self._depth}"
        marks = {key: work.mark() for key, work in self.pending.items()}
        committed = False
        self._depth += 1
        try:
            if outer:
                self._begin()
            else:
                if self.dialect == "sqlite" and not self.conn.in_transaction:
                    self.conn.execute("BEGIN")  # the caller's sqlite3 commit() ends it, as theirs
                self.execute(f"SAVEPOINT {savepoint}")
            yield self
            if outer:
                self._end("COMMIT")
                committed = True
            else:
                self.execute(f"RELEASE SAVEPOINT {savepoint}")
        except BaseException as exc:
            for key, work in self.pending.items():
                work.reset(marks.get(key))  # work first noted inside this block: all of it
            with contextlib.suppress(Exception):
                if outer:
                    self._end("ROLLBACK")
                else:
                    self.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                    self.execute(f"RELEASE SAVEPOINT {savepoint}")
            if isinstance(exc, self.module.IntegrityError):
                raise AlreadyExistsError(first_line(exc)) from None
            if isinstance(exc, self.module.Error):
                raise DatabaseError(f"database error on {self.url.masked()}: {first_line(exc)}") from None
            raise
        finally:
            self._depth -= 1
        if committed and any(self.pending.values()):
            self.run_after_commit()

    # -- work done after a commit (what the layers above register) ---------------------------------------
    def after_commit(self, key: str, make: Callable[[], Work]) -> Work:
        """The work registered under ``key`` for when our outermost transaction commits, made by ``make()`` the
        first time. A savepoint that rolls back takes its notes with it. On a caller's transaction the work
        waits for ``run_after_commit()``, called once the caller has committed."""
        work = self.pending.get(key)
        if work is None:
            work = self.pending[key] = make()
        return work

    def run_after_commit(self) -> dict[str, Any]:
        """Do the pending work now (each at most once); returns key -> what it returned."""
        pending, self.pending = self.pending, {}
        return {key: work.run(self) for key, work in pending.items() if work}

    def forget_after_commit(self) -> None:
        """Drop the pending work (the caller rolled back)."""
        self.pending = {}

    def _begin(self) -> None:
        if self.dialect == "sqlite":
            # IMMEDIATE takes the write lock up front, so two writers serialise instead of deadlocking.
            self.conn.execute("BEGIN IMMEDIATE")
        elif not self.owned:  # a caller's autocommit connection: a transaction of our own, ended by us
            self.execute("BEGIN")

    def _end(self, verb: str) -> None:
        if self.dialect != "sqlite" and self.owned:
            (self.conn.commit if verb == "COMMIT" else self.conn.rollback)()
        elif self.dialect != "sqlite":
            self.execute(verb)
        elif self.conn.in_transaction:  # autocommit-mode sqlite3: we issued BEGIN ourselves
            self.conn.execute(verb)

    def fetch_by_id(self, table: str, object_id: str) -> dict[str, Any] | None:
        """The row of ``table`` whose id is ``object_id``, as column -> value (None when there is none)."""
        cur = self.execute(f"SELECT * FROM {table} WHERE id = {self.placeholder}", (object_id,))
        row = cur.fetchone()
        return None if row is None else {d[0]: v for d, v in zip(cur.description, row)}

    def columns(self, table: str) -> list[str]:
        """The columns a live table has (empty when the table is missing); asked once per connection."""
        if table in self._columns:
            return self._columns[table]
        found = self._live_columns(table)
        if found:  # a missing table may be created later on this connection: ask again then
            self._columns[table] = found
        return found

    def _live_columns(self, table: str) -> list[str]:
        if self.dialect == "sqlite":
            return [r[1] for r in self.query(f"PRAGMA table_info({self.quote(table)})")]
        schema = "current_schema()" if self.dialect == "postgresql" else "DATABASE()"
        return [r[0] for r in self.query(
            f"SELECT column_name FROM information_schema.columns WHERE table_schema = {schema} "
            f"AND table_name = {self.placeholder} ORDER BY ordinal_position", (table,))]

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.close()


def connect_fix(url: DatabaseURL, exc: BaseException) -> str:
    """The next step after a failed connection, as "; ..." to follow the driver's words (empty when they are all
    we know): the commands that create a missing database or login, or where to look for a server not there."""
    import re

    text = str(exc)
    code = exc.args[0] if exc.args and isinstance(exc.args[0], int) else None  # PyMySQL: (errno, message)
    name, user = url.database or "asterisk", url.username or "asterisk"
    where = f"{url.host or 'localhost'}:{url.port or (5432 if url.dialect == 'postgresql' else 3306)}"
    then = f"; then: asterisk-ara --database-url {url.masked()} db upgrade"
    if url.dialect == "postgresql":
        if re.search(r'database "[^"]*" does not exist', text):
            return (f"; create it (as the postgres superuser): createdb -h {url.host or 'localhost'} -U postgres "
                    f"-O {user} {name}" + then)
        if re.search(r'role "[^"]*" does not exist', text):
            return (f"; create the login (as the postgres superuser): createuser -h {url.host or 'localhost'} "
                    f"-U postgres --pwprompt {user}")
        if "password authentication failed" in text or "no password supplied" in text:
            return "; check the user and password in the URL (and the server's pg_hba.conf)"
    elif url.dialect == "mysql":
        if code == 1049:
            grant = "" if user == "root" else f"; GRANT ALL ON \\`{name}\\`.* TO '{user}'@'%'"
            return (f"; create it (as root): mariadb -e \"CREATE DATABASE \\`{name}\\` CHARACTER SET utf8mb4"
                    f"{grant}\"" + then)
        if code in (1045, 1698):
            return (f"; check the user and password in the URL, and that {user} may log in from this host "
                    "(CREATE USER and GRANT on the server)")
    if "Connection refused" in text or code == 2003:
        return f"; is the server running and listening on {where}?"
    return ""


def first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def connect(url: DatabaseURL, local_infile: bool = False) -> Database:
    """Open a connection; failures are one line naming the masked URL.

    ``local_infile`` (MariaDB/MySQL): let this connection send files for LOAD DATA LOCAL INFILE. Only the
    bulk import asks for it; a server could otherwise request any file the client can read.
    """
    try:
        if url.dialect == "postgresql":
            import psycopg as module

            from .liveness import postgresql_connect

            params = {"user": url.username, "password": url.password, "host": url.socket_dir or url.libpq_host,
                      "port": url.libpq_port, "dbname": url.database}
            extra = {k: v for k, v in url.query_dict.items() if k != "host"}
            conn = postgresql_connect({**{k: v for k, v in params.items() if v is not None}, **extra})
        elif url.dialect == "mysql":
            import pymysql as module

            from .liveness import mysql_connect

            conn = mysql_connect(user=url.username or "root", password=url.password or "",
                                  host=url.host or "localhost", port=url.port or 3306, database=url.database,
                                  unix_socket=url.query_dict.get("unix_socket"), charset="utf8mb4",
                                  autocommit=False, local_infile=local_infile)
        else:
            import sqlite3 as module

            if not url.database:
                raise DatabaseError("an in-memory SQLite database cannot hold a realtime schema; use sqlite:///FILE")
            if not os.path.exists(url.database):
                # sqlite3 would create an empty file, which only hides the mistake (wrong directory or URL).
                raise DatabaseError(f"{url.masked()}: no such database file; create it with: "
                                    f"asterisk-ara --database-url {url.masked()} db upgrade")
            # check_same_thread off: an import's writer thread uses the connection while the main thread
            # validates (never both at once; csvio.pipeline hands it over).
            conn = module.connect(url.database, isolation_level=None, timeout=30, check_same_thread=False)
            conn.execute("PRAGMA foreign_keys = ON")
    except ImportError as exc:
        raise DatabaseError(f"the {url.dialect} driver is not installed ({exc}); install it with: "
                            f"pip install {DRIVER_PACKAGES.get(url.dialect, url.dialect)}") from None
    except (DatabaseError, UsageError):
        raise
    except Exception as exc:  # each driver has its own error tree; all of them mean "could not connect"
        raise DatabaseError(f"cannot connect to {url.masked()}: {first_line(exc)}{connect_fix(url, exc)}") from None
    db = Database(url, conn, module)
    db.local_infile = local_infile and url.dialect == "mysql"
    return db


@contextlib.contextmanager
def open_database(target: "DatabaseURL | Database", local_infile: bool = False) -> Iterator[Database]:
    """A connection for one operation; a driver error (even outside a transaction) becomes one line.

    From a URL: a new connection, closed at the end. A Database we were handed (``asterisk_ara.connect``)
    stays open, and the operation runs in a transaction of its own, or a savepoint of the one in progress.
    """
    if isinstance(target, Database):
        try:
            with target.transaction():
                yield target
        except target.module.Error as exc:
            raise _driver_error(target.url, exc) from None
        return
    db = connect(target, local_infile)
    try:
        yield db
    except db.module.Error as exc:
        raise _driver_error(target, exc) from None
    finally:
        db.close()


def _driver_error(url: DatabaseURL, exc: BaseException) -> DatabaseError:
    hint = ""
    if _missing_table(exc):
        hint = f"; is the schema there? Create it with: asterisk-ara --database-url {url.masked()} db upgrade"
    return DatabaseError(f"database error on {url.masked()}: {first_line(exc)}{hint}")


def borrow(connection: Any) -> Database:
    """Wrap a connection the caller already has: a SQLAlchemy Connection or Session, or a psycopg 3,
    PyMySQL or sqlite3 connection. We never commit, roll back or close it."""
    kind = type(connection).__module__.split(".")[0]
    if kind == "sqlalchemy":
        if hasattr(connection, "get_bind"):  # a Session: its connection, in its transaction
            connection = connection.connection()
        elif not connection.in_transaction():
            connection.begin()  # so that the caller's commit() commits what we write
        connection = connection.connection.dbapi_connection
        kind = type(connection).__module__.split(".")[0]
    if kind == "psycopg":
        import psycopg as module

        info = connection.info
        url = DatabaseURL("postgresql", "psycopg", username=info.user, host=info.host, port=info.port,
                          database=info.dbname)
    elif kind == "pymysql":
        import pymysql as module

        db_name = connection.db.decode() if isinstance(connection.db, bytes) else connection.db
        url = DatabaseURL("mysql", "pymysql", username=connection.user.decode() if isinstance(connection.user, bytes)
                          else connection.user, host=connection.host, port=connection.port, database=db_name)
    elif kind in ("sqlite3", "_sqlite3"):
        import sqlite3 as module

        path = next((r[2] for r in connection.execute("PRAGMA database_list") if r[1] == "main"), "")
        url = DatabaseURL("sqlite", "pysqlite", database=path)
    else:
        from .errors import UsageError

        raise UsageError(f"connection: a {type(connection).__module__}.{type(connection).__name__} is not one we "
                         "can use; give a URL, a SQLAlchemy Connection or Session, or a psycopg 3, PyMySQL or "
                         "sqlite3 connection")
    return Database(url, connection, module, owned=False)


def _missing_table(exc: BaseException) -> bool:
    if getattr(exc, "sqlstate", None) == "42P01":  # PostgreSQL undefined_table
        return True
    args = getattr(exc, "args", ())
    if args and args[0] == 1146:  # MySQL/MariaDB ER_NO_SUCH_TABLE
        return True
    return str(exc).startswith("no such table")  # SQLite
