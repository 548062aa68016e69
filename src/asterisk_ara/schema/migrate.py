"""The ``db`` commands as plain functions: upgrade, downgrade, current, check, offline SQL.

Adopting ARA databases: a database that Asterisk's ast-db-manage brought to ARA head has a
version table (``alembic_version_config`` online, plain ``alembic_version`` from offline SQL)
holding ``2285f2ace275``. ``upgrade`` then records our baseline without touching a table.
An older ARA revision is refused before anything is written.
"""
from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from ..dburl import DatabaseURL
from ..errors import DatabaseError, UsageError
from ..models import ARA_HEAD_REVISION, metadata, own_metadata
from . import describe
from .engine import begin, create_engine

VERSION_TABLE = "asterisk_ara_version"
BASELINE = "0001_ara_head"
ARA_VERSION_TABLES = ("alembic_version_config", "alembic_version")
DIALECTS = ("postgresql", "mysql", "sqlite")


def migrations_dir() -> Path:
    # In a checkout this is a symlink to the top-level migrations/; installed, a copy of it.
    return Path(__file__).resolve().parent.parent / "migrations"


def _config(connection: sa.Connection | None = None, buffer: io.StringIO | None = None, dialect: str | None = None):
    from alembic.config import Config

    cfg = Config(output_buffer=buffer)
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.attributes["connection"] = connection
    cfg.attributes["dialect_name"] = dialect
    return cfg


@dataclass
class Status:
    revision: str | None      # our revision, None when never upgraded
    head: str                 # our head
    ara_revision: str | None  # ARA's revision when the database came from ast-db-manage
    ara_version_table: str | None

    @property
    def adopted(self) -> bool:
        return self.ara_revision is not None


def _read_versions(conn: sa.Connection) -> Status:
    insp = sa.inspect(conn)
    ours = None
    if insp.has_table(VERSION_TABLE):
        ours = conn.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
    ara_rev = ara_table = None
    for table in ARA_VERSION_TABLES:
        if insp.has_table(table):
            ara_rev = conn.execute(sa.text(f"SELECT version_num FROM {table}")).scalar()
            ara_table = table
            break
    return Status(ours, head_revision(), ara_rev, ara_table)


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def _missing_sqlite_file(db: DatabaseURL) -> bool:
    return db.dialect == "sqlite" and bool(db.database) and not os.path.exists(db.database)


def _require_database_file(db: DatabaseURL) -> None:
    # Only `db upgrade` creates a SQLite file: anything else would leave an empty file behind a typo.
    if _missing_sqlite_file(db):
        raise DatabaseError(f"{db.masked()}: no such database file; nothing was created. Create it with: "
                            f"asterisk-ara --database-url {db.masked()} db upgrade")


def current(db: DatabaseURL, missing_ok: bool = False) -> Status:
    """The revisions recorded; ``missing_ok``: a SQLite file that does not exist yet reads as empty."""
    if missing_ok and _missing_sqlite_file(db):
        return Status(None, head_revision(), None, None)
    _require_database_file(db)
    with begin(db) as conn:
        return _read_versions(conn)


def upgrade(db: DatabaseURL, revision: str = "head") -> Status:
    """Bring the database to ``revision``; adopt an ARA-head database without DDL."""
    from alembic import command
    from alembic.util import CommandError

    with begin(db) as conn:
        status = _read_versions(conn)
        if status.revision is None:
            if status.ara_revision is not None:
                if status.ara_revision != ARA_HEAD_REVISION:
                    raise DatabaseError(
                        f"{db.masked()} is at ARA revision {status.ara_revision} (in {status.ara_version_table}), "
                        f"not at ARA head {ARA_HEAD_REVISION}; nothing was changed. Bring it to head with "
                        "Asterisk's own tooling first (contrib/ast-db-manage: alembic -c config.ini upgrade head), "
                        "then run db upgrade again")
                command.stamp(_config(conn), BASELINE)
            else:
                insp = sa.inspect(conn)
                existing = set(insp.get_table_names()) & set(metadata.tables)
                if existing:
                    raise DatabaseError(
                        f"{db.masked()} already has realtime tables ({', '.join(sorted(existing)[:3])}, ...) but no "
                        "version table of ours or of ARA's; nothing was changed. Use a fresh database, or bring "
                        "this one to ARA head with Asterisk's ast-db-manage so it can be adopted")
                # Every name the first CREATE TABLE will need, views included, is checked before it:
                # MariaDB commits each DDL statement, so a clash found midway would leave tables behind.
                views = (set(insp.get_view_names()) & (set(metadata.tables) | {VERSION_TABLE}))
                if views:
                    raise DatabaseError(
                        f"{db.masked()} has view(s) named {', '.join(sorted(views))}, as tables this tool creates; "
                        "nothing was changed. Rename or drop them, or use a fresh database")
        tables_before = set(sa.inspect(conn).get_table_names())
        from . import ordered

        ordered.drop(conn)  # a view holds its table: a revision that alters one would fail on PostgreSQL
        try:
            command.upgrade(_config(conn), revision)
        except CommandError as exc:
            raise UsageError(f"cannot upgrade to {revision!r}: {exc}") from None
        except sa.exc.DBAPIError:
            if conn.dialect.name == "mysql":
                _drop_created(db, tables_before)
            raise
        ordered.make(conn)  # made again: a view keeps the columns its table had when it was made
        return _read_versions(conn)


def _drop_created(db: DatabaseURL, tables_before: set[str]) -> None:
    """MariaDB/MySQL: DDL is not transactional, so a failed upgrade drops the tables this run created."""
    engine = create_engine(db)
    try:
        with engine.connect() as other:
            created = set(sa.inspect(other).get_table_names()) - tables_before
            if created:
                other.execute(sa.text("SET FOREIGN_KEY_CHECKS = 0"))
                for table in sorted(created):
                    other.execute(sa.text(f"DROP TABLE IF EXISTS `{table}`"))
                other.commit()
    finally:
        engine.dispose()


def _undone(conn: sa.Connection, current: str, revision: str) -> list:
    """The revisions a downgrade from ``current`` to ``revision`` would undo, newest first (none: no change)."""
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    script = ScriptDirectory.from_config(_config(conn))
    try:
        target = None if revision == "base" else script.get_revision(revision)
        if target is not None and target.revision == current:
            return []
        undone = list(script.iterate_revisions(current, target.revision if target else "base"))
    except CommandError as exc:
        raise UsageError(f"cannot downgrade to {revision!r}: {exc}") from None
    return [r for r in undone if target is None or r.revision != target.revision]


def _tables_of(revision, adopted: bool) -> list[str]:
    """The tables a revision's downgrade drops: its module's TABLES (0001: every ARA table, kept when adopted).
    A revision whose downgrade drops columns names them in COLUMNS, (table, column) pairs: a filled one is refused
    without --yes like a filled table."""
    if revision.revision == BASELINE:
        return [] if adopted else sorted(metadata.tables)
    return list(getattr(revision.module, "TABLES", ()))


def downgrade(db: DatabaseURL, revision: str, yes: bool = False) -> Status:
    """Go back to ``revision``; only on a database this tool manages.

    Refused, before anything changes, when a table the downgrade would drop holds rows (unless ``yes``), and
    always when a node's schema or database holds an object this tool did not make (a downgrade drops only
    what it made). A revision at or above the current one changes nothing, the indexes of `db tune` included."""
    from alembic import command
    from alembic.util import CommandError

    _require_database_file(db)
    with begin(db) as conn:
        status = _read_versions(conn)
        if status.revision is None:
            raise UsageError(f"{db.masked()} has no schema version of asterisk-ara ({VERSION_TABLE}): "
                             "it is not managed by this tool, so nothing is dropped; nothing was changed")
        undone = _undone(conn, status.revision, revision)
        if not undone:
            return status
        insp = sa.inspect(conn)
        existing = set(insp.get_table_names())
        dropped = [t for r in undone for t in _tables_of(r, status.adopted) if t in existing]
        from ..nodes.names import NODES

        if NODES in dropped and conn.dialect.name != "sqlite":
            from ..nodes import share

            share.refuse_foreign_objects(conn)
        if not yes:
            filled = [(t, n) for t in dropped if (n := conn.execute(sa.text(f"SELECT COUNT(*) FROM {t}")).scalar())]
            filled += [(f"{t}.{c}", n) for r in undone for t, c in getattr(r.module, "COLUMNS", ()) if t in existing
                       and (n := conn.execute(sa.text(f"SELECT COUNT(*) FROM {t} WHERE {c} IS NOT NULL")).scalar())]
            if filled:
                shown = ", ".join(f"{t} ({n} rows)" for t, n in filled[:3]) + (", ..." if len(filled) > 3 else "")
                raise UsageError(f"downgrade to {revision} would drop tables or columns holding data: {shown}; "
                                 "nothing was changed (add --yes to drop them)")
        from . import ordered
        from .tune import untune

        ordered.drop(conn)  # the ordered views are ours too, and a view holds the table it reads
        untune(conn)  # `db tune`'s indexes are ours, whatever the revision: a downgrade takes them away
        try:
            command.downgrade(_config(conn), revision)
        except CommandError as exc:
            raise UsageError(f"cannot downgrade to {revision!r}: {exc}") from None
        return _read_versions(conn)


@dataclass
class CheckResult:
    problems: list[str]  # differences from ARA head and our own tables: drift
    tuning: list[str]    # indexes `db tune` added and the ordered views: expected, not drift


def check(db: DatabaseURL, operator_tables: tuple[str, ...] = ()) -> CheckResult:
    """Differences between the live schema and the models (ARA's tables and our own); none means they match.
    ``operator_tables``: shell patterns of tables of the operator's own in the same database, left alone."""
    _require_database_file(db)
    with begin(db) as conn:
        status = _read_versions(conn)
        expected = describe.describe_models(metadata, conn.dialect.name)
        expected.update(describe.describe_models(own_metadata, conn.dialect.name))
        actual = describe.describe_live(conn)
        problems = describe.diff(expected, actual, tuple(operator_tables))
        from . import ordered

        lacking = ordered.missing(conn) if status.revision is not None else []
        views = sorted(ordered.present(conn))
    problems += [f"view {name} is missing (Asterisk reads its table through it: conf write's extconfig.conf): "
                 "run `asterisk-ara db tune`" for name in lacking]
    if status.revision is None and status.ara_revision is None:
        problems.insert(0, "no schema version recorded: run `asterisk-ara db upgrade`")
    elif status.revision != status.head:
        problems.insert(0, f"schema at revision {status.revision or 'none'}, not at head {status.head}: "
                           "run `asterisk-ara db upgrade`")
    return CheckResult(problems, describe.tuning(actual) + [f"load: view {name} (ids in descending byte order)"
                                                           for name in views])


def offline_sql(dialect: str) -> str:
    """The DDL of every revision up to head for ``dialect``, as Alembic's offline mode writes it."""
    from alembic import command

    if dialect not in DIALECTS:
        raise UsageError(f"dialect {dialect!r} is not supported (accepted: {', '.join(DIALECTS)})")
    buffer = io.StringIO()
    cfg = _config(buffer=buffer, dialect=dialect)
    cfg.set_main_option("sqlalchemy.url", f"{dialect}://")
    command.upgrade(cfg, "head", sql=True)
    return buffer.getvalue()
