"""A normalised, dialect-aware description of a schema, for comparing live databases with the models.

Both sides become the same plain structure::

    {table: {"columns": [(name, type, nullable), ...],     # type: varchar(N), integer, enum:<name>, ...
             "enums": {column: (enum_name_or_None, (values...))},
             "primary_key": (cols...) | (),
             "unique": {(cols...): name_or_None},
             "indexes": {name: (cols...)},
             "foreign_keys": {(cols...): (ref_table, (ref_cols...))}}}

Enum type names are known on PostgreSQL (named types) and SQLite (the CHECK constraint
carries the name); MySQL inlines ENUM(...) and keeps no name, so there only values count.
"""
from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql import sqltypes

Description = dict[str, dict[str, Any]]

#: Tables that belong to migration bookkeeping, never to the schema being compared.
VERSION_TABLES = ("asterisk_ara_version", "alembic_version_config", "alembic_version")
#: Indexes ``db tune`` adds (schema.tune): reported as tuning, never as drift.
TUNING_PREFIX = "asterisk_ara_tune_"


def type_name(t: sa.types.TypeEngine, dialect: str) -> str:
    if isinstance(t, sqltypes.Enum):
        return "enum"
    if isinstance(t, sqltypes.Boolean) or (dialect == "mysql" and type(t).__name__ == "TINYINT"
                                            and getattr(t, "display_width", None) == 1):
        return "boolean"
    if isinstance(t, sqltypes.BigInteger):
        return "bigint"
    if isinstance(t, sqltypes.Integer):
        return "integer"
    if isinstance(t, (sqltypes.Float, sqltypes.Double)) or type(t).__name__ in ("DOUBLE_PRECISION", "REAL"):
        return "float"
    if isinstance(t, sqltypes.Numeric):
        return f"numeric({t.precision},{t.scale})"
    if isinstance(t, sqltypes.Text) or (isinstance(t, sqltypes.String) and t.length is None):
        return "text"
    if isinstance(t, sqltypes.String):
        return f"varchar({t.length})"
    if isinstance(t, sqltypes.DateTime):
        return "datetime"
    return type(t).__name__.lower()


_CHECK_IN = re.compile(r"^\s*\(?\s*[\"`]?([^\s\"`]+)[\"`]?\s+IN\s*\((.*)\)\s*\)?\s*$", re.I | re.S)


_CHECK_EQ = re.compile(r"""^\s*[\"`]?([^\s\"`=]+)[\"`]?\s*=\s*'((?:[^']|'')*)'\s*$""", re.S)


def _parse_check(sqltext: str) -> tuple[str, tuple[str, ...]] | None:
    """An enum CHECK as (column, values): ``col IN ('a', 'b')`` or ``col = 'a' OR col = 'b'``."""
    m = _CHECK_IN.match(sqltext)
    if m:
        return m.group(1), tuple(v.replace("''", "'") for v in re.findall(r"'((?:[^']|'')*)'", m.group(2)))
    parts = [_CHECK_EQ.match(p) for p in re.split(r"\s+OR\s+", sqltext.strip().strip("()"), flags=re.I)]
    if not parts or not all(parts) or len({p.group(1) for p in parts}) != 1:
        return None
    return parts[0].group(1), tuple(p.group(2).replace("''", "'") for p in parts)


def describe_models(metadata: sa.MetaData, dialect: str) -> Description:
    """What the models create on ``dialect`` (postgresql, mysql or sqlite)."""
    out: Description = {}
    for table in metadata.sorted_tables:
        columns, enums = [], {}
        for col in table.columns:
            t = col.type
            if dialect == "sqlite" and isinstance(t, sqltypes.Enum):
                tn = f"varchar({max(len(v) for v in t.enums)})"
            elif dialect == "sqlite" and isinstance(t, sqltypes.BigInteger) and col.primary_key:
                tn = "integer"
            else:
                tn = type_name(t, dialect)
            if isinstance(t, sqltypes.Enum):
                enums[col.name] = (None if dialect == "mysql" else t.name, tuple(t.enums))
            nullable = col.nullable
            if dialect == "mysql" and col.info.get("mysql_nullable"):
                nullable = True
            columns.append((col.name, tn, bool(nullable)))
        unique: dict[tuple, str | None] = {}
        for c in table.constraints:
            if isinstance(c, sa.UniqueConstraint):
                ddl_if = getattr(c, "_ddl_if", None)
                if ddl_if is not None and ddl_if.dialect and dialect not in (
                        (ddl_if.dialect,) if isinstance(ddl_if.dialect, str) else ddl_if.dialect):
                    continue
                unique[tuple(col.name for col in c.columns)] = c.name if isinstance(c.name, str) else None
        out[table.name] = {
            "columns": columns,
            "enums": enums,
            "primary_key": tuple(c.name for c in table.primary_key.columns),
            "unique": unique,
            "indexes": {i.name: tuple(c.name for c in i.columns) for i in table.indexes},
            "foreign_keys": {tuple(fk.column_keys): (fk.referred_table.name, tuple(e.column.name for e in fk.elements))
                             for fk in table.foreign_key_constraints},
        }
    return out


def describe_live(connection: sa.Connection, only: set[str] | None = None) -> Description:
    """What a live database holds (every table but the version tables and our own, or ``only`` those)."""
    dialect = connection.dialect.name
    insp = sa.inspect(connection)
    out: Description = {}
    for name in sorted(insp.get_table_names()):
        if name in VERSION_TABLES or (only is not None and name not in only):
            continue
        columns, enums = [], {}
        for col in insp.get_columns(name):
            t = col["type"]
            columns.append((col["name"], type_name(t, dialect), bool(col["nullable"])))
            if isinstance(t, sqltypes.Enum):
                enums[col["name"]] = (t.name if dialect == "postgresql" else None, tuple(t.enums))
        if dialect == "sqlite":
            for ck in insp.get_check_constraints(name):
                parsed = _parse_check(ck["sqltext"])
                if parsed:
                    enums[parsed[0]] = (ck["name"], parsed[1])
        unique: dict[tuple, str | None] = {}
        for uc in insp.get_unique_constraints(name):
            unique[tuple(uc["column_names"])] = uc["name"]
        indexes, tuning = {}, {}
        for ix in insp.get_indexes(name):
            if ix.get("duplicates_constraint"):
                continue
            if ix["name"].startswith(TUNING_PREFIX):
                tuning[ix["name"]] = tuple(c or "(expression)" for c in ix["column_names"])
                continue
            if ix.get("unique"):
                unique.setdefault(tuple(ix["column_names"]), ix["name"])
            else:
                indexes[ix["name"]] = tuple(ix["column_names"])
        pk = tuple(insp.get_pk_constraint(name).get("constrained_columns") or ())
        fks = {tuple(fk["constrained_columns"]): (fk["referred_table"], tuple(fk["referred_columns"]))
               for fk in insp.get_foreign_keys(name)}
        out[name] = {"columns": columns, "enums": enums, "primary_key": pk, "unique": unique,
                     "indexes": indexes, "foreign_keys": fks}
        if tuning:
            out[name]["tuning"] = tuning
    return out


def tuning(actual: Description) -> list[str]:
    """The ``db tune`` indexes present, one line each (not differences: ARA leaves room for them)."""
    return [f"tuning: {table}: index {name} on {', '.join(cols)}"
            for table in sorted(actual) for name, cols in sorted(actual[table].get("tuning", {}).items())]


def diff(expected: Description, actual: Description, operators: tuple[str, ...] = ()) -> list[str]:
    """Readable differences, one line each; empty when the schemas match. ``operators``: shell patterns of tables
    that are the operator's own, beside ARA's (not drift)."""
    import fnmatch

    problems: list[str] = []
    for table in sorted(set(expected) - set(actual)):
        problems.append(f"missing table {table}")
    for table in sorted(set(actual) - set(expected)):
        if not any(fnmatch.fnmatchcase(table, pattern) for pattern in operators):
            problems.append(f"unexpected table {table} (a table of yours? say so: asterisk-ara db check "
                            f"--operator-table {table})")
    for table in sorted(set(expected) & set(actual)):
        e, a = expected[table], actual[table]
        ecols = {c[0]: c for c in e["columns"]}
        acols = {c[0]: c for c in a["columns"]}
        for c in ecols.keys() - acols.keys():
            problems.append(f"{table}.{c}: missing column ({ecols[c][1]})")
        for c in acols.keys() - ecols.keys():
            problems.append(f"{table}.{c}: unexpected column ({acols[c][1]})")
        for c in ecols.keys() & acols.keys():
            if ecols[c][1] != acols[c][1]:
                problems.append(f"{table}.{c}: type is {acols[c][1]}, expected {ecols[c][1]}")
            if ecols[c][2] != acols[c][2]:
                problems.append(f"{table}.{c}: {'NULL' if acols[c][2] else 'NOT NULL'}, "
                                f"expected {'NULL' if ecols[c][2] else 'NOT NULL'}")
            if c in e["enums"] or c in a["enums"]:
                en, ev = e["enums"].get(c, (None, ()))
                an, av = a["enums"].get(c, (None, ()))
                if ev != av:
                    problems.append(f"{table}.{c}: enum values are {list(av)}, expected {list(ev)}")
                if en and an and en != an:
                    problems.append(f"{table}.{c}: enum type is {an}, expected {en}")
        if [c[0] for c in e["columns"] if c[0] in acols] != [c[0] for c in a["columns"] if c[0] in ecols]:
            problems.append(f"{table}: column order differs")
        if e["primary_key"] != a["primary_key"]:
            problems.append(f"{table}: primary key is {a['primary_key'] or 'none'}, expected {e['primary_key'] or 'none'}")
        for cols in e["unique"].keys() - a["unique"].keys():
            problems.append(f"{table}: missing unique constraint on {', '.join(cols)}")
        for cols in a["unique"].keys() - e["unique"].keys():
            problems.append(f"{table}: unexpected unique constraint on {', '.join(cols)}")
        for cols in e["unique"].keys() & a["unique"].keys():
            en, an = e["unique"][cols], a["unique"][cols]
            if en and an and en != an:
                problems.append(f"{table}: unique constraint on {', '.join(cols)} is named {an}, expected {en}")
        for name in e["indexes"].keys() - a["indexes"].keys():
            problems.append(f"{table}: missing index {name}")
        for name in a["indexes"].keys() - e["indexes"].keys():
            problems.append(f"{table}: unexpected index {name}")
        for name in e["indexes"].keys() & a["indexes"].keys():
            if e["indexes"][name] != a["indexes"][name]:
                problems.append(f"{table}: index {name} is on {a['indexes'][name]}, expected {e['indexes'][name]}")
        if e["foreign_keys"] != a["foreign_keys"]:
            problems.append(f"{table}: foreign keys are {a['foreign_keys']}, expected {e['foreign_keys']}")
    return problems
