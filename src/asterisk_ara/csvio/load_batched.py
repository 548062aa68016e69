"""MariaDB/MySQL and SQLite: the spooled rows written in one transaction (LOAD DATA LOCAL INFILE where the
server allows it, else batched INSERTs; upsert writes only new and changed rows)."""
from __future__ import annotations

import csv
import tempfile
from ..dbapi import Database
from ..provisioning import (
    CLIENT_TABLES,
)
from .report import Conflict, ImportReport
from .header import column_list
from .spool import Spool


def write_insert(db: Database, spool: Spool) -> None:
    if db.dialect == "mysql" and _server_loads_local_files(db):
        load_data(db, spool)
        return
    for table in CLIENT_TABLES:
        cols = spool.plan.columns[table]
        sql = f"INSERT INTO {table} ({column_list(db, cols)}) VALUES ({db.placeholders(len(cols))})"
        for batch in spool.batches(table):
            db.executemany(sql, batch)


def _server_loads_local_files(db: Database) -> bool:
    """LOAD DATA LOCAL INFILE needs our connection's consent and the server's local_infile=ON."""
    return db.local_infile and bool(db.query("SELECT @@GLOBAL.local_infile")[0][0])


def load_data(db: Database, spool: Spool) -> None:
    """MariaDB/MySQL: each table from a temporary file in one LOAD DATA LOCAL INFILE (inside our transaction).

    The file is CSV as Python's C writer renders it (quoted when needed, quotes doubled, no backslash
    escapes); None becomes an empty field, read back as NULL through NULLIF, as validated values are never
    empty strings.
    """
    for table in CLIENT_TABLES:
        cols = spool.plan.columns[table]
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", suffix=".csv") as out:
            writer = csv.writer(out, lineterminator="\n")
            rows = 0
            for batch in spool.batches(table):
                writer.writerows(batch)
                rows += len(batch)
            out.flush()
            variables = ", ".join(f"@v{i}" for i in range(len(cols)))
            assign = ", ".join(f"{db.quote(c)} = NULLIF(@v{i}, '')" for i, c in enumerate(cols))
            loaded = db.execute(
                f"LOAD DATA LOCAL INFILE {db.placeholder} INTO TABLE {table} CHARACTER SET utf8mb4 "
                "FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' ESCAPED BY '' LINES TERMINATED BY '\\n' "
                f"({variables}) SET {assign}", (out.name,)).rowcount
        if loaded != rows:
            # LOCAL turns duplicate keys into skipped rows: another writer took ids after our check.
            raise Conflict()


def batched_upsert(db: Database, spool: Spool, report: ImportReport) -> None:
    """MariaDB/MySQL and SQLite: compare each batch with what is stored, write only new and changed rows."""
    new_ids: set[str] = set()
    changed_ids: set[str] = set()
    for table in CLIENT_TABLES:
        cols = spool.plan.columns[table]
        collist = column_list(db, cols)
        if db.dialect == "mysql":
            sql = (f"INSERT INTO {table} ({collist}) VALUES ({db.placeholders(len(cols))}) ON DUPLICATE KEY UPDATE "
                   + ", ".join(f"{db.quote(c)} = VALUES({db.quote(c)})" for c in cols if c != "id"))
        else:
            sql = (f"INSERT INTO {table} ({collist}) VALUES ({db.placeholders(len(cols))}) ON CONFLICT (id) DO UPDATE SET "
                   + ", ".join(f"{db.quote(c)} = excluded.{db.quote(c)}" for c in cols if c != "id"))
        for batch in spool.batches(table):
            ids = [r[0] for r in batch]
            # MariaDB/MySQL match ids without regard to case: so must the comparison with what is stored.
            fold = str.lower if db.dialect == "mysql" else str
            stored = {fold(r[0]): tuple(r) for r in db.query(
                f"SELECT {collist} FROM {table} WHERE id IN ({db.placeholders(len(ids))})", ids)}
            todo = []
            for values in batch:
                old = stored.get(fold(values[0]))
                if old is not None and old[0] != values[0]:
                    values = (old[0], *values[1:])  # the stored spelling of the id: it is the same row
                if old is None:
                    new_ids.add(values[0])
                    todo.append(values)
                elif not same_values(old, values):
                    changed_ids.add(values[0])
                    todo.append(values)
            if todo:
                db.executemany(sql, todo)
    report.inserted = len(new_ids)
    report.updated = len(changed_ids - new_ids)
    report.unchanged = report.rows - report.inserted - report.updated


def same_values(old: tuple, new: tuple) -> bool:
    return all(a == b or (a is not None and b is not None and str(a) == str(b)) for a, b in zip(old, new))
