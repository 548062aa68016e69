"""The ``asterisk-ara`` command line: parsing and printing only; the work is in the API modules.

Heavy modules (SQLAlchemy, Alembic, cryptography, rich tables) are imported inside the
commands that need them: scripts call this once per user, so start-up is user time.
"""
from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer
from ..errors import AraError
from ..validation import printable
from .common import FullHelpGroup, Settings


class _AraGroup(FullHelpGroup):
    """Catches domain errors once, for every command: one line on stderr, no traceback, no locals; under --json,
    one JSON document on stdout ({"error": ..., "exit_code": N}) and the same exit status.

    ``--json`` is taken wherever it is put, before or after the command (``webrtc update ID --json``). A reader
    that goes away (``export - | head -1``) ends the command quietly with 141, as a shell tool killed by SIGPIPE.

    Also says which running Asterisk nodes a committed change reached (``ami.hook``): a node that missed it is
    named with how to catch it up, and the command exits with ``EXIT_MISSED`` (3) when nothing else failed.
    The nodes are told last, after the command's own output and its error line, since that can wait."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        if ctx.parent is None:
            args = _json_first(args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: typer.Context):
        from ..ami.hook import EXIT_MISSED, collect

        json_errors = bool(ctx.params.get("json_output"))
        with collect() as outcomes:
            try:
                result = super().invoke(ctx)
                sys.stdout.flush()  # a closed pipe shows here, not at exit (where Python would print about it)
            except AraError as exc:  # the error line first: telling the nodes of an earlier commit can wait
                _fail(str(exc), exc.exit_code, json_errors, getattr(exc, "lines", None), outcomes)
            except OSError as exc:  # a file or directory the user named: unwritable, missing, full
                if isinstance(exc, BrokenPipeError) and _stdout_closed():
                    _end_quietly()
                where = f"{exc.filename}: " if exc.filename else ""
                _fail(f"{where}{exc.strerror or exc}", 1, json_errors, None, outcomes)
            except typer.TyperException as exc:  # a usage error of a command (typer's click exceptions)
                if not json_errors or not hasattr(exc, "format_message"):
                    raise
                _fail(exc.format_message(), getattr(exc, "exit_code", 2), True)
            except BaseException:
                _say_nodes(outcomes)
                raise
        if _say_nodes(outcomes):
            raise typer.Exit(EXIT_MISSED)
        return result


def _json_first(args: list[str]) -> list[str]:
    """``--json`` anywhere before a ``--`` moved to the front, where the group's option is parsed."""
    end = args.index("--") if "--" in args else len(args)
    if "--json" not in args[:end]:
        return args
    return ["--json", *(a for a in args[:end] if a != "--json"), *args[end:]]


def _fail(message: str, code: int, as_json: bool, problems: list[str] | None = None,
          outcomes: list | None = None) -> None:
    """The error, and the exit status; under --json one document (with a CSV's problems one by one). The error
    comes first; then the AMI targets are told of what an earlier commit of the command changed (``outcomes``),
    which can wait."""
    if as_json:
        from .common import print_json

        print_json({"error": printable(message), "exit_code": code, **({"problems": problems} if problems else {})})
    else:
        typer.echo(f"Error: {printable(message)}", err=True)
    if outcomes is not None:
        _say_nodes(outcomes)
    raise typer.Exit(code) from None


def _stdout_closed() -> bool:
    """Whether standard output is a pipe whose reader has gone."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        return True
    except (OSError, ValueError):
        return False
    try:
        import select

        poll = select.poll()
        poll.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & select.POLLERR for _, events in poll.poll(0))
    except (OSError, ValueError, AttributeError):
        return False


def _end_quietly() -> None:
    """No message (the reader asked for no more) and status 141, as shells expect of a closed pipe; what is still
    buffered goes nowhere, so that Python does not complain about it at exit."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    raise typer.Exit(141) from None


def _say_nodes(outcomes: list) -> bool:
    """Tell the nodes what the command changed (after its own output), then which got it, on stderr; True when
    one missed it."""
    from ..ami.hook import deliver, missed_lines

    deliver(outcomes)
    told = sorted({name for outcome in outcomes for name in outcome.told})
    missed = [line for outcome in outcomes for line in missed_lines(outcome)]
    if told:
        typer.echo(printable(f"Told AMI target(s) {', '.join(told)}."), err=True)
    for line in missed:
        typer.echo(printable(f"Warning: {line}"), err=True)
    outcomes.clear()
    return bool(missed)


app = typer.Typer(
    cls=_AraGroup,
    name="asterisk-ara",
    help="Provision Asterisk WebRTC clients into the Asterisk Realtime Architecture (ARA) database.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    # Plain help text: with rich markup, "[default: ...]" in a help string is taken for a tag and dropped.
    rich_markup_mode=None,
)


def _print_version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"asterisk-ara {__version__}")
        raise typer.Exit()


@app.callback()
def _global_options(
    ctx: typer.Context,
    database_url: Annotated[Optional[str], typer.Option(
        "--database-url", envvar="ASTERISK_ARA_DATABASE_URL", show_envvar=True,
        help="Database URL: postgresql://user@host/db, mysql://user@host/db or sqlite:///file.db "
             "[default: sqlite:///asterisk-ara.db]")] = None,
    json_output: Annotated[bool, typer.Option(
        "--json", help="Print one JSON document instead of text, errors too (also taken after the command).")]
    = False,
    version: Annotated[bool, typer.Option("--version", is_eager=True, callback=_print_version,
                                          help="Print the version and exit.")] = False,
) -> None:
    ctx.obj = Settings(database_url=database_url, json=json_output)


def _register() -> None:
    from . import ami, bulk, conf, db, node, probe, quickstart, tls, transport, webrtc

    for group in (db, webrtc, transport, node, tls, conf, ami):
        group.app.info.cls = FullHelpGroup  # every command's whole description in the group's --help
    app.add_typer(db.app, name="db")
    app.add_typer(webrtc.app, name="webrtc")
    app.add_typer(transport.app, name="transport")
    app.add_typer(node.app, name="node")
    app.add_typer(tls.app, name="tls")
    app.add_typer(conf.app, name="conf")
    app.add_typer(ami.app, name="ami")
    app.command("import")(bulk.import_)
    app.command("export")(bulk.export)
    app.command("quickstart")(quickstart.quickstart)
    app.command("probe")(probe.probe)


_register()


def main() -> None:
    app(prog_name="asterisk-ara")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
