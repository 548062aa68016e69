"""Calls between nodes: each node's SIP address and the secret it authenticates with (asterisk_ara_nodes).

Revision ID: 0004_node_sip
Revises: 0003_ami
Create Date: 2026-12-08

Three nullable columns: a node without a SIP address takes no part in calls between nodes, as before. The
nodes' views are made again (online only), so that every share shows the other nodes' PJSIP endpoint, aor and
auth and the node of every client (nodes.trunks, nodes.share); offline SQL is followed by
``asterisk-ara node refresh``. Downgrading makes the views as revision 0003 had them before it drops the columns
they read (PostgreSQL refuses to drop a column a view uses).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_node_sip"
down_revision = "0003_ami"
branch_labels = None
depends_on = None

TABLE = "asterisk_ara_nodes"
COLUMNS = ("sip_host", "sip_port", "sip_secret")


def upgrade() -> None:
    op.add_column(TABLE, sa.Column("sip_host", sa.String(255)))
    op.add_column(TABLE, sa.Column("sip_port", sa.Integer))
    op.add_column(TABLE, sa.Column("sip_secret", sa.String(128)))
    if not op.get_context().as_sql:
        from asterisk_ara.nodes import share

        share.replace_all_views(op.get_bind())


def downgrade() -> None:
    if not op.get_context().as_sql:
        from asterisk_ara.nodes import share

        share.replace_all_views(op.get_bind(), calls=False)
    for column in reversed(COLUMNS):
        op.drop_column(TABLE, column)
