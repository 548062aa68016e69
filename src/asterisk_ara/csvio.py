"""Bulk CSV import and export of WebRTC clients, through each database's fast path.

Every row goes through ``provisioning.build_rows``, the very code ``webrtc add`` uses, and the
whole import is one transaction: with any bad line, nothing is committed.

* PostgreSQL: validation and loading run as a pipeline. Each chunk of validated rows is loaded
  by a writer thread with ``COPY`` (insert mode: straight into the three tables; upsert mode: into
  staging tables, merged with ``INSERT ... ON CONFLICT ... WHERE ... IS DISTINCT FROM`` so unchanged
  rows are not rewritten) while the next chunk is validated. A bad line stops the loading; the
  validation still runs to the end so that every bad line is reported, then everything rolls back.
* MariaDB/MySQL and SQLite: validated rows are spooled to temporary files, then written with
  batched ``executemany`` (upsert: only new and changed rows).

Memory stays bounded whatever the file size: a few chunks are held, and the ids (for duplicate
detection) move to a temporary SQLite file past 100,000. Killing the process at any moment leaves
the database as it was.
"""
from __future__ import annotations

import codecs
import contextlib
import csv
import difflib
import errno
import io
import pickle
import queue
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import IO, Any

from . import credentials
from .dbapi import Database, connect, open_database
from .dburl import DatabaseURL
from .errors import AlreadyExistsError, AraError, UsageError, ValidationError
from .provisioning import (
    AORS, AUTHS, CLIENT_TABLES, CREDENTIAL_COLUMNS, ENDPOINTS, WEBRTC_TRUE_VALUES, WebrtcSettings,
    build_rows, require_columns,
)
from .validation import OBJECT_TABLES, column_names, decode_realtime, refuse_double

MODES = ("insert", "upsert")
MAX_REPORTED = 100
BATCH_ROWS = 2000  # rows per executemany batch, whatever the column count
#: Per-row columns with a plain name; any table column is also accepted as endpoint.X / aor.X / auth.X.
SIMPLE_COLUMNS = ("id", "password", "username", "realm", "context", "codecs", "max_contacts", "callerid",
                  "transport", "credential", "md5_cred", "password_digest")
_SETTING_COLUMNS = ("username", "realm", "context", "codecs", "max_contacts", "callerid", "transport", "credential")
#: What build_rows derives itself; a CSV must not override it (it would break the client).
_DERIVED = {ENDPOINTS: {"id"}, AORS: {"id"}, AUTHS: {"id", *CREDENTIAL_COLUMNS}}
#: Columns every client row set may touch, besides CSV extras: fixed per table so COPY has one shape.
_BASE_COLUMNS = {
    AORS: ("id", "max_contacts", "remove_existing"),
    AUTHS: ("id", *CREDENTIAL_COLUMNS),
    ENDPOINTS: ("id", "aors", "auth", "webrtc", "dtls_auto_generate_cert", "context", "disallow", "allow"),
}


@dataclass
class ImportReport:
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    seconds: float = 0.0
    dry_run: bool = False
    passwords_generated: int = 0

    @property
    def users_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        verb = "would be " if self.dry_run else ""
        return (f"{self.rows} users: {verb}inserted {self.inserted}, {verb}updated {self.updated}, "
                f"unchanged {self.unchanged} in {self.seconds:.2f} s ({self.users_per_second:,.0f} users/s)")


class ImportErrors(ValidationError):
    """Every problem found in the file, one line each; nothing was written."""

    def __init__(self, lines: list[str], total: int):
        more = f"\n... and {total - len(lines)} more problems" if total > len(lines) else ""
        super().__init__("\n".join(lines) + more + f"\n{total} problem(s); nothing was written")
        self.lines, self.total = lines, total


@dataclass
class _Plan:
    """Which columns each table gets, decided once from the header and the options."""

    header: list[str]
    extras: list[tuple[int, str, str]]           # (field index, table, column)
    settings_fields: list[tuple[int, str]]       # (field index, setting name)
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _plan(header: list[str], source: str, settings: WebrtcSettings) -> _Plan:
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

    plan = _Plan([h.strip() for h in header], extras, settings_fields)
    names = set(plan.header)
    for table, base in _BASE_COLUMNS.items():
        cols = list(base)
        if table == ENDPOINTS:
            cols += [c for c in ("callerid", "transport") if c in names or getattr(settings, c)]
        cols += [c for _, t, c in extras if t == table and c not in cols]
        cols += [c for c in settings.extra.get(table, {}) if c not in cols]
        plan.columns[table] = tuple(cols)
    return plan


def _sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _decoded_lines(binary: IO[bytes], source: str, line_no: list[int]) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    for raw in binary:
        line_no[0] += 1
        try:
            yield decoder.decode(raw)
        except UnicodeDecodeError as exc:
            raise ValidationError(f"{source}:{line_no[0]}: not valid UTF-8 (byte 0x{raw[exc.start]:02x}); "
                                  "save the file as UTF-8") from None


_NO_ROOM = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


def _temp_space_error(reason: str) -> AraError:
    return AraError(f"import stopped, nothing was written: no room for temporary files in "
                    f"{tempfile.gettempdir()} ({reason}); free some space or point TMPDIR elsewhere")


class _IdIndex:
    """The file's ids and the line of each, for duplicate detection in bounded memory.

    The first IN_MEMORY ids are kept in a dict (about 12 MB). Past that, they all move to a private
    temporary SQLite database on disk, which SQLite deletes when it is closed, and each later batch
    of BATCH ids is checked against it at once. So a file of any size needs the same few MB, and
    files of up to IN_MEMORY users pay nothing for it. On disk a repeated id is found when its
    batch is checked rather than at once; the import fails either way, and errors are listed by line.
    """

    IN_MEMORY = 100_000
    BATCH = 10_000
    _PARAMS = 500  # ids per IN (...) query: well under any SQLite's variable limit
    CACHE_KIB = 8000  # SQLite's page cache; the rest of the index lives in its temporary file

    def __init__(self, fold: bool = False) -> None:
        #: MariaDB/MySQL compare ids without regard to case (the tables' collation): so does the index there.
        self.fold = fold
        self.recent: dict[str, int] = {}  # the validating loop adds to this dict itself: see limit
        self.limit = self.IN_MEMORY       # flush() is due when len(recent) reaches this
        self.count = 0
        self._disk: Any = None

    def flush(self) -> list[tuple[int, str, int]]:
        """Move ``recent`` to disk; returns (line, id, earlier line) of each id seen before."""
        import sqlite3

        try:
            return self._flush()
        except sqlite3.OperationalError as exc:  # full disk, file size limit, no writable temp dir
            raise _temp_space_error(str(exc)) from None

    def _flush(self) -> list[tuple[int, str, int]]:
        if self._disk is None:
            import sqlite3

            self._disk = sqlite3.connect("", isolation_level=None)
            for pragma in ("journal_mode = OFF", "synchronous = OFF", f"cache_size = -{int(self.CACHE_KIB)}"):
                self._disk.execute(f"PRAGMA {pragma}")
            self._disk.execute("CREATE TABLE seen (id TEXT PRIMARY KEY, line INTEGER NOT NULL) WITHOUT ROWID")
            self._disk.execute("BEGIN")  # never committed: without it every row is a transaction (4x slower)
            self.limit = self.BATCH
        recent, repeats = self.recent, []
        before = self._disk.total_changes
        self._disk.executemany("INSERT OR IGNORE INTO seen VALUES (?, ?)", recent.items())
        self.count += self._disk.total_changes - before
        if self._disk.total_changes - before != len(recent):
            for client_id, line in self._stored(list(recent)):
                if line != recent[client_id]:
                    repeats.append((recent[client_id], client_id, line))
        recent.clear()
        return repeats

    def finish(self) -> list[tuple[int, str, int]]:
        if self._disk is None:
            self.count = len(self.recent)
            return []
        return self.flush()

    def _stored(self, ids: list[str]) -> Iterator[tuple[str, int]]:
        for start in range(0, len(ids), self._PARAMS):
            part = ids[start:start + self._PARAMS]
            yield from self._disk.execute(f"SELECT id, line FROM seen WHERE id IN ({', '.join('?' * len(part))})", part)

    def __len__(self) -> int:
        return self.count

    def lines(self, ids: list[str]) -> dict[str, int]:
        """The line of each of ``ids`` that is in the file."""
        if self.fold:
            folded = {i.lower(): i for i in ids}
            return {folded[k]: line for k, line in self.lines_exact(list(folded)).items()}
        return self.lines_exact(ids)

    def lines_exact(self, ids: list[str]) -> dict[str, int]:
        if self._disk is None:
            return {i: self.recent[i] for i in ids if i in self.recent}
        return dict(self._stored(ids))

    def chunks(self, size: int) -> Iterator[list[str]]:
        """All ids, ``size`` at a time."""
        if self._disk is None:
            keys = list(self.recent)
            for start in range(0, len(keys), size):
                yield keys[start:start + size]
            return
        cur = self._disk.execute("SELECT id FROM seen")
        while chunk := cur.fetchmany(size):
            yield [r[0] for r in chunk]

    def close(self) -> None:
        if self._disk is not None:
            self._disk.close()
            self._disk = None


# --- COPY, CSV format -----------------------------------------------------------------------
# Python's C csv writer renders COPY's CSV format directly: None becomes an unquoted empty field,
# which COPY reads as NULL (validated values are never empty strings, so nothing is lost).
_COPY_OPTIONS = "WITH (FORMAT csv)"


class _Spool:
    """Validated rows on disk as pickled batches (MariaDB/MySQL, SQLite, and dry runs)."""

    def __init__(self, dialect: str, plan: _Plan):
        self.dialect, self.plan = dialect, plan
        self.files = {t: tempfile.TemporaryFile() for t in CLIENT_TABLES}
        self.batch: dict[str, list[tuple]] = {t: [] for t in CLIENT_TABLES}
        self.ids = _IdIndex(fold=dialect == "mysql")

    def add(self, rows: dict[str, dict[str, Any]]) -> None:
        for table in CLIENT_TABLES:
            batch = self.batch[table]
            batch.append(tuple(map(rows[table].get, self.plan.columns[table])))
            if len(batch) >= BATCH_ROWS:
                pickle.dump(batch, self.files[table], protocol=pickle.HIGHEST_PROTOCOL)
                batch.clear()

    def finish(self) -> None:
        for table in CLIENT_TABLES:
            if self.batch[table]:
                pickle.dump(self.batch[table], self.files[table], protocol=pickle.HIGHEST_PROTOCOL)
                self.batch[table] = []
            self.files[table].seek(0)

    def batches(self, table: str) -> Iterator[list[tuple]]:
        f = self.files[table]
        f.seek(0)
        while True:
            try:
                yield pickle.load(f)
            except EOFError:
                return

    def close(self) -> None:
        for f in self.files.values():
            f.close()
        self.ids.close()


class _SwitchInterval:
    """The interpreter's GIL switch interval, shortened while any pipeline loads (it is process-wide,
    so concurrent imports in one process share it and the last one to finish restores it)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._holders = 0
        self._saved = 0.0

    def take(self, interval: float) -> None:
        with self._lock:
            if self._holders == 0:
                self._saved = sys.getswitchinterval()
                sys.setswitchinterval(min(self._saved, interval))
            self._holders += 1

    def give_back(self) -> None:
        with self._lock:
            self._holders -= 1
            if self._holders == 0:
                sys.setswitchinterval(self._saved)


_short_switch_interval = _SwitchInterval()


class _PgPipeline:
    """PostgreSQL: validate chunk k+1 while a writer thread loads chunk k.

    Every CHUNK_ROWS validated rows become three CSV buffers; the writer thread, which owns the
    connection until ``complete()``, COPYs each into its table (insert mode) or into a staging
    table and merges it with ``INSERT ... ON CONFLICT`` (upsert mode). So the server works while
    Python validates, and the total is close to the larger of the two instead of their sum. All of
    it runs in the import's one transaction; any error stops loading and everything rolls back.
    """

    CHUNK_ROWS = 10_000
    SWITCH_INTERVAL = 0.0005  # seconds; see __init__

    def __init__(self, db: Database, plan: _Plan, mode: str):
        self.db, self.plan, self.mode = db, plan, mode
        self.ids = _IdIndex()
        self.buffers = {t: io.StringIO() for t in CLIENT_TABLES}
        self.writers = {t: csv.writer(b, lineterminator="\n") for t, b in self.buffers.items()}
        self.pending = 0
        self.error: BaseException | None = None
        self.inserted = self.updated = 0
        self.targets = _pg_staging_tables(db) if mode == "upsert" else {t: t for t in CLIENT_TABLES}
        self._queue: queue.Queue = queue.Queue(maxsize=1)  # one chunk waiting, one loading: bounded memory
        self._thread = threading.Thread(target=self._load, name="asterisk-ara-copy", daemon=True)
        # The writer needs the GIL back each time the socket can take more data; at the default 5 ms
        # switch interval it waits behind the busy validating thread so long that loading and
        # validation barely overlap (1M users: 15 s instead of 9.5 s). Given back in _stop().
        _short_switch_interval.take(self.SWITCH_INTERVAL)
        self._holds_interval = True
        self._thread.start()

    def add(self, rows: dict[str, dict[str, Any]]) -> None:
        columns = self.plan.columns
        for table in CLIENT_TABLES:
            self.writers[table].writerow(map(rows[table].get, columns[table]))
        self.pending += 1
        if self.pending >= self.CHUNK_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self.error is None and self.pending:
            self._queue.put({t: b.getvalue() for t, b in self.buffers.items()})
        for b in self.buffers.values():
            b.seek(0)
            b.truncate()
        self.pending = 0

    def _load(self) -> None:
        while (chunk := self._queue.get()) is not None:
            if self.error is not None:
                continue  # drain: the transaction is lost anyway
            try:
                for table in CLIENT_TABLES:
                    cols = _column_list(self.db, self.plan.columns[table])
                    with self.db.conn.cursor().copy(
                            f"COPY {self.targets[table]} ({cols}) FROM STDIN {_COPY_OPTIONS}") as copy:
                        copy.write(chunk[table])
                if self.mode == "upsert":
                    inserted, updated = _pg_merge(self.db, self.plan, self.targets)
                    self.inserted += inserted
                    self.updated += updated
            except BaseException as exc:  # handed to the main thread in complete()
                self.error = exc

    def complete(self) -> None:
        """Load what is left and wait for the writer; re-raises its error in this thread."""
        self._flush()
        self._stop()
        if self.error is not None:
            raise self.error

    def _stop(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
        if self._holds_interval:
            self._holds_interval = False
            _short_switch_interval.give_back()

    def cancel(self) -> None:
        if self.error is None:
            self.error = ValidationError("import aborted")
        self._stop()

    def close(self) -> None:
        self._stop()
        self.ids.close()


#: Where validated rows go: spooled for later, or loaded as they come.
_Sink = _Spool | _PgPipeline


class _Conflict(Exception):
    """Ids were taken by the time the rows reached the database (insert mode)."""


# --- import -----------------------------------------------------------------------------------

def _open_source(source: str) -> IO[bytes]:
    if source == "-":
        return sys.stdin.buffer
    try:
        return open(source, "rb")
    except OSError as exc:
        raise UsageError(f"{source}: cannot open ({exc.strerror})") from None


def _text_lines(binary: IO[bytes], source: str) -> tuple[str, Iterator[str]]:
    """The first line (for sniffing the delimiter) and an iterator over all lines, decoded."""
    if binary.seekable():
        # A regular file: let the C-level reader decode in bulk; find the bad line only on error.
        text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
        try:
            first = text.readline()
            text.seek(0)
        except UnicodeDecodeError:
            _raise_bad_line(binary, source)
        return first, _UTF8Guard(text, binary, source)
    line_no = [0]
    lines = _decoded_lines(binary, source, line_no)
    first = next(lines, "")
    return first, _chain(first, lines)


class _UTF8Guard:
    """Iterates a text file; a decoding error becomes FILE:LINE: not valid UTF-8."""

    def __init__(self, text: io.TextIOWrapper, binary: IO[bytes], source: str):
        self.text, self.binary, self.source = text, binary, source
        self._it = iter(text)

    def __iter__(self) -> "_UTF8Guard":
        return self

    def __next__(self) -> str:
        try:
            return next(self._it)
        except UnicodeDecodeError:
            _raise_bad_line(self.binary, self.source)


def _raise_bad_line(binary: IO[bytes], source: str) -> None:
    binary.seek(0)
    for _ in _decoded_lines(binary, source, [0]):
        pass
    raise ValidationError(f"{source}: not valid UTF-8; save the file as UTF-8")  # pragma: no cover


_NO_CHANGES: dict[str, str] = {}
_WAITING_BATCH = 1000  # upsert rows without a credential per look-up of the stored ones


def _stored_auths(db: Database, ids: list[str]) -> dict[str, dict[str, Any]]:
    """The stored ps_auths rows (CREDENTIAL_COLUMNS) of those of ``ids`` that exist."""
    cols = ", ".join(db.quote(c) for c in CREDENTIAL_COLUMNS)
    found = {}
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        for row in db.query(f"SELECT id, {cols} FROM {AUTHS} WHERE id IN ({db.placeholders(len(part))})", part):
            found[row[0]] = dict(zip(CREDENTIAL_COLUMNS, row[1:]))
    return found


def _validate(binary: IO[bytes], source: str, settings: WebrtcSettings, spool_factory: Callable[[_Plan], _Sink],
              passwords_out: IO[str] | None, progress: Callable[[int, int], None] | None,
              require_password: bool, stored_auths: Callable[[list[str]], dict[str, dict]] | None = None,
              ) -> tuple[_Sink, list[str], int]:
    """One pass over the file: every row checked, the good ones handed to the sink as they come.

    With ``stored_auths`` (upsert), rows without a credential wait in batches for the stored
    ps_auths rows of their ids: an existing client keeps its credential, a new one needs a password.
    """
    first, lines = _text_lines(binary, source)
    seekable = binary.seekable()
    if not first:
        raise ValidationError(f"{source}: empty file; expected a header row (id,password,...)")
    delimiter = _sniff_delimiter(first)
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise ValidationError(f"{source}:1: {exc}") from None
    plan = _plan(header, source, settings)
    spool = spool_factory(plan)
    width = len(plan.header)
    idx = {name: i for i, name in enumerate(plan.header)}
    i_id, i_pw, i_md5, i_digest = idx["id"], idx.get("password"), idx.get("md5_cred"), idx.get("password_digest")
    errors: list[tuple[int, str]] = []
    error_count = 0
    index = spool.ids
    seen = index.recent
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
                password = credentials.generate_password()
                generated += 1
                if passwords_out is not None:
                    passwords_out.write(f"{client_id},{password}\n")
            elif password is not None:
                credentials.check_password(password, row_settings.username or client_id)
            built = build_rows(client_id, password, row_settings, overrides, stored, kept)
        except AraError as exc:
            fail(line, str(exc))
            return
        if not error_count:
            spool.add(built)

    waiting: list[tuple] = []  # upsert rows without a credential, until their stored rows are fetched

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
            earlier = seen.setdefault(client_id.lower() if index.fold else client_id, line)
            if earlier != line:
                fail(line, f"id: {client_id!r} repeats line {earlier}" + (
                    " (MariaDB/MySQL compare ids without regard to case)" if index.fold else ""))
                continue
            if len(seen) >= index.limit:
                repeated(index.flush())
            row_settings = settings
            changes = _NO_CHANGES
            if plan.settings_fields:
                changes = {name: record[i] for i, name in plan.settings_fields if record[i] != ""}
                if "max_contacts" in changes:
                    changes["max_contacts"] = changes["max_contacts"].strip()
                if changes:
                    row_settings = replace(settings, **changes)
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
                waiting.append((line, client_id, row_settings, overrides, changes.get("credential")))
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
    return spool, [f"{source}:{line}: {message}" for line, message in sorted(errors, key=lambda e: e[0])], error_count


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


_STREAM_TABLE_OVER = 50_000  # file ids; past this, reading the table's ids costs less than querying the file's


def _existing(db: Database, table: str, ids: _IdIndex) -> list[str]:
    """Which of ``ids`` exist in ``table`` (the table streamed when the file is large, else queried in chunks)."""
    found = []
    if len(ids) > _STREAM_TABLE_OVER:
        cur = db.execute(f"SELECT id FROM {table}")
        while chunk := cur.fetchmany(10_000):
            found += ids.lines([r[0] for r in chunk])
        return found
    for part in ids.chunks(1000):
        found += [r[0] for r in db.query(f"SELECT id FROM {table} WHERE id IN ({db.placeholders(len(part))})", part)]
    return found


def import_csv(url: "DatabaseURL | Database", source: str, mode: str = "insert", settings: WebrtcSettings | None = None,
               dry_run: bool = False, passwords_out: str | None = None,
               progress: Callable[[int, int], None] | None = None, force: bool = False) -> ImportReport:
    """Validate the whole CSV, then write every client in one transaction (see the module docstring).

    ``passwords_out`` must be a new path (unless ``force``): the generated passwords are staged in a
    private temporary file beside it and put in place only once the import is committed.
    """
    from .files import FileSet, refuse_existing

    if mode not in MODES:
        raise UsageError(f"--mode: {mode!r} is not one of {', '.join(MODES)}")
    settings = settings or WebrtcSettings()
    if passwords_out:
        refuse_existing([passwords_out], force, "--force")
    started = time.perf_counter()
    binary = _open_source(source)
    pw_file = None
    pw_set = FileSet(force)
    made: list[_Sink] = []
    readers: list[Database] = []
    try:
        with open_database(url, local_infile=True) as db:
            # The COPY pipeline needs a second connection for upsert look-ups: only from a URL we hold.
            streaming = db.dialect == "postgresql" and db.owned and not (mode == "insert" and dry_run)

            def stored_auths(ids: list[str]) -> dict[str, dict[str, Any]]:
                if not streaming:
                    return _stored_auths(db, ids)
                if not readers:  # the pipeline's writer thread owns db's connection
                    readers.append(connect(db.url))
                return _stored_auths(readers[0], ids)

            def sink(plan: _Plan) -> _Sink:
                require_columns(db, plan.columns)  # before the first byte is sent
                made.append(_PgPipeline(db, plan, mode) if streaming else _Spool(db.dialect, plan))
                return made[-1]

            if passwords_out:
                pw_file = pw_set.open(passwords_out, 0o600)
            try:
                with db.transaction(), _stop_loading_on_error(made):
                    spool, errors, error_count = _validate(binary, source, settings, sink, pw_file, progress,
                                                           require_password=passwords_out is None,
                                                           stored_auths=stored_auths if mode == "upsert" else None)
                    if error_count:
                        raise ImportErrors(errors, error_count)
                    report = ImportReport(rows=spool.rows, dry_run=dry_run, passwords_generated=spool.generated)
                    if streaming and mode == "insert":
                        try:
                            spool.complete()
                        except db.module.IntegrityError:
                            raise _Conflict() from None
                        report.inserted = spool.rows
                    elif streaming:
                        spool.complete()
                        report.inserted, report.updated = spool.inserted, spool.updated
                        report.unchanged = report.rows - report.inserted - report.updated
                        if dry_run:
                            raise _Rollback()
                    elif mode == "insert":
                        spool.finish()
                        taken = _taken(db, spool.ids)
                        if taken:
                            raise _taken_error(source, taken)
                        report.inserted = spool.rows
                        if not dry_run:
                            _write_insert(db, spool)
                    else:
                        spool.finish()
                        _batched_upsert(db, spool, report)
                        if dry_run:
                            raise _Rollback()
            except _Rollback:
                pass
            except _Conflict:
                with db.transaction():
                    taken = _taken(db, spool.ids)
                if taken:
                    raise _taken_error(source, taken) from None
                raise AlreadyExistsError("ids in the file were taken while importing; nothing was written") from None
    except BaseException as exc:
        if pw_file is not None:
            pw_file.close()
        pw_set.discard()  # generated passwords of rows that were never written are worthless
        if isinstance(exc, OSError) and exc.errno in _NO_ROOM:
            raise _temp_space_error(exc.strerror) from None
        raise
    finally:
        for made_spool in made:
            made_spool.close()
        for reader in readers:
            reader.close()
        if binary is not sys.stdin.buffer:
            binary.close()
    if pw_file is not None:
        pw_file.close()
        if dry_run:
            pw_set.discard()
        else:
            _place_passwords(pw_set, passwords_out)
    report.seconds = time.perf_counter() - started
    return report


def _place_passwords(pw_set: Any, passwords_out: str) -> None:
    """The import is committed: its passwords must not be lost, even if the path was taken meanwhile."""
    staged = pw_set.staged_path(passwords_out)
    try:
        pw_set.commit()
    except (AraError, OSError) as exc:
        raise AraError(f"the import was committed, but {passwords_out} could not be created ({exc}); "
                       f"the generated passwords are in {staged}") from None


@contextlib.contextmanager
def _stop_loading_on_error(made: list[_Sink]) -> Iterator[None]:
    """A pipeline still loading must stop before its transaction can roll back."""
    try:
        yield
    except BaseException:
        for spool in made:
            if isinstance(spool, _PgPipeline):
                spool.cancel()
        raise


def _taken(db: Database, ids: _IdIndex) -> dict[str, int]:
    """The file's ids that already exist, with their lines, in line order."""
    lines = ids.lines(sorted({i for t in CLIENT_TABLES for i in _existing(db, t, ids)}))
    return dict(sorted(lines.items(), key=lambda item: item[1]))


def _taken_error(source: str, taken: dict[str, int]) -> ImportErrors:
    return ImportErrors([f"{source}:{line}: id: {i!r} already exists (use --mode upsert to update existing clients)"
                         for i, line in list(taken.items())[:MAX_REPORTED]], len(taken))


class _Rollback(Exception):
    """Ends a dry-run upsert: the counts are real, the writes are rolled back."""


def _column_list(db: Database, cols: tuple[str, ...]) -> str:
    return ", ".join(db.quote(c) for c in cols)


def _write_insert(db: Database, spool: _Spool) -> None:
    if db.dialect == "mysql" and _server_loads_local_files(db):
        _load_data(db, spool)
        return
    for table in CLIENT_TABLES:
        cols = spool.plan.columns[table]
        sql = f"INSERT INTO {table} ({_column_list(db, cols)}) VALUES ({db.placeholders(len(cols))})"
        for batch in spool.batches(table):
            db.executemany(sql, batch)


def _server_loads_local_files(db: Database) -> bool:
    """LOAD DATA LOCAL INFILE needs our connection's consent and the server's local_infile=ON."""
    return db.local_infile and bool(db.query("SELECT @@GLOBAL.local_infile")[0][0])


def _load_data(db: Database, spool: _Spool) -> None:
    """MariaDB/MySQL: each table from a temporary file in one LOAD DATA LOCAL INFILE (inside our transaction).

    The file is CSV as Python's C writer renders it (quoted when needed, quotes doubled, no backslash
    escapes); None becomes an empty field, read back as NULL through NULLIF, as validated values are never
    empty strings.
    """
    for table in CLIENT_TABLES:
        cols = spool.plan.columns[table]
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", suffix=".csv") as out:
            writer = csv.writer(out, lineterminator="\n")
            rows = 0
            for batch in spool.batches(table):
                writer.writerows(batch)
                rows += len(batch)
            out.flush()
            variables = ", ".join(f"@v{i}" for i in range(len(cols)))
            assign = ", ".join(f"{db.quote(c)} = NULLIF(@v{i}, '')" for i, c in enumerate(cols))
            loaded = db.execute(
                f"LOAD DATA LOCAL INFILE {db.placeholder} INTO TABLE {table} CHARACTER SET utf8mb4 "
                "FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' ESCAPED BY '' LINES TERMINATED BY '\\n' "
                f"({variables}) SET {assign}", (out.name,)).rowcount
        if loaded != rows:
            # LOCAL turns duplicate keys into skipped rows: another writer took ids after our check.
            raise _Conflict()


def _pg_staging_tables(db: Database) -> dict[str, str]:
    stages = {}
    for table in CLIENT_TABLES:
        stages[table] = f"asterisk_ara_stage_{table}"
        db.execute(f"CREATE TEMPORARY TABLE {stages[table]} (LIKE {table}) ON COMMIT DROP")
    return stages


def _pg_merge(db: Database, plan: _Plan, stages: dict[str, str]) -> tuple[int, int]:
    """Merge the staged chunk: insert new rows, update changed ones, leave the rest untouched.

    Returns (clients inserted, clients updated); the staging tables are emptied for the next chunk.
    """
    ctes, selects = [], []
    for n, table in enumerate(CLIENT_TABLES):
        cols = plan.columns[table]
        collist = _column_list(db, cols)
        sets = ", ".join(f"{db.quote(c)} = EXCLUDED.{db.quote(c)}" for c in cols if c != "id")
        changed = " OR ".join(f"{table}.{db.quote(c)} IS DISTINCT FROM EXCLUDED.{db.quote(c)}" for c in cols if c != "id")
        ctes.append(f"w{n} AS (INSERT INTO {table} ({collist}) SELECT {collist} FROM {stages[table]} "
                    f"ON CONFLICT (id) DO UPDATE SET {sets} WHERE {changed} RETURNING id, (xmax = 0) AS inserted)")
        selects.append(f"SELECT id, inserted FROM w{n}")
    sql = (f"WITH {', '.join(ctes)}, touched AS ({' UNION ALL '.join(selects)}) "
           "SELECT COUNT(DISTINCT id) FILTER (WHERE inserted), COUNT(DISTINCT id) FILTER (WHERE NOT inserted) FROM touched")
    inserted, updated = db.query(sql)[0]
    db.execute(f"TRUNCATE {', '.join(stages.values())}")
    return inserted, updated


def _batched_upsert(db: Database, spool: _Spool, report: ImportReport) -> None:
    """MariaDB/MySQL and SQLite: compare each batch with what is stored, write only new and changed rows."""
    new_ids: set[str] = set()
    changed_ids: set[str] = set()
    for table in CLIENT_TABLES:
        cols = spool.plan.columns[table]
        collist = _column_list(db, cols)
        if db.dialect == "mysql":
            sql = (f"INSERT INTO {table} ({collist}) VALUES ({db.placeholders(len(cols))}) ON DUPLICATE KEY UPDATE "
                   + ", ".join(f"{db.quote(c)} = VALUES({db.quote(c)})" for c in cols if c != "id"))
        else:
            sql = (f"INSERT INTO {table} ({collist}) VALUES ({db.placeholders(len(cols))}) ON CONFLICT (id) DO UPDATE SET "
                   + ", ".join(f"{db.quote(c)} = excluded.{db.quote(c)}" for c in cols if c != "id"))
        for batch in spool.batches(table):
            ids = [r[0] for r in batch]
            stored = {r[0]: tuple(r) for r in db.query(
                f"SELECT {collist} FROM {table} WHERE id IN ({db.placeholders(len(ids))})", ids)}
            todo = []
            for values in batch:
                old = stored.get(values[0])
                if old is None:
                    new_ids.add(values[0])
                    todo.append(values)
                elif not _same(old, values):
                    changed_ids.add(values[0])
                    todo.append(values)
            if todo:
                db.executemany(sql, todo)
    report.inserted = len(new_ids)
    report.updated = len(changed_ids - new_ids)
    report.unchanged = report.rows - report.inserted - report.updated


def _same(old: tuple, new: tuple) -> bool:
    return all(a == b or (a is not None and b is not None and str(a) == str(b)) for a, b in zip(old, new))


# --- export -----------------------------------------------------------------------------------

_SECRET_EXPORT = ("password", "md5_cred", "password_digest", "credential")


def export_csv(url: "DatabaseURL | Database", dest: IO[str], include_secrets: bool = False) -> int:
    """Write every WebRTC client in the import format; returns the number of clients.

    Every column an import would otherwise default is written explicitly, so export followed by
    import into an empty database gives identical rows.
    """
    with open_database(url) as db:
        truthy = WEBRTC_TRUE_VALUES
        where = f"e.webrtc IN ({db.placeholders(len(truthy))})"
        tables = {"e": ENDPOINTS, "o": AORS, "a": AUTHS}
        # Columns holding a value in at least one exported row (one COUNT per column, one query per table).
        present: dict[str, list[str]] = {}
        for alias, table in tables.items():
            cols = column_names(table)
            counts = db.query(
                f"SELECT {', '.join(f'COUNT({alias}.{db.quote(c)})' for c in cols)} FROM {ENDPOINTS} e "
                f"LEFT JOIN {AORS} o ON o.id = e.aors LEFT JOIN {AUTHS} a ON a.id = e.auth WHERE {where}", truthy)[0]
            present[alias] = [c for c, n in zip(cols, counts) if n]
        simple = [("username", "a", "username"), ("realm", "a", "realm"), ("context", "e", "context"),
                  ("codecs", "e", "allow"), ("max_contacts", "o", "max_contacts"), ("callerid", "e", "callerid"),
                  ("transport", "e", "transport")]
        covered = {("a", "id"), ("o", "id"), ("e", "id"), ("a", "username"), ("a", "realm"), ("e", "context"),
                   ("e", "allow"), ("o", "max_contacts"), ("e", "callerid"), ("e", "transport"),
                   *[("a", c) for c in ("password", "md5_cred", "password_digest", "auth_type")]}
        always = {("e", "aors"), ("e", "auth"), ("e", "webrtc"), ("e", "dtls_auto_generate_cert"), ("e", "disallow"),
                  ("o", "remove_existing")}
        extra = [(alias, c) for alias in ("e", "o", "a") for c in column_names(tables[alias])
                 if (alias, c) not in covered and (c in present[alias] or (alias, c) in always)]
        prefix = {"e": "endpoint", "o": "aor", "a": "auth"}
        header = ["id"] + [s[0] for s in simple]
        if include_secrets:
            header += list(_SECRET_EXPORT)
        header += [f"{prefix[a]}.{c}" for a, c in extra]
        select = ["e.id"] + [f"{a}.{db.quote(c)}" for _, a, c in simple]
        if include_secrets:
            select += ["a.password", "a.md5_cred", "a.password_digest", "a.auth_type"]
        select += [f"{a}.{db.quote(c)}" for a, c in extra]
        writer = csv.writer(dest, lineterminator="\n")
        writer.writerow(header)
        cur = db.execute(f"SELECT {', '.join(select)} FROM {ENDPOINTS} e LEFT JOIN {AORS} o ON o.id = e.aors "
                         f"LEFT JOIN {AUTHS} a ON a.id = e.auth WHERE {where} ORDER BY e.id", truthy)
        n = 0
        base = 1 + len(simple)
        while chunk := cur.fetchmany(5000):
            for r in chunk:
                out = ["" if v is None else decode_realtime(v) if isinstance(v, str) else v for v in r]
                if include_secrets:
                    pw, md5, digest, auth_type = r[base:base + 4]
                    mode = "plaintext" if auth_type == "userpass" and pw else credentials.credential_mode(
                        {"md5_cred": md5, "password_digest": digest, "password": pw})
                    # One credential per row: the hash when there is one, else the plaintext password.
                    out[base:base + 4] = [pw if mode == "plaintext" else "", (md5 or "") if mode == "md5" else "",
                                          (digest or "") if mode == "digest" else "", mode or ""]
                writer.writerow(out)
                n += 1
    return n
