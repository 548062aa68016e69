"""The spooled rows written in one transaction by batched statements, where no bulk pipeline applies (SQLite
upserts, MariaDB/MySQL without local files or, for upserts, without the right to create temporary tables, a
connection the caller lent us); upsert writes only new and changed rows."""
from __future__ import annotations

from ..ami.hook import changes_of
from ..dbapi import Database
from .report import ImportReport
from .header import column_list
from .spool import Spool


def write_insert(db: Database, spool: Spool) -> None:
    """Batched INSERTs: MariaDB/MySQL when LOAD DATA is not possible (server local_infile off), SQLite without
    JSON functions, and any connection the caller lent us."""
    for table in spool.plan.tables:
        cols = spool.plan.columns[table]
        sql = f"INSERT INTO {table} ({column_list(db, cols)}) VALUES ({db.placeholders(len(cols))})"
        for batch in spool.batches(table):
            db.executemany(sql, batch)


def batched_upsert(db: Database, spool: Spool, report: ImportReport) -> None:
    """Compare each batch with what is stored, write only new and changed rows (SQLite, MariaDB/MySQL without
    local files or the right to create temporary tables, and any lent connection)."""
    new_ids: set[str] = set()
    changed_ids: set[str] = set()
    for table in spool.plan.tables:
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
            todo, updated = [], []
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
                    updated.append(values[0])
            if todo:
                db.executemany(sql, todo)
            if updated:
                changes_of(db).objects(table, updated)
    report.inserted = len(new_ids)
    report.updated = len(changed_ids - new_ids)
    report.unchanged = report.rows - report.inserted - report.updated


def same_values(old: tuple, new: tuple) -> bool:
    return all(a == b or (a is not None and b is not None and str(a) == str(b)) for a, b in zip(old, new))
