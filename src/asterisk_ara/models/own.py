"""Tables of asterisk-ara's own, next to ARA's: the Asterisk nodes and which node serves each client.

ARA's 26 tables stay exactly as Asterisk's ast-db-manage makes them; what only this tool needs lives here,
in a metadata of its own (created by our revision 0002, never by the ARA baseline). Names start with
``asterisk_ara_`` so they can never meet a table of Asterisk's.
"""
from __future__ import annotations

from typing import Optional

from sqlalchemy import ForeignKey, Index, Integer, MetaData, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from ..nodes.names import CLIENT_NODES, NODE_NAME_SIZE, NODES


class OwnBase(DeclarativeBase):
    metadata = MetaData()


class AraNode(OwnBase):
    """One Asterisk that serves a share of the clients: it sees them through its own schema (PostgreSQL) or
    database (MariaDB/MySQL) of views, reached with its own login."""

    __tablename__ = NODES
    __table_args__ = (UniqueConstraint("systemname", name="asterisk_ara_nodes_systemname_key"),)

    name: Mapped[str] = mapped_column(String(NODE_NAME_SIZE), primary_key=True)
    #: Asterisk's ``systemname`` (asterisk.conf): stored in ps_contacts.reg_server by the node's registrations.
    systemname: Mapped[str] = mapped_column(String(NODE_NAME_SIZE), nullable=False)
    #: Where this node's phones connect (wss://HOST:PORT/ws), shown with its clients.
    wss_url: Mapped[Optional[str]] = mapped_column(String(255))
    #: The schema (PostgreSQL) or database (MariaDB/MySQL) that holds the node's views.
    share: Mapped[str] = mapped_column(String(64), nullable=False)
    #: The node's own database login (None: the node uses the tool's account) and its password, which
    #: ``conf write --node`` writes into the node's driver file (never printed).
    login: Mapped[Optional[str]] = mapped_column(String(80))
    login_password: Mapped[Optional[str]] = mapped_column(String(128))
    #: Where the other nodes send this node's calls (SIP over TCP), e.g. 10.0.0.2 and 5060; None: the node
    #: takes no part in calls between nodes. The other nodes' trunks to it call this address (nodes.trunks).
    sip_host: Mapped[Optional[str]] = mapped_column(String(255))
    sip_port: Mapped[Optional[int]] = mapped_column(Integer)


class AraClientNode(OwnBase):
    """Which node serves the endpoint, aor and auth of one id (a WebRTC client's three objects share it)."""

    __tablename__ = CLIENT_NODES
    __table_args__ = (Index("asterisk_ara_client_nodes_node", "node", "id"),)

    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    node: Mapped[str] = mapped_column(String(NODE_NAME_SIZE), ForeignKey(f"{NODES}.name"), nullable=False)


class AraAmi(OwnBase):
    """An Asterisk the tool tells about its changes over AMI (asterisk-ara ami add); named as its node, where
    nodes are defined. The secret is kept as given: AMI's MD5 challenge login needs it (never printed)."""

    __tablename__ = "asterisk_ara_ami"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    host: Mapped[str] = mapped_column(String(255), nullable=False)
    port: Mapped[int] = mapped_column(Integer, nullable=False)
    username: Mapped[str] = mapped_column(String(80), nullable=False)
    secret: Mapped[str] = mapped_column(String(255), nullable=False)


own_metadata = OwnBase.metadata


def _apply_mysql_table_options() -> None:
    for table in own_metadata.tables.values():
        table.dialect_kwargs["mysql_engine"] = "InnoDB"
        table.dialect_kwargs["mysql_charset"] = "utf8mb4"
        table.dialect_kwargs["mysql_collate"] = "utf8mb4_general_ci"  # ids compare as ARA's tables compare them


_apply_mysql_table_options()
