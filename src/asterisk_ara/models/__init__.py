"""SQLAlchemy models of the Asterisk Realtime Architecture schema at ARA head.

The models are the single source of truth for tables, columns, lengths and
enums; migrations, offline SQL, ``db check``, the provisioning catalog and CSV
headers are all derived from them.
"""
from __future__ import annotations

from . import enums
from .base import Base, sql_enum
from .legacy import (
    Extension, IaxFriend, MeetMe, MusicOnHold, MusicOnHoldEntry, Queue, QueueMember,
    QueueRule, SipPeer, StirTn, Voicemail,
)
from .pjsip import (
    PsAor, PsAsteriskPublication, PsAuth, PsContact, PsDomainAlias, PsEndpoint,
    PsEndpointIdIp, PsGlobal, PsInboundPublication, PsOutboundPublish, PsRegistration,
    PsResourceList, PsSubscriptionPersistence, PsSystem, PsTransport,
)

#: ARA's head revision of ``contrib/ast-db-manage/config`` that these models mirror.
ARA_HEAD_REVISION = "2285f2ace275"

metadata = Base.metadata

__all__ = [
    "ARA_HEAD_REVISION", "Base", "enums", "metadata", "sql_enum",
    "Extension", "IaxFriend", "MeetMe", "MusicOnHold", "MusicOnHoldEntry", "Queue",
    "QueueMember", "QueueRule", "SipPeer", "StirTn", "Voicemail",
    "PsAor", "PsAsteriskPublication", "PsAuth", "PsContact", "PsDomainAlias", "PsEndpoint",
    "PsEndpointIdIp", "PsGlobal", "PsInboundPublication", "PsOutboundPublish", "PsRegistration",
    "PsResourceList", "PsSubscriptionPersistence", "PsSystem", "PsTransport",
]


def _apply_mysql_table_options() -> None:
    # ARA's tables on MariaDB are InnoDB/utf8mb4; say so rather than inherit a server default.
    for table in metadata.tables.values():
        table.dialect_kwargs["mysql_engine"] = "InnoDB"
        table.dialect_kwargs["mysql_charset"] = "utf8mb4"
        table.dialect_kwargs["mysql_collate"] = "utf8mb4_general_ci"


_apply_mysql_table_options()

from .own import AraAmi, AraClientNode, AraNode, own_metadata  # noqa: E402  (our own tables, beside ARA's)

__all__ += ["AraAmi", "AraClientNode", "AraNode", "own_metadata"]
