"""The browser phone page Asterisk serves from its static HTTPS directory (http.conf enablestatic=yes).

Served at https://HOST:TLS_PORT/static/asterisk-ara-phone.html: the same origin and certificate as
wss://HOST:TLS_PORT/ws, so a browser that accepts the page accepts the WebSocket too. The page's SIP is JsSIP
(MIT), vendored here as one browser file with its licence and checksum (tools/jssip/build.mjs rebuilds it) and
written beside the page: no CDN, nothing fetched from elsewhere.
"""
from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

PAGE = "asterisk-ara-phone.html"
#: The SIP library the page loads, its licence notices and its checksum (sha256sum's format).
JSSIP = "jssip.min.js"
JSSIP_LICENCE = "jssip.LICENSE.txt"
JSSIP_SHA256_FILE = "jssip.min.js.sha256"
JSSIP_VERSION = "3.13.8"
#: Everything Asterisk serves for the phone, in the order written.
FILES = (PAGE, JSSIP, JSSIP_LICENCE)
#: Where Asterisk serves /static/ from: ASTDATADIR/static-http (/var/lib/asterisk/static-http on Debian).
STATIC_DIR = "static-http"


def _read(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def page() -> str:
    return _read(PAGE)


def jssip_sha256() -> str:
    """The checksum recorded when the library was vendored."""
    return _read(JSSIP_SHA256_FILE).split()[0]


def jssip() -> str:
    """The vendored JsSIP bundle, refused if its bytes are not the ones vendored."""
    from ..errors import UsageError

    text = _read(JSSIP)
    actual = hashlib.sha256(text.encode()).hexdigest()
    if actual != jssip_sha256():
        raise UsageError(f"the installed {JSSIP} does not match its recorded SHA-256 ({actual}); "
                         "reinstall asterisk-ara")
    return text


def url(host: str, tls_port: int = 8089) -> str:
    return f"https://{host}:{tls_port}/static/{PAGE}"


def client_url(wss_url: str | None, client_id: str) -> str | None:
    """Where one client's phone goes: the page served beside the WebSocket ``wss_url`` (its node's: same host and
    port, ``static/`` in place of ``ws``), with the user filled in; the server too when the page could not guess
    it (a path other than /ws). None without a WebSocket URL."""
    if not wss_url:
        return None
    parts = urlsplit(wss_url)
    query = {"user": client_id} if parts.path == "/ws" else {"server": wss_url, "user": client_id}
    return urlunsplit(("https" if parts.scheme == "wss" else "http", parts.netloc,
                       parts.path.rsplit("/", 1)[0] + f"/static/{PAGE}", urlencode(query), ""))


def write_page(out: Path, force: bool = False):
    """Write the page and the library it loads into ``out`` (created if missing); an existing different file is
    kept unless ``force``."""
    from .. import confgen

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    return confgen.write(out, {PAGE: page(), JSSIP: jssip(), JSSIP_LICENCE: _read(JSSIP_LICENCE)}, set(), force)
