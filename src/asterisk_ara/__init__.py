"""asterisk-ara: provision Asterisk WebRTC clients into the Asterisk Realtime Architecture.

The Python API for scripts (the CLI is a thin layer over it)::

    from asterisk_ara import add_webrtc_client, parse_url, WebrtcSettings
    result = add_webrtc_client(parse_url("postgresql://asterisk@localhost/asterisk"), "alice")
    print(result.generated_password)
"""
from __future__ import annotations

from .dburl import DatabaseURL, resolve
from .dburl import parse as parse_url
from .errors import AlreadyExistsError, AraError, DatabaseError, NotFoundError, UsageError, ValidationError
from .provisioning import (
    AddResult, WebrtcSettings, add_transport, add_webrtc_client, list_transports, list_webrtc_clients,
    remove_transport, remove_webrtc_client, set_password, show_webrtc_client, update_webrtc_client,
)

__version__ = "0.1.0"

__all__ = [
    "AddResult", "AlreadyExistsError", "AraError", "DatabaseError", "DatabaseURL", "NotFoundError",
    "UsageError", "ValidationError", "WebrtcSettings", "add_transport", "add_webrtc_client",
    "list_transports", "list_webrtc_clients", "parse_url", "remove_transport", "remove_webrtc_client",
    "resolve", "set_password", "show_webrtc_client", "update_webrtc_client",
]
