"""``asterisk-ara db``: create, upgrade, adopt and check the realtime schema."""
from __future__ import annotations

import sys
from typing import Annotated

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
) -> None:
    """Bring the schema to REVISION (default head); adopts a database at ARA head without DDL."""
    from ..schema import migrate

    db = settings(ctx).db()
    before = migrate.current(db, missing_ok=True)
    after = migrate.upgrade(db, revision)
    if want_json(ctx):
        print_json({**_status_dict(after), "adopted": before.revision is None and after.adopted,
                    "database": db.masked()})
        return
    if before.revision is None and after.adopted:
        info(f"Adopted {db.masked()}: ARA head {after.ara_revision} recorded as {after.revision}; no table was changed.")
    elif before.revision == after.revision:
        info(f"{db.masked()} is already at {after.revision}.")
    else:
        info(f"Upgraded {db.masked()} from {before.revision or 'empty'} to {after.revision}.")


@app.command()
def downgrade(
    ctx: typer.Context,
    revision: Annotated[str, typer.Argument(help="Target revision; 'base' removes everything we created.")],
    yes: Annotated[bool, typer.Option("--yes", help="Drop tables even when they hold rows.")] = False,
) -> None:
    """Go back to REVISION; `base` drops every table and type this tool created (never adopted ARA tables)."""
    from ..schema import migrate

    db = settings(ctx).db()
    after = migrate.downgrade(db, revision, yes)
    if want_json(ctx):
        print_json({**_status_dict(after), "database": db.masked()})
    else:
        info(f"Downgraded {db.masked()} to {after.revision or 'base'}.")


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
def check(ctx: typer.Context) -> None:
    """Compare the live schema with ARA head; exit 1 with a readable diff when they differ."""
    from ..models import ARA_HEAD_REVISION, metadata
    from ..schema import migrate

    db = settings(ctx).db()
    problems = migrate.check(db)
    if want_json(ctx):
        print_json({"database": db.masked(), "matches": not problems, "problems": problems})
    elif problems:
        for line in problems:
            typer.echo(line)
    else:
        typer.echo(f"{db.masked()}: schema matches ARA head {ARA_HEAD_REVISION} ({len(metadata.tables)} tables).")
    if problems:
        raise typer.Exit(1)


@app.command()
def sql(
    dialect: Annotated[str, typer.Option("--dialect", help="postgresql, mysql or sqlite.")] = "postgresql",
) -> None:
    """Print the offline DDL (every revision up to head) for a database you cannot reach from here."""
    from ..schema import migrate

    sys.stdout.write(migrate.offline_sql(dialect))
