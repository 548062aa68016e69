"""Write the rows of a pjsip.conf into the ARA tables: all validated first, then one transaction."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import credentials
from ..ami.hook import changes_of
from ..dbapi import Database, open_database
from ..dburl import DatabaseURL
from ..errors import UsageError, ValidationError
from ..provisioning import require_columns
from ..validation import column_names, decode_realtime, encode_realtime
from .mapping import TYPES, Mapped, ObjectRow, map_sections, problem
from .reader import read_config

MODES = ("insert", "upsert")
HASH_MODES = ("md5", "digest")
MAX_REPORTED = 100


class ConfImportErrors(ValidationError):
    """Every problem found, one ``FILE:LINE: [section] option: problem`` line each; nothing was written."""

    def __init__(self, lines: list[str]):
        shown = lines[:MAX_REPORTED]
        more = f"\n... and {len(lines) - len(shown)} more problems" if len(lines) > len(shown) else ""
        super().__init__("\n".join(shown) + more + f"\n{len(lines)} problem(s); nothing was written")
        self.lines = lines


@dataclass
class TypeCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ConfImportReport:
    counts: dict[str, TypeCounts] = field(default_factory=dict)
    #: Sections and options left out by --skip-unknown, and passwords kept plaintext; FILE:LINE form.
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False
    #: Auths whose password goes into ps_auths in plaintext (no --hash-passwords, or one kept for its realm).
    plaintext: list[str] = field(default_factory=list)

    def summary_lines(self) -> list[str]:
        verb = "would be " if self.dry_run else ""
        lines = [f"{t}: {verb}inserted {c.inserted}, {verb}updated {c.updated}, unchanged {c.unchanged}"
                 for t, c in self.counts.items()]
        return lines or ["nothing to import"]


def import_pjsip_conf(url: DatabaseURL, path: str | Path, mode: str = "insert", only: list[str] | None = None,
                      dry_run: bool = False, hash_passwords: str | None = None,
                      skip_unknown: bool = False) -> ConfImportReport:
    """Read PATH (and its includes) and write every object into its ARA table.

    ``insert``: an object whose id is already in its table is an error. ``upsert``: such an
    object is replaced by the file's version (columns the file does not set become NULL, so
    Asterisk sees what the file says). Nothing is written when anything is wrong.
    """
    if mode not in MODES:
        raise UsageError(f"--mode: {mode!r} is not one of {', '.join(MODES)}")
    if hash_passwords is not None and hash_passwords not in HASH_MODES:
        raise UsageError(f"--hash-passwords: {hash_passwords!r} is not one of {', '.join(HASH_MODES)}")
    mapped = map_sections(read_config(path), only, skip_unknown)
    report = ConfImportReport(notes=list(mapped.skipped), dry_run=dry_run)
    if mapped.errors:
        raise ConfImportErrors(mapped.errors)
    with open_database(url) as db:
        if hash_passwords:
            _hash_passwords(mapped, hash_passwords, report, lambda: _stored_default_realm(db))
            if mapped.errors:
                raise ConfImportErrors(mapped.errors)
        report.plaintext = [r.id for r in mapped.rows if r.type == "auth" and r.values.get("password")]
        by_type: dict[str, list[ObjectRow]] = {}
        for row in mapped.rows:
            by_type.setdefault(row.type, []).append(row)
        require_columns(db, {TYPES[t].table: {c for r in rows for c in r.values} for t, rows in by_type.items()})
        with db.transaction():
            errors: list[str] = []
            plans = {t: _plan(db, TYPES[t].table, rows, mode, errors) for t, rows in by_type.items()}
            if errors:
                raise ConfImportErrors(errors)
            for object_type in TYPES:
                if object_type not in plans:
                    continue
                inserts, updates, unchanged = plans[object_type]
                report.counts[object_type] = TypeCounts(len(inserts), len(updates), unchanged)
                if not dry_run:
                    _write(db, TYPES[object_type].table, inserts, updates)
                    changes_of(db).objects(TYPES[object_type].table, [r.id for r in updates])
                    if object_type == "endpoint":
                        changes_of(db).warm([r.id for r in inserts + updates])
    return report


def _plan(db: Database, table: str, rows: list[ObjectRow], mode: str,
          errors: list[str]) -> tuple[list[ObjectRow], list[ObjectRow], int]:
    columns = column_names(table)
    stored = _stored(db, table, [r.id for r in rows], columns)
    inserts, updates, unchanged = [], [], 0
    for row in rows:
        old = stored.get(row.id)
        if old is None:
            inserts.append(row)
        elif mode == "insert":
            errors.append(problem(row.where, row.id, f"id: {row.id!r} already exists in {table} "
                                                      "(use --mode upsert to replace it)"))
        elif all(_same(old.get(c), row.values.get(c)) for c in columns):
            unchanged += 1
        else:
            updates.append(row)
    return inserts, updates, unchanged


def _stored(db: Database, table: str, ids: list[str], columns: list[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    select = ", ".join(db.quote(c) for c in columns)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for values in db.query(f"SELECT {select} FROM {table} WHERE id IN ({db.placeholders(len(chunk))})", chunk):
            found[values[0]] = dict(zip(columns, values))
    return found


def _same(old: Any, new: Any) -> bool:
    if old is None or new is None:
        return old is None and new is None
    if isinstance(old, bool) or isinstance(new, bool):
        return bool(old) == bool(new)
    if isinstance(old, (int, float)) or isinstance(new, (int, float)):
        try:
            return float(old) == float(new)
        except (TypeError, ValueError):
            return False
    return str(old) == str(new)


def _write(db: Database, table: str, inserts: list[ObjectRow], updates: list[ObjectRow]) -> None:
    # One statement shape per set of columns, so executemany can batch the common case.
    shapes: dict[tuple[str, ...], list[list[Any]]] = {}
    for row in inserts:
        shapes.setdefault(tuple(row.values), []).append(list(row.values.values()))
    for cols, params in shapes.items():
        db.executemany(f"INSERT INTO {table} ({', '.join(db.quote(c) for c in cols)}) "
                       f"VALUES ({db.placeholders(len(cols))})", params)
    if updates:
        cols = [c for c in column_names(table) if c != "id"]
        assign = ", ".join(f"{db.quote(c)} = {db.placeholder}" for c in cols)
        db.executemany(f"UPDATE {table} SET {assign} WHERE id = {db.placeholder}",
                       [[r.values.get(c) for c in cols] + [r.id] for r in updates])


def _stored_default_realm(db: Database) -> str | None:
    if "default_realm" not in db.columns("ps_globals"):
        return None
    found = [r[0] for r in db.query("SELECT default_realm FROM ps_globals") if r[0]]
    return found[0] if found else None


def _hash_passwords(mapped: Mapped, mode: str, report: ConfImportReport, stored_realm: Callable[[], str | None]) -> None:
    """Replace plaintext auth passwords by md5_cred or password_digest for the realm Asterisk challenges with.

    That realm is the auth's own, else the default_realm of the file's [global], else the one
    already in the database's ps_globals, else Asterisk's default. An auth that Asterisk sends to another server (outbound_auth of an endpoint, registration or
    outbound publish) answers that server's realm, which the file does not know unless the auth
    names it: without a realm such an auth keeps its plaintext password, and a note says so.
    """
    outbound = {name.strip() for row in mapped.rows for name in str(row.values.get("outbound_auth") or "").split(",")}
    default_realm = next((r.values.get("default_realm") for r in mapped.rows if r.type == "global"), None)
    if default_realm is None and any(r.type == "auth" and not r.values.get("realm") for r in mapped.rows):
        default_realm = stored_realm()
    for row in mapped.rows:
        values = row.values
        if row.type != "auth" or not values.get("password") or values.get("auth_type") not in (None, "userpass"):
            continue
        where = row.origins.get("password", row.where)
        if row.id in outbound and not values.get("realm"):
            report.notes.append(problem(where, row.id, "password: kept in plaintext: this auth answers another "
                                                       "server's challenge, whose realm the file does not name"))
            continue
        username = values.get("username")
        if not username:
            mapped.errors.append(problem(row.where, row.id, "username: needed to hash the password"))
            continue
        realm = values.get("realm") or default_realm or credentials.DEFAULT_REALM
        # The stored forms are realtime-encoded; the hash covers the text Asterisk would decode.
        hashed = credentials.credential_columns(mode, decode_realtime(username), decode_realtime(values["password"]),
                                                decode_realtime(realm))
        hashed["realm"] = encode_realtime(hashed["realm"])
        values.pop("password")
        values.pop("auth_type", None)
        values.update({k: v for k, v in hashed.items() if v is not None})
