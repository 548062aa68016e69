"""The duplicate-id index: every id of the file, in memory up to a limit, then in a temporary SQLite file;
and the file's ids that the database already holds."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from ..dbapi import Database
from ..provisioning import (
    CLIENT_TABLES,
)
from .report import ImportErrors, MAX_REPORTED, temp_space_error


class IdIndex:
    """The file's ids and the line of each, for duplicate detection in bounded memory.

    The first IN_MEMORY ids are kept in a dict (about 12 MB). Past that, they all move to a private
    temporary SQLite database on disk, which SQLite deletes when it is closed, and each later batch
    of BATCH ids is checked against it at once. So a file of any size needs the same few MB, and
    files of up to IN_MEMORY users pay nothing for it. On disk a repeated id is found when its
    batch is checked rather than at once; the import fails either way, and errors are listed by line.
    """

    IN_MEMORY = 100_000
    BATCH = 10_000
    _PARAMS = 500  # ids per IN (...) query: well under any SQLite's variable limit
    CACHE_KIB = 8000  # SQLite's page cache; the rest of the index lives in its temporary file

    def __init__(self, fold: bool = False) -> None:
        #: MariaDB/MySQL compare ids without regard to case (the tables' collation): so does the index there.
        self.fold = fold
        self.recent: dict[str, int] = {}  # the validating loop adds to this dict itself: see limit
        self.limit = self.IN_MEMORY       # flush() is due when len(recent) reaches this
        self.count = 0
        self._disk: Any = None

    def flush(self) -> list[tuple[int, str, int]]:
        """Move ``recent`` to disk; returns (line, id, earlier line) of each id seen before."""
        import sqlite3

        try:
            return self._flush()
        except sqlite3.OperationalError as exc:  # full disk, file size limit, no writable temp dir
            raise temp_space_error(str(exc)) from None

    def _flush(self) -> list[tuple[int, str, int]]:
        if self._disk is None:
            import sqlite3

            self._disk = sqlite3.connect("", isolation_level=None)
            for pragma in ("journal_mode = OFF", "synchronous = OFF", f"cache_size = -{int(self.CACHE_KIB)}"):
                self._disk.execute(f"PRAGMA {pragma}")
            self._disk.execute("CREATE TABLE seen (id TEXT PRIMARY KEY, line INTEGER NOT NULL) WITHOUT ROWID")
            self._disk.execute("BEGIN")  # never committed: without it every row is a transaction (4x slower)
            self.limit = self.BATCH
        recent, repeats = self.recent, []
        before = self._disk.total_changes
        self._disk.executemany("INSERT OR IGNORE INTO seen VALUES (?, ?)", recent.items())
        self.count += self._disk.total_changes - before
        if self._disk.total_changes - before != len(recent):
            for client_id, line in self._stored(list(recent)):
                if line != recent[client_id]:
                    repeats.append((recent[client_id], client_id, line))
        recent.clear()
        return repeats

    def finish(self) -> list[tuple[int, str, int]]:
        if self._disk is None:
            self.count = len(self.recent)
            return []
        return self.flush()

    def _stored(self, ids: list[str]) -> Iterator[tuple[str, int]]:
        for start in range(0, len(ids), self._PARAMS):
            part = ids[start:start + self._PARAMS]
            yield from self._disk.execute(f"SELECT id, line FROM seen WHERE id IN ({', '.join('?' * len(part))})", part)

    def __len__(self) -> int:
        return self.count

    def lines(self, ids: list[str]) -> dict[str, int]:
        """The line of each of ``ids`` that is in the file."""
        if self.fold:
            folded = {i.lower(): i for i in ids}
            return {folded[k]: line for k, line in self.lines_exact(list(folded)).items()}
        return self.lines_exact(ids)

    def lines_exact(self, ids: list[str]) -> dict[str, int]:
        if self._disk is None:
            return {i: self.recent[i] for i in ids if i in self.recent}
        return dict(self._stored(ids))

    def chunks(self, size: int) -> Iterator[list[str]]:
        """All ids, ``size`` at a time."""
        if self._disk is None:
            keys = list(self.recent)
            for start in range(0, len(keys), size):
                yield keys[start:start + size]
            return
        cur = self._disk.execute("SELECT id FROM seen")
        while chunk := cur.fetchmany(size):
            yield [r[0] for r in chunk]

    def close(self) -> None:
        if self._disk is not None:
            self._disk.close()
            self._disk = None


STREAM_TABLE_OVER = 50_000  # file ids; past this, reading the table's ids costs less than querying the file's


def existing_ids_of(db: Database, table: str, ids: IdIndex) -> list[str]:
    """Which of ``ids`` exist in ``table`` (the table streamed when the file is large, else queried in chunks)."""
    found = []
    if len(ids) > STREAM_TABLE_OVER:
        cur = db.execute(f"SELECT id FROM {table}")
        while chunk := cur.fetchmany(10_000):
            found += ids.lines([r[0] for r in chunk])
        return found
    for part in ids.chunks(1000):
        # An id holding NUL failed validation and cannot be stored (PostgreSQL refuses even to compare it).
        part = [i for i in part if "\x00" not in i]
        if not part:
            continue
        found += [r[0] for r in db.query(f"SELECT id FROM {table} WHERE id IN ({db.placeholders(len(part))})", part)]
    return found


def taken_ids(db: Database, ids: IdIndex) -> dict[str, int]:
    """The file's ids that already exist, with their lines, in line order."""
    lines = ids.lines(sorted({i for t in CLIENT_TABLES for i in existing_ids_of(db, t, ids)}))
    return dict(sorted(lines.items(), key=lambda item: item[1]))


def taken_problems(taken: dict[str, int]) -> list[tuple[int, str]]:
    """(line, message) of each id the database holds already (the first MAX_REPORTED)."""
    return [(line, f"id: {i!r} already exists (use --mode upsert to update existing clients)")
            for i, line in list(taken.items())[:MAX_REPORTED]]


def taken_error(source: str, taken: dict[str, int]) -> ImportErrors:
    return ImportErrors.of(source, taken_problems(taken), len(taken))
