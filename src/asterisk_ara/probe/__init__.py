"""``probe``: register a client from the outside, step by step, as a browser's SIP stack does.

TCP connect, TLS (wss: chain and host name checked), the WebSocket upgrade with subprotocol ``sip``,
REGISTER with the digest answer, and an un-REGISTER of our own contact so nothing is left behind.
Each step is timed; a failed step says what the server said, the likely cause and the fix
(``diagnosis``). The pieces: ``network`` (TCP, TLS, WebSocket), ``sip`` (messages), ``digest``.
"""
from __future__ import annotations

import socket
import ssl
import time
from urllib.parse import urlsplit

from ..errors import UsageError
from . import diagnosis, digest, sip
from .network import certificate_info, fetch_unverified_certificate, open_tcp, open_websocket, tls_context
from .report import ProbeReport, Step

__all__ = ["ProbeReport", "Step", "probe"]

_UNSAFE_IN_USER = set(' <>@:;"\\') | {chr(c) for c in range(32)} | {"\x7f"}


class _Failed(Exception):
    """Ends the probe at the step just recorded."""


def _parse_url(url: str) -> tuple[bool, str, int, str]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UsageError(f"url: {url!r} is not a valid URL ({exc})") from None
    if parts.scheme not in ("ws", "wss") or not parts.hostname:
        raise UsageError(f"url: {url!r} is not a ws:// or wss:// URL (e.g. wss://pbx.example.com:8089/ws)")
    secure = parts.scheme == "wss"
    return secure, parts.hostname, port or (443 if secure else 80), parts.path or "/"


class _Run:
    """The steps of one probe, each recording a Step; a failed one raises _Failed."""

    def __init__(self, report: ProbeReport, url: str, timeout: float, ca: str | None, rows: bool):
        self.report, self.timeout, self.ca = report, timeout, ca
        self.rows = rows  # the client's rows will be read: the fixes need not suggest --database-url
        self.secure, self.host, self.port, self.path = _parse_url(url)
        self.challenge: digest.Challenge | None = None  # the one we answered (for the un-REGISTER too)
        self.tls_version: str | None = None

    def record(self, name: str, started: float, ok: bool, summary: str, details: dict | None = None,
               server_said: str | None = None, why: tuple[str, str] | None = None) -> None:
        cause, fix = why if why else (None, None)
        self.report.steps.append(Step(name, ok, round(time.perf_counter() - started, 4), summary, details or {},
                                      server_said, cause, fix))
        if not ok:
            raise _Failed

    # 1. TCP
    def tcp(self) -> socket.socket:
        host, port, t = self.host, self.port, time.perf_counter()
        try:
            sock = open_tcp(host, port, self.timeout)
        except socket.gaierror as exc:
            self.record("tcp", t, False, f"cannot resolve {host}", server_said=str(exc.strerror or exc),
                        why=(f"the name {host} does not resolve from this machine",
                             "check DNS or /etc/hosts, or use the address"))
        except (TimeoutError, socket.timeout):
            self.record("tcp", t, False, f"no answer from {host}:{port}",
                        why=diagnosis.tcp_timeout(host, port, self.timeout))
        except ConnectionRefusedError as exc:
            self.record("tcp", t, False, f"connection refused by {host}:{port}", server_said=exc.strerror,
                        why=diagnosis.tcp_refused(host, port, self.secure))
        except OSError as exc:
            self.record("tcp", t, False, f"cannot connect to {host}:{port}: {exc.strerror or exc}",
                        server_said=exc.strerror, why=diagnosis.tcp_timeout(host, port, self.timeout))
        peer = sock.getpeername()
        self.record("tcp", t, True, f"connected to {peer[0]}:{peer[1]}", {"address": peer[0], "port": peer[1]})
        return sock

    # 2. TLS, checked as a browser checks it
    def tls(self, sock: socket.socket) -> ssl.SSLSocket:
        host, port, t = self.host, self.port, time.perf_counter()
        try:
            sock.settimeout(self.timeout)
            tls = tls_context(self.ca).wrap_socket(sock, server_hostname=host)
        except ssl.SSLCertVerificationError as exc:
            cert = fetch_unverified_certificate(host, port, self.timeout, host)
            self.record("tls", t, False, f"certificate not accepted: {exc.verify_message}",
                        {"certificate": cert.as_dict() if cert else None, "verify_code": exc.verify_code},
                        server_said=exc.verify_message,
                        why=diagnosis.tls_verify_failed(exc.verify_code, host, cert, self.ca))
        except ssl.SSLError as exc:
            plain = "WRONG_VERSION_NUMBER" in str(exc) or "record layer" in str(exc)
            self.record("tls", t, False, f"TLS handshake failed: {exc.reason or exc}", server_said=str(exc.reason),
                        why=diagnosis.not_tls(host, port) if plain else (
                            f"the TLS handshake failed: {exc.reason or exc}",
                            "check http.conf tlscertfile/tlsprivatekey and Asterisk's log"))
        except (OSError, TimeoutError) as exc:
            self.record("tls", t, False, f"TLS handshake did not finish: {exc}",
                        why=("the server closed the connection or did not answer during the handshake",
                             "check that this port is Asterisk's TLS port (http.conf tlsbindaddr)"))
        cert = certificate_info(tls.getpeercert(binary_form=True))
        self.tls_version = tls.version()
        summary = f"{tls.version()}, {cert.subject}, SANs {', '.join(cert.sans)}, {cert.days_left} days left"
        if cert.days_left < 30:
            summary += " (renew soon: asterisk-ara tls renew)"
        self.record("tls", t, True, summary, {"version": tls.version(), "cipher": tls.cipher()[0],
                                               "certificate": cert.as_dict(), "trusted_by": self.ca or "system store"})
        return tls

    # 3. The HTTP upgrade to a WebSocket speaking SIP
    def websocket(self, sock: socket.socket):
        from websockets.exceptions import InvalidHandshake, InvalidStatus

        path, t = self.path, time.perf_counter()
        try:
            ws = open_websocket(sock, self.host, self.port, path, self.timeout)
        except InvalidStatus as exc:
            status, reason = exc.response.status_code, exc.response.reason_phrase
            self.record("websocket", t, False, f"HTTP {status} {reason} at {path}", {"status": status},
                        server_said=f"{status} {reason}", why=diagnosis.websocket_status(status, path))
        except (InvalidHandshake, OSError, TimeoutError, EOFError) as exc:
            cause = f" ({exc.__cause__})" if exc.__cause__ and str(exc.__cause__) else ""
            self.record("websocket", t, False, f"the WebSocket upgrade at {path} failed: {exc}{cause}",
                        why=diagnosis.upgrade_unanswered(self.port, self.tls_version))
        if ws.subprotocol != "sip":
            ws.close()
            self.record("websocket", t, False, f"upgraded at {path}, but without subprotocol sip",
                        {"subprotocol": ws.subprotocol}, why=diagnosis.no_sip_subprotocol(path))
        self.record("websocket", t, True, f"HTTP 101 at {path}, subprotocol sip", {"path": path, "subprotocol": "sip"})
        return ws

    def exchange(self, ws, message: str) -> sip.Response | None:
        """Send a request; the final response to it, or None when none came within the timeout."""
        ws.send(message)
        deadline = time.monotonic() + self.timeout
        cseq = int(message.split("\r\nCSeq: ", 1)[1].split(" ", 1)[0])
        while (left := deadline - time.monotonic()) > 0:
            try:
                data = ws.recv(timeout=left)
            except TimeoutError:
                return None
            text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
            reply = sip.answer_request(text)
            if reply:
                ws.send(reply)
                continue
            response = sip.parse(text)
            if response and response.status >= 200 and response.cseq == (cseq, "REGISTER"):
                return response
        return None

    # 4. REGISTER, the challenge, the answer
    def register(self, ws, dialog: sip.Registration, password: str) -> None:
        user, t = dialog.user, time.perf_counter()
        response = self.exchange(ws, dialog.register())
        rounds = 0
        while response is not None and response.status in (401, 407) and rounds < 2:
            offered = [c for c in map(digest.parse_challenge,
                                      response.all("www-authenticate") + response.all("proxy-authenticate")) if c]
            if rounds == 1 and not any(c.stale for c in offered):
                break  # challenged again, and not for a stale nonce: our answer was refused
            self.challenge = digest.choose(offered)
            if self.challenge is None:
                self.record("register", t, False, f"{response.status} {response.reason} with no digest challenge "
                            "we can answer", server_said=f"{response.status} {response.reason}",
                            why=("Asterisk offered only digest algorithms this probe does not implement",
                                 "allow MD5 or SHA-256 (ps_auths supported_algorithms_uas)"))
            header = "Proxy-Authorization" if response.status == 407 else "Authorization"
            answer = digest.authorization(self.challenge, user, password, "REGISTER", dialog.request_uri)
            response = self.exchange(ws, dialog.register(authorization=answer).replace(
                "Authorization: ", f"{header}: ", 1))
            rounds += 1
        challenge = self.challenge
        auth = {"algorithm": challenge.algorithm, "realm": challenge.realm,
                "qop": "auth" if "auth" in challenge.qop else None} if challenge else None
        if response is None:
            self.record("register", t, False, "no answer to REGISTER", {"authentication": auth},
                        why=diagnosis.no_answer(self.timeout, user))
        if response.status != 200:
            self.record("register", t, False, f"{response.status} {response.reason}"
                        + (" after the digest answer" if challenge else ""),
                        {"status": response.status, "authentication": auth},
                        server_said=f"{response.status} {response.reason}",
                        why=diagnosis.register_status(response.status, self.realm, user, self.rows))
        contacts = response.contacts()
        ours = next((c for c in contacts if dialog.contact_host in str(c["uri"])), None)
        granted = ours["expires"] if ours and ours["expires"] is not None else response.first("expires")
        how = f" (digest {challenge.algorithm}, realm \"{challenge.realm}\")" if challenge else \
            " (no authentication asked)"
        self.record("register", t, True,
                    f"200 OK, registered for {granted} s{how}; the AOR holds {len(contacts)} contact(s)",
                    {"status": 200, "expires": int(granted) if granted is not None else None,
                     "authentication": auth, "contact": dialog.contact_uri, "contacts": contacts})

    @property
    def realm(self) -> str | None:
        return self.challenge.realm if self.challenge else None

    # 5. un-REGISTER our own contact, so the probe leaves nothing behind
    def unregister(self, ws, dialog: sip.Registration, password: str) -> None:
        t = time.perf_counter()
        answer = digest.authorization(self.challenge, dialog.user, password, "REGISTER", dialog.request_uri,
                                      nc=2) if self.challenge else None
        response = self.exchange(ws, dialog.register(expires=0, authorization=answer))
        if response is not None and response.status == 401 and self.challenge:
            fresh = digest.choose([c for c in map(digest.parse_challenge, response.all("www-authenticate")) if c])
            if fresh:
                answer = digest.authorization(fresh, dialog.user, password, "REGISTER", dialog.request_uri)
                response = self.exchange(ws, dialog.register(expires=0, authorization=answer))
        if response is None or response.status != 200:
            said = f"{response.status} {response.reason}" if response else None
            self.record("unregister", t, False, f"un-REGISTER not accepted: {said or 'no answer'}", server_said=said,
                        why=("Asterisk did not remove the probe's contact; it expires by itself after "
                             f"{dialog.expires} s", "nothing to do unless it keeps happening; then read Asterisk's log"))
        left = response.contacts()
        if any(dialog.contact_host in str(c["uri"]) for c in left):
            self.record("unregister", t, False, "200 OK, but the AOR still holds the probe's contact",
                        {"contacts": left}, why=("Asterisk kept the contact despite Expires: 0",
                                                 f"it expires by itself after {dialog.expires} s; "
                                                 "`pjsip show contacts` shows it meanwhile"))
        self.record("unregister", t, True, f"200 OK, our contact removed; {len(left)} other contact(s) remain",
                    {"contacts": left})


def probe(url: str, user: str, password: str, *, ca: str | None = None, domain: str | None = None,
          timeout: float = 5.0, database=None, expires: int = 60) -> ProbeReport:
    """Register ``user`` at the SIP-over-WebSocket ``url`` and unregister again; never raises for a failed step.

    ``database`` (a DatabaseURL) adds the client's rows to the report and compares them with what the
    server said. Raises UsageError only for arguments that cannot be probed at all.
    """
    if not user or set(user) & _UNSAFE_IN_USER:
        raise UsageError(f"user: {user!r} is not a SIP user name (no spaces, control characters or <>@:;\"\\)")
    if not 0 < timeout <= 300:
        raise UsageError(f"timeout: {timeout} is not between 0 and 300 seconds")
    report = ProbeReport(url=url, user=user, domain=domain or "")
    run = _Run(report, url, timeout, ca, rows=database is not None)
    report.domain = domain = domain or run.host
    sock = ws = None
    try:
        sock = run.tcp()
        if run.secure:
            sock = run.tls(sock)
        ws = run.websocket(sock)
        dialog = sip.Registration(user, domain, run.secure, expires)
        run.register(ws, dialog, password)
        run.unregister(ws, dialog, password)
    except _Failed:
        pass
    finally:
        if ws is not None:
            ws.close()
        elif sock is not None:
            sock.close()
    if database is not None:
        try:
            report.database = diagnosis.database_facts(database, user, password, run.realm, domain)
            report.hints = diagnosis.database_hints(report.database, user, run.realm)
            fix = diagnosis.rows_fix(report.database, user)
            for step in report.steps:
                if fix and not step.ok and step.name == "register":
                    step.fix = fix  # the rows explain the refusal: the fix follows them, as the first hint does
        except Exception as exc:  # noqa: BLE001 - the probe's result stands; say why the rows are missing
            from ..errors import AraError

            report.hints = ["could not read the client's rows: "
                            + (str(exc) if isinstance(exc, AraError) else type(exc).__name__)]
    return report
