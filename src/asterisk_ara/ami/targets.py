"""The Asterisk nodes to tell: rows of ``asterisk_ara_ami`` (name, host, port, username, secret).

A node's name is meant to be the name of the Asterisk node it stands for. The secret is needed in clear for
AMI's challenge login; nothing here returns it except ``read_targets``, which the notifier uses. This module
reads the rows on a connection it is given (the database layer calls it after a commit, so it imports nothing
of that layer); ``registry`` adds, lists and removes them.
"""
from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field

from typing import Any

from ..errors import NotFoundError, ValidationError
from ..validation import check_config_text, check_object_id, shown

TABLE = "asterisk_ara_ami"
DEFAULT_PORT = 5038
DEFAULT_USERNAME = "asterisk-ara"
#: manager.conf section names: what Asterisk accepts there without surprises.
_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,79}$")
_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOSTNAME = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(\.{_LABEL})*\.?$")
#: A secret the tool's AMI user may have: it can expire caches and hang up calls on every node.
MIN_SECRET_LENGTH = 16


@dataclass(frozen=True)
class Target:
    name: str
    host: str
    port: int
    username: str
    secret: str = field(default="", repr=False, compare=False)

    @property
    def where(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    def public(self) -> dict:
        """What ``ami list``/``show`` print: never the secret."""
        return {"name": self.name, "host": self.host, "port": self.port, "username": self.username}


def check_name(name: str) -> str:
    return check_object_id(name, "name", 40)


def check_host(host: str) -> str:
    host = (host or "").strip("[]")
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    if not _HOSTNAME.fullmatch(host):
        raise ValidationError(f"host: {shown(host)} is not a host name or IP address")
    return host


def check_port(port: int, field: str = "port") -> int:
    # Asterisk's manager accepts ports 1024-65535 only (manager.conf `port`).
    if not 1024 <= int(port) <= 65535:
        raise ValidationError(f"{field}: {port} is not a port Asterisk's manager can use (1024-65535)")
    return int(port)


def check_username(username: str, field: str = "username") -> str:
    if not _USERNAME.fullmatch(username or ""):
        raise ValidationError(f"{field}: {shown(username)} is not an AMI user name (a manager.conf section: "
                              "letters, digits and . _ @ -, starting with a letter or digit, at most 80)")
    return username


def check_secret(secret: str | None, username: str, field: str = "secret", source: str = "--secret-file, "
                 "--secret-stdin or --secret-env") -> str:
    """A strong AMI secret, or a ValidationError that never shows it."""
    if not secret:
        raise ValidationError(f"{field}: missing; give it with {source} (never on the command line)")
    check_config_text(secret, field, secret=True)
    if len(secret) > 255:
        raise ValidationError(f"{field}: longer than 255 characters")
    if len(secret) < MIN_SECRET_LENGTH or secret == username or len(set(secret)) < 6:
        raise ValidationError(f"{field}: too weak: use at least {MIN_SECRET_LENGTH} characters of some variety, "
                              "not the user name (e.g. `openssl rand -base64 24`)")
    return secret


def _has_table(db: Any) -> bool:
    """One quick catalog look-up (this runs after every write that Asterisk must learn about)."""
    if db.dialect == "postgresql":
        return db.query("SELECT to_regclass(%s) IS NOT NULL", (TABLE,))[0][0]
    if db.dialect == "mysql":
        return bool(db.query("SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() "
                             "AND table_name = %s", (TABLE,)))
    return bool(db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,)))


def read_targets(db: Any, names: list[str] | None = None) -> list[Target]:
    """The nodes with their secrets, on a connection already open; none when the table is missing
    (a database that was never upgraded to our revision 0003_ami has no nodes)."""
    with db.transaction():
        if not _has_table(db):
            return []
        rows = db.query(f"SELECT name, host, port, username, secret FROM {TABLE} ORDER BY name")
    targets = [Target(*row) for row in rows]
    if names:
        unknown = sorted(set(names) - {t.name for t in targets})
        if unknown:
            raise NotFoundError(f"name: no AMI target {', '.join(map(repr, unknown))} (asterisk-ara ami list shows them)")
        targets = [t for t in targets if t.name in names]
    return targets
