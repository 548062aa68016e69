"""``asterisk-ara transport``: ps_transports rows (the static pjsip.conf transport is preferred)."""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from .common import info, print_json, settings, want_json, warn

app = typer.Typer(rich_markup_mode=None, no_args_is_help=True,
                  help="Add, list and remove realtime SIP transports (ps_transports).")


@app.command()
def add(
    ctx: typer.Context,
    transport_id: Annotated[str, typer.Argument(metavar="ID", help="Transport id (at most 40 characters).")],
    protocol: Annotated[str, typer.Option(help="wss, ws, udp, tcp or tls.")],
    bind: Annotated[str, typer.Option(help="Address (and port) to bind.")] = "0.0.0.0",
    set_: Annotated[Optional[list[str]], typer.Option("--set", metavar="COLUMN=VALUE",
                                                      help="Any ps_transports column, e.g. cert_file=/path.")] = None,
) -> None:
    """Write a ps_transports row."""
    from ..provisioning import REALTIME_TRANSPORT_WARNING, add_transport

    row = add_transport(settings(ctx).db(), transport_id, protocol, bind, set_ or [])
    warn(REALTIME_TRANSPORT_WARNING)
    if want_json(ctx):
        print_json({"transport": row})
    else:
        info(f"Created transport {transport_id} ({protocol}, bind {row.get('bind')}).")


@app.command("list")
def list_(ctx: typer.Context) -> None:
    """List realtime transports."""
    from ..provisioning import list_transports

    rows = list_transports(settings(ctx).db())
    if want_json(ctx):
        print_json({"transports": rows})
        return
    for row in rows:
        typer.echo(f"{row['id']}\t{row.get('protocol', '')}\t{row.get('bind', '')}")


@app.command()
def remove(ctx: typer.Context, transport_id: Annotated[str, typer.Argument(metavar="ID")]) -> None:
    """Delete a realtime transport."""
    from ..provisioning import remove_transport

    remove_transport(settings(ctx).db(), transport_id)
    if want_json(ctx):
        print_json({"removed": transport_id})
    else:
        info(f"Removed transport {transport_id}.")
