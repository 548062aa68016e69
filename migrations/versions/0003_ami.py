"""The Asterisk nodes asterisk-ara tells about changes over AMI: one row per node (asterisk_ara_ami).

Revision ID: 0003_ami
Revises: 0002_nodes
Create Date: 2026-12-07

A table of our own, beside ARA's: ``db check`` compares only ARA's tables, and an adopted database gets
this table like any other revision of ours. The secret is stored as given, because AMI's MD5 challenge
login needs it; ``ami list``/``show`` never print it.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_ami"
down_revision = "0002_nodes"
branch_labels = None
depends_on = None

TABLE = "asterisk_ara_ami"
#: What downgrade() drops (`db downgrade` refuses to drop them filled without --yes).
TABLES = (TABLE,)


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("port", sa.Integer, nullable=False),
        sa.Column("username", sa.String(80), nullable=False),
        sa.Column("secret", sa.String(255), nullable=False),
        mysql_engine="InnoDB", mysql_charset="utf8mb4", mysql_collate="utf8mb4_general_ci",
    )


def downgrade() -> None:
    op.drop_table(TABLE)
