"""The ``node`` commands as plain functions: add, update, list, show, check, refresh, spread, remove.

A node is a row of asterisk_ara_nodes plus its share (``share``: the views one Asterisk reads) and, unless
``login=False``, its own database login. ``node add`` makes all three, ``node remove`` takes all three away;
on failure neither leaves anything behind (PostgreSQL in one transaction; MariaDB/MySQL, where DDL commits
at once, by undoing what was made).
"""
from __future__ import annotations

import contextlib
import dataclasses
import re
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit

from .. import credentials
from ..dbapi import Database, connect, first_line, open_database
from ..dburl import DatabaseURL
from ..errors import AlreadyExistsError, AraError, DatabaseError, NotFoundError, UsageError, ValidationError
from . import share as shares
from . import trunks
from .names import (
    CLIENT_NODES, LOGIN_LIMITS, NODES, check_identifier, check_node_name, default_login, default_share,
)
from ..validation import control_characters, shown
from .placement import Spreader, has_node_tables, node_counts
from .trunks import DEFAULT_SIP_PORT

LOGIN_PASSWORD_LENGTH = 32
#: Our columns of asterisk_ara_nodes, as _row reads them (the SIP ones from revision 0004 on).
_COLUMNS = ("name", "systemname", "wss_url", "share", "login", "login_password")
_SIP_COLUMNS = ("sip_host", "sip_port")
#: What a node login's password may hold: Asterisk writes it into a libpq connection string without quoting
#: (res_config_pgsql) and into res_odbc.conf, where ';' starts a comment.
_LOGIN_PASSWORD = re.compile(r"[A-Za-z0-9._~+=@%^*!-]{16,128}")


@dataclass
class Node:
    name: str
    systemname: str
    wss_url: str | None
    share: str
    login: str | None
    clients: int = 0
    #: Where the other nodes send this node's calls, HOST:PORT (None: it takes no part in calls between nodes).
    sip: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def sip_address(host: str | None, port: int | None) -> str | None:
    """HOST:PORT as a URI writes it ([v6]:port for IPv6); None without a host."""
    if not host:
        return None
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def check_sip(value: str | None) -> tuple[str, int] | None:
    """``--sip HOST[:PORT]`` ([v6]:port for IPv6; port 5060 when left out); None or "" for none."""
    if value is None or value == "":
        return None
    from ..callconf import parse_server

    return parse_server(value, "sip", DEFAULT_SIP_PORT)


@dataclass
class NodeLogin:
    """What a node's Asterisk needs to reach its share (``conf write --node``), and its SIP address for calls
    between nodes (host, port) or None."""

    node: Node
    user: str | None
    password: str | None
    sip: tuple[str, int] | None = None


def _require_server(db: Database) -> None:
    if db.dialect == "sqlite":
        raise UsageError("nodes need PostgreSQL or MariaDB/MySQL: several Asterisks cannot share a SQLite file")
    if not has_node_tables(db):
        raise UsageError(f"{db.url.masked()} has no node tables yet; run asterisk-ara db upgrade")


def check_wss_url(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    try:
        parts = urlsplit(value)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:  # an unclosed "[::1", a port that is no number or out of range
        parts, port_ok = None, False
    if parts is None or not port_ok or parts.scheme not in ("wss", "ws") or not parts.hostname or len(value) > 255 \
            or any(c.isspace() for c in value) or control_characters(value):
        raise ValidationError(f"wss-url: {shown(value)} is not a WebSocket URL like wss://pbx1.example.com:8089/ws")
    return value


def check_login_password(value: str) -> str:
    if not _LOGIN_PASSWORD.fullmatch(value):
        raise ValidationError("login password: 16 to 128 letters, digits or ._~+=@%^*!- (Asterisk writes it into "
                              "its driver's connection string unquoted); leave it out to have one generated")
    return value


def _columns(db: Database) -> tuple[str, ...]:
    """What _row reads: the SIP columns only where revision 0004 made them (an older schema reads without)."""
    return _COLUMNS + (_SIP_COLUMNS if "sip_host" in db.columns(NODES) else ())


def _row(db: Database, name: str) -> dict[str, Any]:
    columns = _columns(db)
    rows = db.query(f"SELECT {', '.join(columns)} FROM {NODES} WHERE name = {db.placeholder}", (name,))
    if not rows:
        known = [r[0] for r in db.query(f"SELECT name FROM {NODES} ORDER BY name")]
        raise NotFoundError(f"node: no node {name!r}" + (f" (known: {', '.join(known[:5])})" if known else
                                                          " (none is defined)"))
    return {"sip_host": None, "sip_port": None, **dict(zip(columns, rows[0]))}


def _node(row: dict[str, Any], clients: int = 0) -> Node:
    return Node(row["name"], row["systemname"], row["wss_url"], row["share"], row["login"], clients,
                sip_address(row.get("sip_host"), row.get("sip_port")))


def _require_sip_columns(db: Database) -> None:
    if "sip_host" not in db.columns(NODES):
        raise UsageError(f"{db.url.masked()} has no column for the nodes' SIP addresses yet; run asterisk-ara db "
                         "upgrade")


def _sip_columns(sip: tuple[str, int] | None) -> dict[str, Any]:
    return {"sip_host": sip[0], "sip_port": sip[1]} if sip else {"sip_host": None, "sip_port": None}


def _privilege_error(db: Database, exc: BaseException, doing: str) -> DatabaseError:
    """One line naming what the tool's account lacks, and how to grant it."""
    user = db.url.username or "this account"
    text = first_line(exc)
    # PostgreSQL names the failure by SQLSTATE; MariaDB/MySQL by its error number (its SQLSTATE, 42000, is
    # shared by syntax errors and refusals alike).
    code = getattr(exc, "sqlstate", None) if db.dialect == "postgresql" else \
        (exc.args[0] if getattr(exc, "args", None) else None)
    if db.dialect == "postgresql" and code == "42501":
        if "role" in text:
            fix = f"ALTER ROLE {user} CREATEROLE (as a superuser), or add the node with --no-login"
        else:
            fix = f"GRANT CREATE ON DATABASE {db.url.database} TO {user}"
        return DatabaseError(f"{doing}: {text}; the account {user} needs that right: {fix}")
    if db.dialect == "mysql" and code in (1044, 1045, 1142, 1227, 1410):
        fix = (f"GRANT CREATE, CREATE VIEW, DROP ON *.* TO '{user}'@'%', GRANT CREATE USER ON *.* TO '{user}'@'%' "
               "and WITH GRANT OPTION on the node databases, or add the node with --no-login")
        return DatabaseError(f"{doing}: {text}; the account {user} needs the rights to make it ({fix})")
    return DatabaseError(f"{doing}: {text}")


def add_node(url: DatabaseURL, name: str, wss_url: str | None = None, systemname: str | None = None,
             login: bool = True, login_password: str | None = None, share: str | None = None,
             login_name: str | None = None, sip: str | None = None) -> tuple[Node, bool]:
    """Define a node: its row, its share of views and its own login. Returns (node, whether the login's
    password was generated); the password itself is never returned, only written into the node's files.

    ``sip``: HOST[:PORT] where the other nodes send this node's calls (calls between nodes, nodes.trunks)."""
    name = check_node_name(name)
    systemname = check_node_name(systemname or name, "systemname")
    wss_url = check_wss_url(wss_url)
    sip_parts = check_sip(sip)
    generated = False
    if login_password is not None:
        if not login:
            raise UsageError("--login-password-*: given with --no-login")
        check_login_password(login_password)
    elif login:
        login_password, generated = credentials.generate_password(LOGIN_PASSWORD_LENGTH), True
    with open_database(url) as db:
        _require_server(db)
        database = db.url.database or ""
        share = check_identifier(share or default_share(db.dialect, database, name), "share", db.dialect,
                                 unquoted=True)
        user = None
        if login:
            user = check_identifier(login_name or default_login(database, name), "login", db.dialect, LOGIN_LIMITS)
        ph = db.placeholder
        if db.query(f"SELECT 1 FROM {NODES} WHERE name = {ph}", (name,)):
            raise AlreadyExistsError(f"node: {name!r} already exists; nothing was changed")
        if db.query(f"SELECT name FROM {NODES} WHERE systemname = {ph}", (systemname,)):
            raise AlreadyExistsError(f"systemname: {systemname!r} is taken by another node; each node's Asterisk needs "
                                     "its own (it tells the nodes' registrations apart); nothing was changed")
        if shares.share_exists(db, share):
            raise AlreadyExistsError(f"share: a {'schema' if db.dialect == 'postgresql' else 'database'} {share!r} "
                                     "exists already; choose another with --share; nothing was changed")
        if user and shares.login_exists(db, user):
            raise AlreadyExistsError(f"login: {user!r} exists already on the server; choose another with "
                                     "--login-name or drop it; nothing was changed")
        row = {"name": name, "systemname": systemname, "wss_url": wss_url, "share": share, "login": user,
               "login_password": login_password if login else None}
        if sip_parts is not None:
            _require_sip_columns(db)
            row.update(_sip_columns(sip_parts))
        made: list[str] = []
        try:
            with db.transaction():
                db.execute(f"INSERT INTO {NODES} ({', '.join(row)}) VALUES ({db.placeholders(len(row))})",
                           list(row.values()))
                made.append("row")
                shares.create_share(db, name, systemname, share, user, login_password, made)
                if sip_parts is not None:
                    trunks.link(db, name)
        except (AraError, db.module.Error) as exc:
            if db.dialect == "mysql":  # DDL committed as it ran: take back what this call made, nothing else
                _undo_share(db, name if "row" in made else None, share if "share" in made else None,
                            user if "login" in made else None)
            cause = exc.__cause__ or exc.__context__ or exc
            if isinstance(exc, AlreadyExistsError) or _duplicate(db, cause):
                raise AlreadyExistsError(f"node add {name}: another command made the node {name!r}, its share "
                                         f"{share!r} or its login at the same time; nothing was changed by this one "
                                         "(asterisk-ara node show NAME tells what is there)") from None
            if not isinstance(exc, (DatabaseError, db.module.Error)):
                raise
            raise _privilege_error(db, cause if isinstance(cause, db.module.Error) else exc,
                                   f"node add {name}") from None
    return _node(row), generated


def update_node(url: "DatabaseURL | Database", name: str, *, sip: str | None = None, no_sip: bool = False,
                wss_url: str | None = None) -> dict[str, Any]:
    """Change where the other nodes send a node's calls (``sip``, HOST[:PORT]; ``no_sip``: none, so it takes no
    part in calls between nodes) or where its phones connect (``wss_url``). Returns the columns changed.

    The trunks between the node and the others change in the same transaction (nodes.trunks): nothing to rewrite on
    the other nodes, which look their trunk up by id at its next call; those with a memory cache (``conf write
    --cache``) are told over AMI to expire it. The node's own files name its address in their transport: write
    them again (``conf write --node NAME``) and restart it."""
    if sip is not None and no_sip:
        raise UsageError("--sip and --no-sip: give one")
    sip_parts = check_sip(sip)
    wss_url = check_wss_url(wss_url) if wss_url is not None else None
    if sip_parts is None and not no_sip and wss_url is None:
        raise UsageError("nothing to change: give --sip HOST[:PORT], --no-sip or --wss-url URL")
    with open_database(url) as db:
        _require_server(db)
        row = _row(db, name)
        changes: dict[str, Any] = {}
        if wss_url is not None and wss_url != row["wss_url"]:
            changes["wss_url"] = wss_url
        if sip_parts is not None or no_sip:
            _require_sip_columns(db)
            changes.update({k: v for k, v in _sip_columns(sip_parts).items() if v != row[k]})
        if not changes:
            return {}
        with db.transaction():
            db.execute(f"UPDATE {NODES} SET {', '.join(f'{k} = {db.placeholder}' for k in changes)} "
                       f"WHERE name = {db.placeholder}", [*changes.values(), name])
            if "sip_host" in changes or "sip_port" in changes:
                if not row["sip_host"]:
                    changed = trunks.link(db, name)
                elif no_sip:
                    changed = trunks.unlink(db, name)
                else:
                    changed = trunks.readdress(db, name, *sip_parts)
                _forget_trunks(db, changed)
    return changes


def _forget_trunks(db: Database, ids: list[str]) -> None:
    """Nodes that cache (conf write --cache) forget these trunks' objects once this commits (AMI)."""
    from ..ami.hook import changes_of

    noted = changes_of(db)
    for table in trunks.TABLES:
        noted.objects(table, ids)


def _duplicate(db: Database, exc: BaseException) -> bool:
    """A name taken meanwhile: the row (unique violation), the schema or database, or the login."""
    if db.dialect == "postgresql":  # unique_violation, duplicate_schema, duplicate_object
        return getattr(exc, "sqlstate", None) in ("23505", "42P06", "42710")
    code = exc.args[0] if getattr(exc, "args", None) else None
    return code in (1062, 1007, 1396)  # duplicate entry, database exists, CREATE USER failed (exists)


def _undo_share(db: Database, name: str | None, share: str | None, login: str | None) -> None:
    """MariaDB/MySQL: remove what this call made (``None``: it did not make that), never another's."""
    with contextlib.suppress(Exception):
        db.conn.rollback()
    if share or login:
        with contextlib.suppress(Exception):
            if share:
                shares.drop_share(db, share, login)
            else:
                db.execute(f"DROP USER IF EXISTS {shares.mysql_account(login)}")
    if name:
        with contextlib.suppress(Exception):
            db.execute(f"DELETE FROM {NODES} WHERE name = {db.placeholder}", (name,))
            db.conn.commit()


def list_nodes(url: "DatabaseURL | Database") -> list[Node]:
    with open_database(url) as db:
        if not has_node_tables(db):
            return []
        counts = node_counts(db)
        columns = [c for c in _columns(db) if c != "login_password"]
        rows = [{"sip_host": None, "sip_port": None, **dict(zip(columns, r))}
                for r in db.query(f"SELECT {', '.join(columns)} FROM {NODES} ORDER BY name")]
    return [_node(row, counts.get(row["name"], 0)) for row in rows]


def show_node(url: "DatabaseURL | Database", name: str) -> dict[str, Any]:
    """The node, its client count, and whether its share and login exist on the server."""
    with open_database(url) as db:
        _require_server(db)
        row = _row(db, name)
        clients = node_counts(db).get(name, 0)
        node = _node(row, clients)
        return {**node.as_dict(), "share_exists": shares.share_exists(db, row["share"]),
                "login_exists": bool(row["login"]) and shares.login_exists(db, row["login"])}


def node_login(url: "DatabaseURL | Database", name: str) -> NodeLogin:
    with open_database(url) as db:
        _require_server(db)
        row = _row(db, name)
    sip = (row["sip_host"], int(row["sip_port"])) if row["sip_host"] else None
    return NodeLogin(_node(row), row["login"], row["login_password"], sip)


def check_node(url: DatabaseURL, name: str) -> list[str]:
    """Connect as the node's Asterisk will and read each of its views: one line per problem (empty: fine)."""
    with open_database(url) as db:
        _require_server(db)
        row = _row(db, name)
        calls = "sip_host" in db.columns(NODES)  # revision 0004: the share shows every client's node too
    target = NodeLogin(_node(row), row["login"], row["login_password"])
    node = target.node
    fix = f"asterisk-ara node refresh {name}"
    as_node = url if target.user is None else dataclasses.replace(url, username=target.user,
                                                                  password=target.password)
    if url.dialect == "mysql":  # the node's login may use its own database only
        as_node = dataclasses.replace(as_node, database=node.share)
    try:
        db = connect(as_node)
    except DatabaseError as exc:
        return [f"node {name}: the login {target.user or url.username} cannot connect ({exc}); {fix}"]
    problems = []
    views = shares.PS_TABLES + (shares.OWN_VIEWS if calls else ())
    try:
        for table in views:
            # As the node's Asterisk names them: res_config_pgsql unquoted (PostgreSQL folds that to lower case).
            name_as_sent = f"{node.share}.{table}" if db.dialect == "postgresql" else \
                f"{shares.quote(db.dialect, node.share)}.{shares.quote(db.dialect, table)}"
            try:
                db.query(f"SELECT id FROM {name_as_sent} WHERE 1 = 0")
            except db.module.Error as exc:
                problems.append(f"node {name}: the login {target.user or url.username} cannot read "
                                f"{node.share}.{table} ({first_line(exc)}); {fix}")
                if db.dialect == "postgresql":
                    db.conn.rollback()
    finally:
        db.close()
    return problems


def refresh_node(url: DatabaseURL, name: str | None = None) -> list[str]:
    """Make the views again for one node or all (after ``db upgrade`` changed the ARA tables), any missing login,
    and the trunks between the nodes (calls between nodes) where a row went missing or an address is stale."""
    with open_database(url) as db:
        _require_server(db)
        names = [name] if name else [r[0] for r in db.query(f"SELECT name FROM {NODES} ORDER BY name")]
        for each in names:
            row = _row(db, each)
            try:
                with db.transaction():
                    if not shares.share_exists(db, row["share"]):
                        shares.create_share(db, each, row["systemname"], row["share"], None, None)
                        if row["login"] and shares.login_exists(db, row["login"]):
                            shares.grant(db, row["share"], row["login"])  # its rights went with the lost share
                    else:
                        shares.replace_views(db, each, row["systemname"], row["share"], row["login"])
                    if row["login"] and not shares.login_exists(db, row["login"]):
                        shares.create_login(db, row["share"], row["login"], row["login_password"])
                    if "sip_host" in db.columns(NODES):  # its trunks to the other nodes and theirs to it, whole
                        _forget_trunks(db, trunks.repair(db, each))
            except (DatabaseError, db.module.Error) as exc:
                cause = exc.__cause__ or exc.__context__ or exc
                raise _privilege_error(db, cause if isinstance(cause, db.module.Error) else exc,
                                       f"node refresh {each}") from None
    return names


def spread_clients(url: DatabaseURL) -> dict[str, int]:
    """Place every endpoint that is on no node, evenly; returns node -> clients placed."""
    with open_database(url) as db:
        _require_server(db)
        with db.transaction():
            counts = node_counts(db)
            pick = Spreader(counts)
            ids = [r[0] for r in db.query(
                f"SELECT e.id FROM ps_endpoints e LEFT JOIN {CLIENT_NODES} c ON c.id = e.id WHERE c.id IS NULL "
                "ORDER BY e.id")]
            placed: dict[str, int] = {}
            rows = []
            for client_id in ids:
                node = pick()
                placed[node] = placed.get(node, 0) + 1
                rows.append((client_id, node))
            for start in range(0, len(rows), 5000):
                db.executemany(f"INSERT INTO {CLIENT_NODES} (id, node) VALUES ({db.placeholders(2)})",
                               rows[start:start + 5000])
    return placed


def remove_node(url: DatabaseURL, name: str, move_to: str | None = None) -> dict[str, Any]:
    """Remove a node: its share, its login and its row; its clients go to ``move_to`` (refused without it)."""
    with open_database(url) as db:
        _require_server(db)
        row = _row(db, name)
        if move_to == name:
            raise UsageError(f"--move-to: {name!r} is the node being removed")
        ph = db.placeholder
        clients = node_counts(db).get(name, 0)
        if clients and move_to is None:
            raise UsageError(f"node {name} serves {clients} client(s); move them with --move-to NODE "
                             "(their phones then connect to that node); nothing was changed")
        if move_to is not None:
            _row(db, move_to)
        if shares.share_exists(db, row["share"]):  # before anything changes: MariaDB drops the share after the commit
            shares.refuse_foreign_objects_in(db, row["share"], f"node remove {name}")
        try:
            with db.transaction():
                if row["sip_host"]:  # its trunks, and the other nodes' trunks to it
                    _forget_trunks(db, trunks.unlink(db, name))
                moved = db.execute(f"UPDATE {CLIENT_NODES} SET node = {ph} WHERE node = {ph}", (move_to, name)).rowcount \
                    if clients else 0
                # Registrations the removed node's Asterisk made: no node will ever refresh or remove them.
                contacts = db.execute(f"DELETE FROM ps_contacts WHERE reg_server = {ph}", (row["systemname"],)).rowcount
                db.execute(f"DELETE FROM {NODES} WHERE name = {ph}", (name,))
                if db.dialect == "postgresql":  # transactional: all of it or nothing
                    shares.drop_share(db, row["share"], row["login"])
            if db.dialect == "mysql":  # after the commit: a failure here leaves only an unused share behind
                shares.drop_share(db, row["share"], row["login"])
        except (DatabaseError, db.module.Error) as exc:
            cause = exc.__cause__ or exc.__context__ or exc
            raise _privilege_error(db, cause if isinstance(cause, db.module.Error) else exc,
                                   f"node remove {name}") from None
    return {"node": name, "moved": moved, "moved_to": move_to, "contacts_removed": contacts}
