"""Validate chunk k+1 while a writer thread loads chunk k: what the PostgreSQL, MariaDB and SQLite loaders share.

Every CHUNK_ROWS validated rows become one text per table: CSV by default (Python's C csv writer: None is an
empty field, read back as NULL, as validated values are never empty strings), JSON for SQLite. A writer
thread, which owns the connection until ``complete()``, hands each chunk to ``load_chunk`` of the database's
loader, so the database works while Python validates and the total is close to the larger of the two
instead of their sum. All of it runs in the import's one transaction; any error stops loading and
everything rolls back.
"""
from __future__ import annotations

import csv
import io
import queue
import sys
import threading
from typing import Any

from ..dbapi import Database
from ..errors import ValidationError
from .header import Plan
from .ids import IdIndex


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


class Pipeline:
    """The chunking, the writer thread and its error hand-over; subclasses say how a chunk is loaded."""

    CHUNK_ROWS = 10_000
    SWITCH_INTERVAL = 0.0005  # seconds; see __init__
    THREAD_NAME = "asterisk-ara-load"

    def __init__(self, db: Database, plan: Plan, mode: str):
        self.db, self.plan, self.mode = db, plan, mode
        self.ids = IdIndex(fold=db.dialect == "mysql")  # MariaDB/MySQL compare ids without regard to case
        self.start_encoding()
        self.pending = 0
        self.error: BaseException | None = None
        self.inserted = self.updated = 0
        self._queue: queue.Queue = queue.Queue(maxsize=1)  # one chunk waiting, one loading: bounded memory
        self._thread = threading.Thread(target=self._load, name=self.THREAD_NAME, daemon=True)
        # The writer needs the GIL back each time the socket can take more data; at the default 5 ms
        # switch interval it waits behind the busy validating thread so long that loading and
        # validation barely overlap (PostgreSQL, 1M users: 15 s instead of 9.5 s). Given back in _stop().
        short_switch_interval.take(self.SWITCH_INTERVAL)
        self._holds_interval = True
        self._thread.start()

    # A chunk is one text per table: CSV unless the loader overrides these three (add runs once per row:
    # it is kept to the fewest calls).
    def start_encoding(self) -> None:
        self.buffers = {t: io.StringIO() for t in self.plan.tables}
        # (table, its writer's writerow, its columns): looked up once here instead of three times per row
        encoders = [(t, csv.writer(b, lineterminator="\n").writerow, self.plan.columns[t])
                    for t, b in self.buffers.items()]
        self.encoders = [e for e in encoders if e[0] not in self.plan.optional]
        self.optional_encoders = [e for e in encoders if e[0] in self.plan.optional]

    def add(self, rows: dict[str, dict[str, Any]]) -> None:
        for table, writerow, columns in self.encoders:
            writerow(map(rows[table].get, columns))
        for table, writerow, columns in self.optional_encoders:
            row = rows.get(table)
            if row is not None:
                writerow(map(row.get, columns))
        self.row_added()

    def take_chunk(self) -> dict[str, str]:
        """The texts of the rows encoded since the last call; the buffers start empty again."""
        chunk = {t: b.getvalue() for t, b in self.buffers.items()}
        for b in self.buffers.values():
            b.seek(0)
            b.truncate()
        return chunk

    def row_added(self) -> None:
        self.pending += 1
        if self.pending >= self.CHUNK_ROWS:
            self._flush()

    def _flush(self) -> None:
        chunk = self.take_chunk()
        if self.error is None and self.pending:
            self._queue.put((chunk, self.pending))
        self.pending = 0

    def _load(self) -> None:
        while (item := self._queue.get()) is not None:
            if self.error is not None:
                continue  # drain: the transaction is lost anyway
            try:
                self.load_chunk(*item)
            except BaseException as exc:  # handed to the main thread in complete()
                self.error = exc

    def load_chunk(self, chunk: dict[str, str], rows: int) -> None:
        raise NotImplementedError

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
