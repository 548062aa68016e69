"""``asterisk-ara webrtc``: WebRTC clients as endpoint + aor + auth realtime rows."""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from .common import info, print_json, read_password, settings, want_json, warn

app = typer.Typer(rich_markup_mode=None, no_args_is_help=True,
                  help="Add, list, show, change and remove WebRTC clients (endpoint + aor + auth rows).")

PasswordStdin = Annotated[bool, typer.Option("--password-stdin", help="Read the password from standard input.")]
PasswordFile = Annotated[Optional[str], typer.Option("--password-file", help="Read the password from this file.")]
PasswordEnv = Annotated[Optional[str], typer.Option("--password-env", metavar="VAR",
                                                    help="Read the password from this environment variable.")]
AllowWeak = Annotated[bool, typer.Option("--allow-weak-password",
                                         help="Accept a password shorter than 12 characters or equal to the username.")]
Credential = Annotated[str, typer.Option("--credential", help="md5 (any Asterisk), digest (20.12/21.7/22.2+) or plaintext.")]
Sets = Annotated[Optional[list[str]], typer.Option("--set", metavar="OBJECT.COLUMN=VALUE",
                                                   help="Any column: endpoint.X=V, aor.X=V or auth.X=V; empty V = NULL.")]
NodeOpt = Annotated[Optional[str], typer.Option(
    "--node", metavar="NAME", help="The Asterisk node that serves this client (asterisk-ara node list); required "
                                   "once nodes are defined.")]


@app.command()
def add(
    ctx: typer.Context,
    client_id: Annotated[str, typer.Argument(metavar="ID", help="Endpoint, aor and auth id (e.g. an extension).")],
    password_stdin: PasswordStdin = False,
    password_file: PasswordFile = None,
    password_env: PasswordEnv = None,
    username: Annotated[Optional[str], typer.Option(help="SIP auth username [default: ID].")] = None,
    context: Annotated[Optional[str], typer.Option(
        help="Dialplan context for calls from this client [default: default].")] = None,
    codecs: Annotated[Optional[str], typer.Option(
        help="Allowed codecs, in order of preference [default: opus,ulaw]; transcoding opus needs codec_opus, "
             "which many Asterisk builds lack (asterisk-ara webrtc codecs ID tells).")] = None,
    max_contacts: Annotated[Optional[int], typer.Option(help="Registrations kept per client (>= 1) [default: 5].")] = None,
    remove_existing: Annotated[bool, typer.Option("--remove-existing/--keep-existing",
                                                  help="Replace the oldest registration when full.")] = True,
    realm: Annotated[Optional[str], typer.Option(help="Digest realm [default: asterisk].")] = None,
    callerid: Annotated[Optional[str], typer.Option(help="Caller ID, e.g. 'Alice <100>'.")] = None,
    transport: Annotated[Optional[str], typer.Option(help="Transport id to pin the endpoint to.")] = None,
    credential: Credential = "md5",
    node: NodeOpt = None,
    set_: Sets = None,
    allow_weak_password: AllowWeak = False,
) -> None:
    """Create a WebRTC client; without a password option a strong one is generated and printed once."""
    from ..provisioning import WebrtcSettings, add_webrtc_client

    password = read_password(password_stdin, password_file, password_env)
    from ..validation import refuse_double

    given = {k: v for k, v in (("context", context), ("codecs", codecs), ("max_contacts", max_contacts)) if v is not None}
    opts = WebrtcSettings(username=username, **given,
                          remove_existing=remove_existing, realm=realm, callerid=callerid, transport=transport,
                          credential=credential, node=node).add_assignments(set_ or [])
    refuse_double([*given, *(k for k, v in (("callerid", callerid), ("transport", transport)) if v is not None)],
                  [(t, c) for t, cols in opts.extra.items() for c in cols])
    db = settings(ctx).db()
    result = add_webrtc_client(db, client_id, password, opts, allow_weak_password)
    for line in result.warnings:
        warn(line)
    if want_json(ctx):
        print_json({"id": result.id, "username": result.username, "credential": result.credential,
                    "password": result.generated_password, "password_generated": result.generated_password is not None,
                    "node": node, "database": db.masked()})
        return
    info(f"Created WebRTC client {result.id} (endpoint, aor, auth) in {db.masked()}"
         + (f", served by node {node}." if node else "."))
    if result.generated_password:
        typer.echo(f"password: {result.generated_password}")


@app.command("list")
def list_(
    ctx: typer.Context,
    pattern: Annotated[Optional[str], typer.Argument(
        metavar="[PATTERN]", help="Only ids matching this shell pattern (* any text, ? one character; quote it).")]
    = None,
    node: Annotated[Optional[str], typer.Option("--node", metavar="NAME", help="Only clients this node serves.")]
    = None,
    registered: Annotated[Optional[bool], typer.Option(
        "--registered/--unregistered", help="Only clients with (without) a registration now, as Asterisk stored "
                                            "it in ps_contacts (PostgreSQL, MariaDB).")] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", metavar="N", help="Show at most N clients.")] = None,
    offset: Annotated[int, typer.Option("--offset", metavar="N", help="Skip the first N (with --limit: pages).")]
    = 0,
) -> None:
    """List WebRTC clients in id order, with how many match (secrets are never shown)."""
    from ..provisioning import webrtc_client_page

    clients, total = webrtc_client_page(settings(ctx).db(), node=node, pattern=pattern, registered=registered,
                                        limit=limit, offset=offset)
    if want_json(ctx):
        print_json({"clients": clients, "total": total, "offset": offset, "limit": limit})
        return
    if clients:
        from rich.console import Console
        from rich.table import Table

        nodes = any(c["node"] for c in clients)
        table = Table("id", "username", "context", "codecs", "max_contacts", "credential",
                      *(["node"] if nodes else []), box=None)
        for c in clients:
            table.add_row(c["id"], c["username"] or "", c["context"] or "", c["codecs"] or "",
                          "" if c["max_contacts"] is None else str(c["max_contacts"]), c["credential"] or "",
                          *([c["node"] or "(none)"] if nodes else []))
        Console().print(table)
    info(_count_line(len(clients), total, offset))


def _count_line(shown: int, total: int, offset: int) -> str:
    """How many were shown of how many match, and the next page's option."""
    if not total:
        return "No WebRTC clients match." if offset == 0 else "No WebRTC clients."
    if shown == total:
        return f"{total:,} WebRTC client{'s' if total != 1 else ''}."
    if not shown:
        return f"None shown: --offset {offset:,} is past the {total:,} that match."
    line = f"{offset + 1:,}-{offset + shown:,} of {total:,} WebRTC clients"
    return line + (f"; next: --offset {offset + shown}" if offset + shown < total else "") + "."


@app.command()
def show(
    ctx: typer.Context,
    client_id: Annotated[str, typer.Argument(metavar="ID")],
    show_secrets: Annotated[bool, typer.Option("--show-secrets", help="Include password, md5_cred and digests.")] = False,
) -> None:
    """Show one client's endpoint, aor and auth rows (set columns only) and its registrations."""
    from ..provisioning import show_webrtc_client

    data = show_webrtc_client(settings(ctx).db(), client_id, show_secrets)
    if want_json(ctx):
        print_json(data)
        return
    typer.echo(f"id: {data['id']}  (credential: {data['credential'] or 'none'})")
    if data["node"]:
        typer.echo(f"node: {data['node']}" + (f"  (phones connect to {data['wss_url']})" if data["wss_url"] else ""))
        if data["phone_url"]:
            typer.echo(f"phone: {data['phone_url']}")
    for obj in ("endpoint", "aor", "auth"):
        typer.echo(f"[{obj}]")
        for key, value in data[obj].items():
            typer.echo(f"  {key} = {value}")
    typer.echo(f"contacts: {len(data['contacts'])}")
    for contact in data["contacts"]:
        typer.echo(f"  {contact['uri']}")


@app.command()
def update(
    ctx: typer.Context,
    client_id: Annotated[str, typer.Argument(metavar="ID")],
    set_: Sets = None,
    context: Annotated[Optional[str], typer.Option(help="Dialplan context.")] = None,
    codecs: Annotated[Optional[str], typer.Option(help="Allowed codecs (replaces the list).")] = None,
    max_contacts: Annotated[Optional[int], typer.Option(help="Registrations kept (>= 1).")] = None,
    remove_existing: Annotated[Optional[bool], typer.Option("--remove-existing/--keep-existing",
                                                            help="Replace the oldest registration when full.")] = None,
    callerid: Annotated[Optional[str], typer.Option(help="Caller ID; '' clears it.")] = None,
    transport: Annotated[Optional[str], typer.Option(help="Transport id; '' clears it.")] = None,
    node: Annotated[Optional[str], typer.Option(
        "--node", metavar="NAME", help="Move the client to this node (its phone then connects there).")] = None,
) -> None:
    """Change options of a client in one transaction."""
    from ..nodes import CLIENT_NODES
    from ..provisioning import update_webrtc_client

    changes = update_webrtc_client(settings(ctx).db(), client_id, context=context, codecs=codecs,
                                   max_contacts=max_contacts, remove_existing=remove_existing, callerid=callerid,
                                   transport=transport, assignments=set_ or [], node=node)
    if want_json(ctx):
        print_json({"id": client_id, "changed": changes})
    elif not changes:
        info(f"{client_id} is on node {node} already; nothing was changed.")
    else:
        info(f"Updated {client_id}: " + ", ".join(f"node {cols['node']}" if t == CLIENT_NODES else f"{t}.{c}"
                                                  for t, cols in changes.items() for c in cols))


@app.command()
def passwd(
    ctx: typer.Context,
    client_id: Annotated[str, typer.Argument(metavar="ID")],
    password_stdin: PasswordStdin = False,
    password_file: PasswordFile = None,
    password_env: PasswordEnv = None,
    credential: Annotated[Optional[str], typer.Option("--credential",
                                                      help="Switch to md5, digest or plaintext [default: keep].")] = None,
    realm: Annotated[Optional[str], typer.Option(help="Digest realm to hash with [default: keep].")] = None,
    allow_weak_password: AllowWeak = False,
) -> None:
    """Set a new password (generated and printed once unless given), optionally for a new realm."""
    from ..provisioning import set_password

    password = read_password(password_stdin, password_file, password_env)
    generated = set_password(settings(ctx).db(), client_id, password, credential, allow_weak_password, realm)
    if credential == "plaintext":
        warn("Warning: the password is stored in plaintext in ps_auths.")
    if want_json(ctx):
        print_json({"id": client_id, "password": generated, "password_generated": generated is not None})
        return
    info(f"Password of {client_id} changed.")
    if generated:
        typer.echo(f"password: {generated}")


@app.command()
def remove(
    ctx: typer.Context,
    client_id: Annotated[str, typer.Argument(metavar="ID")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete the endpoint, its aor and auth (unless shared) and its registrations."""
    import sys

    from ..errors import UsageError
    from ..provisioning import remove_webrtc_client

    if not yes:
        if not sys.stdin.isatty():
            raise UsageError("remove needs --yes when not run from a terminal")
        typer.confirm(f"Remove WebRTC client {client_id}?", abort=True)
    db = settings(ctx).db()
    removed = remove_webrtc_client(db, client_id)
    if db.dialect == "sqlite":
        # Measured: contacts live in astdb with the sqlite3 driver, so Asterisk keeps a live one until it expires.
        warn(f"Note: on SQLite Asterisk keeps {client_id}'s current registration (in astdb) until it expires; "
             "new ones are refused.")
    if want_json(ctx):
        print_json({"id": client_id, "removed": removed})
    else:
        info(f"Removed {client_id}: " + ", ".join(f"{n} {t}" for t, n in removed.items()))


@app.command()
def codecs(
    ctx: typer.Context,
    client_id: Annotated[str, typer.Argument(metavar="ID", help="The client whose codecs to check.")],
    asterisk: Annotated[str, typer.Option("--asterisk", help="The asterisk binary (run on the PBX).")] = "asterisk",
    asterisk_config: Annotated[Optional[str], typer.Option(
        "--asterisk-config", help="asterisk.conf of the running instance (asterisk -C) [default: Asterisk's].")]
    = None,
) -> None:
    """Check which of the client's codecs the running Asterisk can transcode (asks it with asterisk -rx)."""
    from ..codecs import asterisk_cli, codec_support
    from ..provisioning import show_webrtc_client

    client = show_webrtc_client(settings(ctx).db(), client_id)
    allow = [c.strip() for c in (client["endpoint"].get("allow") or "").split(",") if c.strip()]
    support = codec_support(allow, lambda command: asterisk_cli(command, asterisk, asterisk_config))
    if want_json(ctx):
        print_json({"id": client_id, "allow": allow, "codecs": [s.as_dict() for s in support]})
        return
    for s in support:
        typer.echo(f"{s.codec:8} {'yes' if s.transcodes else 'no ':4} {s.note}")
    if not allow:
        typer.echo("the client allows no codecs (endpoint.allow is empty)")
