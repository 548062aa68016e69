"""Nodes: the Asterisk nodes and which node serves each client (tables of our own, beside ARA's).

Revision ID: 0002_nodes
Revises: 0001_ara_head
Create Date: 2026-12-07

Written out column by column (not rendered from the models), so that this revision keeps its meaning when
the models change; ``db check`` compares the result with asterisk_ara.models.own. Downgrading drops what
``node add`` made for each node first (its schema or database of views, its login): PostgreSQL refuses to
drop a table that views depend on, and a node's views are useless without these tables.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_nodes"
down_revision = "0001_ara_head"
branch_labels = None
depends_on = None

#: What downgrade() drops (`db downgrade` refuses to drop them filled without --yes).
TABLES = ("asterisk_ara_client_nodes", "asterisk_ara_nodes")
MYSQL = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_general_ci"}


def upgrade() -> None:
    op.create_table(
        "asterisk_ara_nodes",
        sa.Column("name", sa.String(20), nullable=False),
        sa.Column("systemname", sa.String(20), nullable=False),
        sa.Column("wss_url", sa.String(255)),
        sa.Column("share", sa.String(64), nullable=False),
        sa.Column("login", sa.String(80)),
        sa.Column("login_password", sa.String(128)),
        sa.PrimaryKeyConstraint("name", name="asterisk_ara_nodes_pkey"),
        sa.UniqueConstraint("systemname", name="asterisk_ara_nodes_systemname_key"),
        **MYSQL,
    )
    op.create_table(
        "asterisk_ara_client_nodes",
        sa.Column("id", sa.String(255), nullable=False),
        sa.Column("node", sa.String(20), nullable=False),
        sa.PrimaryKeyConstraint("id", name="asterisk_ara_client_nodes_pkey"),
        sa.ForeignKeyConstraint(["node"], ["asterisk_ara_nodes.name"], name="asterisk_ara_client_nodes_node_fkey"),
        **MYSQL,
    )
    op.create_index("asterisk_ara_client_nodes_node", "asterisk_ara_client_nodes", ["node", "id"])


def downgrade() -> None:
    if not op.get_context().as_sql:
        from asterisk_ara.nodes import share

        share.drop_all_shares(op.get_bind())
    op.drop_table("asterisk_ara_client_nodes")
    op.drop_table("asterisk_ara_nodes")
