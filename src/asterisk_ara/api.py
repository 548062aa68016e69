"""``asterisk_ara.connect``: one connection for many operations, in the caller's transaction when they have one.

    import asterisk_ara

    with asterisk_ara.connect("postgresql://asterisk@localhost/asterisk") as ara:
        with ara.transaction():                 # all or nothing
            ara.add_webrtc_client("alice")
            ara.add_webrtc_client("bob")

``connect`` takes a URL (we own the connection: each operation is its own transaction unless a
``with ara.transaction():`` groups several) or a connection the caller already has: a SQLAlchemy
``Connection`` or ``Session``, a psycopg 3, PyMySQL or sqlite3 connection. Then every operation runs in
a SAVEPOINT of the caller's transaction: we never commit, roll back or close it, and a failure (an
``AraError``) undoes only our statements.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from . import provisioning
from .dbapi import Database, borrow, connect as open_connection
from .dburl import DatabaseURL, parse
from .provisioning import AddResult, WebrtcSettings


@dataclass(frozen=True)
class ClientSummary:
    """One row of ``list_webrtc_clients`` (``asterisk-ara --json webrtc list``: an element of "clients")."""
    id: str
    username: str | None
    context: str | None
    codecs: str | None
    max_contacts: int | None
    transport: str | None
    callerid: str | None
    credential: str | None
    node: str | None = None  # the Asterisk node serving it (asterisk-ara node); None where no nodes exist


@dataclass(frozen=True)
class ClientDetails:
    """``show_webrtc_client`` (``asterisk-ara --json webrtc show``): the rows without NULL columns."""
    id: str
    credential: str | None
    endpoint: dict[str, Any]
    aor: dict[str, Any]
    auth: dict[str, Any]
    contacts: list[dict[str, Any]] = field(default_factory=list)
    node: str | None = None     # the Asterisk node serving the client
    wss_url: str | None = None  # where that node's phones connect
    phone_url: str | None = None  # the phone page to open for this client: its node's, with the user filled in


@dataclass(frozen=True)
class Removed:
    """What ``remove_webrtc_client`` deleted, per table (``asterisk-ara --json webrtc remove``: "removed")."""
    id: str
    removed: dict[str, int]


class Ara:
    """The provisioning operations on one connection; see the module docstring."""

    def __init__(self, db: Database):
        self.db = db

    # -- connection and transactions ----------------------------------------------------------
    def __enter__(self) -> "Ara":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close a connection we opened; a caller's connection is left open."""
        if self.db.owned:
            self.db.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator["Ara"]:
        """Group operations: all of them or none. On a caller's connection this is a savepoint."""
        with self.db.transaction():
            yield self

    # -- running Asterisk nodes (asterisk-ara ami) ----------------------------------------------
    def tell_asterisk(self):
        """On a connection you handed over, once you have committed: expire what our operations changed on
        every AMI node (with a URL this happens at each of our commits). Returns an ``ami.notify.Outcome``
        (``told``, ``missed``) or None when there was nothing to tell; a missed node is also warned about
        (``ami.hook.NodesNotTold``). After a rollback call ``forget_changes()`` instead."""
        from .ami.hook import AFTER_COMMIT_KEY

        return self.db.run_after_commit().get(AFTER_COMMIT_KEY)

    def forget_changes(self) -> None:
        """Drop what our operations noted for the Asterisk nodes (the caller rolled back)."""
        self.db.forget_after_commit()

    # -- WebRTC clients -----------------------------------------------------------------------
    def add_webrtc_client(self, client_id: str, password: str | None = None,
                          settings: WebrtcSettings | None = None, allow_weak_password: bool = False) -> AddResult:
        return provisioning.add_webrtc_client(self.db, client_id, password, settings, allow_weak_password)

    def update_webrtc_client(self, client_id: str, *, context: str | None = None, codecs: str | None = None,
                             max_contacts: int | str | None = None, remove_existing: bool | None = None,
                             callerid: str | None = None, transport: str | None = None,
                             assignments: Iterable[str] = (), node: str | None = None) -> dict[str, dict[str, Any]]:
        """Change options of a client, or move it to another ``node``; returns table -> the columns changed
        (``--json webrtc update``)."""
        return provisioning.update_webrtc_client(
            self.db, client_id, context=context, codecs=codecs, max_contacts=max_contacts,
            remove_existing=remove_existing, callerid=callerid, transport=transport, assignments=assignments,
            node=node)

    def set_password(self, client_id: str, password: str | None = None, credential: str | None = None,
                     allow_weak_password: bool = False, realm: str | None = None) -> str | None:
        """Replace the credential; returns the generated password when none was given (shown once)."""
        return provisioning.set_password(self.db, client_id, password, credential, allow_weak_password, realm)

    def remove_webrtc_client(self, client_id: str) -> Removed:
        return Removed(client_id, provisioning.remove_webrtc_client(self.db, client_id))

    def show_webrtc_client(self, client_id: str, show_secrets: bool = False) -> ClientDetails:
        return ClientDetails(**provisioning.show_webrtc_client(self.db, client_id, show_secrets))

    def list_webrtc_clients(self, *, node: str | None = None, pattern: str | None = None,
                            registered: bool | None = None, limit: int | None = None,
                            offset: int = 0) -> list[ClientSummary]:
        """The clients in id order: served by ``node``, whose id matches the shell ``pattern``, ``registered`` now
        (or not), ``limit`` of them from ``offset``."""
        return [ClientSummary(**row) for row in provisioning.list_webrtc_clients(
            self.db, node=node, pattern=pattern, registered=registered, limit=limit, offset=offset)]

    def list_nodes(self) -> list[Any]:
        """The Asterisk nodes with their client counts (``asterisk-ara --json node list``)."""
        from .nodes import list_nodes

        return list_nodes(self.db)

    # -- transports ---------------------------------------------------------------------------
    def add_transport(self, transport_id: str, protocol: str, bind: str = "0.0.0.0",
                      assignments: Iterable[str] = ()) -> dict[str, Any]:
        return provisioning.add_transport(self.db, transport_id, protocol, bind, assignments)

    def list_transports(self) -> list[dict[str, Any]]:
        return provisioning.list_transports(self.db)

    def remove_transport(self, transport_id: str) -> None:
        provisioning.remove_transport(self.db, transport_id)

    # -- CSV ----------------------------------------------------------------------------------
    def import_csv(self, source: str, mode: str = "insert", settings: WebrtcSettings | None = None,
                   dry_run: bool = False, passwords_out: str | None = None, spread: bool = False):
        """Import a CSV file (the format of ``asterisk-ara import``); ``spread`` places new clients without a
        node evenly over the nodes."""
        from .csvio import import_csv

        return import_csv(self.db, source, mode, settings, dry_run, passwords_out, spread=spread)

    def export_csv(self, dest: IO[str], include_secrets: bool = False) -> int:
        from .csvio import export_csv

        return export_csv(self.db, dest, include_secrets)


def connect(target: Any) -> Ara:
    """An ``Ara`` on ``target``: a database URL (str or DatabaseURL) or a connection the caller already has."""
    if isinstance(target, str):
        target = parse(target)
    if isinstance(target, DatabaseURL):
        return Ara(open_connection(target))
    return Ara(borrow(target))
