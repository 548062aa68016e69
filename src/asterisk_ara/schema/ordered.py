"""Ordered views: the rows Asterisk reads in full, in the order its sorcery inserts at the least cost.

When Asterisk fetches every object of a type (all endpoints and aors at start with ``conf write --load at-start``,
every contact at start to prune its own registrations of an earlier run), sorcery links each row into a list
sorted by id, walking it from the head (main/sorcery.c ``ao2_container_alloc_list(...,
ast_sorcery_object_id_sort, ...)``, main/astobj2_hash.c): rows that come in ascending byte order cost N²/2
comparisons, rows in descending order one each. The drivers add ``ORDER BY id`` (ascending) unless their
``[general]`` says ``order_multi_row_results_by_initial_column=no`` (res_pgsql.conf, res_config_odbc.conf; what
``conf write`` writes), and then the rows come in the order of the view read: these views' order, by bytes
(``COLLATE "C"`` on PostgreSQL, ``CAST(id AS BINARY)`` on MariaDB/MySQL), descending.

Each view is named ``asterisk_ara_ordered_<table>`` beside its table and selects every column of it: the
extconfig.conf of ``conf write`` (without ``--node``) names them as the tables of ps_endpoints, ps_aors,
ps_auths and ps_contacts. ps_contacts' view stays writable by Asterisk (PostgreSQL and MariaDB update a view
with ORDER BY over one table). A node's share orders its own views the same way (``nodes.share.view_sql``).

``db upgrade`` and ``db tune`` make them again (a view keeps the columns it was made with), ``db check``
reports a missing one, ``db downgrade`` drops them first. SQLite has none: res_config_sqlite3 loses rows with
NULL columns in multi-row reads (docs/explanation/asterisk-findings.md), and keeps contacts out of realtime.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the views' SQL (order_by) is wanted where SQLAlchemy is not
    import sqlalchemy as sa

PREFIX = "asterisk_ara_ordered_"
#: The tables Asterisk may read in full: clients at start (at-start load), contacts at every start.
TABLES = ("ps_endpoints", "ps_aors", "ps_auths", "ps_contacts")
DIALECTS = ("postgresql", "mysql")


def view_name(table: str) -> str:
    return PREFIX + table


def order_by(dialect: str, column: str = "id") -> str:
    """``ORDER BY`` the id in descending byte order (strcmp's order, which sorcery sorts by)."""
    if dialect == "postgresql":
        return f'ORDER BY {column} COLLATE "C" DESC'
    return f"ORDER BY CAST({column} AS BINARY) DESC"


def view_sql(dialect: str, table: str) -> str:
    return f"CREATE VIEW {view_name(table)} AS SELECT * FROM {table} {order_by(dialect)}"


def present(conn: sa.Connection) -> set[str]:
    import sqlalchemy as sa

    return {v for v in sa.inspect(conn).get_view_names() if v.startswith(PREFIX)}


def missing(conn: sa.Connection) -> list[str]:
    """The ordered views a database at head should have and lacks (none on SQLite)."""
    import sqlalchemy as sa

    if conn.dialect.name not in DIALECTS:
        return []
    tables = set(sa.inspect(conn).get_table_names())
    have = present(conn)
    return [view_name(t) for t in TABLES if t in tables and view_name(t) not in have]


def make(conn: sa.Connection) -> list[tuple[str, bool]]:
    """Make every ordered view again, from the tables as they are now: (view, was missing)."""
    import sqlalchemy as sa

    if conn.dialect.name not in DIALECTS:
        return []
    tables = set(sa.inspect(conn).get_table_names())
    have = present(conn)
    made = []
    for table in TABLES:
        if table not in tables:
            continue
        name = view_name(table)
        conn.exec_driver_sql(f"DROP VIEW IF EXISTS {name}")
        conn.exec_driver_sql(view_sql(conn.dialect.name, table))
        made.append((name, name not in have))
    return made


def drop(conn: sa.Connection) -> list[str]:
    """Drop every ordered view (before a downgrade: they are ours, and they hold their tables)."""
    if conn.dialect.name not in DIALECTS:
        return []
    names = sorted(present(conn))
    for name in names:
        conn.exec_driver_sql(f"DROP VIEW IF EXISTS {name}")
    return names
