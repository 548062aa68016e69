"""pjsip.conf sections -> ARA rows: which table a type goes to, and how each option is stored.

The tables and their columns come from the generated catalog (asterisk_ara.catalog), so an
option is importable exactly when the schema has a column of that name. Values go through
validation.convert (the rule every other door uses), plus what is particular to a config file:

* A key that may repeat (``allow``, ``match``, ``contact``, ``set_var``, ...) is stored once,
  its values joined the way the realtime drivers split them again: ``,`` where Asterisk's own
  handler splits on commas, ``;`` for ``set_var`` (whose values may contain commas). Any other
  repeated key keeps its last value, as Asterisk does.
* A literal ``;`` or ``^`` in a value is stored as ``^3B`` / ``^5E`` (the drivers decode them).
* Booleans are stored as ``yes``/``no`` where the column is an enum of Asterisk's booleans.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..catalog import ENUMS
from ..errors import ValidationError
from ..validation import (
    check_object_id, column_names, column_size, convert, encode_realtime, enum_values, unknown_column_message,
)
from .reader import Location, Section, Setting


@dataclass(frozen=True)
class ObjectType:
    table: str
    #: Where sorcery.conf maps it: (section, object type) -> ``type=realtime,TABLE``.
    sorcery_section: str
    #: Asterisk accepts only one section of this type.
    single: bool = False


#: Every pjsip.conf type that has an ARA table, in the order ``conf export`` writes them.
TYPES: dict[str, ObjectType] = {
    "system": ObjectType("ps_systems", "res_pjsip", single=True),
    "global": ObjectType("ps_globals", "res_pjsip", single=True),
    "transport": ObjectType("ps_transports", "res_pjsip"),
    "domain_alias": ObjectType("ps_domain_aliases", "res_pjsip"),
    "endpoint": ObjectType("ps_endpoints", "res_pjsip"),
    "aor": ObjectType("ps_aors", "res_pjsip"),
    "auth": ObjectType("ps_auths", "res_pjsip"),
    "identify": ObjectType("ps_endpoint_id_ips", "res_pjsip_endpoint_identifier_ip"),
    "registration": ObjectType("ps_registrations", "res_pjsip_outbound_registration"),
    "outbound-publish": ObjectType("ps_outbound_publishes", "res_pjsip_outbound_publish"),
    "inbound-publication": ObjectType("ps_inbound_publications", "res_pjsip_pubsub"),
    "asterisk-publication": ObjectType("ps_asterisk_publications", "res_pjsip_publish_asterisk"),
    "resource_list": ObjectType("ps_resource_list", "res_pjsip_pubsub"),
}

#: Types Asterisk knows that cannot move into the database, and why.
NOT_IN_DATABASE = {
    "acl": "ARA has no table for pjsip ACL objects; keep this section in a static pjsip.conf "
           "(or use permit/deny/acl on the endpoint)",
    "phoneprov": "ARA has no table for res_phoneprov objects; keep this section in a static pjsip.conf",
    "contact": "contacts are registration state that Asterisk writes itself; give the aor a contact= instead",
    "subscription_persistence": "subscription state that Asterisk writes itself",
}
WIZARD_REFUSAL = ("pjsip_wizard objects are not imported (out of scope): let Asterisk expand them, or write "
                  "the endpoint, aor, auth, identify and registration sections they stand for")

#: Keys whose every occurrence counts, and the separator their values are joined with.
LIST_OPTIONS: dict[str, dict[str, str]] = {
    "ps_endpoints": {"allow": ",", "disallow": ",", "set_var": ";", "permit": ",", "deny": ",", "acl": ",",
                     "contact_permit": ",", "contact_deny": ",", "contact_acl": ","},
    "ps_aors": {"contact": ","},
    "ps_endpoint_id_ips": {"match": ","},
    "ps_transports": {"local_net": ","},
    "ps_resource_list": {"list_item": ","},
}
#: (earlier column, later column): Asterisk applies a row's columns in table order, so the
#: earlier column's values always act first, whatever their order was in the file.
ORDERED_PAIRS = {"ps_endpoints": (("disallow", "allow"), ("deny", "permit"), ("contact_deny", "contact_permit"))}
#: Values a newer Asterisk accepts that the schema's enum lacks, stored as what they mean.
#: auth_type=digest is the default from Asterisk 20.12/21.7/22.2 on: a NULL auth_type.
EQUIVALENT_VALUES = {("ps_auths", "auth_type", "digest"): None}

_BOOL_ENUM = ENUMS["ast_bool_values"]
_TRUE = frozenset(("yes", "true", "y", "t", "1", "on"))     # Asterisk's ast_true()
_FALSE = frozenset(("no", "false", "n", "f", "0", "off"))   # Asterisk's ast_false()


@dataclass
class ObjectRow:
    type: str
    id: str
    values: dict[str, Any]          # column -> database value; columns not set are absent
    where: Location                 # the section header
    #: Where each column's value came from (its last setting), for later error messages.
    origins: dict[str, Location] = field(default_factory=dict)

    @property
    def table(self) -> str:
        return TYPES[self.type].table


@dataclass
class Mapped:
    rows: list[ObjectRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: What --skip-unknown left out, in the same FILE:LINE form as errors.
    skipped: list[str] = field(default_factory=list)


def problem(where: Location, section: str, text: str) -> str:
    """The one form of every message: ``FILE:LINE: [section] option: problem``."""
    return f"{where}: [{section}] {text}"


def parse_types(text: str | None, option: str = "--only") -> list[str] | None:
    """A comma-separated list of pjsip types, checked against TYPES (None: every type)."""
    if text is None:
        return None
    names = [t.strip() for t in text.split(",") if t.strip()]
    bad = [n for n in names if n not in TYPES]
    if bad or not names:
        raise ValidationError(f"{option}: {', '.join(bad) or repr(text)} is not a type; "
                              f"choose from {', '.join(TYPES)}")
    return names


def map_sections(sections: list[Section], only: list[str] | None = None, skip_unknown: bool = False) -> Mapped:
    """Rows for every object section; every problem is collected, none raised."""
    out = Mapped()
    seen: dict[tuple[str, str], Location] = {}
    for section in sections:
        if section.template:
            continue  # templates are not objects; their options reached the sections that use them
        object_type, type_where, error = _section_type(section)
        if error:
            out.errors.append(error)
            continue
        where = type_where or section.where
        if object_type is None or object_type not in TYPES:
            if object_type == "wizard":
                out.errors.append(problem(where, section.name, f"type: {WIZARD_REFUSAL}"))
                continue
            if only is not None:
                continue
            if object_type is None:
                why = "no type= option (Asterisk ignores this section)"
            elif object_type in NOT_IN_DATABASE:
                why = f"type: {object_type!r}: {NOT_IN_DATABASE[object_type]}"
            else:
                why = f"type: unknown type {object_type!r}; importable types: {', '.join(TYPES)}"
            (out.skipped if skip_unknown else out.errors).append(problem(where, section.name, why))
            continue
        if only is not None and object_type not in only:
            continue
        key = (object_type, section.name)
        if key in seen:
            out.errors.append(problem(section.where, section.name,
                                      f"duplicate {object_type} section (first at {seen[key]}); "
                                      "merge them into one"))
            continue
        if TYPES[object_type].single:
            first = next((w for (t, _), w in seen.items() if t == object_type), None)
            if first is not None:
                out.errors.append(problem(section.where, section.name,
                                          f"a second {object_type} section (first at {first}); "
                                          f"Asterisk accepts only one"))
                continue
        seen[key] = section.where
        row = _map_section(section, object_type, where, skip_unknown, out)
        if row is not None:
            out.rows.append(row)
    return out


def _section_type(section: Section) -> tuple[str | None, Location | None, str | None]:
    types = section.values("type")
    if not types:
        return None, None, None
    if len({t.value for t in types}) > 1:
        listed = ", ".join(f"{t.value!r} ({t.where})" for t in types)
        return None, None, problem(types[-1].where, section.name, f"type: given more than once: {listed}")
    return types[-1].value, types[-1].where, None


def _map_section(section: Section, object_type: str, where: Location, skip_unknown: bool,
                 out: Mapped) -> ObjectRow | None:
    table = TYPES[object_type].table
    errors_before = len(out.errors)
    try:
        check_object_id(section.name, "id", column_size(table, "id"))
    except ValidationError as exc:
        out.errors.append(problem(section.where, section.name, f"section name: {str(exc).removeprefix('id: ')}"))
        return None
    columns = set(column_names(table))
    grouped: dict[str, list[Setting]] = {}
    for setting in section.settings:
        if setting.key == "type":
            continue
        if setting.key not in columns or setting.key == "id":
            message = problem(setting.where, section.name, unknown_column_message(table, setting.key, setting.key)
                              + _inherited(setting))
            (out.skipped if skip_unknown else out.errors).append(message)
            continue
        grouped.setdefault(setting.key, []).append(setting)
    row = ObjectRow(object_type, section.name, {"id": section.name}, section.where)
    lists = LIST_OPTIONS.get(table, {})
    for first, second in ORDERED_PAIRS.get(table, ()):
        _order_pair(section, grouped, first, second, out)
    for column, settings in grouped.items():
        last = settings[-1]
        try:
            value = (_list_value(table, column, settings, lists[column]) if column in lists
                     else _scalar_value(table, column, last.value))
        except ValidationError as exc:
            out.errors.append(problem(last.where, section.name, str(exc) + _inherited(last)))
            continue
        if value is not None:
            row.values[column] = value
            row.origins[column] = last.where
    return row if len(out.errors) == errors_before else None


def _inherited(setting: Setting) -> str:
    return f" (inherited from [{setting.inherited_from}])" if setting.inherited_from else ""


def _scalar_value(table: str, column: str, raw: str) -> Any:
    if (table, column, raw) in EQUIVALENT_VALUES:
        return EQUIVALENT_VALUES[(table, column, raw)]
    if enum_values(table, column) == _BOOL_ENUM and raw:
        low = raw.lower()
        if low in _TRUE:
            return "yes"
        if low in _FALSE:
            return "no"
    return convert(table, column, raw, column)


def _list_value(table: str, column: str, settings: list[Setting], separator: str) -> str | None:
    if separator == ";":
        # Each value is one item: its own ';' and '^' are encoded, the joining ';' is not.
        parts = [encode_realtime(s.value) for s in settings if s.value]
    else:
        parts = [encode_realtime(p.strip()) for s in settings for p in s.value.split(",") if p.strip()]
    if not parts:
        return None
    value = separator.join(parts)
    size = column_size(table, column)
    if size is not None and len(value) > size:
        what = f"{len(settings)} values joined" if len(settings) > 1 else "the value"
        raise ValidationError(f"{column}: {what} ({len(value)} characters) longer than the column's {size}")
    return value


def _order_pair(section: Section, grouped: dict[str, list[Setting]], first: str, second: str, out: Mapped) -> None:
    """Keep what Asterisk would end with when a ``first`` option follows a ``second`` one.

    The database applies every ``first`` (disallow, deny) before every ``second`` (allow, permit).
    A ``disallow=all`` undoes everything before it, so what came before it can be dropped;
    any other ``first`` after a ``second`` cannot be kept in that order: an error.
    """
    earlier, later = grouped.get(first, []), grouped.get(second, [])
    if not earlier or not later:
        return
    positions = {id(s): i for i, s in enumerate(section.settings)}
    resets = [s for s in earlier if "all" in [p.strip().lower() for p in s.value.split(",")]]
    if first == "disallow" and resets:
        reset = resets[-1]
        position = positions[id(reset)]
        grouped[first] = [s for s in earlier if positions[id(s)] >= position]
        grouped[second] = [s for s in later if positions[id(s)] > position]
        earlier, later = grouped[first], grouped[second]
        if not later:
            grouped.pop(second)
    if not later:
        return
    first_later = min(positions[id(s)] for s in later)
    misplaced = [s for s in earlier if positions[id(s)] > first_later]
    if misplaced:
        bad = misplaced[0]
        out.errors.append(problem(bad.where, section.name,
                                  f"{first}: follows {second}= (at {later[0].where}), but the database applies "
                                  f"every {first} before every {second}; move it above the {second} lines"))
