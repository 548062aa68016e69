"""Render ``asterisk_ara/catalog.py`` from the models.

The provisioning and import commands must start in well under half a second, and importing
SQLAlchemy's ORM alone costs 0.3 s. So they read this generated, import-free digest of the
models instead; a test fails when it drifts. Regenerate with::

    python -m asterisk_ara.schema.catalog_gen > src/asterisk_ara/catalog.py
"""
from __future__ import annotations

import sys

from sqlalchemy.sql import sqltypes

from ..models import enums as model_enums
from ..models import metadata
from .describe import type_name

#: The tables the fast paths read and write.
TABLE_PREFIX = "ps_"


def _column_entry(col) -> tuple:
    t = col.type
    if isinstance(t, sqltypes.Enum):
        return (col.name, "enum", t.name, col.nullable)
    tn = type_name(t, "postgresql")
    if tn.startswith("varchar("):
        return (col.name, "varchar", int(tn[8:-1]), col.nullable)
    return (col.name, tn, None, col.nullable)


def render() -> str:
    lines = [
        '"""Generated from asterisk_ara.models by asterisk_ara.schema.catalog_gen: do not edit.',
        "",
        "Each column: (name, kind, size or enum type name, nullable). Kinds: varchar, integer,",
        "bigint, float, numeric(p,s), text, boolean, datetime, enum.",
        '"""',
        "",
        "TABLES = {",
    ]
    for table in metadata.sorted_tables:
        if not table.name.startswith(TABLE_PREFIX):
            continue
        lines.append(f"    {table.name!r}: (")
        lines.extend(f"        {_column_entry(col)!r}," for col in table.columns)
        lines.append("    ),")
    lines.append("}")
    lines.append("")
    lines.append("ENUMS = {")
    for py_enum in model_enums.ALL_ENUMS:
        lines.append(f"    {py_enum.__ara_name__!r}: {tuple(m.value for m in py_enum)!r},")
    lines.append("}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    sys.stdout.write(render())
