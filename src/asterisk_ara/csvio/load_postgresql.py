"""PostgreSQL: chunks of validated rows loaded by COPY (insert) or COPY + merge (upsert) in the pipeline's
writer thread while the next chunk is validated."""
from __future__ import annotations

from ..ami.changes import per_object_limit
from ..ami.hook import changes_of
from ..dbapi import Database
from .header import Plan, column_list
from .pipeline import Pipeline

# Python's C csv writer renders COPY's CSV format directly: None becomes an unquoted empty field,
# which COPY reads as NULL (validated values are never empty strings, so nothing is lost).
COPY_OPTIONS = "WITH (FORMAT csv)"


class PgPipeline(Pipeline):
    """PostgreSQL: each chunk COPYed into its tables (insert mode), or into staging tables and merged with
    ``INSERT ... ON CONFLICT`` (upsert mode)."""

    THREAD_NAME = "asterisk-ara-copy"

    def __init__(self, db: Database, plan: Plan, mode: str):
        self.targets = pg_staging_tables(db, plan.tables) if mode == "upsert" else {t: t for t in plan.tables}
        super().__init__(db, plan, mode)

    def load_chunk(self, chunk: dict[str, str], rows: int) -> None:
        for table in self.plan.tables:
            cols = column_list(self.db, self.plan.columns[table])
            with self.db.conn.cursor().copy(f"COPY {self.targets[table]} ({cols}) FROM STDIN {COPY_OPTIONS}") as copy:
                copy.write(chunk[table])
        if self.mode == "upsert":
            inserted, updated = pg_merge(self.db, self.plan, self.targets)
            self.inserted += inserted
            self.updated += updated


def pg_staging_tables(db: Database, tables: tuple[str, ...]) -> dict[str, str]:
    stages = {}
    for table in tables:
        stages[table] = f"asterisk_ara_stage_{table}"
        db.execute(f"CREATE TEMPORARY TABLE {stages[table]} (LIKE {table}) ON COMMIT DROP")
    return stages


def pg_merge(db: Database, plan: Plan, stages: dict[str, str]) -> tuple[int, int]:
    """Merge the staged chunk: insert new rows, update changed ones, leave the rest untouched.

    Returns (clients inserted, clients updated); the staging tables are emptied for the next chunk.
    """
    keep = per_object_limit() + 1
    ctes, selects, per_table = [], [], []
    for n, table in enumerate(plan.tables):
        cols = plan.columns[table]
        collist = column_list(db, cols)
        sets = ", ".join(f"{db.quote(c)} = EXCLUDED.{db.quote(c)}" for c in cols if c != "id")
        changed = " OR ".join(f"{table}.{db.quote(c)} IS DISTINCT FROM EXCLUDED.{db.quote(c)}" for c in cols if c != "id")
        ctes.append(f"w{n} AS (INSERT INTO {table} ({collist}) SELECT {collist} FROM {stages[table]} "
                    f"ON CONFLICT (id) DO UPDATE SET {sets} WHERE {changed} RETURNING id, (xmax = 0) AS inserted)")
        selects.append(f"SELECT {n} AS t, id, inserted FROM w{n}")
        # The rows updated in this table (what Asterisk nodes must expire): their number, and the first ids.
        per_table.append(f"COUNT(*) FILTER (WHERE t = {n} AND NOT inserted), "
                         f"(array_agg(id) FILTER (WHERE t = {n} AND NOT inserted))[1:{keep}]")
    sql = (f"WITH {', '.join(ctes)}, touched AS ({' UNION ALL '.join(selects)}) "
           "SELECT COUNT(DISTINCT id) FILTER (WHERE inserted), COUNT(DISTINCT id) FILTER (WHERE NOT inserted), "
           f"{', '.join(per_table)} FROM touched")
    inserted, updated, *updates = db.query(sql)[0]
    for n, table in enumerate(plan.tables):
        if updates[2 * n]:
            changes_of(db).objects(table, updates[2 * n + 1] or [], updates[2 * n])
    db.execute(f"TRUNCATE {', '.join(stages.values())}")
    return inserted, updated
