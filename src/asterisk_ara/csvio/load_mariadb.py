"""MariaDB/MySQL: chunks of validated rows loaded by LOAD DATA LOCAL INFILE in the pipeline's writer thread while
the next chunk is validated, straight into the tables (insert) or into staging tables and merged (upsert).
Used when the server allows local files; otherwise load_batched's INSERTs do the work."""
from __future__ import annotations

import csv
import io
import os
import re
import tempfile

from ..ami.hook import changes_of
from ..dbapi import Database
from .header import Plan, column_list
from .pipeline import Pipeline
from .report import Conflict


def server_loads_local_files(db: Database) -> bool:
    """LOAD DATA LOCAL INFILE needs our connection's consent and the server's local_infile=ON."""
    return db.dialect == "mysql" and db.local_infile and bool(db.query("SELECT @@GLOBAL.local_infile")[0][0])


def load_data_sql(db: Database, table: str, cols: list[str]) -> str:
    """The file is CSV as Python's C writer renders it (quoted when needed, quotes doubled, no backslash
    escapes); None is an empty field, read back as NULL through NULLIF (validated values are never empty)."""
    variables = ", ".join(f"@v{i}" for i in range(len(cols)))
    assign = ", ".join(f"{db.quote(c)} = NULLIF(@v{i}, '')" for i, c in enumerate(cols))
    return (f"LOAD DATA LOCAL INFILE {db.placeholder} INTO TABLE {table} CHARACTER SET utf8mb4 "
            "FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' ESCAPED BY '' LINES TERMINATED BY '\\n' "
            f"({variables}) SET {assign}")


_NULL_WORD = re.compile("null", re.IGNORECASE)


def load_data_text(text: str) -> str:
    """The chunk as sent. LOAD DATA reads an unquoted word NULL as NULL: a chunk holding that word, in any
    case, is written again with every field quoted (an empty field stays empty, NULL after NULLIF)."""
    if not _NULL_WORD.search(text):
        return text
    quoted = io.StringIO()
    csv.writer(quoted, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(csv.reader(io.StringIO(text)))
    return quoted.getvalue()


class LoadDataPipeline(Pipeline):
    """The server parses chunk k while Python validates chunk k+1."""

    THREAD_NAME = "asterisk-ara-load-data"

    def __init__(self, db: Database, plan: Plan, mode: str):
        self.targets = {t: STAGE_PREFIX + t if mode == "upsert" else t for t in plan.tables}
        self.engine = staging_engine(db) if mode == "upsert" else ""
        self.sql = {t: load_data_sql(db, self.targets[t], plan.columns[t]) for t in plan.tables}
        self.folder = tempfile.TemporaryDirectory(prefix="asterisk-ara-load-")
        super().__init__(db, plan, mode)

    def load_chunk(self, chunk: dict[str, str], rows: int) -> None:
        if self.mode == "upsert":
            create_staging_tables(self.db, self.targets, self.engine)
        for table in self.plan.tables:
            # PyMySQL reads LOCAL INFILE data from a named file: one per table, rewritten per chunk.
            path = os.path.join(self.folder.name, f"{table}.csv")
            with open(path, "w", encoding="utf-8", newline="") as out:
                out.write(load_data_text(chunk[table]))
            loaded = self.db.execute(self.sql[table], (path,)).rowcount
            expected = rows if table not in self.plan.optional else chunk[table].count("\n")
            if loaded != expected:
                # LOCAL turns duplicate keys into skipped rows: an id already stored (perhaps taken by another
                # writer after validation began); the importer finds which and reports them by line.
                raise Conflict()
        if self.mode == "upsert":
            inserted, updated = mariadb_merge(self.db, self.plan, self.targets)
            self.inserted += inserted
            self.updated += updated
        else:
            self.inserted += rows

    def close(self) -> None:
        super().close()
        self.folder.cleanup()


STAGE_PREFIX = "asterisk_ara_stage_"


def can_stage(db: Database) -> bool:
    """Whether this account may create the staging tables an upsert loads into (the CREATE TEMPORARY TABLES
    privilege, which a least-privilege account may lack: then the import uses load_batched instead)."""
    probe = STAGE_PREFIX + "probe"
    try:
        db.execute(f"CREATE TEMPORARY TABLE {probe} (id INT)")
    except db.module.Error:
        return False
    db.execute(f"DROP TEMPORARY TABLE {probe}")
    return True


def create_staging_tables(db: Database, stages: dict[str, str], engine: str) -> None:
    """Session-private, empty copies of the client tables' columns, made anew for each chunk.

    Without the tables' indexes a chunk loads in about half the time (the merge looks rows up through the
    real tables' indexes), and in Aria, MariaDB's crash-safe MyISAM, faster still: scratch rows need no undo.
    A new table per chunk because emptying one row by row costs as much as loading it, and TRUNCATE would
    commit the import's transaction (CREATE and DROP TEMPORARY do not)."""
    for table, stage in stages.items():
        db.execute(f"CREATE TEMPORARY TABLE {stage} ENGINE={engine} AS SELECT * FROM {table} WHERE FALSE")


def staging_engine(db: Database) -> str:
    """Aria where there is one (MariaDB); MySQL has MyISAM. PyMySQL has the server's version from the handshake."""
    return "Aria" if "mariadb" in db.conn.get_server_info().lower() else "MyISAM"


def mariadb_merge(db: Database, plan: Plan, stages: dict[str, str]) -> tuple[int, int]:
    """Merge the staged chunk: insert new rows, update changed ones, leave the rest untouched.

    Returns (clients inserted, clients updated), counted as load_batched.batched_upsert counts them; the
    staging tables are dropped. Ids match as the tables' collation matches them (without regard to case: an
    existing row keeps its stored spelling); values are compared byte for byte, so a change of case in a
    context is a change.
    """
    new: set[str] = set()
    changed: set[str] = set()
    for table in plan.tables:
        cols = plan.columns[table]
        others = [db.quote(c) for c in cols if c != "id"]
        differs = " OR ".join(f"NOT (BINARY t.{c} <=> BINARY s.{c})" for c in others) or "FALSE"
        todo, updated = [], []
        for client_id, is_new, stored_id in db.query(
                f"SELECT s.id, t.id IS NULL, t.id FROM {stages[table]} s LEFT JOIN {table} t "
                f"ON t.id = s.id WHERE t.id IS NULL OR {differs}"):
            (new if is_new else changed).add(client_id)
            todo.append(client_id)
            if not is_new:
                updated.append(stored_id)  # Asterisk caches an object under the id as stored
        if updated:
            changes_of(db).objects(table, updated)
        if todo:
            collist = column_list(db, cols)
            update = ", ".join(f"{c} = VALUES({c})" for c in others) or "id = id"
            db.execute(f"INSERT INTO {table} ({collist}) SELECT {collist} FROM {stages[table]} "
                       f"WHERE id IN ({db.placeholders(len(todo))}) ON DUPLICATE KEY UPDATE {update}", todo)
        db.execute(f"DROP TEMPORARY TABLE {stages[table]}")
    return len(new), len(changed - new)
