"""``asterisk-ara probe``: does a client register? Each step a browser takes, timed, with the cause of a failure."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .common import print_json, read_password, settings, want_json


def probe(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="The WebSocket URL the phone uses, e.g. wss://pbx.example.com:8089/ws.")],
    user: Annotated[str, typer.Option("--user", help="The client's id (SIP user and auth username).")],
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin.")] = False,
    password_file: Annotated[Optional[str], typer.Option("--password-file", help="Read the password from FILE.")] = None,
    password_env: Annotated[Optional[str], typer.Option("--password-env", help="Read the password from $VAR.")] = None,
    ca: Annotated[Optional[Path], typer.Option("--ca", help="CA certificate to trust for wss:// "
                                               "[default: the system store].")] = None,
    domain: Annotated[Optional[str], typer.Option("--domain", help="SIP domain [default: the URL's host].")] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds to wait at each step.")] = 5.0,
    database_url: Annotated[Optional[str], typer.Option(
        "--database-url", help="Also read the client's rows and compare them with what Asterisk said "
                               "[default: the global --database-url or $ASTERISK_ARA_DATABASE_URL, if given].")] = None,
) -> None:
    """Register a client at Asterisk as a browser does (TCP, TLS, WebSocket, REGISTER), then unregister.

    Exit 0 when it registered, 1 when a step failed (named, with the likely cause and fix), 2 for bad usage.
    """
    from ..errors import UsageError
    from ..probe import probe as run

    password = read_password(password_stdin, password_file, password_env)
    if password is None:
        raise UsageError("a password is needed: --password-stdin, --password-file FILE or --password-env VAR")
    if ca is not None and not ca.is_file():
        raise UsageError(f"--ca: {ca} is not a readable file")
    from ..dburl import resolve

    given = database_url or settings(ctx).database_url
    database = resolve(given) if given else None
    report = run(url, user, password, ca=str(ca) if ca else None, domain=domain, timeout=timeout, database=database)
    if want_json(ctx):
        print_json(report.to_dict())
    else:
        _print(report)
    if not report.ok:
        raise typer.Exit(1)


def _print(report) -> None:
    echo = typer.echo
    echo(f"probe {report.url} as {report.user} (domain {report.domain})")
    for step in report.steps:
        echo(f"  {'ok  ' if step.ok else 'FAIL'}  {step.name:<10} {step.seconds:7.3f} s  {step.summary}")
        if step.name == "register" and step.ok:
            for contact in step.details.get("contacts", []):
                echo(f"{'':25}contact {contact['uri']} expires {contact['expires']}")
        if not step.ok:
            if step.server_said:
                echo(f"{'':8}server said: {step.server_said}")
            echo(f"{'':8}cause: {step.cause}")
            echo(f"{'':8}fix:   {step.fix}")
    if report.database is not None:
        echo(f"  rows in {report.database['database']}: {_rows_line(report.database, report.user)}")
    for hint in report.hints:
        echo(f"  hint: {hint}")
    echo("Registered and unregistered." if report.ok else f"Failed at step {report.failed.name}.")


def _rows_line(facts: dict, user: str) -> str:
    parts = []
    if facts["endpoint"]:
        parts.append(f"endpoint {user} (aors {facts.get('endpoint_aors')}, auth {facts.get('endpoint_auth')}, "
                     f"webrtc {facts.get('webrtc')}, context {facts.get('context')}, allow {facts.get('allow')})")
    else:
        parts.append(f"no endpoint {user}")
    parts.append(f"aor {user} (max_contacts {facts.get('max_contacts')})" if facts["aor"] else f"no aor {user}")
    if facts.get("auth"):
        auth = f"auth {facts.get('endpoint_auth')} ({facts.get('credential')}, realm {facts.get('realm')}"
        if "password_matches" in facts:
            auth += ", password " + ("matches" if facts["password_matches"] else "does not match")
        parts.append(auth + ")")
    return "; ".join(parts)
