"""``asterisk-ara import`` / ``export``: WebRTC clients in bulk, as CSV."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .common import info, print_json, settings, want_json, warn


def import_(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(metavar="FILE|-", help="CSV file, or - for standard input.")],
    mode: Annotated[str, typer.Option("--mode", help="insert (existing ids are errors) or upsert.")] = "insert",
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Validate and count; write nothing.")] = False,
    credential: Annotated[str, typer.Option("--credential", help="md5, digest or plaintext.")] = "md5",
    passwords_out: Annotated[Optional[str], typer.Option(
        "--passwords-out", help="Generate passwords for new clients without one; write id,password here (mode "
                                "0600). Existing clients keep their credential in upsert mode.")] = None,
    context: Annotated[str, typer.Option(help="Default dialplan context.")] = "default",
    codecs: Annotated[str, typer.Option(help="Default codecs.")] = "opus,ulaw",
    max_contacts: Annotated[int, typer.Option(help="Default registrations per client.")] = 5,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --passwords-out file.")] = False,
    node: Annotated[Optional[str], typer.Option(
        "--node", metavar="NAME", help="Default node for rows without a node cell (asterisk-ara node list).")] = None,
    spread: Annotated[bool, typer.Option(
        "--spread", help="Place new clients without a node evenly over the nodes (each to the one serving "
                         "fewest).")] = False,
) -> None:
    """Import WebRTC clients from CSV: validate every row first, then write all in one transaction."""
    from ..csvio import import_csv
    from ..errors import UsageError
    from ..provisioning import WebrtcSettings

    if node and spread:
        raise UsageError("give --node or --spread, not both")
    defaults = WebrtcSettings(context=context, codecs=codecs, max_contacts=max_contacts, credential=credential,
                              node=node)
    db = settings(ctx).db()
    show_progress = not quiet and source != "-" and sys.stderr.isatty()
    if show_progress:
        import os

        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        total = os.path.getsize(source) or None
        state = {"rows": 0, "start": None}

        def rate() -> str:
            import time

            if state["start"] is None:
                state["start"] = time.monotonic()
            elapsed = time.monotonic() - state["start"]
            return f"{state['rows'] / elapsed:,.0f} rows/s" if elapsed > 0 else ""

        # ETA from the position in the file; the bar disappears when done (transient).
        with Progress(TextColumn("importing"), BarColumn(), TextColumn("{task.fields[rows]:,} rows"),
                      TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TimeRemainingColumn(),
                      console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("import", total=total, rows=0, rate="")

            def update(rows: int, position: int) -> None:
                state["rows"] = rows
                bar.update(task, completed=position, rows=rows, rate=rate())

            report = import_csv(db, source, mode, defaults, dry_run, passwords_out, progress=update, force=force,
                                spread=spread)
    else:
        report = import_csv(db, source, mode, defaults, dry_run, passwords_out, force=force, spread=spread)
    if credential == "plaintext":
        warn("Warning: passwords are stored in plaintext in ps_auths (credential plaintext).")
    if want_json(ctx):
        print_json({"rows": report.rows, "inserted": report.inserted, "updated": report.updated,
                    "unchanged": report.unchanged, "seconds": round(report.seconds, 3), "dry_run": report.dry_run,
                    "passwords_generated": report.passwords_generated, "placed": report.placed or {}})
    elif not quiet:
        info(("Dry run: " if dry_run else "") + report.summary())


def export(
    ctx: typer.Context,
    dest: Annotated[str, typer.Argument(metavar="FILE|-", help="CSV file, or - for standard output.")],
    include_secrets: Annotated[bool, typer.Option("--include-secrets",
                                                  help="Also write password hashes (or plaintext passwords).")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing FILE.")] = False,
) -> None:
    """Export WebRTC clients as CSV in the import format; FILE must be new unless --force."""
    from ..csvio import export_csv
    from ..files import check_parent, refuse_existing, write_new

    db = settings(ctx).db()
    if dest != "-":
        check_parent(dest, "FILE")
        refuse_existing([Path(dest)], force)
    if include_secrets:
        warn("Warning: the export holds credentials; keep it as private as the database.")
    if dest == "-":
        count = export_csv(db, sys.stdout, include_secrets)
    else:
        import io

        buffer = io.StringIO()
        count = export_csv(db, buffer, include_secrets)
        write_new(Path(dest), buffer.getvalue().encode(), 0o600 if include_secrets else 0o644, force)
    if want_json(ctx) and dest != "-":
        print_json({"exported": count, "file": dest})
    else:
        info(f"Exported {count} WebRTC clients.")
