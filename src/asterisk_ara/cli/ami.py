"""``asterisk-ara ami``: the AMI targets, the running Asterisks told about every change over the Asterisk Manager
Interface. ("Node" is the placement word of ``asterisk-ara node``; an AMI target is named for what it is.)"""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from .common import info, print_json, read_password, settings, want_json

app = typer.Typer(rich_markup_mode=None, no_args_is_help=True,
                  help="AMI targets: the running Asterisks that every change is sent to over AMI: add, list, show, remove, sync.")



@app.command()
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The target's name (the Asterisk it stands for).")],
    host: Annotated[str, typer.Option("--host", help="Host name or address of that Asterisk's AMI.")],
    port: Annotated[int, typer.Option("--port", help="AMI port (manager.conf).")] = 5038,
    username: Annotated[str, typer.Option("--username", help="AMI user (a manager.conf section).")] = "asterisk-ara",
    secret_stdin: Annotated[bool, typer.Option("--secret-stdin", help="Read the AMI secret from standard input.")]
    = False,
    secret_file: Annotated[Optional[str], typer.Option("--secret-file", help="Read the AMI secret from this file.")]
    = None,
    secret_env: Annotated[Optional[str], typer.Option("--secret-env", metavar="VAR",
                                                      help="Read the AMI secret from this environment variable.")]
    = None,
    check: Annotated[bool, typer.Option("--check/--no-check",
                                        help="Log in once before saving (refused if Asterisk says no).")] = True,
) -> None:
    """Add an AMI target: after every change, that Asterisk's sorcery memory caches are expired through AMI."""
    from ..ami.client import AmiClient, AmiError
    from ..ami.registry import add_target
    from ..ami.targets import Target, check_host, check_name, check_port, check_secret, check_username
    from ..errors import ValidationError

    secret = read_password(secret_stdin, secret_file, secret_env, option="--secret")
    target = Target(check_name(name), check_host(host), check_port(port), check_username(username),
                    check_secret(secret, username))
    if check:
        try:
            with AmiClient(target.host, target.port, target.username, secret) as ami:
                version = ami.version
        except AmiError as exc:
            raise ValidationError(f"node {name}: {exc}; nothing was saved (--no-check saves it anyway)") from None
        info(f"Logged in to {target.where} ({version}).")
    add_target(settings(ctx).db(), target.name, target.host, target.port, target.username, secret)
    if want_json(ctx):
        print_json(target.public())
    else:
        info(f"Added AMI target {target.name} ({target.where}, user {target.username}).")


@app.command("list")
def list_(ctx: typer.Context) -> None:
    """List the AMI targets (never their secrets)."""
    from ..ami.registry import list_targets

    targets = list_targets(settings(ctx).db())
    if want_json(ctx):
        print_json({"nodes": [t.public() for t in targets]})
        return
    if not targets:
        info("No AMI targets: changes are not sent to any Asterisk (asterisk-ara ami add NAME --host ...).")
        return
    for t in targets:
        typer.echo(f"{t.name:20} {t.where:28} {t.username}")


@app.command()
def show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME")],
    check: Annotated[bool, typer.Option("--check", help="Also log in and say whether that Asterisk answers.")] = False,
) -> None:
    """Show one AMI target (never its secret); --check logs in."""
    from ..ami.client import AmiClient, AmiError
    from ..ami.registry import get_target

    target = get_target(settings(ctx).db(), name)
    data = target.public()
    if check:
        try:
            with AmiClient(target.host, target.port, target.username, target.secret) as ami:
                data["reachable"], data["answer"] = True, ami.version
        except AmiError as exc:
            data["reachable"], data["answer"] = False, str(exc)
    if want_json(ctx):
        print_json(data)
    else:
        for key, value in data.items():
            typer.echo(f"{key}: {value}")
    if check and not data["reachable"]:
        raise typer.Exit(1)


@app.command()
def remove(ctx: typer.Context, name: Annotated[str, typer.Argument(metavar="NAME")]) -> None:
    """Stop telling this Asterisk about changes."""
    from ..ami.registry import remove_target

    remove_target(settings(ctx).db(), name)
    info(f"Removed AMI target {name}.")


@app.command()
def sync(
    ctx: typer.Context,
    names: Annotated[Optional[list[str]], typer.Argument(metavar="[NAME]...",
                                                         help="Only these targets [default: every one].")] = None,
) -> None:
    """Catch AMI targets up: expire the whole endpoint, auth and aor caches, so that they read the database again."""
    from ..ami.hook import EXIT_MISSED
    from ..ami.notify import sync as sync_nodes
    from ..ami.targets import read_targets
    from ..dbapi import open_database

    with open_database(settings(ctx).db()) as db:
        targets = read_targets(db, names or None)
    if not targets:
        info("No AMI targets to sync (asterisk-ara ami add NAME --host ...).")
        return
    outcome = sync_nodes(targets)
    if want_json(ctx):
        print_json({"synced": outcome.told, "missed": [vars(m) for m in outcome.missed]})
    elif outcome.told:
        info(f"Expired the endpoint, auth and aor caches of {', '.join(outcome.told)}.")
    for miss in outcome.missed:
        info(f"Error: AMI target {miss.node} ({miss.where}): {miss.reason}")
    if outcome.missed:
        raise typer.Exit(EXIT_MISSED)
