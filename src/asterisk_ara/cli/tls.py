"""``asterisk-ara tls``: a private CA and server/client certificates browsers accept."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .common import info, print_json, want_json

app = typer.Typer(rich_markup_mode=None, no_args_is_help=True,
                  help="Make and check the TLS CA and certificates for Asterisk's https/wss server.")

Dir = Annotated[Path, typer.Option("--dir", help="Directory of the key and certificate files.")]
FoundDir = Annotated[Optional[Path], typer.Option(
    "--dir", help="Directory of the key and certificate files [default: ./keys, else ./asterisk/keys, where "
                  "quickstart puts them].")]
Ip = Annotated[Optional[list[str]], typer.Option("--ip", help="Extra IP address for the certificate.")]
DnsName = Annotated[Optional[list[str]], typer.Option("--dns", help="Extra DNS name for the certificate.")]
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
        print_json({"directory": str(files.directory), "written": [str(p) for p in files.written],
                    "added_names": files.added})
    else:
        for path in files.written:
            info(f"wrote {path}")
        if files.added:
            info(f"The server certificate now also serves {', '.join(files.added)}; ca.crt is unchanged, so "
                 "phones that trust it trust the new certificate. Restart Asterisk (or `module reload http`) "
                 "to serve it.")


@app.command()
def init(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="The name (or IP) browsers connect to.")],
    ip: Ip = None,
    dns: DnsName = None,
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
def renew(ctx: typer.Context, directory: FoundDir = None, days: Days = 397, ca_passphrase_file: CaPass = None,
          host: Annotated[Optional[str], typer.Option(
              "--host", help="A name (or IP) to add to the certificate's names.")] = None,
          ip: Ip = None, dns: DnsName = None) -> None:
    """Issue a new server key and certificate from the existing CA, for the old names plus any given; ca.key and
    ca.crt stay as they are, so phones keep trusting the server."""
    from .. import tls

    _report(ctx, tls.renew(tls.find_directory(directory), days, _passphrase(ca_passphrase_file), host, ip or [],
                           dns or []))


@app.command()
def client(ctx: typer.Context, name: Annotated[str, typer.Argument(help="Client name (file base name and CN).")],
           directory: FoundDir = None, ca_passphrase_file: CaPass = None,
           force: Annotated[bool, typer.Option("--force", help="Replace existing files.")] = False) -> None:
    """Create a client certificate NAME.key/.crt/.pem signed by the CA."""
    from .. import tls

    _report(ctx, tls.client(tls.find_directory(directory), name, ca_passphrase=_passphrase(ca_passphrase_file), force=force))


@app.command()
def check(ctx: typer.Context, directory: FoundDir = None,
          host: Annotated[Optional[str], typer.Option("--host", help="Name the certificate must cover.")] = None) -> None:
    """Check chain, SAN, key match, key strength, validity and file permissions; exit 1 on any problem."""
    from .. import tls

    findings = tls.check(tls.find_directory(directory), host)
    bad = [f for f in findings if not f.ok]
    if want_json(ctx):
        print_json({"ok": not bad, "findings": [{"ok": f.ok, "message": f.message} for f in findings]})
    else:
        for f in findings:
            typer.echo(f"{'ok  ' if f.ok else 'FAIL'} {f.message}")
    if bad:
        raise typer.Exit(1)
