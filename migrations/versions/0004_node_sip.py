"""Calls between nodes: each node's SIP address (asterisk_ara_nodes.sip_host, sip_port).

Revision ID: 0004_node_sip
Revises: 0003_ami
Create Date: 2026-12-08

Two nullable columns: a node without a SIP address takes no part in calls between nodes, as before. The nodes'
views are made again (online only), so that every share shows the node of every client, which the dialplan
reads at call time (nodes.share); offline SQL is followed by ``asterisk-ara node refresh``. Downgrading deletes
the nodes' trunks to each other (rows of ARA's tables that ``node add --sip`` and ``node update`` wrote,
nodes.trunks) and that view, then the columns.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_node_sip"
down_revision = "0003_ami"
branch_labels = None
depends_on = None

TABLE = "asterisk_ara_nodes"
#: What the downgrade drops that an operator typed (db downgrade refuses it without --yes when set).
COLUMNS = ((TABLE, "sip_host"), (TABLE, "sip_port"))


def upgrade() -> None:
    op.add_column(TABLE, sa.Column("sip_host", sa.String(255)))
    op.add_column(TABLE, sa.Column("sip_port", sa.Integer))
    if not op.get_context().as_sql:
        from asterisk_ara.nodes import share

        share.replace_all_views(op.get_bind())


def downgrade() -> None:
    # Trunks are placed on their node like clients, with a '~' in the id that no client id may hold (nodes.names);
    # their rows go with the columns that made them.
    trunks = "SELECT id FROM asterisk_ara_client_nodes WHERE id LIKE :pattern"
    for table in ("ps_endpoints", "ps_aors", "ps_auths"):
        op.execute(sa.text(f"DELETE FROM {table} WHERE id IN ({trunks})").bindparams(pattern="%~%"))
    op.execute(sa.text("DELETE FROM asterisk_ara_client_nodes WHERE id LIKE :pattern").bindparams(pattern="%~%"))
    if not op.get_context().as_sql:
        from asterisk_ara.nodes import share

        share.replace_all_views(op.get_bind(), calls=False)
    op.drop_column(TABLE, "sip_port")
    op.drop_column(TABLE, "sip_host")
