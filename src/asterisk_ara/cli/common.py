"""What every command group shares: global settings and output helpers."""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from typing import Any

import typer
from typer.core import TyperGroup


class FullHelpGroup(TyperGroup):
    """A command group whose --help gives each command's whole first paragraph, wrapped, never cut off."""

    def format_commands(self, ctx, formatter) -> None:
        commands = [(name, cmd) for name in self.list_commands(ctx)
                    if (cmd := self.get_command(ctx, name)) is not None and not cmd.hidden]
        if commands:
            with formatter.section("Commands"):
                formatter.write_dl([(name, cmd.get_short_help_str(limit=10_000)) for name, cmd in commands])


@dataclass
class Settings:
    database_url: str | None = None
    json: bool = False

    def db(self):
        from ..dburl import resolve

        return resolve(self.database_url)


def settings(ctx: typer.Context) -> Settings:
    root = ctx.find_root()
    return root.obj if isinstance(root.obj, Settings) else Settings()


def want_json(ctx: typer.Context) -> bool:
    """--json, wherever it was put (the root group moves it to the front)."""
    return settings(ctx).json


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, sort_keys=True, default=str) + "\n")


def info(message: str) -> None:
    """Human-oriented messages go to stderr so stdout stays clean for data; stored values in them are shown
    with their control characters escaped (validation.printable)."""
    from ..validation import printable

    typer.echo(printable(message), err=True)


def echo(text: str) -> None:
    """A line of output on stdout, control characters escaped: it may hold values read from the database."""
    from ..validation import printable

    typer.echo(printable(text))


def read_password(stdin: bool, file: "str | None", env: "str | None", option: str = "--password") -> "str | None":
    """A password from stdin, a file or an environment variable, never from argv; None = generate.

    ``option`` names the options in messages (``--turn-password`` gives --turn-password-file, ...)."""
    import os

    from ..errors import UsageError

    given = [name for name, on in ((f"{option}-stdin", stdin), (f"{option}-file", file), (f"{option}-env", env)) if on]
    if len(given) > 1:
        raise UsageError(f"give only one of {', '.join(given)}")
    if stdin:
        try:
            value = sys.stdin.buffer.read().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UsageError(f"{option}-stdin: the input is not UTF-8 (byte {exc.start + 1})") from None
    elif file:
        try:
            with open(file, encoding="utf-8") as fh:
                value = fh.read()
        except OSError as exc:
            raise UsageError(f"{option}-file: cannot read {file}: {exc.strerror}") from None
        except UnicodeDecodeError as exc:
            raise UsageError(f"{option}-file: {file} is not UTF-8 (byte {exc.start + 1})") from None
    elif env:
        if env not in os.environ:
            raise UsageError(f"{option}-env: environment variable {env} is not set")
        value = os.environ[env]
    else:
        return None
    # One trailing newline is what `echo` and editors add; it is never part of the password.
    return value[:-1] if value.endswith("\n") else value


def warn(message: str) -> None:
    info(message)
