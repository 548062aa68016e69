"""PostgreSQL: COPY the bytes the encoding worker (``encode_worker``) sends, while it validates the next chunk."""
from __future__ import annotations

from collections.abc import Callable
from typing import IO
from ..dbapi import Database
from ..provisioning import (
    CLIENT_TABLES, WebrtcSettings, require_columns,
)
from .header import column_list
from .ids import IdIndex


COPY_OPTIONS = "WITH (FORMAT csv)"  # what encode_worker.CopyEncoder renders


class PgCopyLoad:
    """PostgreSQL: the encoding worker validates the file, this process streams its bytes into COPY.

    Each chunk the worker sends is three ready COPY buffers: this side COPYs each into its table
    (insert mode) or into a staging table merged with ``INSERT ... ON CONFLICT`` (upsert mode), with
    no Python per row. Meanwhile the worker validates the next chunk on the other core, so the total
    is close to the larger of the two instead of their sum. All of it runs in the import's one
    transaction. After a bad line the worker sends no more rows (it still reports every bad line);
    after a failed COPY this side loads nothing more but still waits for the whole file's errors,
    which come first. ``close()`` always ends and reaps the worker.
    """

    def __init__(self, db: Database, source_fd: int, source: str, settings: WebrtcSettings, mode: str,
                 require_password: bool, passwords_out: IO[str] | None,
                 progress: Callable[[int, int], None] | None):
        from .encode_worker import EncodeWorker

        self.db, self.mode, self.passwords_out, self.progress = db, mode, passwords_out, progress
        self.error: BaseException | None = None
        self.finished = False  # the worker has reported the whole file
        self.rows = self.generated = self.inserted = self.updated = 0
        self.statements: dict[str, str] = {}
        self.worker = EncodeWorker(source_fd, {
            "source": source, "settings": settings, "mode": mode, "url": db.url,
            "require_password": require_password, "passwords": passwords_out is not None,
            "progress": progress is not None,
            # The id index's tuning as this process has it (tests shrink it to reach the on-disk index).
            "id_index": {name: getattr(IdIndex, name) for name in IdIndex.TUNING}})

    def run(self) -> tuple["PgCopyLoad", list[str], int]:
        """Load the file as the worker validates it; returns (self, error lines, error count) like validate_rows."""
        while True:
            kind, *body = self.worker.receive()
            if kind == "chunk":
                self._load(*body)
            elif kind == "progress":
                self.progress(*body)  # type: ignore[misc]
            elif kind == "plan":
                self._prepare(body[0])
            elif kind == "done":
                self.rows, self.generated, errors, count, passwords = body
                self.finished = True
                self._write_passwords(passwords)
                return self, errors, count
            else:  # "failed": the file could not be read through
                raise body[0]

    def _prepare(self, columns: dict[str, tuple[str, ...]]) -> None:
        require_columns(self.db, columns)  # before the first byte is sent
        self.columns = columns
        targets = pg_staging_tables(self.db) if self.mode == "upsert" else {t: t for t in CLIENT_TABLES}
        self.targets = targets
        self.statements = {t: f"COPY {targets[t]} ({column_list(self.db, columns[t])}) FROM STDIN {COPY_OPTIONS}"
                           for t in CLIENT_TABLES}

    def _load(self, buffers: tuple[bytes, ...], passwords: str) -> None:
        self._write_passwords(passwords)
        if self.error is not None:
            return  # the transaction is lost; the worker's report of the whole file is still to come
        try:
            cursor = self.db.conn.cursor()
            for table, data in zip(CLIENT_TABLES, buffers):
                with cursor.copy(self.statements[table]) as copy:
                    copy.write(data)
            if self.mode == "upsert":
                inserted, updated = pg_merge(self.db, self.columns, self.targets)
                self.inserted += inserted
                self.updated += updated
        except Exception as exc:  # raised by complete(), unless the file has bad lines to report first
            self.error = exc

    def _write_passwords(self, text: str) -> None:
        if text and self.passwords_out is not None:
            self.passwords_out.write(text)

    def complete(self) -> None:
        """Every chunk is loaded by the time the worker is done; re-raises a failed COPY's error."""
        if self.error is not None:
            raise self.error

    def taken(self) -> dict[str, int]:
        """After a conflict: the file's ids that exist now, with their lines (the worker holds the id index)."""
        kind, *body = self.worker.ask("taken")
        if kind != "taken":
            raise body[0]
        return body[0]

    def close(self) -> None:
        # A worker that is done exits once told (closing its temporary id index); one still reading
        # the file is killed: the import failed or was interrupted.
        self.worker.close(kill=not self.finished)


def pg_staging_tables(db: Database) -> dict[str, str]:
    stages = {}
    for table in CLIENT_TABLES:
        stages[table] = f"asterisk_ara_stage_{table}"
        db.execute(f"CREATE TEMPORARY TABLE {stages[table]} (LIKE {table}) ON COMMIT DROP")
    return stages


def pg_merge(db: Database, columns: dict[str, tuple[str, ...]], stages: dict[str, str]) -> tuple[int, int]:
    """Merge the staged chunk: insert new rows, update changed ones, leave the rest untouched.

    Returns (clients inserted, clients updated); the staging tables are emptied for the next chunk.
    """
    ctes, selects = [], []
    for n, table in enumerate(CLIENT_TABLES):
        cols = columns[table]
        collist = column_list(db, cols)
        sets = ", ".join(f"{db.quote(c)} = EXCLUDED.{db.quote(c)}" for c in cols if c != "id")
        changed = " OR ".join(f"{table}.{db.quote(c)} IS DISTINCT FROM EXCLUDED.{db.quote(c)}" for c in cols if c != "id")
        ctes.append(f"w{n} AS (INSERT INTO {table} ({collist}) SELECT {collist} FROM {stages[table]} "
                    f"ON CONFLICT (id) DO UPDATE SET {sets} WHERE {changed} RETURNING id, (xmax = 0) AS inserted)")
        selects.append(f"SELECT id, inserted FROM w{n}")
    sql = (f"WITH {', '.join(ctes)}, touched AS ({' UNION ALL '.join(selects)}) "
           "SELECT COUNT(DISTINCT id) FILTER (WHERE inserted), COUNT(DISTINCT id) FILTER (WHERE NOT inserted) FROM touched")
    inserted, updated = db.query(sql)[0]
    db.execute(f"TRUNCATE {', '.join(stages.values())}")
    return inserted, updated
