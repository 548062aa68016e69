"""Validate values against the schema (via the generated catalog) and Asterisk's own rules.

Every error is one line naming the field and the value; callers add a FILE:LINE prefix for CSV.
"""
from __future__ import annotations

import difflib
import functools
import math
import re
from typing import Any

from .catalog import ENUMS, TABLES
from .credformat import check_md5_cred, check_password_digest
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
    rule = COLUMN_RULES.get((table, column))
    if raw is None or (isinstance(raw, str) and raw == ""):
        if not nullable:
            raise ValidationError(f"{field}: a value is required")
        return rule(None, field) if rule else None
    value = _convert(kind, size, raw, field, (table, column) in _SECRET_COLUMNS)
    return rule(value, field) if rule else value


def _convert(kind: str, size: Any, raw: Any, field: str, secret: bool) -> Any:
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
            number = float(raw.strip())
        except ValueError:
            raise ValidationError(f"{field}: {shown(raw)} is not a number") from None
        if not math.isfinite(number):
            raise ValidationError(f"{field}: {shown(raw)} is not a finite number")
        return number
    if kind == "boolean":
        low = raw.strip().lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise ValidationError(f"{field}: {shown(raw)} is not yes or no")
    what = "the value" if secret else shown(raw)  # a secret is never echoed
    if not raw.isprintable() and control_characters(raw):
        raise ValidationError(f"{field}: {what} contains the control character(s) {' '.join(control_characters(raw))}")
    value = encode_realtime(raw)
    if kind == "varchar" and len(value) > size:
        extra = " once ';' and '^' are encoded as ^3B and ^5E" if value != raw else ""
        raise ValidationError(f"{field}: {what} is longer than {size} characters{extra}")
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
    if value and len(value) <= max_length and _ID_ALLOWED.fullmatch(value):
        return value  # the common case, checked with one regex match
    if not value:
        raise ValidationError(f"{field}: empty")
    for ch, why in _ID_WHY.items():
        if ch in value:
            raise ValidationError(f"{field}: {shown(value)} contains {ch!r}: {why}")
    if not _ID_ALLOWED.fullmatch(value):
        bad = sorted({c for c in value if not re.fullmatch(r"[A-Za-z0-9._+-]", c)})
        raise ValidationError(f"{field}: {shown(value)} contains {''.join(bad)!r}; use letters, digits and . _ - + only")
    raise ValidationError(f"{field}: {shown(value)} is longer than {max_length} characters")


def control_characters(value: str) -> list[str]:
    """The control characters (C0, DEL, C1, line/paragraph separators) in ``value``, as escapes."""
    return sorted({repr(c)[1:-1] for c in value if ord(c) < 32 or 127 <= ord(c) < 160 or c in "\u2028\u2029"})


_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def printable(text: object, keep: str = "\n") -> str:
    """Text safe for a terminal: control characters (C0, DEL, C1, line separators) and bidirectional overrides
    become visible escapes, so a stored value or a peer's message cannot move the cursor, recolour the screen
    or reorder what is shown. ``keep``: characters left as they are (a message's own line breaks)."""
    text = str(text)
    if all(32 <= ord(c) < 127 or c in keep for c in text):
        return text
    return "".join(repr(c)[1:-1] if c not in keep and (ord(c) < 32 or 127 <= ord(c) < 160 or c in "\u2028\u2029"
                                                     or c in _BIDI) else c for c in text)


def check_config_text(value: str, field: str, secret: bool = False) -> str:
    """A value written into an Asterisk config file, read back as it was meant, or a ValidationError.

    Asterisk's config parser ends a value at a line break, trims surrounding blanks and would take
    any other control character literally: one CR or LF would add a line of the user's choosing.
    """
    value = str(value)
    what = "the value" if secret else shown(value)  # a secret is never echoed
    bad = control_characters(value)
    if bad:
        raise ValidationError(f"{field}: {what} contains the control character(s) {' '.join(bad)}; "
                              "they cannot be written into an Asterisk config file")
    if value != value.strip():
        raise ValidationError(f"{field}: {what} starts or ends with a blank, which Asterisk trims off")
    return value


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
    return convert("ps_aors", "max_contacts", value, field)


def _max_contacts_rule(number: int | None, field: str) -> int:
    if number is None or number < 1:
        raise ValidationError(f"{field}: {shown('' if number is None else number)} must be at least 1 (empty means 0, "
                              "and 0 makes Asterisk refuse every REGISTER with 403)")
    return number


def _allow_rule(value: str | None, field: str) -> str:
    if value is None:
        raise ValidationError(f"{field}: empty; an endpoint without codecs cannot make or take a call")
    return check_codecs(value, field)


def _disallow_rule(value: str | None, field: str) -> str | None:
    return None if value is None else check_codecs(value, field)


def _md5_cred_rule(value: str | None, field: str) -> str | None:
    return None if value is None else check_md5_cred(value, field)


def _password_digest_rule(value: str | None, field: str) -> str | None:
    return None if value is None else check_password_digest(value, field)


#: Asterisk's rules beyond the column type, keyed by (table, column): convert() applies them, so every
#: door (CLI option, --set, CSV cell, Python API) passes the same rule.
COLUMN_RULES = {
    ("ps_aors", "max_contacts"): _max_contacts_rule,
    ("ps_endpoints", "allow"): _allow_rule,
    ("ps_endpoints", "disallow"): _disallow_rule,
    ("ps_auths", "md5_cred"): _md5_cred_rule,
    ("ps_auths", "password_digest"): _password_digest_rule,
}
_SECRET_COLUMNS = {("ps_auths", "password"), ("ps_auths", "md5_cred"), ("ps_auths", "password_digest"),
                   ("ps_auths", "refresh_token"), ("ps_auths", "oauth_secret")}

#: Options that set a column themselves: giving the column as well (--set, a CSV endpoint.X column) is refused.
OPTION_COLUMNS = {"context": ("ps_endpoints", "context"), "codecs": ("ps_endpoints", "allow"),
                  "max_contacts": ("ps_aors", "max_contacts"), "callerid": ("ps_endpoints", "callerid"),
                  "transport": ("ps_endpoints", "transport"), "protocol": ("ps_transports", "protocol"),
                  "bind": ("ps_transports", "bind")}


def refuse_double(options: Any, columns: Any, door: str = "--set") -> None:
    """An option and the column it sets, both given: refused instead of one silently winning."""
    given = set(columns)
    for option in options:
        target = OPTION_COLUMNS.get(option)
        if target in given:
            obj = next(k for k, v in OBJECT_TABLES.items() if v == target[0])
            raise ValidationError(f"{door} {obj}.{target[1]}: the same column as {option}; give only one")
