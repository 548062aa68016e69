"""Validate values against the schema (via the generated catalog) and Asterisk's own rules.

Every error is one line naming the field and the value; callers add a FILE:LINE prefix for CSV.
"""
from __future__ import annotations

import difflib
import functools
import re
from typing import Any

from .catalog import ENUMS, TABLES
from .errors import ValidationError

#: Short names used in ``--set`` options and CSV headers.
OBJECT_TABLES = {"endpoint": "ps_endpoints", "aor": "ps_aors", "auth": "ps_auths", "transport": "ps_transports"}

_INT_RANGE = {"integer": (-2**31, 2**31 - 1), "bigint": (-2**63, 2**63 - 1)}
_TRUE = {"1", "yes", "true", "on", "y"}
_FALSE = {"0", "no", "false", "off", "n"}

#: Codec names Asterisk's format registry knows (codecs.conf / format_cap names), plus "all".
KNOWN_CODECS = frozenset("""
all ulaw alaw gsm g726 g726aal2 adpcm slin slin12 slin16 slin24 slin32 slin44 slin48 slin96 slin192
lpc10 g729 speex speex16 speex32 ilbc g722 siren7 siren14 testlaw g719 opus codec2 silk silk8 silk12
silk16 silk24 jpeg png h261 h263 h263p h264 h265 mpeg4 vp8 vp9 red t140 t38
""".split())

_ID_ALLOWED = re.compile(r"^[A-Za-z0-9._+-]+$")
_ID_WHY = {";": "';' separates values in realtime rows", "@": "'@' separates user and host in SIP URIs",
           ":": "':' separates user and password in SIP URIs", " ": "spaces are not allowed in SIP user names"}


def shown(value: Any, limit: int = 60) -> str:
    """A value as it appears in an error message: quoted, and cut short when long."""
    text = str(value)
    return repr(text if len(text) <= limit else text[:10] + "...")


_COLUMNS = {table: {c[0]: c for c in cols} for table, cols in TABLES.items()}


def _columns(table: str) -> dict[str, tuple]:
    return _COLUMNS[table]


def column_names(table: str) -> list[str]:
    return [c[0] for c in TABLES[table]]


def column_size(table: str, column: str) -> int | None:
    return _columns(table)[column][2]


def enum_values(table: str, column: str) -> tuple[str, ...] | None:
    _, kind, size, _ = _columns(table)[column]
    return ENUMS[size] if kind == "enum" else None


def encode_realtime(value: str) -> str:
    """Asterisk's realtime drivers split values on ';' and decode ^XX: store ';' as ^3B, '^' as ^5E."""
    return value.replace("^", "^5E").replace(";", "^3B") if ("^" in value or ";" in value) else value


def decode_realtime(value: Any) -> Any:
    return value.replace("^3B", ";").replace("^5E", "^") if isinstance(value, str) and "^" in value else value


def convert(table: str, column: str, raw: Any, field: str | None = None) -> Any:
    """The database value for ``raw`` in ``table.column``; '' or None means NULL (Asterisk's default)."""
    field = field or column
    cols = _columns(table)
    if column not in cols:
        raise ValidationError(unknown_column_message(table, column, field))
    _, kind, size, nullable = cols[column]
    if raw is None or (isinstance(raw, str) and raw == ""):
        if not nullable:
            raise ValidationError(f"{field}: a value is required")
        return None
    if not isinstance(raw, str):
        raw = str(raw)
    if kind == "enum":
        values = ENUMS[size]
        if raw in values:
            return raw
        folded = {v.lower(): v for v in values}
        if raw.lower() in folded:
            return folded[raw.lower()]
        raise ValidationError(f"{field}: {shown(raw)} is not one of {', '.join(values)}")
    if kind in _INT_RANGE:
        try:
            number = int(raw.strip())
        except ValueError:
            raise ValidationError(f"{field}: {shown(raw)} is not a whole number") from None
        lo, hi = _INT_RANGE[kind]
        if not lo <= number <= hi:
            raise ValidationError(f"{field}: {shown(raw)} is out of range")
        return number
    if kind == "float" or kind.startswith("numeric"):
        try:
            return float(raw.strip())
        except ValueError:
            raise ValidationError(f"{field}: {shown(raw)} is not a number") from None
    if kind == "boolean":
        low = raw.strip().lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise ValidationError(f"{field}: {shown(raw)} is not yes or no")
    value = encode_realtime(raw)
    if kind == "varchar" and len(value) > size:
        how = " once ; and ^ are encoded (as ^3B, ^5E)" if len(raw) <= size else ""
        raise ValidationError(f"{field}: {shown(raw)} is longer than {size} characters{how}")
    return value


def unknown_column_message(table: str, column: str, field: str) -> str:
    names = column_names(table)
    close = difflib.get_close_matches(column, names, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return f"{field}: {table} has no column {column!r}{hint}"


def parse_assignment(text: str, default_object: str | None = None) -> tuple[str, str, str]:
    """``OBJECT.COLUMN=VALUE`` (or ``COLUMN=VALUE`` with a default object) -> (table, column, value)."""
    key, sep, value = text.partition("=")
    if not sep:
        raise ValidationError(f"--set: {text!r} is not COLUMN=VALUE")
    obj, dot, column = key.strip().partition(".")
    if not dot:
        if default_object is None:
            raise ValidationError(f"--set: {key!r} needs an object prefix: endpoint.{key}, aor.{key} or auth.{key}")
        obj, column = default_object, obj
    if obj not in OBJECT_TABLES:
        raise ValidationError(f"--set: {obj!r} is not one of {', '.join(OBJECT_TABLES)}")
    table = OBJECT_TABLES[obj]
    if column not in _columns(table):
        raise ValidationError(unknown_column_message(table, column, f"--set {obj}.{column}"))
    if column == "id":
        raise ValidationError(f"--set {obj}.id: the id is the object's name; give it as the ID argument")
    return table, column, value


def check_object_id(value: str, field: str = "id", max_length: int = 255) -> str:
    if value and len(value) <= max_length and _ID_ALLOWED.match(value):
        return value  # the common case, checked with one regex match
    if not value:
        raise ValidationError(f"{field}: empty")
    for ch, why in _ID_WHY.items():
        if ch in value:
            raise ValidationError(f"{field}: {shown(value)} contains {ch!r}: {why}")
    if not _ID_ALLOWED.match(value):
        bad = sorted({c for c in value if not re.match(r"[A-Za-z0-9._+-]", c)})
        raise ValidationError(f"{field}: {shown(value)} contains {''.join(bad)!r}; use letters, digits and . _ - + only")
    raise ValidationError(f"{field}: {shown(value)} is longer than {max_length} characters")


@functools.lru_cache(maxsize=256)
def check_codecs(value: str, field: str = "codecs") -> str:
    codecs = [c.strip() for c in value.split(",")]
    if not value.strip() or any(not c for c in codecs):
        raise ValidationError(f"{field}: {shown(value)} is not a comma-separated list of codecs")
    for codec in codecs:
        if codec.lower() not in KNOWN_CODECS:
            close = difflib.get_close_matches(codec.lower(), sorted(KNOWN_CODECS), n=2)
            hint = f"; did you mean {' or '.join(close)}?" if close else ""
            raise ValidationError(f"{field}: {shown(codec)} is not a codec Asterisk knows{hint}")
    return ",".join(c.lower() for c in codecs)


@functools.lru_cache(maxsize=64)
def check_max_contacts(value: Any, field: str = "max_contacts") -> int:
    number = convert("ps_aors", "max_contacts", value, field)
    if number is None or number < 1:
        raise ValidationError(f"{field}: {shown(value)} must be at least 1 (0 makes Asterisk refuse every REGISTER with 403)")
    return number
