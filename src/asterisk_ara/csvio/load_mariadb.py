"""MariaDB/MySQL, insert mode: each chunk of validated rows loaded by LOAD DATA LOCAL INFILE in the pipeline's
writer thread while the next chunk is validated (when the server allows local files; else load_batched)."""
from __future__ import annotations

import os
import tempfile

from ..dbapi import Database
from ..provisioning import CLIENT_TABLES
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


class LoadDataPipeline(Pipeline):
    """The server parses chunk k while Python validates chunk k+1."""

    THREAD_NAME = "asterisk-ara-load-data"

    def __init__(self, db: Database, plan, mode: str):
        assert mode == "insert", "upsert compares with stored rows: load_batched.batched_upsert"
        self.sql = {t: load_data_sql(db, t, plan.columns[t]) for t in CLIENT_TABLES}
        self.folder = tempfile.TemporaryDirectory(prefix="asterisk-ara-load-")
        super().__init__(db, plan, mode)

    def load_chunk(self, chunk: dict[str, str], rows: int) -> None:
        for table in CLIENT_TABLES:
            # PyMySQL reads LOCAL INFILE data from a named file: one per table, rewritten per chunk.
            path = os.path.join(self.folder.name, f"{table}.csv")
            with open(path, "w", encoding="utf-8", newline="") as out:
                out.write(chunk[table])
            loaded = self.db.execute(self.sql[table], (path,)).rowcount
            if loaded != rows:
                # LOCAL turns duplicate keys into skipped rows: an id already stored (perhaps taken by another
                # writer after validation began); the importer finds which and reports them by line.
                raise Conflict()
        self.inserted += rows

    def close(self) -> None:
        super().close()
        self.folder.cleanup()
