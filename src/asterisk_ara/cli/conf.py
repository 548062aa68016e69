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


@app.command()
def http(tls_dir: TlsDir = "/etc/asterisk/keys", bindaddr: Bindaddr = "0.0.0.0", port: Port = 8088,
         tls_port: TlsPort = 8089) -> None:
    """Print http.conf with the TLS (wss) server enabled."""
    from ..confgen import http_conf

    typer.echo(http_conf(tls_dir, bindaddr, port, tls_port), nl=False)


@app.command()
def pjsip(ws: Annotated[bool, typer.Option("--ws/--no-ws", help="Also define the plain ws transport.")] = True) -> None:
    """Print the static pjsip.conf transports (transport-wss, transport-ws)."""
    from ..confgen import pjsip_conf

    typer.echo(pjsip_conf(ws), nl=False)


@app.command()
def realtime(ctx: typer.Context, driver: Driver = None,
             cache: Annotated[bool, typer.Option("--cache/--no-cache", help="Put a sorcery memory cache in front.")] = False,
             transports: Transports = False) -> None:
    """Print extconfig.conf, sorcery.conf and the driver's connection file for --database-url."""
    from ..confgen import realtime as render

    rt = render(settings(ctx).db(), driver, cache, transports)
    if want_json(ctx):
        print_json(rt.files)
        return
    for i, (name, content) in enumerate(rt.files.items()):
        typer.echo(("\n" if i else "") + f";;; ===== {name} =====")
        typer.echo(content, nl=False)


@app.command()
def modules(ctx: typer.Context, driver: Driver = None) -> None:
    """Print the modules.conf lines the WebRTC realtime setup needs."""
    from ..confgen import default_driver, modules_conf

    typer.echo(modules_conf(driver or default_driver(settings(ctx).db())), nl=False)


@app.command()
def write(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="Directory to write the files into.")],
    host: Annotated[Optional[str], typer.Option("--host", help="PBX host name (for the summary).")] = None,
    tls_dir: TlsDir = "/etc/asterisk/keys",
    driver: Driver = None,
    cache: Annotated[bool, typer.Option("--cache/--no-cache", help="Sorcery memory cache.")] = False,
    bindaddr: Bindaddr = "0.0.0.0",
    port: Port = 8088,
    tls_port: TlsPort = 8089,
    transports: Transports = False,
    force: Annotated[bool, typer.Option("--force", help="Replace differing files (old ones saved as NAME.bak).")] = False,
) -> None:
    """Write every file into OUT atomically; differing existing files are kept unless --force."""
    from .. import confgen

    files, secret = confgen.all_files(settings(ctx).db(), tls_dir, driver, cache, bindaddr=bindaddr, port=port,
                                      tls_port=tls_port, transports=transports)
    report = confgen.write(out, files, secret, force)
    if want_json(ctx):
        print_json({k: [str(p) for p in v] for k, v in vars(report).items()})
    else:
        for path in report.written:
            info(f"wrote {path}")
        for path in report.unchanged:
            info(f"unchanged {path}")
        for path in report.kept:
            info(f"kept {path} (differs; --force to replace)")
        if host:
            info(f"Browsers connect to wss://{host}:{tls_port}/ws")
    if report.kept:
        raise typer.Exit(1)
