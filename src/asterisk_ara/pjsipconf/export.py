"""The database's pjsip objects written back as a pjsip.conf, for review, diffs or a move back.

Deterministic: types in mapping.TYPES order, objects sorted by id (in Python, not by the
database's collation), options in the table's column order, NULL columns left out. A value is
written as the realtime drivers hand it to Asterisk: split on ``;`` (one line per part), ``^XX``
decoded, and a literal ``;`` escaped as ``\\;`` for the config file.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..credentials import SECRET_COLUMNS
from ..dbapi import open_database
from ..dburl import DatabaseURL
from ..validation import column_names, decode_realtime
from .mapping import TYPES


@dataclass
class ConfExport:
    text: str
    counts: dict[str, int] = field(default_factory=dict)
    secrets_omitted: int = 0


def _lines(column: str, value: object) -> list[str]:
    if isinstance(value, bool):
        return [f"{column}=yes" if value else f"{column}=no"]
    if not isinstance(value, str):
        return [f"{column}={value}"]
    parts = [p.strip() for p in value.split(";")]
    return [f"{column}={decode_realtime(p).replace(';', chr(92) + ';')}" for p in parts if p]


def export_pjsip_conf(url: DatabaseURL, types: list[str] | None = None, ids: list[str] | None = None,
                      include_secrets: bool = False) -> ConfExport:
    """Every object of ``types`` (default: all) whose id is in ``ids`` (default: all), as pjsip.conf text."""
    wanted = set(ids) if ids else None
    out = ["; Exported by asterisk-ara conf export from the realtime database.",
           "; Secrets " + ("included: keep this file as private as the database." if include_secrets else
                           "left out (conf export --include-secrets writes them).")]
    result = ConfExport("")
    with open_database(url) as db:
        for object_type, spec in TYPES.items():
            if types is not None and object_type not in types:
                continue
            have = set(db.columns(spec.table))
            columns = [c for c in column_names(spec.table) if c in have]
            if not columns:
                continue  # a table the schema lacks (older than head): nothing to export from it
            rows = db.query(f"SELECT {', '.join(db.quote(c) for c in columns)} FROM {spec.table}")
            rows = sorted((r for r in rows if wanted is None or r[0] in wanted), key=lambda r: r[0])
            for values in rows:
                out += ["", f"[{values[0]}]", f"type={object_type}"]
                for column, value in zip(columns[1:], values[1:]):
                    if value is None or value == "":
                        continue
                    if column in SECRET_COLUMNS and not include_secrets:
                        out.append(f"; {column}: left out (--include-secrets)")
                        result.secrets_omitted += 1
                        continue
                    out += _lines(column, value)
            if rows:
                result.counts[object_type] = len(rows)
    result.text = "\n".join(out) + "\n"
    return result
