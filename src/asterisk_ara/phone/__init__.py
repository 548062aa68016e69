"""The browser phone page Asterisk serves from its static HTTPS directory (http.conf enablestatic=yes).

Served at https://HOST:TLS_PORT/static/asterisk-ara-phone.html: the same origin and certificate as
wss://HOST:TLS_PORT/ws, so a browser that accepts the page accepts the WebSocket too.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

PAGE = "asterisk-ara-phone.html"
#: Where Asterisk serves /static/ from: ASTDATADIR/static-http (/var/lib/asterisk/static-http on Debian).
STATIC_DIR = "static-http"


def page() -> str:
    return resources.files(__package__).joinpath(PAGE).read_text(encoding="utf-8")


def url(host: str, tls_port: int = 8089) -> str:
    return f"https://{host}:{tls_port}/static/{PAGE}"


def write_page(out: Path, force: bool = False):
    """Write the page into ``out`` (created if missing); an existing different file is kept unless ``force``."""
    from .. import confgen

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    return confgen.write(out, {PAGE: page()}, set(), force)
