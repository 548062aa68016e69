"""``asterisk-ara node``: Asterisk nodes, each serving its own share of the clients from one database."""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from .common import echo, info, print_json, read_password, settings, want_json

app = typer.Typer(rich_markup_mode=None, no_args_is_help=True,
                  help="Asterisk nodes that share one database, each serving its own clients (PostgreSQL, "
                       "MariaDB/MySQL).")

Name = Annotated[str, typer.Argument(metavar="NAME", help="Node name: lower-case letters, digits and '_'.")]
Sip = Annotated[Optional[str], typer.Option(
    "--sip", metavar="HOST[:PORT]", help="Where the other nodes send this node's calls (SIP over TCP, port 5060 "
                                         "when left out; [v6]:PORT for IPv6): its clients and theirs can then call "
                                         "each other.")]
WssUrl = Annotated[Optional[str], typer.Option(
    "--wss-url", help="Where this node's phones connect, e.g. wss://pbx1.example.com:8089/ws.")]


@app.command()
def add(
    ctx: typer.Context,
    name: Name,
    wss_url: WssUrl = None,
    sip: Sip = None,
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
    node, generated = add_node(db, name, wss_url, systemname, login, password, share, login_name, sip)
    if want_json(ctx):
        print_json({**node.as_dict(), "login_password_generated": generated, "database": db.masked()})
        return
    where = "schema" if db.dialect == "postgresql" else "database"
    info(f"Added node {node.name} (systemname {node.systemname}): views in {where} {node.share}"
         + (f", login {node.login}" if node.login else ", no login of its own") + ".")
    if node.sip:
        info(f"The other nodes send its calls to {node.sip} (SIP over TCP): they see its trunk at once.")
    info(f"Next: place clients on it (webrtc add --node {node.name}, import --spread) and write its files: "
         f"asterisk-ara conf write --node {node.name} --out DIR")


@app.command()
def update(
    ctx: typer.Context,
    name: Name,
    sip: Sip = None,
    no_sip: Annotated[bool, typer.Option(
        "--no-sip", help="Take the node out of calls between nodes (the others no longer call it).")] = False,
    wss_url: WssUrl = None,
) -> None:
    """Change a node's SIP address for calls between nodes, or where its phones connect."""
    from ..nodes import update_node

    changed = update_node(settings(ctx).db(), name, sip=sip, no_sip=no_sip, wss_url=wss_url)
    if want_json(ctx):
        print_json({"node": name, "changed": changed})
        return
    if not changed:
        info(f"Node {name}: nothing changed.")
        return
    info(f"Updated node {name}: {', '.join(f'{k} = {v}' for k, v in changed.items())}.")
    if "sip_host" in changed or "sip_port" in changed:
        info(f"The other nodes use the new address from their next call. Write {name}'s own files again (its "
             f"transport listens there) and restart it: asterisk-ara conf write --node {name} --out DIR --force")


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

    table = Table("name", "systemname", "clients", "wss_url", "sip", "share", "login", box=None)
    for n in nodes:  # stored values: shown as they are, never as markup or terminal codes
        table.add_row(*(escape(printable(v)) for v in (n.name, n.systemname, str(n.clients), n.wss_url or "",
                                                         n.sip or "", n.share, n.login or "")))
    Console().print(table)


@app.command()
def show(ctx: typer.Context, name: Name) -> None:
    """Show one node, and whether its views and login exist on the server."""
    from ..nodes import show_node

    data = show_node(settings(ctx).db(), name)
    if want_json(ctx):
        print_json(data)
        return
    for key in ("name", "systemname", "wss_url", "sip", "clients", "share", "share_exists", "login", "login_exists"):
        echo(f"{key}: {'' if data[key] is None else data[key]}")


@app.command()
def check(
    ctx: typer.Context,
    name: Annotated[Optional[str], typer.Argument(metavar="[NAME]", help="One node [default: every node].")] = None,
) -> None:
    """Read each view with the node's login, as its Asterisk will, and prove that each pair of nodes can reach each
    other for calls (an OPTIONS over TCP with the caller's credential; where AMI is set up, the caller's Asterisk is
    asked what it has for the other); exit 1 on a problem."""
    from ..nodes import check_node, list_nodes
    from ..nodes.reach import check_pairs

    db = settings(ctx).db()
    names = [name] if name else [n.name for n in list_nodes(db)]
    problems = [line for each in names for line in check_node(db, each)]
    pairs = check_pairs(db, name)
    failed = problems + [p.line for p in pairs if not p.ok]
    if want_json(ctx):
        print_json({"nodes": names, "ok": not failed, "problems": problems, "pairs": [p.as_dict() for p in pairs]})
    else:
        for line in problems:
            echo(line)
        for each in names:
            if not any(line.startswith(f"node {each}:") for line in problems):
                echo(f"node {each}: its login reads every view of its share.")
        for pair in pairs:
            echo(pair.line)
        if not pairs:
            echo("Calls between nodes: not checked: " + (f"{name} has no SIP address" if name else
                       "fewer than two nodes have a SIP address") + " (asterisk-ara node update NAME --sip "
                       "HOST[:PORT] makes a node take part).")
    if failed:
        raise typer.Exit(1)


@app.command()
def refresh(
    ctx: typer.Context,
    name: Annotated[Optional[str], typer.Argument(metavar="[NAME]", help="One node [default: every node].")] = None,
) -> None:
    """Make the nodes' views again (after `db upgrade` changed ARA's tables), any missing login, and the nodes'
    trunks to each other where one is incomplete or calls an old address."""
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
