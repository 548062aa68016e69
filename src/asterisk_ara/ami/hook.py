"""After a commit: tell every AMI node what changed.

The database layer runs work after a commit without knowing whose (``Database.after_commit``); this module
registers ours: ``changes_of(db)`` is the ChangeSet the writers note in, told once the transaction commits.

Whatever happens here, the commit stands: a node that cannot be told is reported as missed, with how to catch
it up (``asterisk-ara ami sync NAME``). Outcomes go to the collector of the command line (``collect``), which
prints them and exits with ``EXIT_MISSED``; a script without a collector gets a ``NodesNotTold`` warning.

Telling the nodes can wait (notify.DEADLINE at most), so under a collector it is deferred: the nodes to tell are
read right after the commit, and ``deliver`` tells them once the command has printed what its user must see (a
generated password is never held back by a slow node).
"""
from __future__ import annotations

import contextlib
import contextvars
import warnings
from collections.abc import Iterator
from typing import Any

from .changes import ChangeSet

#: Exit status of a command whose change is saved but did not reach every node.
EXIT_MISSED = 3

_collector: contextvars.ContextVar[list | None] = contextvars.ContextVar("asterisk_ara_ami_outcomes", default=None)


#: Our key among the work a Database does after a commit.
AFTER_COMMIT_KEY = "asterisk_ara.ami"


class PendingChanges(ChangeSet):
    """A ChangeSet as the database layer's after-commit work: run once the transaction has committed."""

    def run(self, db: Any) -> Any:
        return after_commit(db, self)


def changes_of(db: Any) -> ChangeSet:
    """The ChangeSet of ``db``'s transaction (a dbapi.Database), told to every AMI node once it commits."""
    return db.after_commit(AFTER_COMMIT_KEY, PendingChanges)


class Outcomes(list):
    """What ``collect`` gathers: outcomes, and the notifications still waiting for ``deliver`` (``pending``:
    (targets, changes) in commit order)."""

    def __init__(self) -> None:
        super().__init__()
        self.pending: list = []


class NodesNotTold(UserWarning):
    """A change is saved in the database, but some Asterisk node(s) did not get it."""


@contextlib.contextmanager
def collect() -> Iterator[list]:
    """Gather the outcomes of every notification made in this block (the command line's)."""
    outcomes = Outcomes()
    token = _collector.set(outcomes)
    try:
        yield outcomes
    finally:
        _collector.reset(token)


def deliver(outcomes: list) -> None:
    """Tell the nodes what the commits of this collector changed (deferred until now); outcomes are added."""
    from .notify import tell

    pending = getattr(outcomes, "pending", [])
    while pending:
        targets, changes = pending.pop(0)
        outcomes.append(tell(targets, changes))


def after_commit(db: Any, changes: Any) -> Any:
    """Expire what ``changes`` names on every node of ``db``'s ``asterisk_ara_ami``; never raises."""
    from .notify import Miss, Outcome

    try:
        from .targets import read_targets

        targets = read_targets(db)
        if not targets:
            return None
        sink = _collector.get()
        if isinstance(sink, Outcomes):
            sink.pending.append((targets, changes))
            return None
        from .notify import tell

        outcome = tell(targets, changes)
    except Exception as exc:  # noqa: BLE001 - the commit stands whatever failed here
        outcome = Outcome(missed=[Miss("every target", "", f"the list of AMI targets could not be read ({exc})")])
    publish(outcome)
    return outcome


def publish(outcome: Any) -> None:
    sink = _collector.get()
    if sink is not None:
        sink.append(outcome)
    elif outcome.missed:
        warnings.warn(NodesNotTold("; ".join(missed_lines(outcome))), stacklevel=_caller_level())


def _caller_level() -> int:
    """The stack level of the first frame outside asterisk_ara (and contextlib): the caller's own line."""
    import sys

    level, frame = 2, sys._getframe(2)
    while frame is not None and frame.f_globals.get("__name__", "").split(".")[0] in ("asterisk_ara", "contextlib"):
        frame, level = frame.f_back, level + 1
    return level


def missed_lines(outcome: Any) -> list[str]:
    """One line per node that did not get the change: which, why, and how to catch it up."""
    lines = []
    for miss in outcome.missed:
        where = f" ({miss.where})" if miss.where else ""
        catch_up = f"asterisk-ara ami sync {miss.node}" if miss.where else "asterisk-ara ami sync"
        lines.append(f"the change is saved, but AMI target {miss.node}{where} did not get it: {miss.reason}; "
                     f"once it is reachable, run: {catch_up}")
    return lines
