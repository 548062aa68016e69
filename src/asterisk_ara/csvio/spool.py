"""Validated rows kept on disk until they are written, where no loading pipeline applies (see load_batched)."""
from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from typing import Any
from .header import Plan
from .ids import IdIndex


BATCH_ROWS = 2000  # rows per executemany batch, whatever the column count


class Spool:
    """Validated rows on disk as pickled batches (SQLite upserts, MariaDB/MySQL without local files, dry runs,
    lent connections)."""

    def __init__(self, dialect: str, plan: Plan):
        self.dialect, self.plan = dialect, plan
        self.files = {t: tempfile.TemporaryFile() for t in plan.tables}
        self.batch: dict[str, list[tuple]] = {t: [] for t in plan.tables}
        self.ids = IdIndex(fold=dialect == "mysql")

    def add(self, rows: dict[str, dict[str, Any]]) -> None:
        for table in self.plan.tables:
            row = rows.get(table)
            if row is None:  # only an optional table's row may be missing (see Plan.optional)
                continue
            batch = self.batch[table]
            batch.append(tuple(map(row.get, self.plan.columns[table])))
            if len(batch) >= BATCH_ROWS:
                pickle.dump(batch, self.files[table], protocol=pickle.HIGHEST_PROTOCOL)
                batch.clear()

    def finish(self) -> None:
        for table in self.plan.tables:
            if self.batch[table]:
                pickle.dump(self.batch[table], self.files[table], protocol=pickle.HIGHEST_PROTOCOL)
                self.batch[table] = []
            self.files[table].seek(0)

    def batches(self, table: str) -> Iterator[list[tuple]]:
        f = self.files[table]
        f.seek(0)
        while True:
            try:
                yield pickle.load(f)
            except EOFError:
                return

    def close(self) -> None:
        for f in self.files.values():
            f.close()
        self.ids.close()
