"""Provision WebRTC clients and transports as realtime rows: the work behind ``webrtc`` and ``transport``.

A WebRTC client is the three objects of the tutorial *Configuring Asterisk for WebRTC Clients*, with one id: a ps_aors row, a ps_auths
row and a ps_endpoints row, written in one transaction. Only the options the tutorial sets
are written; every other column stays NULL, which Asterisk reads as "use the default".
``webrtc=yes`` makes Asterisk itself turn on AVPF, DTLS, ICE, rtcp-mux and bundle.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from . import credentials
from .ami.hook import changes_of
from .dbapi import Database, open_database
from .dburl import DatabaseURL
from .errors import AlreadyExistsError, AraError, NotFoundError, ValidationError
from .nodes import placement
from .nodes.names import CLIENT_NODES, NODES, check_node_name
from .validation import (
    OBJECT_TABLES, check_codecs, check_max_contacts, check_object_id, column_size, convert, decode_realtime,
    parse_assignment, refuse_double,
)

ENDPOINTS, AORS, AUTHS, CONTACTS, TRANSPORTS = "ps_endpoints", "ps_aors", "ps_auths", "ps_contacts", "ps_transports"
CLIENT_TABLES = (AORS, AUTHS, ENDPOINTS)
#: ast_bool values that mean "on": the endpoints with one of these in webrtc are WebRTC clients.
WEBRTC_TRUE_VALUES = ("yes", "true", "on", "1")
#: The ps_auths columns of a credential and what its hash covers: --set may not change them (that would
#: silently invalidate the credential), and an upsert without a password keeps them as stored.
CREDENTIAL_COLUMNS = ("username", "auth_type", "realm", "password", "md5_cred", "password_digest")
TRANSPORT_PROTOCOLS = ("wss", "ws", "udp", "tcp", "tls")
#: The aor's qualify_frequency of every client: Asterisk keeps a client's endpoint state (DEVICE_STATE, hints,
#: queues) only for a qualified aor when it reads the client after start (every client with ``conf write --load
#: on-demand``), res_pjsip/pjsip_options.c ``has_qualify_changed``; it then sends an OPTIONS to each contact this
#: often (JsSIP answers it): contacts / 300 OPTIONS a second per Asterisk. ``--set aor.qualify_frequency=N``
#: overrides it (0: no OPTIONS, and no state for clients read after start).
QUALIFY_SECONDS = 300
REALTIME_TRANSPORT_WARNING = (
    "Warning: Asterisk applies realtime transports when it first retrieves them and cannot reload "
    "them; the static [transport-wss] in pjsip.conf (asterisk-ara conf pjsip) is the recommended route.")


@dataclass
class WebrtcSettings:
    """Everything ``webrtc add`` and ``import`` may set; the defaults are those of the tutorial."""

    username: str | None = None
    context: str = "default"
    codecs: str = "opus,ulaw"
    max_contacts: int | str = 5
    remove_existing: bool = True
    realm: str | None = None
    callerid: str | None = None
    transport: str | None = None
    credential: str = credentials.DEFAULT_CREDENTIAL
    #: The Asterisk node that serves the client (asterisk-ara node); required once nodes are defined.
    node: str | None = None
    #: ``--set`` values: table -> column -> raw text ('' = NULL).
    extra: dict[str, dict[str, str]] = field(default_factory=dict)

    def add_assignments(self, assignments: Iterable[str]) -> "WebrtcSettings":
        for text in assignments:
            table, column, value = _client_assignment(text)
            self.extra.setdefault(table, {})[column] = value
        return self


def _client_assignment(text: str) -> tuple[str, str, str]:
    """A ``--set OBJECT.COLUMN=VALUE`` for one of a client's three tables."""
    table, column, value = parse_assignment(text)
    if table == TRANSPORTS:
        raise ValidationError(f"--set {text!r}: transports are managed with `asterisk-ara transport`")
    return table, column, value


@dataclass
class AddResult:
    id: str
    username: str
    credential: str
    #: Only when the password was generated: shown once, stored nowhere in plaintext (unless plaintext mode).
    generated_password: str | None
    rows: dict[str, dict[str, Any]]
    warnings: list[str] = field(default_factory=list)


def build_rows(client_id: str, password: str | None, settings: WebrtcSettings,
               overrides: dict[str, dict[str, str]] | None = None, stored_credential: dict[str, str] | None = None,
               kept_auth: dict[str, Any] | None = None, problems: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """The three rows of one WebRTC client, validated; shared by ``webrtc add`` and ``import``.

    ``overrides`` are per-row column values (CSV ``endpoint.X`` cells) on top of ``settings.extra``.
    ``stored_credential`` carries an already-hashed credential (``md5_cred`` or ``password_digest``,
    as ``export --include-secrets`` writes it) instead of a password. ``kept_auth`` is the client's
    ps_auths row as stored (``CREDENTIAL_COLUMNS``): an upsert without a password keeps it as it is.

    The first problem raises a ValidationError; with a ``problems`` list every problem of the client is added
    to it instead (a CSV row's report: all of them in one round), and the rows are then incomplete.
    """
    def found(exc: AraError) -> None:
        if problems is None:
            raise exc
        problems.append(str(exc))

    # Each check in its own try: free while nothing fails, and with ``problems`` the next check still runs.
    try:
        check_object_id(client_id, "id", _ID_SIZE)
    except AraError as exc:
        found(exc)
    aor = {"id": client_id, "remove_existing": "yes" if settings.remove_existing else "no",
           "qualify_frequency": QUALIFY_SECONDS}
    try:
        aor["max_contacts"] = check_max_contacts(settings.max_contacts)
    except AraError as exc:
        found(exc)
    auth: dict[str, Any] = {"id": client_id}
    try:
        if kept_auth is not None:
            auth = _kept_auth(client_id, settings, kept_auth)
        else:
            username = settings.username or client_id
            if username is client_id and len(client_id) <= _USERNAME_SIZE:
                pass  # already checked as the id, and short enough for ps_auths.username
            else:
                check_object_id(username, "username", _USERNAME_SIZE)
            realm = _realm(settings.realm) if settings.realm else None
            auth["username"] = username
            if stored_credential:
                auth.update(credentials.stored_credential_columns(stored_credential, realm))
            else:
                for column, value in credentials.credential_columns(settings.credential, username, password,
                                                                    realm).items():
                    if value is not None:
                        auth[column] = value
    except AraError as exc:
        found(exc)
    endpoint = {"id": client_id, "aors": client_id, "auth": client_id, "webrtc": "yes",
                "dtls_auto_generate_cert": "yes", "disallow": "all"}
    try:
        endpoint["context"] = _context(settings.context)
    except AraError as exc:
        found(exc)
    try:
        endpoint["allow"] = check_codecs(settings.codecs)
    except AraError as exc:
        found(exc)
    for name in ("callerid", "transport"):
        if getattr(settings, name):
            try:
                endpoint[name] = convert(ENDPOINTS, name, getattr(settings, name), name)
            except AraError as exc:
                found(exc)
    rows = {AORS: aor, AUTHS: auth, ENDPOINTS: endpoint}
    if settings.node:
        try:
            rows[CLIENT_NODES] = {"id": client_id, "node": _node_name(settings.node)}
        except AraError as exc:
            found(exc)
    for extra in (settings.extra, overrides) if overrides else (settings.extra,):
        for table, values in extra.items():
            obj = _object_name(table)
            for column, raw in values.items():
                try:
                    if table == AUTHS and column in CREDENTIAL_COLUMNS:
                        raise ValidationError(f"auth.{column}: set credentials with username, realm, "
                                              "credential and the password options")
                    value = convert(table, column, raw, f"{obj}.{column}")
                except AraError as exc:
                    found(exc)
                    continue
                if value is None:
                    rows[table].pop(column, None)
                else:
                    rows[table][column] = value
    return rows


def _kept_auth(client_id: str, settings: WebrtcSettings, stored: dict[str, Any]) -> dict[str, Any]:
    for name in ("username", "realm"):
        given = getattr(settings, name)
        if given is not None and given != stored[name]:
            raise ValidationError(f"{name}: {given!r} differs from the stored {stored[name]!r}; changing it "
                                  "needs the password too (the stored hash covers username and realm)")
    return {"id": client_id, **{c: stored[c] for c in CREDENTIAL_COLUMNS}}


_USERNAME_SIZE = column_size(AUTHS, "username")
_ID_SIZE = column_size(ENDPOINTS, "id")


@functools.lru_cache(maxsize=256)
def _context(value: str) -> str:
    # Cached: an import repeats the same few contexts a million times.
    context = convert(ENDPOINTS, "context", value, "context")
    if context is None:
        raise ValidationError("context: empty")
    return context


@functools.lru_cache(maxsize=256)
def _node_name(value: str) -> str:
    return check_node_name(value)


@functools.lru_cache(maxsize=256)
def _realm(value: str) -> str:
    return convert(AUTHS, "realm", value, "realm")


def _object_name(table: str) -> str:
    return next(k for k, v in OBJECT_TABLES.items() if v == table)


def _insert(db: Database, table: str, row: dict[str, Any]) -> None:
    cols = ", ".join(db.quote(c) for c in row)
    db.execute(f"INSERT INTO {table} ({cols}) VALUES ({db.placeholders(len(row))})", list(row.values()))


def require_columns(db: Database, needed: dict[str, Iterable[str]]) -> None:
    """Name what a database made elsewhere (e.g. by an old ast-db-manage) lacks, before writing."""
    for table, cols in needed.items():
        have = set(db.columns(table))
        if not have:
            raise ValidationError(f"{db.url.masked()} has no table {table}: run `asterisk-ara db upgrade` first")
        missing = sorted(set(cols) - have)
        if missing:
            raise ValidationError(f"{table} lacks column(s) {', '.join(missing)} that this command writes; "
                                  "bring the schema to ARA head (asterisk-ara db upgrade, or ast-db-manage)")


def existing_ids(db: Database, table: str, ids: list[str]) -> list[str]:
    if not ids:
        return []
    return [r[0] for r in db.query(f"SELECT id FROM {table} WHERE id IN ({db.placeholders(len(ids))})", ids)]


def add_webrtc_client(url: DatabaseURL, client_id: str, password: str | None = None,
                      settings: WebrtcSettings | None = None, allow_weak_password: bool = False) -> AddResult:
    """Create the endpoint, aor and auth of one WebRTC client in one transaction.

    With no password a strong one is generated and returned once in ``generated_password``.
    """
    settings = settings or WebrtcSettings()
    username = settings.username or client_id
    generated = None
    if password is None:
        password = generated = credentials.generate_password()
    credentials.check_password(password, username, allow_weak_password)
    rows = build_rows(client_id, password, settings)
    warnings = []
    if settings.credential == "plaintext":
        warnings.append("Warning: the password is stored in plaintext in ps_auths (credential plaintext); "
                        "md5 or digest keep only a hash.")
    with open_database(url) as db:
        require_columns(db, {t: rows[t].keys() for t in CLIENT_TABLES})
        with db.transaction():
            node = placement.check_node_choice(settings.node, placement.node_names(db))
            taken = [t for t in CLIENT_TABLES if existing_ids(db, t, [client_id])]
            if taken:
                raise AlreadyExistsError(f"id: {client_id!r} already exists (in {', '.join(taken)}); nothing was changed")
            try:
                for table in CLIENT_TABLES:
                    _insert(db, table, rows[table])
                if node is not None:
                    placement.place(db, client_id, node)
                changes_of(db).warm([client_id])  # every node loads it now, ready for a database outage
            except db.module.IntegrityError:
                # A concurrent add of the same id won the race between our check and our insert.
                raise AlreadyExistsError(f"id: {client_id!r} already exists; nothing was changed") from None
    return AddResult(client_id, username, settings.credential, generated, rows, warnings)


def _client_objects(db: Database, client_id: str) -> tuple[dict, list[str], str | None]:
    endpoint = db.fetch_by_id(ENDPOINTS, client_id)
    if endpoint is None:
        raise NotFoundError(f"id: no endpoint {client_id!r}")
    aors = [a.strip() for a in (endpoint.get("aors") or "").split(",") if a.strip()]
    return endpoint, aors, endpoint.get("auth") or None


def _public(row: dict | None, show_secrets: bool) -> dict:
    if row is None:
        return {}
    out = {}
    for key, value in row.items():
        if value is None:
            continue
        if key in credentials.SECRET_COLUMNS and not show_secrets:
            value = "***"
        out[key] = decode_realtime(value) if not isinstance(value, (int, float)) or isinstance(value, bool) else value
    return out


def show_webrtc_client(url: DatabaseURL, client_id: str, show_secrets: bool = False) -> dict[str, Any]:
    """The client's rows (NULL columns left out), its registered contacts, and its credential mode."""
    with open_database(url) as db:
        endpoint, aors, auth_id = _client_objects(db, client_id)
        aor = db.fetch_by_id(AORS, aors[0]) if aors else None
        auth = db.fetch_by_id(AUTHS, auth_id) if auth_id else None
        contacts = [
            {"id": decode_realtime(r[0]), "uri": r[1], "user_agent": r[2], "expiration_time": r[3]}
            for aor_id in aors for r in db.query(
                f"SELECT id, uri, user_agent, expiration_time FROM {CONTACTS} WHERE "
                f"SUBSTR(id, 1, {db.placeholder}) = {db.placeholder} OR SUBSTR(id, 1, {db.placeholder}) = {db.placeholder} "
                "ORDER BY id", _contact_prefix_params(aor_id))
        ]
        node = _node_summary(db, client_id)
    return {"id": client_id, "credential": credentials.credential_mode(auth or {}), **node,
            "endpoint": _public(endpoint, show_secrets), "aor": _public(aor, show_secrets),
            "auth": _public(auth, show_secrets), "contacts": contacts}


def _node_summary(db: Database, client_id: str) -> dict[str, Any]:
    """The node serving the client, where its phone connects and the phone page to open there (None on a
    database without nodes)."""
    if not placement.has_node_tables(db):
        return {"node": None, "wss_url": None, "phone_url": None}
    rows = db.query(f"SELECT n.name, n.wss_url FROM {CLIENT_NODES} c JOIN {NODES} n ON n.name = c.node "
                    f"WHERE c.id = {db.placeholder}", (client_id,))
    if not rows:
        return {"node": None, "wss_url": None, "phone_url": None}
    from .phone import client_url

    return {"node": rows[0][0], "wss_url": rows[0][1], "phone_url": client_url(rows[0][1], client_id)}


def _contact_prefix_params(aor_id: str) -> list[Any]:
    # Contact ids are "<aor>;@<hash>"; the pgsql and odbc drivers store the ';' as ^3B.
    a, b = f"{aor_id}^3B@", f"{aor_id};@"
    return [len(a), a, len(b), b]


def list_webrtc_clients(url: DatabaseURL, *, node: str | None = None, pattern: str | None = None,
                        registered: bool | None = None, limit: int | None = None,
                        offset: int = 0) -> list[dict[str, Any]]:
    """Endpoints with webrtc set, with the few columns an administrator scans for, in id order; the filters and
    the page as for ``webrtc_client_page``."""
    return webrtc_client_page(url, node=node, pattern=pattern, registered=registered, limit=limit,
                              offset=offset)[0]


def webrtc_client_page(url: DatabaseURL, *, node: str | None = None, pattern: str | None = None,
                       registered: bool | None = None, limit: int | None = None,
                       offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """The clients that match, ``limit`` of them from ``offset``, and how many match in all.

    ``node``: served by that node. ``pattern``: the id matches a shell pattern (``*`` any text, ``?`` one
    character). ``registered``: with (True) or without (False) a registration in ps_contacts that has not
    expired (not on SQLite, where Asterisk keeps registrations in its astdb)."""
    import time

    if limit is not None and int(limit) < 1:
        raise ValidationError(f"limit: {limit} is not a number of clients (1 or more)")
    if int(offset) < 0:
        raise ValidationError(f"offset: {offset} is negative")
    with open_database(url) as db:
        truthy = db.placeholders(len(WEBRTC_TRUE_VALUES))
        nodes = placement.has_node_tables(db)
        where, params = [f"e.webrtc IN ({truthy})"], list(WEBRTC_TRUE_VALUES)
        if node is not None:
            check_node_name(node)
            if not nodes or not db.query(f"SELECT 1 FROM {NODES} WHERE name = {db.placeholder}", (node,)):
                raise NotFoundError(f"node: no node {node!r} (asterisk-ara node list shows them)")
            where.append(f"n.node = {db.placeholder}")
            params.append(node)
        if pattern is not None:
            where.append(f"e.id LIKE {db.placeholder} ESCAPE '!'")
            params.append(_like(pattern))
        if registered is not None:
            if db.dialect == "sqlite":
                raise ValidationError("registered: on SQLite Asterisk keeps registrations in its own astdb, not in "
                                      "ps_contacts; ask it: asterisk -rx 'pjsip show contacts'")
            where.append(("" if registered else "NOT ") + f"EXISTS (SELECT 1 FROM {CONTACTS} c WHERE c.endpoint = e.id "
                         f"AND c.expiration_time > {db.placeholder})")
            params.append(int(time.time()))
        joins = (f"LEFT JOIN {AUTHS} a ON a.id = e.auth LEFT JOIN {AORS} o ON o.id = e.aors "
                 + (f"LEFT JOIN {CLIENT_NODES} n ON n.id = e.id " if nodes else ""))
        condition = " AND ".join(where)
        page = "" if limit is None and not offset else \
            f" LIMIT {int(limit) if limit is not None else 2 ** 62} OFFSET {int(offset)}"
        rows = db.query(
            f"SELECT e.id, a.username, e.context, e.allow, o.max_contacts, e.transport, e.callerid, "
            f"a.md5_cred, a.password_digest, a.password, {'n.node' if nodes else 'NULL'} FROM {ENDPOINTS} e {joins}"
            f"WHERE {condition} ORDER BY e.id{page}", params)
        total = len(rows) if not page else \
            db.query(f"SELECT COUNT(*) FROM {ENDPOINTS} e {joins}WHERE {condition}", params)[0][0]
    return [{"id": r[0], "username": r[1], "context": r[2], "codecs": r[3], "max_contacts": r[4],
             "transport": r[5], "callerid": decode_realtime(r[6]),
             "credential": credentials.credential_mode({"md5_cred": r[7], "password_digest": r[8], "password": r[9]}),
             "node": r[10]}
            for r in rows], int(total)


def _like(pattern: str) -> str:
    """A shell pattern on ids as a LIKE pattern escaped with '!' (the one escape character every server reads the
    same way in a literal)."""
    escaped = pattern.replace("!", "!!").replace("%", "!%").replace("_", "!_")
    return escaped.replace("*", "%").replace("?", "_")


def update_webrtc_client(url: DatabaseURL, client_id: str, *, context: str | None = None,
                         codecs: str | None = None, max_contacts: int | str | None = None,
                         remove_existing: bool | None = None, callerid: str | None = None,
                         transport: str | None = None, assignments: Iterable[str] = (),
                         node: str | None = None) -> dict[str, dict[str, Any]]:
    """Change options of an existing client in one transaction; returns table -> changed columns.

    ``node`` moves the client to that node (asterisk_ara_client_nodes -> {"node": NAME}); its registrations on
    the node it leaves are removed (no Asterisk would refresh them: the old node no longer sees the client)."""
    changes: dict[str, dict[str, Any]] = {ENDPOINTS: {}, AORS: {}, AUTHS: {}}
    if context is not None:
        changes[ENDPOINTS]["context"] = convert(ENDPOINTS, "context", context, "context")
    if codecs is not None:
        changes[ENDPOINTS].update(disallow="all", allow=check_codecs(codecs))
    if callerid is not None:
        changes[ENDPOINTS]["callerid"] = convert(ENDPOINTS, "callerid", callerid, "callerid")
    if transport is not None:
        changes[ENDPOINTS]["transport"] = convert(ENDPOINTS, "transport", transport, "transport")
    if max_contacts is not None:
        changes[AORS]["max_contacts"] = check_max_contacts(max_contacts)
    if remove_existing is not None:
        changes[AORS]["remove_existing"] = "yes" if remove_existing else "no"
    options = [k for k, v in (("context", context), ("codecs", codecs), ("max_contacts", max_contacts),
                              ("callerid", callerid), ("transport", transport)) if v is not None]
    for text in assignments:
        table, column, raw = _client_assignment(text)
        refuse_double(options, [(table, column)])
        if table == AUTHS and column in CREDENTIAL_COLUMNS:
            raise ValidationError(f"--set auth.{column}: change credentials with `asterisk-ara webrtc passwd`")
        changes[table][column] = convert(table, column, raw, f"{_object_name(table)}.{column}")
    changes = {t: c for t, c in changes.items() if c}
    if not changes and node is None:
        raise ValidationError("nothing to change: give --set or an option such as --context or --node")
    if node is not None:
        check_node_name(node)
    with open_database(url) as db:
        require_columns(db, {t: c.keys() for t, c in changes.items()})
        with db.transaction():
            _endpoint, aors, auth_id = _client_objects(db, client_id)
            if node is not None:
                moved = _move(db, client_id, aors, node)
                if moved:
                    changes[CLIENT_NODES] = {"node": node}
                    # The node it left must forget it (its cache, its calls); the new one loads it.
                    targets = {ENDPOINTS: [client_id], AORS: aors, AUTHS: [auth_id] if auth_id else []}
                    for table, ids in targets.items():
                        changes_of(db).objects(table, ids)
                    changes_of(db).end_calls([client_id])
            targets = {ENDPOINTS: [client_id], AORS: aors, AUTHS: [auth_id] if auth_id else []}
            for table, cols in changes.items():
                if table == CLIENT_NODES:
                    continue
                if not targets[table]:
                    raise NotFoundError(f"id: endpoint {client_id!r} has no {_object_name(table)}")
                assign = ", ".join(f"{db.quote(c)} = {db.placeholder}" for c in cols)
                for object_id in targets[table]:
                    db.execute(f"UPDATE {table} SET {assign} WHERE id = {db.placeholder}", [*cols.values(), object_id])
                changes_of(db).objects(table, targets[table])
            changes_of(db).warm([client_id])
    return changes


def _move(db: Database, client_id: str, aors: list[str], node: str) -> bool:
    """Put the client on ``node``; False when it is there already."""
    names = placement.node_names(db)
    if node not in names:
        raise placement.unknown_node_error(node, names)
    old = placement.node_of(db, client_id)
    if old == node:
        return False
    placement.place(db, client_id, node)
    systemname = placement.systemname_of(db, old) if old else None
    if systemname:
        ph = db.placeholder
        for aor_id in aors:
            db.execute(f"DELETE FROM {CONTACTS} WHERE reg_server = {ph} AND (SUBSTR(id, 1, {ph}) = {ph} OR "
                       f"SUBSTR(id, 1, {ph}) = {ph})", [systemname, *_contact_prefix_params(aor_id)])
    return True


def set_password(url: DatabaseURL, client_id: str, password: str | None = None, credential: str | None = None,
                 allow_weak_password: bool = False, realm: str | None = None) -> str | None:
    """Replace the client's credential (optionally with a new realm); returns a generated password (shown once)."""
    generated = None
    if password is None:
        password = generated = credentials.generate_password()
    with open_database(url) as db:
        with db.transaction():
            _endpoint, _aors, auth_id = _client_objects(db, client_id)
            auth = db.fetch_by_id(AUTHS, auth_id) if auth_id else None
            if auth is None:
                raise NotFoundError(f"id: endpoint {client_id!r} has no auth")
            username = auth.get("username") or auth_id
            credentials.check_password(password, username, allow_weak_password)
            mode = credential or credentials.credential_mode(auth) or credentials.DEFAULT_CREDENTIAL
            realm = _realm(realm) if realm else auth.get("realm")
            cols = credentials.credential_columns(mode, username, password, realm)
            assign = ", ".join(f"{db.quote(c)} = {db.placeholder}" for c in cols)
            db.execute(f"UPDATE {AUTHS} SET {assign} WHERE id = {db.placeholder}", [*cols.values(), auth_id])
            changes_of(db).objects(AUTHS, [auth_id])
            changes_of(db).warm([client_id])
    return generated


def _referenced_elsewhere(db: Database, column: str, object_id: str, client_id: str) -> bool:
    for other_id, value in db.query(f"SELECT id, {column} FROM {ENDPOINTS} WHERE id <> {db.placeholder}", (client_id,)):
        if object_id in [v.strip() for v in (value or "").split(",")]:
            return True
    return False


def remove_webrtc_client(url: DatabaseURL, client_id: str) -> dict[str, int]:
    """Delete the endpoint, its aor(s) and auth when no other endpoint uses them, and the aors' contacts."""
    removed = {ENDPOINTS: 0, AORS: 0, AUTHS: 0, CONTACTS: 0}
    with open_database(url) as db:
        with db.transaction():
            _endpoint, aors, auth_id = _client_objects(db, client_id)
            # The aor and auth a client was created with share its id: removed too even when
            # `--set endpoint.aors=` or `endpoint.auth=` has since unlinked them (unless another endpoint uses them).
            aors = aors + [client_id] * (client_id not in aors)
            auth_ids = [a for a in dict.fromkeys([auth_id, client_id]) if a]
            ph = db.placeholder
            changed = changes_of(db)
            removed[ENDPOINTS] = db.execute(f"DELETE FROM {ENDPOINTS} WHERE id = {ph}", (client_id,)).rowcount
            changed.objects(ENDPOINTS, [client_id])
            gone_aors = []
            for aor_id in aors:
                if _referenced_elsewhere(db, "aors", aor_id, client_id):
                    continue
                removed[AORS] += db.execute(f"DELETE FROM {AORS} WHERE id = {ph}", (aor_id,)).rowcount
                removed[CONTACTS] += db.execute(
                    f"DELETE FROM {CONTACTS} WHERE SUBSTR(id, 1, {ph}) = {ph} OR SUBSTR(id, 1, {ph}) = {ph}",
                    _contact_prefix_params(aor_id)).rowcount
                gone_aors.append(aor_id)
            changed.objects(AORS, gone_aors)
            for auth_id in auth_ids:
                if not _referenced_elsewhere(db, "auth", auth_id, client_id):
                    removed[AUTHS] += db.execute(f"DELETE FROM {AUTHS} WHERE id = {ph}", (auth_id,)).rowcount
                    changed.objects(AUTHS, [auth_id])
            changed.end_calls([client_id])  # its calls end on every node
            placement.place(db, client_id, None)
    return removed


# --- transports -----------------------------------------------------------------------------

def add_transport(url: DatabaseURL, transport_id: str, protocol: str, bind: str = "0.0.0.0",
                  assignments: Iterable[str] = ()) -> dict[str, Any]:
    """Write one ps_transports row (e.g. the WSS transport) and return it."""
    check_object_id(transport_id, "id", column_size(TRANSPORTS, "id"))
    if protocol not in TRANSPORT_PROTOCOLS:
        raise ValidationError(f"protocol: {protocol!r} is not one of {', '.join(TRANSPORT_PROTOCOLS)}")
    row: dict[str, Any] = {"id": transport_id, "protocol": protocol, "bind": convert(TRANSPORTS, "bind", bind, "bind")}
    for text in assignments:
        _table, column, raw = parse_assignment(text, default_object="transport")
        if _table != TRANSPORTS:
            raise ValidationError(f"--set {text!r}: a transport takes plain COLUMN=VALUE")
        refuse_double(["protocol", "bind"], [(TRANSPORTS, column)])
        row[column] = convert(TRANSPORTS, column, raw, column)
    row = {k: v for k, v in row.items() if v is not None}
    with open_database(url) as db:
        require_columns(db, {TRANSPORTS: row.keys()})
        with db.transaction():
            if existing_ids(db, TRANSPORTS, [transport_id]):
                raise AlreadyExistsError(f"id: transport {transport_id!r} already exists; nothing was changed")
            try:
                _insert(db, TRANSPORTS, row)
            except db.module.IntegrityError:
                raise AlreadyExistsError(f"id: transport {transport_id!r} already exists; nothing was changed") from None
    return row


def list_transports(url: DatabaseURL) -> list[dict[str, Any]]:
    with open_database(url) as db:
        cur = db.execute(f"SELECT * FROM {TRANSPORTS} ORDER BY id")
        names = [d[0] for d in cur.description]
        return [{k: v for k, v in zip(names, r) if v is not None} for r in cur.fetchall()]


def remove_transport(url: DatabaseURL, transport_id: str) -> None:
    with open_database(url) as db:
        with db.transaction():
            if not db.execute(f"DELETE FROM {TRANSPORTS} WHERE id = {db.placeholder}", (transport_id,)).rowcount:
                raise NotFoundError(f"id: no transport {transport_id!r}")
