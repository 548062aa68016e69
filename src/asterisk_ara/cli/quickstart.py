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

    if want_json(ctx):
        print_json({
            "database": r.database, "driver": r.driver, "load": r.load, "host": host, "changed": r.changed,
            "created": r.created, "unchanged": r.unchanged, "kept": r.kept,
            "keys_dir": str(r.keys_dir), "ca_certificate": str(r.keys_dir / "ca.crt"),
            "server_certificate": str(r.keys_dir / "asterisk.crt"), "etc_dir": str(r.etc_dir),
            "files": [str(p) for p in r.files], "websocket_url": r.websocket_url, "sip_uri": r.sip_uri,
            "probe": ["asterisk-ara", "probe", r.websocket_url, "--user", r.client_id, "--password-stdin",
                      "--ca", str(r.keys_dir / "ca.crt")],
            "client": {"id": r.client_id, "username": r.client_id, "password": r.password},
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
    echo("")
    echo("Next steps:")
    echo(f"  1. Copy {r.etc_dir}/* to /etc/asterisk/ (merge modules.conf.snippet into modules.conf;")
    echo("     or #include the files from your own configuration), and add this line to extensions.conf:")
    echo(f"       #include {DIALPLAN_FILE}")
    if r.phone_page:
        echo(f"     Copy {r.phone_page.parent}/* (the phone page and the JsSIP library it loads) to")
        echo("     /var/lib/asterisk/static-http/ (Asterisk's static directory).")
    echo(f"  2. Make sure Asterisk can read {r.keys_dir}/asterisk.key (or copy the keys and use --tls-dir).")
    echo("  3. Load the modules listed in modules.conf.snippet, give Asterisk the environment variable")
    echo("     OPENSSL_CONF=/etc/asterisk/asterisk-openssl.cnf (why: see that file), then restart Asterisk.")
    echo(f"  4. Open TCP {tls_port} (wss) and UDP {r.calls.rtp_ports} (media) in the firewall.")
    echo(f"  5. Trust {r.keys_dir}/ca.crt in the browser or OS:")
    echo("       Linux: copy to /usr/local/share/ca-certificates/asterisk-ca.crt; update-ca-certificates")
    echo("       macOS: Keychain Access > System > import, then 'Always Trust' for SSL")
    echo("       Windows: certutil -addstore -f ROOT ca.crt")
    echo("       Firefox: Settings > Certificates > Authorities > Import (it keeps its own store)")
    echo(f"  6. Point the WebRTC client at {r.websocket_url}")
    echo(f"     SIP URI {r.sip_uri}, username {r.client_id}")
    if r.password:
        echo(f"     password: {r.password}   (shown once; change it with asterisk-ara webrtc passwd)")
    else:
        echo("     password: as shown when the client was created (asterisk-ara webrtc passwd to set a new one)")
    echo("  7. Check from the phone's side that it registers (each step, and why one fails):")
    echo(f"       asterisk-ara probe {r.websocket_url} --user {r.client_id} --password-stdin --ca {r.keys_dir}/ca.crt")
    if r.phone_url:
        echo(f"  8. Open the browser phone at {r.phone_url}")
        echo("     (opening it also shows whether the browser trusts the certificate), register, call "
             f"{r.calls.echo_exten}")
        echo(f"     (the echo test), {r.calls.dtmf_exten} (the keypad test) or another client by its id.")
    else:
        echo(f"  8. Call {r.calls.echo_exten} (the echo test), {r.calls.dtmf_exten} (the keypad test) or another "
             "client by its id.")
    if db.dialect == "sqlite":
        echo("")
        echo(SQLITE_NOTE.format(host=host), nl=False)
