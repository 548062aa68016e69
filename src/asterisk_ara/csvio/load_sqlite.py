"""SQLite, insert mode: each chunk of validated rows handed to SQLite as one JSON array per table and inserted by
one ``INSERT ... SELECT ... FROM json_each(?)`` in the pipeline's writer thread while the next chunk is validated.

Why JSON: sqlite3 binds ``executemany`` parameters row by row holding the GIL, so a writer thread using it
only takes turns with validation. One statement per chunk runs entirely inside SQLite, which the sqlite3
module calls with the GIL released: SQLite inserts chunk k on one core while Python validates chunk k+1 on
the other. Needs SQLite 3.38 (``->>``); older libraries use load_batched's executemany.
"""
from __future__ import annotations

import json
from typing import Any

from ..dbapi import Database
from .header import Plan, column_list
from .pipeline import Pipeline


def sqlite_loads_json(db: Database) -> bool:
    """SQLite 3.38 or later with its JSON functions (they can be left out when SQLite is built)."""
    if db.dialect != "sqlite" or db.module.sqlite_version_info < (3, 38, 0):
        return False
    try:
        return db.query("SELECT '[7]' ->> 0")[0][0] == 7
    except db.module.OperationalError:
        return False


def insert_from_json_sql(db: Database, table: str, cols: list[str]) -> str:
    """``value ->> i`` gives SQLite the i-th value with its JSON type: text, integer or NULL, as binding would."""
    values = ", ".join(f"value ->> {i}" for i in range(len(cols)))
    return f"INSERT INTO {table} ({column_list(db, cols)}) SELECT {values} FROM json_each(?)"


class JsonPipeline(Pipeline):
    """SQLite inserts chunk k while Python validates chunk k+1."""

    THREAD_NAME = "asterisk-ara-sqlite"

    def __init__(self, db: Database, plan: Plan, mode: str):
        assert mode == "insert", "upsert compares with stored rows: load_batched.batched_upsert"
        self.sql = {t: insert_from_json_sql(db, t, plan.columns[t]) for t in plan.tables}
        super().__init__(db, plan, mode)

    def start_encoding(self) -> None:
        self.lists: dict[str, list[list[Any]]] = {t: [] for t in self.plan.tables}

    def add(self, rows: dict[str, dict[str, Any]]) -> None:
        columns = self.plan.columns
        for table in self.plan.tables:
            row = rows.get(table)
            if row is not None:  # only an optional table's row may be missing (see Plan.optional)
                self.lists[table].append(list(map(row.get, columns[table])))
        self.row_added()

    def take_chunk(self) -> dict[str, str]:
        chunk = {t: json.dumps(rows, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
                 for t, rows in self.lists.items()}
        for rows in self.lists.values():
            rows.clear()
        return chunk

    def load_chunk(self, chunk: dict[str, str], rows: int) -> None:
        for table in self.plan.tables:
            self.db.execute(self.sql[table], (chunk[table],))
        self.inserted += rows
