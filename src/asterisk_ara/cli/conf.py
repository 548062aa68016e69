"""``asterisk-ara conf``: the static Asterisk files (http, transports, realtime wiring, modules)."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .common import info, print_json, settings, want_json

app = typer.Typer(rich_markup_mode=None, no_args_is_help=True,
                  help="Print or write the Asterisk configuration files the realtime setup needs.")

TlsDir = Annotated[str, typer.Option("--tls-dir", help="Absolute directory of asterisk.crt/asterisk.key on the PBX.")]
Driver = Annotated[Optional[str], typer.Option("--driver", help="pgsql, odbc, mysql or sqlite3 [default: from the URL].")]
Bindaddr = Annotated[str, typer.Option("--bindaddr", help="Address Asterisk's HTTP(S) server listens on.")]
Port = Annotated[int, typer.Option("--port", help="Plain HTTP/ws port.")]
TlsPort = Annotated[int, typer.Option("--tls-port", help="HTTPS/wss port.")]
Transports = Annotated[bool, typer.Option(
    "--realtime-transports/--static-transports",
    help="Also map transports to ps_transports (sorcery.conf, extconfig.conf).")]
AllTypes = Annotated[bool, typer.Option(
    "--all-types", help="Map every pjsip type that has a table (what conf import writes: transports, "
                        "registrations, global, system, ...), not only the WebRTC client's.")]


CacheLifetime = Annotated[Optional[int], typer.Option(
    "--cache-lifetime", metavar="SECONDS",
    help="With --cache: Asterisk drops cached objects after this long by itself (for rows changed other than by "
         "asterisk-ara) [default: kept until asterisk-ara expires them over AMI].")]


Load = Annotated[Optional[str], typer.Option(
    "--load", metavar="on-demand|at-start",
    help="How Asterisk loads the clients: on-demand reads each when it is first used (starts in about a second "
         "whatever the database holds); at-start reads every client (or the node's share) at start "
         "[default: on-demand; docs: Node sizing says why].")]


def say_load(load: str, driver: str, echo=None, cache: bool = False) -> None:
    """Which load the files have, and what it gives up on this driver (so a re-run shows a change)."""
    from ..confgen import load_notes

    echo = echo or info
    echo(f"load: {load} (conf write --load on-demand|at-start)")
    for note in load_notes(load, driver, cache):
        echo(f"Note: {note}")


Context = Annotated[str, typer.Option("--context", help="The clients' dialplan context (their endpoints' context).")]
EchoExten = Annotated[str, typer.Option("--echo-exten", help="Number of the echo test.")]
DtmfExten = Annotated[str, typer.Option("--dtmf-exten", help="Number of the keypad (DTMF) test.")]
RtpPorts = Annotated[str, typer.Option("--rtp-ports", metavar="FIRST-LAST",
                                       help="UDP port range for media (open it in the firewall).")]
Stun = Annotated[Optional[str], typer.Option("--stun", metavar="HOST[:PORT]",
                                             help="STUN server, for an Asterisk behind NAT.")]
Phone = Annotated[bool, typer.Option("--phone/--no-phone",
                                     help="Serve the browser phone page at /static/ (http.conf enablestatic).")]


def _say_written(report) -> None:
    """One line per file of a confgen.WriteReport."""
    for path in report.written:
        info(f"wrote {path}")
    for path in report.unchanged:
        info(f"unchanged {path}")
    for path in report.kept:
        info(f"kept {path} (differs; --force to replace)")


@app.command()
def http(tls_dir: TlsDir = "/etc/asterisk/keys", bindaddr: Bindaddr = "0.0.0.0", port: Port = 8088,
         tls_port: TlsPort = 8089, phone: Phone = False) -> None:
    """Print http.conf with the TLS (wss) server enabled."""
    from ..confgen import http_conf

    typer.echo(http_conf(tls_dir, bindaddr, port, tls_port, phone), nl=False)


@app.command()
def dialplan(context: Context = "default", echo_exten: EchoExten = "600",
             ring_seconds: Annotated[int, typer.Option("--ring-seconds", help="How long a called client rings.")]
             = 30, dtmf_exten: DtmfExten = "601") -> None:
    """Print extensions_asterisk_ara.conf: an echo test, a keypad test and calls between clients by their ids."""
    from ..callconf import dialplan_conf

    typer.echo(dialplan_conf(context, echo_exten, ring_seconds, dtmf_exten), nl=False)


@app.command()
def rtp(rtp_ports: RtpPorts = "10000-20000", stun: Stun = None,
        turn: Annotated[Optional[str], typer.Option("--turn", metavar="HOST[:PORT]", help="TURN server.")] = None,
        turn_user: Annotated[Optional[str], typer.Option("--turn-user", help="TURN user name.")] = None,
        turn_password_file: Annotated[Optional[Path], typer.Option(
            "--turn-password-file", help="Read the TURN password from this file (first line).")] = None,
        turn_password_env: Annotated[Optional[str], typer.Option(
            "--turn-password-env", metavar="VAR", help="Read the TURN password from this environment variable.")]
        = None) -> None:
    """Print rtp.conf: ICE on, the RTP port range, optional STUN and TURN."""
    from ..callconf import rtp_conf
    from .common import read_password

    password = read_password(False, turn_password_file, turn_password_env, option="--turn-password")
    typer.echo(rtp_conf(rtp_ports, stun, turn, turn_user, password), nl=False)


@app.command()
def phone(out: Annotated[Path, typer.Option(
              "--out", help="Asterisk's static directory (ASTDATADIR/static-http, e.g. /var/lib/asterisk/static-http).")],
          host: Annotated[Optional[str], typer.Option("--host", help="PBX host name (for the URL shown).")] = None,
          tls_port: TlsPort = 8089,
          force: Annotated[bool, typer.Option("--force", help="Replace a differing page (old one saved as .bak).")]
          = False) -> None:
    """Write the browser phone page and the JsSIP library it loads; Asterisk serves them at
    https://HOST:8089/static/ (needs conf http --phone)."""
    from ..phone import url, write_page

    report = write_page(out, force)
    _say_written(report)
    info(f"Open {url(host or 'HOST', tls_port)} (http.conf needs enablestatic=yes: asterisk-ara conf http --phone)")
    if report.kept:
        raise typer.Exit(1)


@app.command()
def pjsip(ws: Annotated[bool, typer.Option("--ws/--no-ws", help="Also define the plain ws transport.")] = True) -> None:
    """Print the static pjsip.conf transports (transport-wss, transport-ws)."""
    from ..confgen import pjsip_conf

    typer.echo(pjsip_conf(ws), nl=False)


@app.command()
def realtime(ctx: typer.Context, driver: Driver = None,
             cache: Annotated[bool, typer.Option("--cache/--no-cache", help="Put a sorcery memory cache in front.")] = False,
             transports: Transports = False, all_types: AllTypes = False,
             cache_lifetime: CacheLifetime = None, load: Load = None) -> None:
    """Print extconfig.conf, sorcery.conf and the driver's connection file for --database-url."""
    from ..confgen import DEFAULT_LOAD, several_hosts_notes
    from ..confgen import realtime as render

    rt = render(settings(ctx).db(), driver, cache, transports, all_types, cache_lifetime=cache_lifetime,
                load=load or DEFAULT_LOAD)
    for note in several_hosts_notes(settings(ctx).db()):
        info(f"Note: {note}")
    if want_json(ctx):
        print_json(rt.files)
        return
    for i, (name, content) in enumerate(rt.files.items()):
        typer.echo(("\n" if i else "") + f";;; ===== {name} =====")
        typer.echo(content, nl=False)


@app.command()
def modules(ctx: typer.Context, driver: Driver = None, complete: Annotated[bool, typer.Option(
        "--complete", help="The whole modules.conf (autoload = no) for an Asterisk that has none.")] = False) -> None:
    """Print the modules.conf lines the WebRTC realtime setup needs (to merge), or the whole file (--complete)."""
    from ..confgen import default_driver, modules_conf

    typer.echo(modules_conf(driver or default_driver(settings(ctx).db()), complete), nl=False)


@app.command()
def write(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="Directory to write the files into.")],
    host: Annotated[Optional[str], typer.Option("--host", help="PBX host name (for the summary).")] = None,
    tls_dir: TlsDir = "/etc/asterisk/keys",
    driver: Driver = None,
    cache: Annotated[bool, typer.Option("--cache/--no-cache", help="Sorcery memory cache.")] = False,
    cache_lifetime: CacheLifetime = None,
    bindaddr: Bindaddr = "0.0.0.0",
    port: Port = 8088,
    tls_port: TlsPort = 8089,
    transports: Transports = False,
    all_types: AllTypes = False,
    context: Context = "default",
    echo_exten: EchoExten = "600",
    rtp_ports: RtpPorts = "10000-20000",
    stun: Stun = None,
    phone: Phone = True,
    dtmf_exten: DtmfExten = "601",
    force: Annotated[bool, typer.Option("--force", help="Replace differing files (old ones saved as NAME.bak).")] = False,
    complete: Annotated[bool, typer.Option(
        "--complete", help="A whole configuration for an Asterisk whose etc/asterisk is empty: modules.conf, "
                           "extensions.conf and logger.conf instead of modules.conf.snippet (asterisk.conf stays "
                           "yours).")] = False,
    node: Annotated[Optional[str], typer.Option(
        "--node", metavar="NAME", help="The files of one node (asterisk-ara node add): its Asterisk sees only its "
                                       "own clients and registrations, with the node's own login.")] = None,
    ami_permit: Annotated[Optional[list[str]], typer.Option(
        "--ami-permit", metavar="NETWORK",
        help="Also write manager.conf: AMI for asterisk-ara, from this network only (repeatable).")] = None,
    ami_secret_stdin: Annotated[bool, typer.Option("--ami-secret-stdin",
                                                   help="Read the AMI user's secret from standard input.")] = False,
    ami_secret_file: Annotated[Optional[str], typer.Option("--ami-secret-file",
                                                           help="Read the AMI user's secret from this file.")] = None,
    ami_secret_env: Annotated[Optional[str], typer.Option(
        "--ami-secret-env", metavar="VAR", help="Read the AMI user's secret from this environment variable.")] = None,
    ami_username: Annotated[str, typer.Option("--ami-username", help="The AMI user for asterisk-ara.")]
    = "asterisk-ara",
    ami_bindaddr: Annotated[str, typer.Option("--ami-bindaddr", help="Address AMI listens on.")] = "0.0.0.0",
    ami_port: Annotated[int, typer.Option("--ami-port", help="AMI port.")] = 5038,
    load: Load = None,
) -> None:
    """Write every file into OUT atomically; differing existing files are kept unless --force.

    Without --complete: the files the setup adds to an existing Asterisk, and modules.conf.snippet to merge."""
    from .. import confgen
    from ..files import check_directory
    from .common import read_password

    check_directory(out, "--out")
    ami = None
    ami_secret = read_password(ami_secret_stdin, ami_secret_file, ami_secret_env, option="--ami-secret")
    if ami_permit or ami_secret is not None:
        from ..ami.manager_conf import AmiOptions

        ami = AmiOptions(ami_permit or [], ami_secret, ami_username, ami_bindaddr, ami_port)
    db = settings(ctx).db()
    load = confgen.check_load(load or confgen.DEFAULT_LOAD)
    calls = confgen.CallOptions(context, echo_exten, rtp_ports, stun, phone, dtmf_exten)
    files, secret = confgen.all_files(db, tls_dir, driver, cache, bindaddr=bindaddr, port=port,
                                      tls_port=tls_port, transports=transports, all_types=all_types, calls=calls,
                                      node=_node_view(db, node) if node else None, ami=ami,
                                      cache_lifetime=cache_lifetime, complete=complete, load=load)
    report = confgen.write(out, files, secret, force)
    for note in confgen.several_hosts_notes(settings(ctx).db()):
        info(f"Note: {note}")
    if want_json(ctx):
        print_json({**{k: [str(p) for p in v] for k, v in vars(report).items()}, "load": load,
                    "load_notes": confgen.load_notes(load, driver or confgen.default_driver(db), cache)})
    else:
        _say_written(report)
        say_load(load, driver or confgen.default_driver(db), cache=cache)
        if host:
            info(f"Browsers connect to wss://{host}:{tls_port}/ws")
    if report.kept:
        raise typer.Exit(1)


def _plaintext_warning(ids: list[str], source: Path, mode: str, dry_run: bool) -> str:
    """What storing auth passwords in plaintext means, and the command that stores md5 hashes instead."""
    shown = ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
    # Once written, the rows are there: storing the hashes replaces them (upsert).
    again = "--mode upsert " if mode == "upsert" or not dry_run else ""
    return (f"Warning: {len(ids)} auth password(s) {'would be ' if dry_run else ''}stored in plaintext in ps_auths "
            f"({shown}): whoever reads the database reads them. md5 hashes instead (any Asterisk; an auth that "
            f"answers another server's challenge keeps its plaintext): asterisk-ara conf import {source} "
            f"{again}--hash-passwords md5")


def _node_view(db, name: str):
    """The node's row, after checking that its login reads its views as its Asterisk will."""
    from ..confgen import NodeView
    from ..errors import DatabaseError
    from ..nodes import check_node, node_login

    problems = check_node(db, name)
    if problems:
        raise DatabaseError(problems[0] + (f" (and {len(problems) - 1} more: asterisk-ara node check {name})"
                                           if len(problems) > 1 else ""))
    login = node_login(db, name)
    if login.sip is None:
        info(f"Note: node {name} has no SIP address, so its clients cannot call or be called by other nodes' "
             f"clients: asterisk-ara node update {name} --sip HOST[:PORT]")
    return NodeView(login.node.name, login.node.systemname, login.node.share, login.user, login.password,
                    login.sip)


@app.command("import")
def import_(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(metavar="PJSIP_CONF", help="The pjsip.conf to read (its #includes too).")],
    mode: Annotated[str, typer.Option("--mode", help="insert (an existing id is an error) or upsert (replace it).")]
    = "insert",
    only: Annotated[Optional[str], typer.Option("--only", metavar="TYPE,...",
                                                help="Import only these types (e.g. endpoint,aor,auth).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Validate and count; write nothing.")] = False,
    hash_passwords: Annotated[Optional[str], typer.Option(
        "--hash-passwords", help="Store auth passwords as md5 (md5_cred) or digest (password_digest) "
                                 "instead of plaintext.")] = None,
    skip_unknown: Annotated[bool, typer.Option(
        "--skip-unknown", help="Leave out sections and options that have no table or column (listed) "
                               "instead of refusing the file.")] = False,
) -> None:
    """Import a pjsip.conf into the realtime tables: all validated first, then one transaction."""
    from ..pjsipconf import import_pjsip_conf, parse_types

    report = import_pjsip_conf(settings(ctx).db(), source, mode, parse_types(only), dry_run, hash_passwords,
                               skip_unknown)
    plaintext = _plaintext_warning(report.plaintext, source, mode, dry_run) if report.plaintext else None
    if want_json(ctx):
        print_json({"counts": {t: vars(c) for t, c in report.counts.items()}, "notes": report.notes,
                    "dry_run": report.dry_run, "plaintext_passwords": report.plaintext})
        if plaintext:
            info(plaintext)
        return
    for note in report.notes:
        info(f"Note: {note}")
    for line in report.summary_lines():
        info(("Dry run: " if dry_run else "") + line)
    if plaintext:
        info(plaintext)
    if any(c.inserted or c.updated for c in report.counts.values()) and not dry_run:
        info("Asterisk reads these types from the database only when sorcery.conf maps them: "
             "asterisk-ara conf write --all-types.")


@app.command("export")
def export(
    ctx: typer.Context,
    types: Annotated[Optional[str], typer.Option("--types", metavar="TYPE,...", help="Only these types.")] = None,
    ids: Annotated[Optional[str], typer.Option("--ids", metavar="ID,...", help="Only objects with these ids.")] = None,
    include_secrets: Annotated[bool, typer.Option(
        "--include-secrets", help="Also write passwords and password hashes.")] = False,
    out: Annotated[Optional[Path], typer.Option(
        "--out", help="Write to this new file (mode 0600 with secrets) instead of standard output; "
                      "an existing file is never replaced.")] = None,
) -> None:
    """Write the database's pjsip objects as a pjsip.conf (sorted, NULL columns left out)."""
    from ..errors import UsageError
    from ..pjsipconf import export_pjsip_conf, parse_types

    wanted_ids = [i.strip() for i in ids.split(",") if i.strip()] if ids is not None else None
    result = export_pjsip_conf(settings(ctx).db(), parse_types(types, "--types"), wanted_ids, include_secrets)
    if include_secrets:
        info("Warning: the export holds credentials; keep it as private as the database.")
    if out is None:
        typer.echo(result.text, nl=False)
    else:
        import os

        try:
            fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if include_secrets else 0o644)
        except FileExistsError:
            raise UsageError(f"--out: {out} exists; choose a new file name") from None
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(result.text)
    summary = ", ".join(f"{n} {t}" for t, n in result.counts.items()) or "no objects"
    if want_json(ctx) and out is not None:
        print_json({"counts": result.counts, "file": str(out), "secrets_omitted": result.secrets_omitted})
    else:
        info(f"Exported {summary}.")
