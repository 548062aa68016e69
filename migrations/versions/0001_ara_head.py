"""Baseline: the schema of ARA head 2285f2ace275 (26 tables) on PostgreSQL, MySQL/MariaDB and SQLite.

Revision ID: 0001_ara_head
Revises:
Create Date: 2026-11-26

The DDL is rendered from the models, which mirror ARA head column for column. A database
that Asterisk's own ast-db-manage brought to that head is *adopted* instead: the CLI stamps
this revision without running it (see asterisk_ara.schema.migrate). Downgrading an adopted
database therefore must not drop ARA's tables: they were never ours.

Before the models follow a newer ARA revision, freeze this file: replace the rendering from
the models with the DDL it produces today (``asterisk-ara db sql --dialect D``), then add the
change as revision 0002. Otherwise this baseline silently changes meaning, databases already
at 0001 never get the change, and new ones get it twice.
test_upgrade_creates_ara_head_column_for_column upgrades to this revision by name and compares
it with ARA 2285f2ace275, so it fails if that step is forgotten.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import CreateEnumType, DropEnumType
from sqlalchemy.schema import CreateIndex, CreateTable, DropTable

from asterisk_ara.models import enums, metadata, sql_enum

revision = "0001_ara_head"
down_revision = None
branch_labels = None
depends_on = None

ARA_VERSION_TABLES = ("alembic_version_config", "alembic_version")


def upgrade() -> None:
    dialect = op.get_context().dialect.name
    if dialect == "postgresql":
        for py_enum in enums.ALL_ENUMS:
            op.execute(CreateEnumType(sql_enum(py_enum)))
    for table in metadata.sorted_tables:
        op.execute(CreateTable(table))
        for index in sorted(table.indexes, key=lambda i: i.name):
            op.execute(CreateIndex(index))


def downgrade() -> None:
    context = op.get_context()
    if not context.as_sql:
        inspector = sa.inspect(op.get_bind())
        if any(inspector.has_table(t) for t in ARA_VERSION_TABLES):
            return  # adopted from ARA: the tables belong to Asterisk's migrations, not to us
    for table in reversed(metadata.sorted_tables):
        op.execute(DropTable(table))
    if context.dialect.name == "postgresql":
        for py_enum in reversed(enums.ALL_ENUMS):
            op.execute(DropEnumType(sql_enum(py_enum)))
