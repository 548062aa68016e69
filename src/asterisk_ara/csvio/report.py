"""What an import tells: its counts, its errors as FILE:LINE lines, and the one-line failures."""
from __future__ import annotations

import errno
import tempfile
from dataclasses import dataclass
from ..errors import AraError, ValidationError


MAX_REPORTED = 100


@dataclass
class ImportReport:
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    seconds: float = 0.0
    dry_run: bool = False
    passwords_generated: int = 0
    placed: dict[str, int] | None = None  # node -> clients --spread put there

    @property
    def users_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        verb = "would be " if self.dry_run else ""
        spread = ""
        if self.placed:
            counts = sorted(self.placed.values())
            spread = (f"; {verb}spread over {len(self.placed)} node(s), {counts[0]:,} to {counts[-1]:,} each"
                      if len(counts) > 1 else f"; {verb}placed on node {next(iter(self.placed))}")
        return (f"{self.rows} users: {verb}inserted {self.inserted}, {verb}updated {self.updated}, "
                f"unchanged {self.unchanged} in {self.seconds:.2f} s ({self.users_per_second:,.0f} users/s)"
                + spread)


class ImportErrors(ValidationError):
    """Every problem found in the file, one line each (FILE:LINE: ...); nothing was written."""

    def __init__(self, lines: list[str], total: int):
        more = (f"\n... and {total - len(lines)} more problems (only the first {MAX_REPORTED} are listed)"
                if total > len(lines) else "")
        super().__init__("\n".join(lines) + more + f"\n{total} problem(s); nothing was written")
        self.lines, self.total = lines, total

    @classmethod
    def of(cls, source: str, problems: list[tuple[int, str]], total: int) -> "ImportErrors":
        """From (line, message) pairs: the first MAX_REPORTED in line order."""
        ordered = sorted(problems, key=lambda p: p[0])[:MAX_REPORTED]
        return cls([f"{source}:{line}: {message}" for line, message in ordered], total)


NO_ROOM = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


def temp_space_error(reason: str) -> AraError:
    return AraError(f"import stopped, nothing was written: no room for temporary files in "
                    f"{tempfile.gettempdir()} ({reason}); free some space or point TMPDIR elsewhere")


class Conflict(Exception):
    """Ids were taken by the time the rows reached the database (insert mode)."""


class Rollback(Exception):
    """Ends a dry-run upsert: the counts are real, the writes are rolled back."""
