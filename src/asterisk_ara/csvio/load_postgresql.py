"""PostgreSQL: chunks of validated rows loaded by COPY in a writer thread while the next chunk is validated."""
from __future__ import annotations

import csv
import io
import queue
import sys
import threading
from typing import Any
from ..dbapi import Database
from ..errors import ValidationError
from ..provisioning import (
    CLIENT_TABLES,
)
from .header import Plan, column_list
from .ids import IdIndex


# --- COPY, CSV format -----------------------------------------------------------------------
# Python's C csv writer renders COPY's CSV format directly: None becomes an unquoted empty field,
# which COPY reads as NULL (validated values are never empty strings, so nothing is lost).
COPY_OPTIONS = "WITH (FORMAT csv)"


class SwitchInterval:
    """The interpreter's GIL switch interval, shortened while any pipeline loads (it is process-wide,
    so concurrent imports in one process share it and the last one to finish restores it)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._holders = 0
        self._saved = 0.0

    def take(self, interval: float) -> None:
        with self._lock:
            if self._holders == 0:
                self._saved = sys.getswitchinterval()
                sys.setswitchinterval(min(self._saved, interval))
            self._holders += 1

    def give_back(self) -> None:
        with self._lock:
            self._holders -= 1
            if self._holders == 0:
                sys.setswitchinterval(self._saved)


short_switch_interval = SwitchInterval()


class PgPipeline:
    """PostgreSQL: validate chunk k+1 while a writer thread loads chunk k.

    Every CHUNK_ROWS validated rows become three CSV buffers; the writer thread, which owns the
    connection until ``complete()``, COPYs each into its table (insert mode) or into a staging
    table and merges it with ``INSERT ... ON CONFLICT`` (upsert mode). So the server works while
    Python validates, and the total is close to the larger of the two instead of their sum. All of
    it runs in the import's one transaction; any error stops loading and everything rolls back.
    """

    CHUNK_ROWS = 10_000
    SWITCH_INTERVAL = 0.0005  # seconds; see __init__

    def __init__(self, db: Database, plan: Plan, mode: str):
        self.db, self.plan, self.mode = db, plan, mode
        self.ids = IdIndex()
        self.buffers = {t: io.StringIO() for t in CLIENT_TABLES}
        self.writers = {t: csv.writer(b, lineterminator="\n") for t, b in self.buffers.items()}
        self.pending = 0
        self.error: BaseException | None = None
        self.inserted = self.updated = 0
        self.targets = pg_staging_tables(db) if mode == "upsert" else {t: t for t in CLIENT_TABLES}
        self._queue: queue.Queue = queue.Queue(maxsize=1)  # one chunk waiting, one loading: bounded memory
        self._thread = threading.Thread(target=self._load, name="asterisk-ara-copy", daemon=True)
        # The writer needs the GIL back each time the socket can take more data; at the default 5 ms
        # switch interval it waits behind the busy validating thread so long that loading and
        # validation barely overlap (1M users: 15 s instead of 9.5 s). Given back in _stop().
        short_switch_interval.take(self.SWITCH_INTERVAL)
        self._holds_interval = True
        self._thread.start()

    def add(self, rows: dict[str, dict[str, Any]]) -> None:
        columns = self.plan.columns
        for table in CLIENT_TABLES:
            self.writers[table].writerow(map(rows[table].get, columns[table]))
        self.pending += 1
        if self.pending >= self.CHUNK_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self.error is None and self.pending:
            self._queue.put({t: b.getvalue() for t, b in self.buffers.items()})
        for b in self.buffers.values():
            b.seek(0)
            b.truncate()
        self.pending = 0

    def _load(self) -> None:
        while (chunk := self._queue.get()) is not None:
            if self.error is not None:
                continue  # drain: the transaction is lost anyway
            try:
                for table in CLIENT_TABLES:
                    cols = column_list(self.db, self.plan.columns[table])
                    with self.db.conn.cursor().copy(
                            f"COPY {self.targets[table]} ({cols}) FROM STDIN {COPY_OPTIONS}") as copy:
                        copy.write(chunk[table])
                if self.mode == "upsert":
                    inserted, updated = pg_merge(self.db, self.plan, self.targets)
                    self.inserted += inserted
                    self.updated += updated
            except BaseException as exc:  # handed to the main thread in complete()
                self.error = exc

    def complete(self) -> None:
        """Load what is left and wait for the writer; re-raises its error in this thread."""
        self._flush()
        self._stop()
        if self.error is not None:
            raise self.error

    def _stop(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
        if self._holds_interval:
            self._holds_interval = False
            short_switch_interval.give_back()

    def cancel(self) -> None:
        if self.error is None:
            self.error = ValidationError("import aborted")
        self._stop()

    def close(self) -> None:
        self._stop()
        self.ids.close()


def pg_staging_tables(db: Database) -> dict[str, str]:
    stages = {}
    for table in CLIENT_TABLES:
        stages[table] = f"asterisk_ara_stage_{table}"
        db.execute(f"CREATE TEMPORARY TABLE {stages[table]} (LIKE {table}) ON COMMIT DROP")
    return stages


def pg_merge(db: Database, plan: Plan, stages: dict[str, str]) -> tuple[int, int]:
    """Merge the staged chunk: insert new rows, update changed ones, leave the rest untouched.

    Returns (clients inserted, clients updated); the staging tables are emptied for the next chunk.
    """
    ctes, selects = [], []
    for n, table in enumerate(CLIENT_TABLES):
        cols = plan.columns[table]
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
