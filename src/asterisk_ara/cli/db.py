"""``asterisk-ara db``: create, upgrade, adopt and check the realtime schema."""
from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from .common import info, print_json, settings, want_json

app = typer.Typer(rich_markup_mode=None, no_args_is_help=True,
                  help="Create, upgrade, adopt and check the ARA realtime schema.")


def _status_dict(status) -> dict:
    return {"revision": status.revision, "head": status.head, "ara_revision": status.ara_revision,
            "ara_version_table": status.ara_version_table, "at_head": status.revision == status.head}


@app.command()
def upgrade(
    ctx: typer.Context,
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
    tune_indexes: Annotated[bool, typer.Option("--tune", help="Also add the indexes of `db tune`.")] = False,
) -> None:
    """Bring the schema to REVISION (default head); adopts a database at ARA head without DDL."""
    from ..schema import migrate

    db = settings(ctx).db()
    before = migrate.current(db, missing_ok=True)
    after = migrate.upgrade(db, revision)
    tuned = _tune(db) if tune_indexes else []
    if want_json(ctx):
        print_json({**_status_dict(after), "adopted": before.revision is None and after.adopted,
                    "database": db.masked(), "tuning": tuned})
        return
    if before.revision is None and after.adopted:
        info(f"Adopted {db.masked()}: ARA head {after.ara_revision} recorded as {after.revision}; no ARA table was "
             "changed (the tables of our own were added beside them).")
    elif before.revision == after.revision:
        info(f"{db.masked()} is already at {after.revision}.")
    else:
        info(f"Upgraded {db.masked()} from {before.revision or 'empty'} to {after.revision}.")
    _print_tuned(tuned)


def _tune(db) -> list[dict]:
    from ..schema import tune

    return [{"index": r.index.name, "table": r.index.table, "created": r.created, "serves": r.index.why,
             "kind": "view" if r.index.definition == "(view)" else "index"} for r in tune.tune(db)]


def _print_tuned(tuned: list[dict]) -> None:
    for r in tuned:
        made = "Added" if r["created"] else ("Made again" if r["kind"] == "view" else "Present")
        info(f"{made}: {r['kind']} {r['index']} on {r['table']} ({r['serves']}).")


@app.command()
def tune(ctx: typer.Context) -> None:
    """Add the indexes that make each statement Asterisk sends per REGISTER an index look-up, and make the ordered
    views Asterisk reads whole tables through (idempotent)."""
    db = settings(ctx).db()
    tuned = _tune(db)
    if want_json(ctx):
        print_json({"database": db.masked(), "tuning": tuned})
    elif not tuned:
        info(f"{db.masked()}: nothing to tune on {db.dialect} (Asterisk keeps registrations in astdb there).")
    else:
        _print_tuned(tuned)


@app.command()
def downgrade(
    ctx: typer.Context,
    revision: Annotated[str, typer.Argument(help="Target revision; 'base' removes everything we created.")],
    yes: Annotated[bool, typer.Option("--yes", help="Drop tables even when they hold rows.")] = False,
) -> None:
    """Go back to REVISION; `base` drops every table and type this tool created (never adopted ARA tables).

    Indexes of `db tune`, the ordered views and the nodes' views and logins go too."""
    from ..schema import migrate

    db = settings(ctx).db()
    after = migrate.downgrade(db, revision, yes)
    if want_json(ctx):
        print_json({**_status_dict(after), "database": db.masked()})
    else:
        info(f"Downgraded {db.masked()} to {after.revision or 'base'}.")


@app.command("prune-contacts")
def prune_contacts(
    ctx: typer.Context,
    systemname: Annotated[Optional[str], typer.Option(
        "--systemname", help="The Asterisk's systemname (asterisk.conf) [default: none, an Asterisk without one].")]
    = None,
    node: Annotated[Optional[str], typer.Option("--node", metavar="NAME", help="The node's systemname.")] = None,
) -> None:
    """Delete the registrations an Asterisk left when it stopped (prune_on_boot, its systemname): run it just
    before that Asterisk starts (systemd ExecStartPre), so that its start does not delete them one by one."""
    from ..registrations import prune_left_behind

    db = settings(ctx).db()
    gone = prune_left_behind(db, systemname, node)
    if want_json(ctx):
        print_json({"database": db.masked(), "pruned": gone})
    else:
        info(f"Pruned {gone} registration(s) of {node or systemname or 'an Asterisk without a systemname'}.")


@app.command()
def current(ctx: typer.Context) -> None:
    """Show the schema revision of the database (ours and ARA's)."""
    from ..schema import migrate

    db = settings(ctx).db()
    status = migrate.current(db)
    if want_json(ctx):
        print_json({**_status_dict(status), "database": db.masked()})
        return
    typer.echo(f"database: {db.masked()}")
    typer.echo(f"revision: {status.revision or 'none'}" + (" (head)" if status.revision == status.head else ""))
    if status.ara_revision:
        typer.echo(f"ara revision: {status.ara_revision} (in {status.ara_version_table})")


@app.command()
def check(ctx: typer.Context, operator_table: Annotated[Optional[list[str]], typer.Option(
        "--operator-table", metavar="PATTERN",
        help="A table of your own in this database, not drift (a shell pattern such as 'app_*'; "
             "repeatable).")] = None) -> None:
    """Compare the live schema with ARA head; exit 1 with a readable diff when they differ."""
    from ..models import ARA_HEAD_REVISION, metadata
    from ..schema import migrate

    db = settings(ctx).db()
    result = migrate.check(db, tuple(operator_table or []))
    problems = result.problems
    if want_json(ctx):
        print_json({"database": db.masked(), "matches": not problems, "problems": problems, "tuning": result.tuning})
    elif problems:
        for line in problems:
            typer.echo(line)
    else:
        typer.echo(f"{db.masked()}: schema matches ARA head {ARA_HEAD_REVISION} ({len(metadata.tables)} tables).")
        for line in result.tuning:
            typer.echo(line)
    if problems:
        raise typer.Exit(1)


@app.command()
def sql(
    dialect: Annotated[str, typer.Option("--dialect", help="postgresql, mysql or sqlite.")] = "postgresql",
) -> None:
    """Print the offline DDL (every revision up to head) for a database you cannot reach from here."""
    from ..schema import migrate

    sys.stdout.write(migrate.offline_sql(dialect))
