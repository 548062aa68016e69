"""From nothing to the whole setup of the tutorial *Configuring Asterisk for WebRTC Clients*: schema, TLS files,
Asterisk files, one client.

Idempotent: what exists is kept (keys and passwords are never rotated here), and the result
says what was created and what was already there.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import confgen
from .dburl import DatabaseURL
from .errors import UsageError


@dataclass
class QuickstartResult:
    database: str
    driver: str
    host: str
    keys_dir: Path
    etc_dir: Path
    websocket_url: str
    sip_uri: str
    client_id: str
    password: str | None                      # only when the client was created by this run
    created: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)   # existing files that differ and were left alone
    files: list[Path] = field(default_factory=list)
    phone_page: Path | None = None            # the browser phone, for ASTDATADIR/static-http
    phone_url: str = ""
    calls: confgen.CallOptions = field(default_factory=confgen.CallOptions)  # dialplan, rtp.conf, phone
    load: str = confgen.DEFAULT_LOAD          # how Asterisk loads the clients (confgen.LOADS)

    @property
    def changed(self) -> bool:
        return bool(self.created)


def quickstart(db: DatabaseURL, host: str, out: Path = Path("asterisk"), client_id: str = "webrtc_client",
               tls_dir: str | None = None, bindaddr: str = "0.0.0.0", port: int = 8088,
               tls_port: int = 8089, calls: confgen.CallOptions | None = None, tune: bool = False,
               load: str = confgen.DEFAULT_LOAD) -> QuickstartResult:
    """``tune``: also add the indexes of ``db tune`` (registrations looked up by index at any scale).
    ``load``: how Asterisk loads the clients, ``on-demand`` or ``at-start`` (confgen.realtime)."""
    from . import tls
    from .errors import NotFoundError
    from .provisioning import add_webrtc_client, show_webrtc_client
    from .schema import migrate

    from .files import check_directory
    from .validation import check_object_id

    # Everything the user gave is checked before the first write (schema, keys, files, client).
    tls.check_host_name(host)
    check_object_id(client_id, "client")
    check_directory(out, "--out")
    out = Path(out).resolve()
    keys, etc = out / "keys", out / "etc"
    tls_dir = tls_dir or str(keys)
    driver = confgen.default_driver(db)
    # Render the files first: a database URL Asterisk cannot use fails before anything is made.
    calls = calls or confgen.CallOptions()
    files, secret = confgen.all_files(db, tls_dir, driver, bindaddr=bindaddr, port=port, tls_port=tls_port,
                                      calls=calls, complete=True, load=load)
    result = QuickstartResult(db.masked(), driver, host, keys, etc, f"wss://{host}:{tls_port}/ws",
                              f"sip:{client_id}@{host}", client_id, None, calls=calls, load=load)

    before = migrate.current(db, missing_ok=True)
    after = migrate.upgrade(db)
    (result.unchanged if before.revision == after.revision else result.created).append(
        f"schema {after.revision}" + (f" (ARA {after.ara_revision})" if after.ara_revision else ""))
    if tune:
        from .schema.tune import tune as add_indexes

        for made in add_indexes(db):
            kind = "view" if made.index.definition == "(view)" else "index"
            (result.created if made.created else result.unchanged).append(f"{kind} {made.index.name}")

    if (keys / "asterisk.crt").exists():
        _keep_or_grow(keys, host, result)
    else:
        tls.init(keys, host)
        result.created.append(f"TLS CA and server certificate for {host} in {keys}")

    report = confgen.write(etc, files, secret)
    result.files = [etc / name for name in files]
    result.created += [f"{p}" for p in report.written]
    result.unchanged += [f"{p}" for p in report.unchanged]
    result.kept = [str(p) for p in report.kept]
    if calls.phone:
        from . import phone

        page = phone.write_page(out / phone.STATIC_DIR)
        result.created += [f"{p}" for p in page.written]
        result.unchanged += [f"{p}" for p in page.unchanged]
        result.kept += [str(p) for p in page.kept]
        result.phone_page = out / phone.STATIC_DIR / phone.PAGE
        result.phone_url = phone.url(host, tls_port)

    try:
        show_webrtc_client(db, client_id)
        result.unchanged.append(f"WebRTC client {client_id}")
    except NotFoundError:
        added = add_webrtc_client(db, client_id)
        result.password = added.generated_password
        result.created.append(f"WebRTC client {client_id}")
    return result


def _keep_or_grow(keys: Path, host: str, result: QuickstartResult) -> None:
    """Keys that are there are kept; a new host gets a new server certificate from the same CA (never a new CA:
    every phone would have to trust it again)."""
    from . import tls

    problems = [f.message for f in tls.check(keys) if not f.ok]
    if problems:
        raise UsageError(f"{keys} holds TLS files with a problem: {problems[0]}. A new server certificate from "
                         f"the same CA: asterisk-ara tls renew --dir {keys} --host {host}; every finding: "
                         f"asterisk-ara tls check --dir {keys}")
    if tls.covers(keys, host):
        result.unchanged.append(f"TLS files in {keys}")
        return
    try:
        renewed = tls.renew(keys, host=host)
    except UsageError as exc:  # e.g. a CA key under a passphrase, which quickstart never asks for
        raise UsageError(f"{keys}: the server certificate does not serve {host}, and a new one could not be "
                         f"issued: {exc}. Run asterisk-ara tls renew --dir {keys} --host {host} "
                         "--ca-passphrase-file FILE, then quickstart again") from None
    names = tls.server_names(keys)
    result.created.append(f"server certificate for {', '.join(names)} in {keys} (added {', '.join(renewed.added)}; "
                          "same CA, ca.crt unchanged)")
