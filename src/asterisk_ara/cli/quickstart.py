"""``asterisk-ara quickstart``: the whole tutorial *Configuring Asterisk for WebRTC Clients* in one idempotent command."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .common import print_json, settings, want_json
from .conf import Bindaddr, Context, DtmfExten, EchoExten, Load, Phone, Port, RtpPorts, Stun, TlsPort, say_load

SQLITE_NOTE = """\
Note on SQLite: Asterisk's own sqlite3 realtime driver finds this client by id, so it
registers and can be called. But it turns NULL columns into empty strings when it reads
several rows, so endpoints with unset options fail to parse in listings (pjsip show
endpoints), qualify and device state; and it never deletes rows by id (hence contacts
stay in astdb here). For production, use PostgreSQL or MariaDB:
  asterisk-ara --database-url postgresql://asterisk:PASSWORD@localhost/asterisk quickstart --host {host}
  asterisk-ara --database-url mysql://asterisk:PASSWORD@localhost/asterisk quickstart --host {host}
"""


def quickstart(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Name (or IP) the browsers use to reach Asterisk.")],
    out: Annotated[Path, typer.Option("--out", help="Directory for keys/ and etc/.")] = Path("asterisk"),
    client: Annotated[str, typer.Option("--client", help="Id of the WebRTC client to provision.")] = "webrtc_client",
    tls_dir: Annotated[Optional[str], typer.Option(
        "--tls-dir", help="Where Asterisk will read the keys [default: OUT/keys, absolute].")] = None,
    bindaddr: Bindaddr = "0.0.0.0",
    port: Port = 8088,
    tls_port: TlsPort = 8089,
    context: Context = "default",
    echo_exten: EchoExten = "600",
    rtp_ports: RtpPorts = "10000-20000",
    stun: Stun = None,
    phone: Phone = True,
    dtmf_exten: DtmfExten = "601",
    tune: Annotated[bool, typer.Option("--tune", help="Also add the indexes of `db tune` (PostgreSQL, MariaDB).")]
    = False,
    load: Load = None,
) -> None:
    """Schema, TLS files, every Asterisk file and one WebRTC client: the tutorial Configuring Asterisk for WebRTC
    Clients in one step."""
    from ..conffile import DIALPLAN_FILE
    from ..confgen import DEFAULT_LOAD, CallOptions
    from ..quickstart import quickstart as run

    db = settings(ctx).db()
    r = run(db, host, out, client, tls_dir, bindaddr, port, tls_port,
            CallOptions(context, echo_exten, rtp_ports, stun, phone, dtmf_exten), tune, load or DEFAULT_LOAD)

    unchanged_note = (f"unchanged: shown only when the client was created; a new one: asterisk-ara webrtc passwd "
                      f"{r.client_id}")
    if want_json(ctx):
        print_json({
            "database": r.database, "driver": r.driver, "load": r.load, "host": host, "changed": r.changed,
            "created": r.created, "unchanged": r.unchanged, "kept": r.kept,
            "keys_dir": str(r.keys_dir), "ca_certificate": str(r.keys_dir / "ca.crt"),
            "server_certificate": str(r.keys_dir / "asterisk.crt"), "etc_dir": str(r.etc_dir),
            "files": [str(p) for p in r.files], "websocket_url": r.websocket_url, "sip_uri": r.sip_uri,
            "odbc_ini": str(r.etc_dir / "odbc.ini") if r.driver == "odbc" else None,
            "probe": ["asterisk-ara", "probe", r.websocket_url, "--user", r.client_id, "--password-stdin",
                      "--ca", str(r.keys_dir / "ca.crt")],
            "client": {"id": r.client_id, "username": r.client_id, "password": r.password,
                       "password_note": None if r.password else unchanged_note},
            "dialplan_include": f"#include {DIALPLAN_FILE}", "echo_test": r.calls.echo_exten,
            "dtmf_test": r.calls.dtmf_exten,
            "rtp_ports": r.calls.rtp_ports,
            "phone_page": str(r.phone_page) if r.phone_page else None, "phone_url": r.phone_url or None})
        return
    echo = typer.echo
    if r.changed:
        for line in r.created:
            echo(f"created   {line}")
    else:
        echo("Nothing to do: everything was already in place (keys and passwords are never rotated here).")
    for line in r.kept:
        echo(f"kept      {line} (differs from what would be written; see asterisk-ara conf write --force)")
    say_load(r.load, r.driver, echo)
    steps: list[list[str]] = [[
        "Give Asterisk the files. An Asterisk whose /etc/asterisk is empty (no sample files) takes them as they are:",
        f"  cp {r.etc_dir}/* /etc/asterisk/",
        "An existing configuration keeps its own files: copy only what it lacks (cp -n), merge the load lines of",
        f"modules.conf into yours and add #include {DIALPLAN_FILE} to your extensions.conf.",
        "A private Asterisk: asterisk -C with an asterisk.conf naming its directories."]]
    if r.driver == "odbc":
        steps.append(["Register the database with unixODBC, which does not read odbc.ini from /etc/asterisk",
                      "(first: apt-get install unixodbc odbc-mariadb, or your system's packages):",
                      f"  odbcinst -i -s -l -f {r.etc_dir}/odbc.ini"])
    if r.phone_page:
        steps.append([f"Copy {r.phone_page.parent}/* (the phone page and the JsSIP library it loads) to",
                      "/var/lib/asterisk/static-http/ (Asterisk's static directory)."])
    steps += [
        [f"Make sure Asterisk can read {r.keys_dir}/asterisk.key (or copy the keys and use --tls-dir)."],
        ["Give Asterisk the environment variable OPENSSL_CONF=/etc/asterisk/asterisk-openssl.cnf (why: see that",
         "file), then restart it."],
        [f"Open TCP {tls_port} (wss) and UDP {r.calls.rtp_ports} (media) in the firewall."],
        [f"Trust {r.keys_dir}/ca.crt in the browser or OS:",
         "  Linux: copy to /usr/local/share/ca-certificates/asterisk-ca.crt; update-ca-certificates",
         "  macOS: Keychain Access > System > import, then 'Always Trust' for SSL",
         "  Windows: certutil -addstore -f ROOT ca.crt",
         "  Firefox: Settings > Certificates > Authorities > Import (it keeps its own store)"],
        ["Check from the phone's side that it registers (each step, and why one fails):",
         f"  asterisk-ara probe {r.websocket_url} --user {r.client_id} --password-stdin --ca {r.keys_dir}/ca.crt"],
    ]
    tests = f"{r.calls.echo_exten} (the echo test), {r.calls.dtmf_exten} (the keypad test) or another client by its id."
    if r.phone_url:
        steps.append([f"Open the browser phone at {r.phone_url}",
                      "(opening it also shows whether the browser trusts the certificate), register, call", tests])
    else:
        steps.append([f"Call {tests}"])
    echo("")
    echo("Next steps (the how-to Run Asterisk on these files explains each one):")
    for n, lines in enumerate(steps, 1):
        for i, line in enumerate(lines):
            echo(f"  {n}. {line}" if i == 0 else f"     {line}")
    if db.dialect == "sqlite":
        echo("")
        echo(SQLITE_NOTE.format(host=host), nl=False)
    # The credential comes last, where a terminal leaves it on screen.
    echo("")
    echo("The client:")
    echo(f"  WebSocket  {r.websocket_url}")
    echo(f"  SIP URI    {r.sip_uri}")
    echo(f"  username   {r.client_id}")
    if r.password:
        echo(f"  password   {r.password}")
        echo("  (shown once: keep it now; asterisk-ara webrtc passwd sets a new one)")
    else:
        echo(f"  password   {unchanged_note}")
