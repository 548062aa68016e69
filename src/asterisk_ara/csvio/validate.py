"""Every line through ``provisioning.build_rows`` (what ``webrtc add`` uses), into a sink that loads or spools."""
from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import replace
from operator import itemgetter
from typing import IO, Any
from .. import credentials
from ..dbapi import Database
from ..errors import AraError, ValidationError
from ..nodes.names import CLIENT_NODES
from ..nodes.placement import ImportPlacement
from ..provisioning import (
    AUTHS, CREDENTIAL_COLUMNS, WebrtcSettings, build_rows,
)
from .report import MAX_REPORTED
from .reading import sniff_delimiter, text_lines
from .header import Plan, make_plan
from .spool import Spool
from .pipeline import Pipeline


#: Where validated rows go: spooled for later, or loaded as they come.
Sink = Spool | Pipeline


_WAITING_BATCH = 1000  # upsert rows without a credential per look-up of the stored ones
_VARIANTS = 1000  # settings objects kept for reuse; all cells distinct (e.g. a callerid each) just miss


def read_stored_auths(db: Database, ids: list[str]) -> dict[str, dict[str, Any]]:
    """The stored ps_auths rows (CREDENTIAL_COLUMNS) of those of ``ids`` that exist."""
    cols = ", ".join(db.quote(c) for c in CREDENTIAL_COLUMNS)
    found = {}
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        for row in db.query(f"SELECT id, {cols} FROM {AUTHS} WHERE id IN ({db.placeholders(len(part))})", part):
            found[row[0]] = dict(zip(CREDENTIAL_COLUMNS, row[1:]))
    return found


def validate_rows(binary: IO[bytes], source: str, settings: WebrtcSettings, spool_factory: Callable[[Plan], Sink],
              passwords_out: IO[str] | None, progress: Callable[[int, int], None] | None,
              require_password: bool, stored_auths: Callable[[list[str]], dict[str, dict]] | None = None,
              placement: ImportPlacement | None = None) -> tuple[Sink, list[tuple[int, str]], int]:
    """One pass over the file: every row checked, the good ones handed to the sink as they come. Returns the sink,
    the first MAX_REPORTED problems as (line, message) in line order, and how many there were.

    With ``stored_auths`` (upsert), rows without a credential wait in batches for the stored
    ps_auths rows of their ids: an existing client keeps its credential, a new one needs a password.
    """
    first, lines = text_lines(binary, source)
    seekable = binary.seekable()
    if not first:
        raise ValidationError(f"{source}: empty file; expected a header row (id,password,...)")
    delimiter = sniff_delimiter(first)
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise ValidationError(f"{source}:1: {exc}") from None
    places = placement is not None and placement.active
    plan = make_plan(header, source, settings, places)
    # The node rule runs per row only where there is something to decide: nodes defined, --spread, or a
    # node named by --node or a cell (which must then be a node).
    place = placement if placement is not None and (places or CLIENT_NODES in plan.tables) else None
    spool = spool_factory(plan)
    width = len(plan.header)
    idx = {name: i for i, name in enumerate(plan.header)}
    i_id, i_pw, i_md5, i_digest = idx["id"], idx.get("password"), idx.get("md5_cred"), idx.get("password_digest")
    errors: list[tuple[int, str]] = []
    error_count = 0
    index = spool.ids
    seen, fold = index.recent, index.fold
    rows = 0
    generated = 0

    def fail(line: int, message: str) -> None:
        nonlocal error_count
        error_count += 1
        if len(errors) < MAX_REPORTED:
            errors.append((line, message))

    def repeated(found: list[tuple[int, str, int]]) -> None:
        for line, client_id, earlier in found:
            fail(line, f"id: {client_id!r} repeats line {earlier}")

    def emit(line: int, client_id: str, row_settings: WebrtcSettings, overrides: dict | None,
             password: str | None, stored: dict | None, kept: dict | None = None,
             credential_cell: str | None = None) -> None:
        row = (client_id, row_settings, overrides, password, stored, kept, credential_cell)
        try:
            built = _build(*row)
            if place is not None:
                place(built)
        except AraError as exc:
            # Every problem of the row, each on its own line: the CSV is mended in one round.
            problems: list[str] = []
            _build(*row, problems)
            for message in problems or [str(exc)]:
                fail(line, message)
            return
        if not error_count:
            spool.add(built)

    def _build(client_id: str, row_settings: WebrtcSettings, overrides: dict | None, password: str | None,
               stored: dict | None, kept: dict | None, credential_cell: str | None,
               problems: list[str] | None = None) -> dict:
        """The row's rows; the first problem raises, or (``problems``) each is added to the list."""
        nonlocal generated
        try:
            if kept is not None:
                mode = credentials.credential_mode(kept)
                if credential_cell is not None and credential_cell != mode:
                    raise ValidationError(f"credential: {credential_cell!r} differs from the stored {mode!r}; "
                                          "changing it needs the password too")
            elif password is None and stored is None:
                if require_password:
                    raise ValidationError("password: missing " + (
                        "for a new client " if stored_auths is not None else "") +
                        "(give one, or --passwords-out FILE to generate)")
                if problems is None:
                    password = credentials.generate_password()
                    generated += 1
                    if passwords_out is not None:
                        passwords_out.write(f"{client_id},{password}\n")
            elif password is not None:
                credentials.check_password(password, row_settings.username or client_id)
        except AraError as exc:
            if problems is None:
                raise
            problems.append(str(exc))
        return build_rows(client_id, password, row_settings, overrides, stored, kept, problems)

    waiting: list[tuple] = []  # upsert rows without a credential, until their stored rows are fetched
    # build_rows only reads settings: rows with the same setting cells share one settings object
    variants: dict[Any, tuple[WebrtcSettings, str | None]] = {}
    setting_cells = itemgetter(*(i for i, _ in plan.settings_fields)) if plan.settings_fields else None

    def settings_variant(cells: Any) -> tuple[WebrtcSettings, str | None]:
        """The row's settings (the options, changed by its non-empty cells) and its credential cell."""
        cells = cells if len(plan.settings_fields) > 1 else (cells,)  # one index: itemgetter gives the cell
        changes = {name: cell for (_, name), cell in zip(plan.settings_fields, cells) if cell != ""}
        if "max_contacts" in changes:
            changes["max_contacts"] = changes["max_contacts"].strip()
        return (replace(settings, **changes) if changes else settings), changes.get("credential")

    def resolve_waiting() -> None:
        found = stored_auths([w[1] for w in waiting])  # type: ignore[misc]
        for line, client_id, row_settings, overrides, credential_cell in waiting:
            emit(line, client_id, row_settings, overrides, None, None, found.get(client_id), credential_cell)
        waiting.clear()

    try:
        for record in reader:
            line = reader.line_num
            if not record or (len(record) == 1 and not record[0].strip()):
                continue  # blank line
            rows += 1
            if progress and rows % 5000 == 0:
                progress(rows, binary.tell() if seekable else 0)
            if len(record) != width:
                fail(line, f"has {len(record)} fields, the header has {width}")
                continue
            client_id = record[i_id].strip()
            if not client_id:
                fail(line, "id: empty")
                continue
            earlier = seen.setdefault(client_id.lower() if fold else client_id, line)
            if earlier != line:
                fail(line, f"id: {client_id!r} repeats line {earlier}" + (
                    " (MariaDB/MySQL compare ids without regard to case)" if fold else ""))
                continue
            if len(seen) >= index.limit:
                repeated(index.flush())
            row_settings, credential_cell = settings, None
            if setting_cells is not None:
                # Cells repeat (a few contexts, codec lists): one settings object per distinct set of
                # cells, looked up by the cells as read, as dataclasses.replace is a quarter of the
                # validation time otherwise.
                key = setting_cells(record)
                variant = variants.get(key)
                if variant is None:
                    if len(variants) >= _VARIANTS:
                        variants.clear()
                    variant = variants[key] = settings_variant(key)
                row_settings, credential_cell = variant
            overrides: dict[str, dict[str, str]] | None = None
            if plan.extras:
                overrides = {}
                for i, table, column in plan.extras:
                    overrides.setdefault(table, {})[column] = record[i]
            password = record[i_pw] if i_pw is not None and record[i_pw] != "" else None
            stored = None
            if i_md5 is not None and record[i_md5]:
                stored = {"md5_cred": record[i_md5]}
            if i_digest is not None and record[i_digest]:
                stored = {**(stored or {}), "password_digest": record[i_digest]}
            if stored and (password is not None or len(stored) > 1):
                given = (["password"] if password is not None else []) + list(stored)
                fail(line, f"{', '.join(given)}: give only one credential per row")
                continue
            if password is None and stored is None and stored_auths is not None:
                waiting.append((line, client_id, row_settings, overrides, credential_cell))
                if len(waiting) >= _WAITING_BATCH:
                    resolve_waiting()
                continue
            emit(line, client_id, row_settings, overrides, password, stored)
        if waiting:
            resolve_waiting()
    except csv.Error as exc:
        raise ValidationError(f"{source}:{reader.line_num}: {exc}") from None
    if rows == 0:
        raise ValidationError(f"{source}: no data rows after the header")
    repeated(index.finish())
    spool.rows, spool.generated = rows, generated  # type: ignore[attr-defined]
    return spool, sorted(errors, key=lambda e: e[0]), error_count
