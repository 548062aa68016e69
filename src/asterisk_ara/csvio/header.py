"""The header row becomes a plan: which table and column each CSV column feeds."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from ..dbapi import Database
from ..errors import ValidationError
from ..nodes.names import CLIENT_NODES
from ..provisioning import (
    AORS, AUTHS, CLIENT_TABLES, CREDENTIAL_COLUMNS, ENDPOINTS, WebrtcSettings,
)
from ..validation import OBJECT_TABLES, column_names, refuse_double


#: Columns ``export`` writes that follow from others: accepted back and left unread (``phone_url`` is the page
#: of the client's node, which the ``node`` column decides).
DERIVED_COLUMNS = ("phone_url",)
#: Per-row columns with a plain name; any table column is also accepted as endpoint.X / aor.X / auth.X.
SIMPLE_COLUMNS = ("id", "password", "username", "realm", "context", "codecs", "max_contacts", "callerid",
                  "transport", "credential", "md5_cred", "password_digest", "node", *DERIVED_COLUMNS)


_SETTING_COLUMNS = ("username", "realm", "context", "codecs", "max_contacts", "callerid", "transport", "credential",
                    "node")


#: What build_rows derives itself; a CSV must not override it (it would break the client).
_DERIVED = {ENDPOINTS: {"id"}, AORS: {"id"}, AUTHS: {"id", *CREDENTIAL_COLUMNS}}


#: Columns every client row set may touch, besides CSV extras: fixed per table so COPY has one shape.
_BASE_COLUMNS = {
    AORS: ("id", "max_contacts", "remove_existing", "qualify_frequency"),
    AUTHS: ("id", *CREDENTIAL_COLUMNS),
    ENDPOINTS: ("id", "aors", "auth", "webrtc", "dtls_auto_generate_cert", "context", "disallow", "allow"),
    CLIENT_NODES: ("id", "node"),
}


@dataclass
class Plan:
    """Which columns each table gets, decided once from the header and the options."""

    header: list[str]
    extras: list[tuple[int, str, str]]           # (field index, table, column)
    settings_fields: list[tuple[int, str]]       # (field index, setting name)
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: The tables rows go to, in loading order: the client's three, then its node when the import places clients.
    tables: tuple[str, ...] = CLIENT_TABLES
    #: Tables a row may lack (an upsert row without a node keeps the client's node): loaders skip those rows.
    optional: tuple[str, ...] = ()


def make_plan(header: list[str], source: str, settings: WebrtcSettings, places: bool = False) -> Plan:
    """``places``: the import puts clients on nodes (a node column, --node or --spread)."""
    extras, settings_fields, seen = [], [], set()
    accepted = list(SIMPLE_COLUMNS) + [f"{o}.COLUMN" for o in ("endpoint", "aor", "auth")]
    for i, name in enumerate(header):
        key = name.strip()
        if key in seen:
            raise ValidationError(f"{source}:1: header: column {key!r} appears twice")
        seen.add(key)
        obj, dot, column = key.partition(".")
        if dot and obj in ("endpoint", "aor", "auth"):
            table = OBJECT_TABLES[obj]
            if column not in column_names(table):
                close = difflib.get_close_matches(column, column_names(table), n=3)
                hint = f"; did you mean {', '.join(obj + '.' + c for c in close)}?" if close else ""
                raise ValidationError(f"{source}:1: header: {table} has no column {column!r}{hint}")
            if column in _DERIVED[table]:
                raise ValidationError(f"{source}:1: header: {key} is derived from id, username, realm and the "
                                      "credential; use those columns instead")
            extras.append((i, table, column))
        elif key in _SETTING_COLUMNS:
            settings_fields.append((i, key))
        elif key not in SIMPLE_COLUMNS:
            close = difflib.get_close_matches(key, SIMPLE_COLUMNS, n=2)
            hint = f" (did you mean {' or '.join(close)}?)" if close else ""
            raise ValidationError(f"{source}:1: header: unknown column {key!r}{hint}; accepted: {', '.join(accepted)}")
    if "id" not in seen:
        raise ValidationError(f"{source}:1: header: the id column is required")
    try:
        refuse_double([n for _, n in settings_fields], [(t, c) for _, t, c in extras], "header:")
    except ValidationError as exc:
        raise ValidationError(f"{source}:1: {exc}") from None

    plan = Plan([h.strip() for h in header], extras, settings_fields)
    names = set(plan.header)
    if places or "node" in names or settings.node:
        plan.tables = (*CLIENT_TABLES, CLIENT_NODES)
        plan.optional = (CLIENT_NODES,)  # e.g. an upsert row without a node: the client keeps its node
    for table, base in _BASE_COLUMNS.items():
        if table not in plan.tables:
            continue
        cols = list(base)
        if table == ENDPOINTS:
            cols += [c for c in ("callerid", "transport") if c in names or getattr(settings, c)]
        cols += [c for _, t, c in extras if t == table and c not in cols]
        cols += [c for c in settings.extra.get(table, {}) if c not in cols]
        plan.columns[table] = tuple(cols)
    return plan


def column_list(db: Database, cols: tuple[str, ...]) -> str:
    return ", ".join(db.quote(c) for c in cols)
