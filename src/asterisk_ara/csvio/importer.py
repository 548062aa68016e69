"""``import_csv``: read, validate, load, all in one transaction; the order of the stages."""
from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any
from ..ami.changes import WARM_LIMIT
from ..ami.hook import changes_of
from ..dbapi import Database, connect, open_database
from ..dburl import DatabaseURL
from ..errors import AlreadyExistsError, AraError, UsageError
from ..provisioning import (
    WebrtcSettings, require_columns,
)
from ..nodes.placement import ImportPlacement, node_counts
from .report import MAX_REPORTED, Conflict, ImportErrors, ImportReport, NO_ROOM, Rollback, temp_space_error
from .reading import open_source
from .header import Plan
from .ids import taken_error, taken_ids, taken_problems
from .spool import Spool
from .validate import Sink, read_stored_auths, validate_rows
from .load_mariadb import LoadDataPipeline, can_stage, server_loads_local_files
from .load_postgresql import PgPipeline
from .load_sqlite import JsonPipeline, sqlite_loads_json
from .pipeline import Pipeline
from .load_batched import batched_upsert, write_insert


MODES = ("insert", "upsert")


def import_csv(url: "DatabaseURL | Database", source: str, mode: str = "insert", settings: WebrtcSettings | None = None,
               dry_run: bool = False, passwords_out: str | None = None,
               progress: Callable[[int, int], None] | None = None, force: bool = False,
               spread: bool = False) -> ImportReport:
    """Validate the whole CSV, then write every client in one transaction (see the module docstring).

    ``passwords_out`` must be a new path (unless ``force``): the generated passwords are staged in a
    private temporary file beside it and put in place only once the import is committed. Clients go to the
    node of their ``node`` cell or ``settings.node``; ``spread`` places the others evenly over the nodes.
    """
    from ..files import FileSet, check_parent, refuse_existing

    if mode not in MODES:
        raise UsageError(f"--mode: {mode!r} is not one of {', '.join(MODES)}")
    settings = settings or WebrtcSettings()
    if passwords_out:
        check_parent(passwords_out, "--passwords-out")
        refuse_existing([passwords_out], force, "--force")
    started = time.perf_counter()
    binary = open_source(source)
    pw_file = None
    pw_set = FileSet(force)
    made: list[Sink] = []
    readers: list[Database] = []
    try:
        with open_database(url, local_infile=True) as db:
            # Load while validating, in a writer thread that needs the connection to itself: only on a
            # connection the import owns (upsert look-ups then take a second one, from the URL we hold).
            # PostgreSQL COPYs, MariaDB LOADs DATA when the server allows local files; straight into the
            # tables (insert) or into staging tables merged chunk by chunk (upsert). SQLite inserts from
            # JSON (upsert stays batched: look-ups on a second connection would wait for the writer's lock).
            streaming = db.owned and not (mode == "insert" and dry_run) and (
                db.dialect == "postgresql"
                or server_loads_local_files(db) and (mode == "insert" or can_stage(db))
                or mode == "insert" and sqlite_loads_json(db))

            def stored_auths(ids: list[str]) -> dict[str, dict[str, Any]]:
                if not streaming:
                    return read_stored_auths(db, ids)
                if not readers:  # the pipeline's writer thread owns db's connection
                    readers.append(connect(db.url))
                return read_stored_auths(readers[0], ids)

            def sink(plan: Plan) -> Sink:
                require_columns(db, plan.columns)  # before the first byte is sent
                loader = {"postgresql": PgPipeline, "mysql": LoadDataPipeline, "sqlite": JsonPipeline}[db.dialect]
                made.append(loader(db, plan, mode) if streaming else Spool(db.dialect, plan))
                return made[-1]

            if passwords_out:
                pw_file = pw_set.open(passwords_out, 0o600)
            try:
                with db.transaction(), _stop_loading_on_error(made):
                    placement = ImportPlacement(node_counts(db), mode, spread)  # before the writer owns db
                    spool, errors, error_count = validate_rows(binary, source, settings, sink, pw_file, progress,
                                                           require_password=passwords_out is None,
                                                           stored_auths=stored_auths if mode == "upsert" else None,
                                                           placement=placement)
                    if error_count:
                        raise _RowProblems(errors, error_count)
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
                        _place_the_unplaced(db, placement, spool, source)
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
                        _place_the_unplaced(db, placement, spool, source)
                        if dry_run:
                            raise Rollback()
                    if not dry_run and (report.inserted or report.updated):
                        _warm(db, spool.ids)
            except Rollback:
                pass
            except _RowProblems as found:
                problems, total = found.problems, found.total
                if mode == "insert":  # the ids the database holds already: in the same report, not a second round
                    with db.transaction():
                        taken = taken_ids(db, spool.ids)
                    problems, total = problems + taken_problems(taken), total + len(taken)
                raise ImportErrors.of(source, problems, total) from None
            except Conflict:
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
    report.placed = placement.placed or None
    return report


class _RowProblems(Exception):
    """The rows' problems, raised inside the import's transaction so that it rolls back first."""

    def __init__(self, problems: list[tuple[int, str]], total: int):
        super().__init__(f"{total} problem(s)")
        self.problems, self.total = problems, total


def _place_the_unplaced(db: Database, placement: ImportPlacement, spool: Sink, source: str) -> None:
    """Upsert: new clients without a node cell are spread now that the rows are in, or reported by line."""
    _placed, lines = placement.place_the_unplaced(db, spool.ids.lines)
    if lines:
        message = placement.missing_error()
        raise ImportErrors([f"{source}:{line}: {message} (a new client)" for line in lines[:MAX_REPORTED]], len(lines))


def _warm(db: Database, ids: Any) -> None:
    """A small import's clients are loaded into every Asterisk node's caches once committed (ami.changes)."""
    if len(ids) > WARM_LIMIT:
        changes_of(db).warm([], len(ids))
    else:
        changes_of(db).warm(next(ids.chunks(WARM_LIMIT), []))


def _place_passwords(pw_set: Any, passwords_out: str) -> None:
    """The import is committed: its passwords must not be lost, even if the path was taken meanwhile."""
    staged = pw_set.staged_path(passwords_out)
    try:
        pw_set.commit()
    except (AraError, OSError) as exc:
        raise AraError(f"the import was committed, but {passwords_out} could not be created ({exc}); "
                       f"the generated passwords are in {staged}") from None


@contextlib.contextmanager
def _stop_loading_on_error(made: list[Sink]) -> Iterator[None]:
    """A pipeline still loading must stop before its transaction can roll back."""
    try:
        yield
    except BaseException:
        for spool in made:
            if isinstance(spool, Pipeline):
                spool.cancel()
        raise
