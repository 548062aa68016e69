"""``import_csv``: read, validate, load, all in one transaction; the order of the stages."""
from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any
from ..dbapi import Database, open_database
from ..dburl import DatabaseURL
from ..errors import AlreadyExistsError, AraError, UsageError
from ..provisioning import (
    WebrtcSettings, require_columns,
)
from .report import Conflict, ImportErrors, ImportReport, NO_ROOM, Rollback, temp_space_error
from .reading import open_source
from .header import Plan
from .ids import taken_error, taken_ids
from .spool import Spool
from .validate import read_stored_auths, validate_rows
from .load_postgresql import PgCopyLoad
from .load_batched import batched_upsert, write_insert


MODES = ("insert", "upsert")


def import_csv(url: "DatabaseURL | Database", source: str, mode: str = "insert", settings: WebrtcSettings | None = None,
               dry_run: bool = False, passwords_out: str | None = None,
               progress: Callable[[int, int], None] | None = None, force: bool = False) -> ImportReport:
    """Validate the whole CSV, then write every client in one transaction (see the module docstring).

    ``passwords_out`` must be a new path (unless ``force``): the generated passwords are staged in a
    private temporary file beside it and put in place only once the import is committed.
    """
    from ..files import FileSet, refuse_existing

    if mode not in MODES:
        raise UsageError(f"--mode: {mode!r} is not one of {', '.join(MODES)}")
    settings = settings or WebrtcSettings()
    if passwords_out:
        refuse_existing([passwords_out], force, "--force")
    started = time.perf_counter()
    binary = open_source(source)
    pw_file = None
    pw_set = FileSet(force)
    made: list[Spool | PgCopyLoad] = []
    try:
        with open_database(url, local_infile=True) as db:
            # PostgreSQL streams into COPY from an encoding worker process, which reads the file itself
            # (so it needs a real file descriptor) and makes a second connection from the URL: only a
            # connection we opened has one we may use.
            fd = _descriptor(binary)
            streaming = db.dialect == "postgresql" and db.owned and not (mode == "insert" and dry_run) and fd is not None

            def sink(plan: Plan) -> Spool:
                require_columns(db, plan.columns)  # before the first byte is written
                made.append(Spool(db.dialect, plan))
                return made[-1]  # type: ignore[return-value]

            if passwords_out:
                pw_file = pw_set.open(passwords_out, 0o600)
            try:
                with db.transaction():
                    if streaming:
                        load = PgCopyLoad(db, fd, source, settings, mode,  # type: ignore[arg-type]
                                          passwords_out is None, pw_file, progress)
                        made.append(load)
                        spool, errors, error_count = load.run()
                    else:
                        spool, errors, error_count = validate_rows(
                            binary, source, settings, sink, pw_file, progress, require_password=passwords_out is None,
                            stored_auths=(lambda ids: read_stored_auths(db, ids)) if mode == "upsert" else None)
                    if error_count:
                        raise ImportErrors(errors, error_count)
                    report = ImportReport(rows=spool.rows, dry_run=dry_run, passwords_generated=spool.generated)
                    if streaming and mode == "insert":
                        try:
                            spool.complete()
                        except db.module.IntegrityError:
                            raise Conflict() from None
                        report.inserted = spool.rows
                    elif streaming:
                        spool.complete()
                        report.inserted, report.updated = spool.inserted, spool.updated
                        report.unchanged = report.rows - report.inserted - report.updated
                        if dry_run:
                            raise Rollback()
                    elif mode == "insert":
                        spool.finish()
                        taken = taken_ids(db, spool.ids)
                        if taken:
                            raise taken_error(source, taken)
                        report.inserted = spool.rows
                        if not dry_run:
                            write_insert(db, spool)
                    else:
                        spool.finish()
                        batched_upsert(db, spool, report)
                        if dry_run:
                            raise Rollback()
            except Rollback:
                pass
            except Conflict:
                if isinstance(spool, PgCopyLoad):
                    taken = spool.taken()  # the worker holds the id index
                else:
                    with db.transaction():
                        taken = taken_ids(db, spool.ids)
                if taken:
                    raise taken_error(source, taken) from None
                raise AlreadyExistsError("ids in the file were taken while importing; nothing was written") from None
    except BaseException as exc:
        if pw_file is not None:
            pw_file.close()
        pw_set.discard()  # generated passwords of rows that were never written are worthless
        if isinstance(exc, OSError) and exc.errno in NO_ROOM:
            raise temp_space_error(exc.strerror) from None
        raise
    finally:
        for made_spool in made:
            made_spool.close()
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


def _descriptor(binary: Any) -> int | None:
    """The file descriptor the encoding worker can read the CSV from (none for e.g. an in-memory stdin)."""
    try:
        return binary.fileno()
    except (AttributeError, OSError, ValueError):
        return None
