"""``asterisk-ara tls``: a private CA and server/client certificates browsers accept."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .common import info, print_json, want_json

app = typer.Typer(rich_markup_mode=None, no_args_is_help=True,
                  help="Make and check the TLS CA and certificates for Asterisk's https/wss server.")

Dir = Annotated[Path, typer.Option("--dir", help="Directory of the key and certificate files.")]
Days = Annotated[int, typer.Option("--days", help="Server certificate lifetime (browsers accept at most 397).")]
CaPass = Annotated[Optional[Path], typer.Option("--ca-passphrase-file", help="File holding the CA key's passphrase.")]


def _passphrase(path: Optional[Path]) -> Optional[bytes]:
    from ..errors import UsageError

    if path is None:
        return None
    try:
        data = path.read_bytes().rstrip(b"\r\n")
    except OSError as exc:
        raise UsageError(f"--ca-passphrase-file: cannot read {path}: {exc.strerror}") from None
    if not data:
        raise UsageError(f"--ca-passphrase-file: {path} is empty")
    return data


def _report(ctx: typer.Context, files) -> None:
    if want_json(ctx):
        print_json({"directory": str(files.directory), "written": [str(p) for p in files.written]})
    else:
        for path in files.written:
            info(f"wrote {path}")


@app.command()
def init(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="The name (or IP) browsers connect to.")],
    ip: Annotated[Optional[list[str]], typer.Option("--ip", help="Extra IP address for the certificate.")] = None,
    dns: Annotated[Optional[list[str]], typer.Option("--dns", help="Extra DNS name for the certificate.")] = None,
    org: Annotated[str, typer.Option("--org", help="Organisation name in the certificates.")] = "Asterisk",
    directory: Dir = Path("keys"),
    days: Days = 397,
    key_type: Annotated[str, typer.Option("--key-type", help="rsa2048, rsa3072, rsa4096 or ec-p256.")] = "rsa2048",
    ca_passphrase_file: CaPass = None,
    force: Annotated[bool, typer.Option("--force", help="Replace existing files.")] = False,
) -> None:
    """Create ca.key/ca.crt and asterisk.key/.crt/.pem (SAN, serverAuth, X.509 v3)."""
    from .. import tls

    _report(ctx, tls.init(directory, host, ip or [], dns or [], org, days, key_type,
                          _passphrase(ca_passphrase_file), force))


@app.command()
def renew(ctx: typer.Context, directory: Dir = Path("keys"), days: Days = 397,
          ca_passphrase_file: CaPass = None) -> None:
    """Issue a new server key and certificate (same names) from the existing CA."""
    from .. import tls

    _report(ctx, tls.renew(directory, days, _passphrase(ca_passphrase_file)))


@app.command()
def client(ctx: typer.Context, name: Annotated[str, typer.Argument(help="Client name (file base name and CN).")],
           directory: Dir = Path("keys"), ca_passphrase_file: CaPass = None,
           force: Annotated[bool, typer.Option("--force", help="Replace existing files.")] = False) -> None:
    """Create a client certificate NAME.key/.crt/.pem signed by the CA."""
    from .. import tls

    _report(ctx, tls.client(directory, name, ca_passphrase=_passphrase(ca_passphrase_file), force=force))


@app.command()
def check(ctx: typer.Context, directory: Dir = Path("keys"),
          host: Annotated[Optional[str], typer.Option("--host", help="Name the certificate must cover.")] = None) -> None:
    """Check chain, SAN, key match, key strength, validity and file permissions; exit 1 on any problem."""
    from .. import tls

    findings = tls.check(directory, host)
    bad = [f for f in findings if not f.ok]
    if want_json(ctx):
        print_json({"ok": not bad, "findings": [{"ok": f.ok, "message": f.message} for f in findings]})
    else:
        for f in findings:
            typer.echo(f"{'ok  ' if f.ok else 'FAIL'} {f.message}")
    if bad:
        raise typer.Exit(1)
