"""Real databases for every test: each test gets its own freshly created database.

PostgreSQL and MariaDB are found on their usual local ports (override with
ASTERISK_ARA_TEST_POSTGRES_URL / ASTERISK_ARA_TEST_MYSQL_URL, pointing at a server URL whose
user may create databases). A server that cannot be reached fails the test: it is never skipped.
"""
from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from asterisk_ara.dburl import DatabaseURL, parse

DATA = Path(__file__).parent / "data"
PG_SERVER = os.environ.get("ASTERISK_ARA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
MYSQL_SERVER = os.environ.get("ASTERISK_ARA_TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/mysql")
DIALECTS = ("sqlite", "postgresql", "mysql")


def _pg_admin(server: DatabaseURL):
    import psycopg

    kw = dict(user=server.username, password=server.password, host=server.socket_dir or server.host,
              port=server.port or 5432, dbname=server.database or "postgres", autocommit=True)
    try:
        return psycopg.connect(**{k: v for k, v in kw.items() if v is not None})
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL test server {server.masked()} is not reachable ({exc}); start it "
                    "(see docs/development.md) or set ASTERISK_ARA_TEST_POSTGRES_URL", pytrace=False)


def _no_tls() -> dict:
    """The test servers offer no TLS: PyMySQL versions that prefer it would build a TLS context (about 19 ms of
    CPU, loading the system's CA certificates) for every helper connection."""
    import inspect

    import pymysql

    return {"ssl_disabled": True} if "ssl_disabled" in inspect.signature(pymysql.connect).parameters else {}


def _mysql_admin(server: DatabaseURL, database: str | None = None):
    import pymysql

    try:
        return pymysql.connect(user=server.username or "root", password=server.password or "",
                               host=server.host or "127.0.0.1", port=server.port or 3306, database=database,
                               autocommit=True, client_flag=pymysql.constants.CLIENT.MULTI_STATEMENTS,
                               **_no_tls())
    except pymysql.err.OperationalError as exc:
        pytest.fail(f"MariaDB/MySQL test server {server.masked()} is not reachable ({exc}); start it "
                    "(see docs/development.md) or set ASTERISK_ARA_TEST_MYSQL_URL", pytrace=False)


class TestDatabase:
    """A fresh, empty database on one server, with helpers to run raw SQL against it."""

    def __init__(self, dialect: str, url: str):
        self.dialect = dialect
        self.url = url
        self.parsed = parse(url)

    def connect(self):
        """A DB-API connection in autocommit mode."""
        p = self.parsed
        if self.dialect == "postgresql":
            return _pg_admin(p)
        if self.dialect == "mysql":
            return _mysql_admin(p, p.database)
        import sqlite3

        return sqlite3.connect(p.database, isolation_level=None)

    def execute(self, sql: str, params=()):
        conn = self.connect()
        try:
            cur = conn.cursor()
            if params:
                cur.execute(sql, params)
            else:  # no %-formatting: a literal % (LIKE patterns, MariaDB's '%' host) stays as written
                cur.execute(sql)
            try:
                return cur.fetchall()
            except Exception:
                return None
        finally:
            conn.close()

    def run_script(self, sql: str) -> None:
        conn = self.connect()
        try:
            if self.dialect == "sqlite":
                conn.executescript(sql)
            else:
                cur = conn.cursor()
                cur.execute(sql)
                if self.dialect == "mysql":
                    while cur.nextset():
                        pass
        finally:
            conn.close()

    def count(self, table: str) -> int:
        return self.execute(f"SELECT COUNT(*) FROM {table}")[0][0]

    def tables(self) -> set[str]:
        import sqlalchemy as sa

        from asterisk_ara.schema.engine import create_engine

        engine = create_engine(self.parsed)
        try:
            with engine.connect() as c:
                return set(sa.inspect(c).get_table_names())
        finally:
            engine.dispose()


def _like_prefix(database: str) -> str:
    """LIKE pattern of what `node add` names after ``database`` (its logins, MariaDB's databases of views)."""
    return database.replace("_", "\\_") + "\\_node\\_%"


def _pg_database(name: str, template: str | None = None):
    """A new PostgreSQL database (a copy of ``template`` if given), dropped afterwards."""
    server = parse(PG_SERVER)
    admin = _pg_admin(server)
    admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    try:
        yield TestDatabase("postgresql", server.with_database(name)._render(mask=False))
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        # Logins `node add` made are per server, not per database: named after the database, so they go too.
        for (role,) in admin.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE %s", (_like_prefix(name),)):
            admin.execute(f'DROP ROLE IF EXISTS "{role}"')
        admin.close()


def make_database(dialect: str, tmp_path: Path):
    name = f"ara_test_{uuid.uuid4().hex[:12]}"
    if dialect == "sqlite":
        yield TestDatabase("sqlite", f"sqlite:///{tmp_path / (name + '.db')}")
        return
    if dialect == "postgresql":
        yield from _pg_database(name)
        return
    server = parse(MYSQL_SERVER)
    admin = _mysql_admin(server)
    admin.cursor().execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci")
    try:
        yield TestDatabase("mysql", server.with_database(name)._render(mask=False))
    finally:
        cur = admin.cursor()
        cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
        # What `node add` made beside the database: the nodes' databases of views and their logins.
        pattern = _like_prefix(name)
        cur.execute("SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE %s", (pattern,))
        for (share,) in cur.fetchall():
            cur.execute(f"DROP DATABASE IF EXISTS `{share}`")
        cur.execute("SELECT User, Host FROM mysql.user WHERE User LIKE %s", (pattern,))
        for user, host in cur.fetchall():
            cur.execute(f"DROP USER IF EXISTS '{user}'@'{host}'")
        admin.close()


@pytest.fixture(params=DIALECTS)
def empty_db(request, tmp_path):
    """A fresh empty database, once per dialect."""
    yield from make_database(request.param, tmp_path)


@pytest.fixture
def pg_db(tmp_path):
    yield from make_database("postgresql", tmp_path)


@pytest.fixture
def mysql_db(tmp_path):
    yield from make_database("mysql", tmp_path)


def _version_tables(cur):
    """Alembic's version tables (ours, and ARA's own where adopted): their rows are part of "at head"."""
    cur.execute("SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = DATABASE() "
                "AND table_name LIKE '%%version%%' AND table_type = 'BASE TABLE'")
    return cur.fetchall()


class _Templates:
    """One database per dialect brought to head by ``db upgrade`` once per test process; every test then gets
    its own copy (PostgreSQL: CREATE DATABASE ... TEMPLATE; MariaDB: the same CREATE TABLE statements and
    alembic_version row; SQLite: the file). Same schema, bytes apart, without running Alembic per test."""

    def __init__(self, tmp_path_factory):
        self.tmp = tmp_path_factory
        self.made: dict[str, tuple[TestDatabase, object]] = {}

    def template(self, dialect: str) -> TestDatabase:
        if dialect not in self.made:
            maker = make_database(dialect, self.tmp.mktemp(f"template-{dialect}"))
            database = next(maker)
            run_cli("--database-url", database.url, "db", "upgrade", check=True)
            if dialect == "mysql":
                database.script = self._mysql_script(database)
            self.made[dialect] = (database, maker)
        return self.made[dialect][0]

    @staticmethod
    def _mysql_script(database: TestDatabase) -> str:
        conn = database.connect()
        try:
            cur = conn.cursor()
            cur.execute("SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = DATABASE() "
                        "ORDER BY table_type, table_name")
            statements = ["SET FOREIGN_KEY_CHECKS=0"]
            for name, kind in cur.fetchall():
                cur.execute(f"SHOW CREATE {'VIEW' if kind == 'VIEW' else 'TABLE'} `{name}`")
                statements.append(cur.fetchone()[1])
            for name, kind in list(statements and _version_tables(cur)):
                cur.execute(f"SELECT * FROM `{name}`")
                statements += [f"INSERT INTO `{name}` VALUES ({', '.join(repr(v) for v in row)})"
                               for row in cur.fetchall()]
            return ";\n".join(statements + ["SET FOREIGN_KEY_CHECKS=1"])
        finally:
            conn.close()

    def copy(self, dialect: str, tmp_path: Path):
        template = self.template(dialect)
        if dialect == "sqlite":
            import shutil

            name = tmp_path / f"ara_test_{uuid.uuid4().hex[:12]}.db"
            shutil.copyfile(template.parsed.database, name)
            yield TestDatabase("sqlite", f"sqlite:///{name}")
            return
        if dialect == "postgresql":
            yield from _pg_database(f"ara_test_{uuid.uuid4().hex[:12]}", template.parsed.database)
            return
        for database in make_database("mysql", tmp_path):
            database.run_script(template.script)
            yield database

    def drop(self) -> None:
        for _, maker in self.made.values():
            maker.close()  # runs make_database's cleanup (DROP DATABASE)


@pytest.fixture(scope="session")
def _templates(tmp_path_factory):
    templates = _Templates(tmp_path_factory)
    yield templates
    templates.drop()


@pytest.fixture(params=DIALECTS)
def db(request, tmp_path, _templates):
    """A fresh database at head (its own copy of a migrated one), once per dialect."""
    yield from _templates.copy(request.param, tmp_path)


def refused_before_the_database(argnames: str, cases: list[tuple]):
    """Parametrize a test of input refused before anything reaches the database (its message comes from
    validation, which no dialect changes): the first case on every dialect, so each database's "nothing
    was written" is still seen, and every other case once, on the dialects in turn. A third of the
    fresh databases and command runs of crossing every case with every dialect (the suite's time)."""
    rows = []
    for n, case in enumerate(cases):
        for dialect in DIALECTS if n == 0 else (DIALECTS[n % len(DIALECTS)],):
            rows.append((dialect, *case))
    return pytest.mark.parametrize(f"db, {argnames}", rows, indirect=["db"])


class Result:
    def __init__(self, exit_code: int, stdout: str, stderr: str):
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr

    def __repr__(self):
        return f"<exit {self.exit_code}\nstdout: {self.stdout}\nstderr: {self.stderr}>"


def run_cli(*args: str, input: str | None = None, env: dict | None = None, check: bool = False,
            cwd: str | Path | None = None, separate_process: bool = False) -> Result:
    """Run the real command line, as a user's script would, and return its exit status and output.

    In this process by default: the same ``main`` parses the same argv with the same environment, working
    directory and standard input, and an exception that escapes is printed as Python would print it (so a
    test that says "no traceback" still sees one). What only a process of its own shows (start-up imports,
    signals, a closed pipe, two commands at once, a deadline) needs ``separate_process=True``. In-process,
    the ~0.3-1 s of interpreter and import start-up per call is paid once per test worker instead of once per
    call: most of the suite's CPU time."""
    if separate_process:
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("ASTERISK_ARA_DATABASE")}
        full_env.update(env or {})
        proc = subprocess.run([sys.executable, "-m", "asterisk_ara", *args], input=input, capture_output=True,
                              text=True, env=full_env, cwd=cwd, timeout=300)
        result = Result(proc.returncode, proc.stdout, proc.stderr)
    else:
        result = _run_in_process(args, input, env, cwd)
    if check and result.exit_code != 0:
        raise AssertionError(f"command failed: {args}\n{result!r}")
    return result


def _run_in_process(args, input, env, cwd) -> Result:
    import traceback

    from typer.testing import CliRunner

    from asterisk_ara.cli import app

    # None removes a variable for the run (CliRunner restores the environment afterwards).
    run_env = {k: None for k in os.environ if k.startswith("ASTERISK_ARA_DATABASE")}
    run_env.update(env or {})
    here = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        done = CliRunner().invoke(app, [str(a) for a in args], input=input, env=run_env, catch_exceptions=True,
                                  prog_name="asterisk-ara")
    finally:
        os.chdir(here)
    stderr = done.stderr
    exit_code = done.exit_code
    if done.exception is not None and not isinstance(done.exception, SystemExit):
        stderr += "".join(traceback.format_exception(done.exception))
        exit_code = 1
    return Result(exit_code, done.stdout, stderr)


def raw_connection(db):
    """The caller's own DB-API connection, in its driver's default (transactional) mode."""
    p = db.parsed
    if db.dialect == "postgresql":
        import psycopg

        return psycopg.connect(host=p.host, port=p.port, user=p.username, dbname=p.database)
    if db.dialect == "mysql":
        import pymysql

        return pymysql.connect(host=p.host, port=p.port, user=p.username, password=p.password or "",
                               database=p.database, **_no_tls())
    import sqlite3

    return sqlite3.connect(p.database)
