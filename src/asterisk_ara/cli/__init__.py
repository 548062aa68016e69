"""The ``asterisk-ara`` command line: parsing and printing only; the work is in the API modules.

Heavy modules (SQLAlchemy, Alembic, cryptography, rich tables) are imported inside the
commands that need them: scripts call this once per user, so start-up is user time.
"""
from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup

from ..errors import AraError
from ..validation import printable
from .common import Settings


class _AraGroup(TyperGroup):
    """Catches domain errors once, for every command: one line on stderr, no traceback, no locals.

    Also says which running Asterisk nodes a committed change reached (``ami.hook``): a node that missed it is
    named with how to catch it up, and the command exits with ``EXIT_MISSED`` (3) when nothing else failed.
    The nodes are told last, after the command's own output and its error line, since that can wait."""

    def invoke(self, ctx: typer.Context):
        from ..ami.hook import EXIT_MISSED, collect

        with collect() as outcomes:
            try:
                result = super().invoke(ctx)
            except AraError as exc:  # the error line first: telling the nodes of an earlier commit can wait
                typer.echo(f"Error: {printable(exc)}", err=True)
                _say_nodes(outcomes)
                raise typer.Exit(exc.exit_code) from None
            except OSError as exc:  # a file or directory the user named: unwritable, missing, full
                where = f"{exc.filename}: " if exc.filename else ""
                typer.echo(f"Error: {printable(f'{where}{exc.strerror or exc}')}", err=True)
                _say_nodes(outcomes)
                raise typer.Exit(1) from None
            except BaseException:
                _say_nodes(outcomes)
                raise
        if _say_nodes(outcomes):
            raise typer.Exit(EXIT_MISSED)
        return result


def _say_nodes(outcomes: list) -> bool:
    """Tell the nodes what the command changed (after its own output), then which got it, on stderr; True when
    one missed it."""
    from ..ami.hook import deliver, missed_lines

    deliver(outcomes)
    told = sorted({name for outcome in outcomes for name in outcome.told})
    missed = [line for outcome in outcomes for line in missed_lines(outcome)]
    if told:
        typer.echo(printable(f"Told Asterisk node(s) {', '.join(told)}."), err=True)
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


@app.callback()
def _global_options(
    ctx: typer.Context,
    database_url: Annotated[Optional[str], typer.Option(
        "--database-url", envvar="ASTERISK_ARA_DATABASE_URL", show_envvar=True,
        help="Database URL: postgresql://user@host/db, mysql://user@host/db or sqlite:///file.db "
             "[default: sqlite:///asterisk-ara.db]")] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON document instead of text.")] = False,
) -> None:
    ctx.obj = Settings(database_url=database_url, json=json_output)


def _register() -> None:
    from . import ami, bulk, conf, db, node, probe, quickstart, tls, transport, webrtc

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
