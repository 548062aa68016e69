"""``db tune``: the indexes that make the statements Asterisk sends per REGISTER index look-ups.

What a live Asterisk 22.10.1 sends for one REGISTER through res_config_pgsql (logged with log_statement=all):
look-ups by id in ps_endpoints, ps_auths, ps_aors and ps_domain_aliases (ARA's id indexes serve them), a
read of the whole ps_endpoint_id_ips (the IP identifier's list), the AOR's registrations
``SELECT * FROM ps_contacts WHERE id LIKE '<aor>^3B@%' ESCAPE '\\' ORDER BY id``, and the INSERT or UPDATE of
the contact. Every 30 s (``contact_expiration_check_interval``) each Asterisk also asks for
``ps_contacts WHERE expiration_time <= <now>``.

* PostgreSQL: a b-tree in a database whose collation is not C (en_US.UTF-8, C.UTF-8, ICU...) cannot serve
  ``LIKE 'prefix%'``, so without help the contact look-up reads the whole of ps_contacts (18 ms at 100,000
  registrations, one connection per Asterisk: about 50 REGISTERs a second). ``varchar_pattern_ops`` orders by
  bytes and can. ARA's index on (qualify_frequency, expiration_time) cannot serve the expiration sweep.
* MariaDB/MySQL: the unique index on ps_contacts.id serves ``LIKE 'prefix%'`` under any collation; only the
  sweep needs an index.
* SQLite: Asterisk keeps contacts in astdb there (conf write); nothing to add.

Each index is named ``asterisk_ara_tune_*``: ``db check`` lists them as tuning, not drift, and ``db downgrade``
drops them with the rest of what this tool made.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from ..dburl import DatabaseURL
from .describe import TUNING_PREFIX
from .engine import begin


@dataclass(frozen=True)
class TuningIndex:
    name: str
    table: str
    definition: str  # the part after ON table
    why: str


_CONTACT_PREFIX = TuningIndex(
    TUNING_PREFIX + "ps_contacts_id_pattern", "ps_contacts", "(id varchar_pattern_ops)",
    "the AOR's registrations, id LIKE '<aor>^3B@%', at every REGISTER")
_EXPIRATION = TuningIndex(
    TUNING_PREFIX + "ps_contacts_expiration", "ps_contacts", "(expiration_time)",
    "expired registrations, expiration_time <= now, every 30 s per Asterisk")

INDEXES: dict[str, tuple[TuningIndex, ...]] = {
    "postgresql": (_CONTACT_PREFIX, _EXPIRATION),
    "mysql": (_EXPIRATION,),
    "sqlite": (),
}


@dataclass
class TuneResult:
    index: TuningIndex
    created: bool  # False: it was there already


#: The ordered views (schema.ordered), which ``db tune`` makes again like db upgrade does.
_VIEW_WHY = "the rows Asterisk reads in full, in the order sorcery inserts at the least cost"


def tune(db: DatabaseURL) -> list[TuneResult]:
    """Add the missing tuning indexes and make the ordered views again (idempotent)."""
    from . import ordered

    results = []
    with begin(db) as conn:
        present = _present(conn)
        for index in INDEXES[conn.dialect.name]:
            created = index.name not in present
            if created:
                conn.exec_driver_sql(f"CREATE INDEX {index.name} ON {index.table} {index.definition}")
            results.append(TuneResult(index, created))
        for name, created in ordered.make(conn):
            results.append(TuneResult(TuningIndex(name, name.removeprefix(ordered.PREFIX), "(view)", _VIEW_WHY),
                                      created))
    return results


def _present(conn: sa.Connection) -> set[str]:
    insp = sa.inspect(conn)
    return {ix["name"] for table in {i.table for dialect in INDEXES.values() for i in dialect}
            if insp.has_table(table) for ix in insp.get_indexes(table) if ix["name"].startswith(TUNING_PREFIX)}


def untune(conn: sa.Connection) -> list[str]:
    """Drop every tuning index (before a downgrade: they are ours, not ARA's)."""
    dropped = []
    insp = sa.inspect(conn)
    for table in insp.get_table_names():
        for ix in insp.get_indexes(table):
            if ix["name"] and ix["name"].startswith(TUNING_PREFIX):
                on = f" ON {table}" if conn.dialect.name == "mysql" else ""
                conn.exec_driver_sql(f"DROP INDEX {ix['name']}{on}")
                dropped.append(ix["name"])
    return dropped
