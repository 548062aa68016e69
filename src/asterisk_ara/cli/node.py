"""``asterisk-ara node``: Asterisk nodes, each serving its own share of the clients from one database."""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from .common import echo, info, print_json, read_password, settings, want_json

app = typer.Typer(rich_markup_mode=None, no_args_is_help=True,
                  help="Asterisk nodes that share one database, each serving its own clients (PostgreSQL, "
                       "MariaDB/MySQL).")

Name = Annotated[str, typer.Argument(metavar="NAME", help="Node name: lower-case letters, digits and '_'.")]


@app.command()
def add(
    ctx: typer.Context,
    name: Name,
    wss_url: Annotated[Optional[str], typer.Option(
        "--wss-url", help="Where this node's phones connect, e.g. wss://pbx1.example.com:8089/ws.")] = None,
    systemname: Annotated[Optional[str], typer.Option(
        help="The node's Asterisk systemname (asterisk.conf), stored with its registrations [default: NAME].")] = None,
    login: Annotated[bool, typer.Option(
        "--login/--no-login", help="Give the node a database login of its own that can read only its share "
                                   "(needs CREATEROLE / CREATE USER); --no-login: it uses your account.")] = True,
    login_name: Annotated[Optional[str], typer.Option(
        "--login-name", help="Name of the node's login [default: DATABASE_node_NAME].")] = None,
    share: Annotated[Optional[str], typer.Option(
        help="Schema (PostgreSQL) or database (MariaDB/MySQL) that holds the node's views "
             "[default: node_NAME; MariaDB/MySQL: DATABASE_node_NAME].")] = None,
    login_password_stdin: Annotated[bool, typer.Option(
        "--login-password-stdin", help="Read the login's password from standard input [default: generated].")] = False,
    login_password_file: Annotated[Optional[str], typer.Option(
        "--login-password-file", help="Read the login's password from this file.")] = None,
    login_password_env: Annotated[Optional[str], typer.Option(
        "--login-password-env", metavar="VAR", help="Read the login's password from this environment variable.")] = None,
) -> None:
    """Define a node: its row, its views (only its clients, only its registrations) and its own login."""
    from ..nodes import add_node

    password = read_password(login_password_stdin, login_password_file, login_password_env, "--login-password")
    db = settings(ctx).db()
    node, generated = add_node(db, name, wss_url, systemname, login, password, share, login_name)
    if want_json(ctx):
        print_json({**node.as_dict(), "login_password_generated": generated, "database": db.masked()})
        return
    where = "schema" if db.dialect == "postgresql" else "database"
    info(f"Added node {node.name} (systemname {node.systemname}): views in {where} {node.share}"
         + (f", login {node.login}" if node.login else ", no login of its own") + ".")
    info(f"Next: place clients on it (webrtc add --node {node.name}, import --spread) and write its files: "
         f"asterisk-ara conf write --node {node.name} --out DIR")


@app.command("list")
def list_(ctx: typer.Context) -> None:
    """List the nodes with the number of clients each serves."""
    from ..nodes import list_nodes

    nodes = list_nodes(settings(ctx).db())
    if want_json(ctx):
        print_json({"nodes": [n.as_dict() for n in nodes]})
        return
    if not nodes:
        info("No nodes: every Asterisk that reads this database sees every client.")
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from ..validation import printable

    table = Table("name", "systemname", "clients", "wss_url", "share", "login", box=None)
    for n in nodes:  # stored values: shown as they are, never as markup or terminal codes
        table.add_row(*(escape(printable(v)) for v in (n.name, n.systemname, str(n.clients), n.wss_url or "",
                                                         n.share, n.login or "")))
    Console().print(table)


@app.command()
def show(ctx: typer.Context, name: Name) -> None:
    """Show one node, and whether its views and login exist on the server."""
    from ..nodes import show_node

    data = show_node(settings(ctx).db(), name)
    if want_json(ctx):
        print_json(data)
        return
    for key in ("name", "systemname", "wss_url", "clients", "share", "share_exists", "login", "login_exists"):
        echo(f"{key}: {'' if data[key] is None else data[key]}")


@app.command()
def check(ctx: typer.Context, name: Name) -> None:
    """Connect with the node's login, as its Asterisk will, and read each of its views; exit 1 on a problem."""
    from ..nodes import check_node

    problems = check_node(settings(ctx).db(), name)
    if want_json(ctx):
        print_json({"node": name, "ok": not problems, "problems": problems})
    else:
        for line in problems:
            echo(line)
        if not problems:
            echo(f"node {name}: its login reads every view of its share.")
    if problems:
        raise typer.Exit(1)


@app.command()
def refresh(
    ctx: typer.Context,
    name: Annotated[Optional[str], typer.Argument(metavar="[NAME]", help="One node [default: every node].")] = None,
) -> None:
    """Make the nodes' views again (after `db upgrade` changed ARA's tables) and any missing login."""
    from ..nodes import refresh_node

    names = refresh_node(settings(ctx).db(), name)
    if want_json(ctx):
        print_json({"refreshed": names})
    else:
        info(f"Refreshed the views of {len(names)} node(s)" + (f": {', '.join(names)}." if names else "."))


@app.command()
def spread(ctx: typer.Context) -> None:
    """Place every client that is on no node evenly over the nodes (clients already placed stay)."""
    from ..nodes import spread_clients

    placed = spread_clients(settings(ctx).db())
    if want_json(ctx):
        print_json({"placed": placed})
    else:
        info(f"Placed {sum(placed.values())} client(s)" +
             (": " + ", ".join(f"{n} {name}" for name, n in sorted(placed.items())) if placed else "."))


@app.command()
def remove(
    ctx: typer.Context,
    name: Name,
    move_to: Annotated[Optional[str], typer.Option(
        "--move-to", metavar="NODE", help="Move the node's clients to this node first.")] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Remove a node: its views, its login, its registrations and its row (refused while it serves clients,
    unless --move-to)."""
    import sys

    from ..errors import UsageError
    from ..nodes import remove_node

    if not yes:
        if not sys.stdin.isatty():
            raise UsageError("remove needs --yes when not run from a terminal")
        typer.confirm(f"Remove node {name}?", abort=True)
    result = remove_node(settings(ctx).db(), name, move_to)
    if want_json(ctx):
        print_json(result)
    else:
        info(f"Removed node {name}" + (f"; {result['moved']} client(s) moved to {move_to}" if move_to else "")
             + f"; {result['contacts_removed']} registration(s) of its Asterisk removed.")
