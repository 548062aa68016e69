"""The transport a browser opens before any SIP: TCP, TLS (for wss) and the WebSocket upgrade."""
from __future__ import annotations

import datetime as dt
import socket
import ssl
from dataclasses import dataclass
from typing import Any


@dataclass
class CertificateInfo:
    subject: str
    issuer: str
    sans: list[str]
    not_before: str
    not_after: str
    days_left: int
    version: int

    def as_dict(self) -> dict[str, Any]:
        return dict(vars(self))


def open_tcp(host: str, port: int, timeout: float) -> socket.socket:
    return socket.create_connection((host, port), timeout=timeout)


def tls_context(ca: str | None) -> ssl.SSLContext:
    """Verify the chain (against ``ca`` or the system store) and the host name, as a browser does."""
    context = ssl.create_default_context(cafile=ca) if ca else ssl.create_default_context()
    context.check_hostname = True
    context.verify_mode = ssl.CERT_REQUIRED
    return context


def certificate_info(der: bytes) -> CertificateInfo:
    from cryptography import x509

    cert = x509.load_der_x509_certificate(der)
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        sans = [f"DNS:{n}" for n in san.get_values_for_type(x509.DNSName)]
        sans += [f"IP:{ip}" for ip in san.get_values_for_type(x509.IPAddress)]
    except x509.ExtensionNotFound:
        sans = []
    after = cert.not_valid_after_utc
    return CertificateInfo(subject=cert.subject.rfc4514_string(), issuer=cert.issuer.rfc4514_string(), sans=sans,
                           not_before=cert.not_valid_before_utc.isoformat(), not_after=after.isoformat(),
                           days_left=(after - dt.datetime.now(dt.timezone.utc)).days,
                           version=cert.version.value + 1)


def fetch_unverified_certificate(host: str, port: int, timeout: float, server_name: str) -> CertificateInfo | None:
    """The server's certificate without trusting it: to show what is wrong after verification failed."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with socket.create_connection((host, port), timeout=timeout) as raw:
            with context.wrap_socket(raw, server_hostname=server_name) as tls:
                der = tls.getpeercert(binary_form=True)
    except (OSError, ssl.SSLError):
        return None
    return certificate_info(der) if der else None


def open_websocket(sock: socket.socket, host: str, port: int, path: str, timeout: float):
    """The HTTP upgrade at ``path`` asking for subprotocol ``sip`` (RFC 7118) over the open socket."""
    import inspect

    from websockets.sync.client import connect

    # websockets 17 warns unless a direct (non-context-manager) connection says so; older ones lack the flag.
    direct = {"legacy": True} if "legacy" in inspect.signature(connect).parameters else {}
    authority = f"[{host}]" if ":" in host else host
    # ws:// with our own (possibly TLS-wrapped) socket: websockets must not wrap it a second time.
    return connect(f"ws://{authority}:{port}{path}", sock=sock, subprotocols=["sip"], open_timeout=timeout,
                   compression=None, ping_interval=None, proxy=None, close_timeout=1,
                   user_agent_header="asterisk-ara probe", **direct)
