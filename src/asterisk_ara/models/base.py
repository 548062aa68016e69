"""Declarative base and the one way a Python enum becomes a database enum type."""
from __future__ import annotations

import enum
import functools

from sqlalchemy import CheckConstraint, Enum, MetaData
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.schema import CreateColumn
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    metadata = MetaData()


@functools.cache
def sql_enum(py_enum: type[enum.Enum]) -> Enum:
    """The database type for one ARA enum, shared by every column that uses it.

    PostgreSQL gets a named ``CREATE TYPE`` (ARA's name, e.g. ``ast_bool_values``),
    MySQL an inline ``ENUM(...)``, SQLite a VARCHAR with a CHECK constraint.
    Values stay plain strings in Python so rows read back as Asterisk stores them.
    """
    return Enum(
        *[member.value for member in py_enum],
        name=py_enum.__ara_name__,
        create_constraint=True,
        validate_strings=True,
    )


@compiles(CreateColumn, "mysql")
def _mysql_column_as_ara_has_it(element, compiler, **kw):
    """Reproduce the two columns where ARA's MySQL schema differs from its PostgreSQL one.

    ``info={"mysql_nullable": True}``: ps_contacts.id is NULL-able on MySQL (a later ARA
    migration re-MODIFYs it without NOT NULL). ``info={"mysql_autoincrement": True}``:
    queue_members.uniqueid is AUTO_INCREMENT on MySQL only.
    """
    text = compiler.visit_create_column(element, **kw)
    info = element.element.info
    if info.get("mysql_nullable"):
        text = text.replace(" NOT NULL", " NULL")
    if info.get("mysql_autoincrement"):
        text += " AUTO_INCREMENT"
    return text


@compiles(CheckConstraint, "sqlite")
def _sqlite_enum_check_as_or(constraint, compiler, **kw):
    """Enum CHECKs on SQLite as ``col = 'a' OR col = 'b' ...`` instead of ``col IN ('a', 'b')``.

    Same meaning, but SQLite builds an ephemeral table for every IN-list evaluation: with the
    ~60 enum columns of ps_endpoints that made each insert ~70x slower (measured: 20,000 rows
    in 2.7 s with IN, 0.045 s with OR).
    """
    column = getattr(constraint.sqltext, "left", None)
    column = getattr(column, "clause", column)  # the CHECK sees the column through a type coercion
    table = getattr(constraint, "table", None)
    name = getattr(column, "name", None)
    enum_type = table.c[name].type if table is not None and name in table.c else None
    if not getattr(constraint, "_type_bound", False) or not isinstance(enum_type, Enum):
        return compiler.visit_check_constraint(constraint, **kw)
    quoted = compiler.preparer.quote(name)
    body = " OR ".join(f"{quoted} = '{value.replace(chr(39), chr(39) * 2)}'" for value in enum_type.enums)
    prefix = f"CONSTRAINT {compiler.preparer.format_constraint(constraint)} " if constraint.name else ""
    return f"{prefix}CHECK ({body})"
