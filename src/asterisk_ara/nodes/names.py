"""Names: our node tables, what a node may be called, and the database objects named after it.

Kept free of SQLAlchemy and drivers: provisioning and the import read them on every call.
"""
from __future__ import annotations

import re

from ..errors import ValidationError

NODES = "asterisk_ara_nodes"
CLIENT_NODES = "asterisk_ara_client_nodes"
#: A node's trunk to another (its PJSIP endpoint, aor and auth) is named ``NODE~OTHER``: '~' is in no client id
#: (validation.check_object_id) nor node name, so a trunk never meets a client and names one pair only.
TRUNK_SEPARATOR = "~"
#: The dialplan context of calls another node sends: they are for this node's own clients only (no loops).
NODE_CONTEXT = "asterisk-ara-nodes"
#: Longest node name: it becomes part of a schema or database name and of a login name, which the
#: servers limit (PostgreSQL 63 characters, MariaDB databases 64, MySQL logins 32).
NODE_NAME_SIZE = 20
#: Lower-case letters, digits and '_', starting with a letter: valid unquoted as an SQL identifier on every
#: server, as a file-name part and as Asterisk's systemname.
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
IDENTIFIER_LIMITS = {"postgresql": 63, "mysql": 64}
LOGIN_LIMITS = {"postgresql": 63, "mysql": 80}  # MariaDB 10 takes 80; MySQL 32 (the server says so)


def check_node_name(name: str, field: str = "node") -> str:
    if not isinstance(name, str) or not _NAME.fullmatch(name) or len(name) > NODE_NAME_SIZE:
        raise ValidationError(f"{field}: {name!r} is not a node name (lower-case letters, digits and '_', "
                              f"starting with a letter, at most {NODE_NAME_SIZE} characters)")
    return name


def check_identifier(value: str, field: str, dialect: str, limits: dict[str, int] = IDENTIFIER_LIMITS,
                     unquoted: bool = False) -> str:
    """A schema, database or login name we create: plain letters, digits and '_', within the server's limit.

    ``unquoted``: Asterisk will send the name unquoted (res_config_pgsql: ``SELECT * FROM share.ps_endpoints``),
    and PostgreSQL folds unquoted names to lower case, so there it must be lower case to be found."""
    limit = limits.get(dialect, 63)
    if not isinstance(value, str) or not _IDENTIFIER.fullmatch(value) or len(value) > limit:
        raise ValidationError(f"{field}: {value!r} is not a name this tool creates (letters, digits and '_', "
                              f"not starting with a digit, at most {limit} characters)")
    if unquoted and dialect == "postgresql" and value != value.lower():
        raise ValidationError(f"{field}: {value!r} has upper-case letters; Asterisk names it unquoted and PostgreSQL "
                              f"folds that to {value.lower()!r}, so its views would not be found: use "
                              f"{value.lower()!r}")
    return value


def trunk_id(node: str, other: str) -> str:
    """The id of ``node``'s trunk to ``other``: its endpoint, aor and auth, on ``node`` only."""
    return f"{node}{TRUNK_SEPARATOR}{other}"


def default_share(dialect: str, database: str, node: str) -> str:
    """The schema (PostgreSQL: inside the database) or database (MariaDB/MySQL: beside it) of a node's views."""
    return f"node_{node}" if dialect == "postgresql" else f"{database}_node_{node}"


def default_login(database: str, node: str) -> str:
    """Logins are per server, not per database: the database's name keeps two databases' nodes apart."""
    return f"{database}_node_{node}"
