"""Domain errors. The CLI turns each into one line on stderr and an exit code."""
from __future__ import annotations


class AraError(Exception):
    """An error the user can act on; its message is the whole story."""

    exit_code = 1


class UsageError(AraError):
    """Bad options or arguments (exit 2, like a typer usage error)."""

    exit_code = 2


class ValidationError(AraError):
    """A value does not fit the schema or Asterisk's rules; nothing was written."""


class DatabaseError(AraError):
    """The database could not be reached or refused an operation."""


class NotFoundError(AraError):
    """The object named does not exist."""


class AlreadyExistsError(AraError):
    """The object named exists already; nothing was changed."""
