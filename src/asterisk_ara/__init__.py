"""asterisk-ara: provision Asterisk WebRTC clients into the Asterisk Realtime Architecture.

The Python API for scripts (the CLI is a thin layer over it)::

    import asterisk_ara
    with asterisk_ara.connect("postgresql://asterisk@localhost/asterisk") as ara:
        result = ara.add_webrtc_client("alice")
        print(result.generated_password)

``connect`` also takes a connection the caller has (SQLAlchemy Connection/Session, psycopg, PyMySQL,
sqlite3): our operations then run inside the caller's transaction. The functions taking a URL first
(``add_webrtc_client(url, ...)``) keep working; each opens and closes its own connection.
"""
from __future__ import annotations

from .api import Ara, ClientDetails, ClientSummary, Removed, connect
from .dburl import DatabaseURL, resolve
from .dburl import parse as parse_url
from .errors import AlreadyExistsError, AraError, DatabaseError, NotFoundError, UsageError, ValidationError
from .provisioning import (
    AddResult, WebrtcSettings, add_transport, add_webrtc_client, list_transports, list_webrtc_clients,
    remove_transport, remove_webrtc_client, set_password, show_webrtc_client, update_webrtc_client,
)

__version__ = "0.1.0"

__all__ = [
    "AddResult", "AlreadyExistsError", "Ara", "ClientDetails", "ClientSummary", "Removed", "connect", "AraError", "DatabaseError", "DatabaseURL", "NotFoundError",
    "UsageError", "ValidationError", "WebrtcSettings", "add_transport", "add_webrtc_client",
    "list_transports", "list_webrtc_clients", "parse_url", "remove_transport", "remove_webrtc_client",
    "resolve", "set_password", "show_webrtc_client", "update_webrtc_client",
]
