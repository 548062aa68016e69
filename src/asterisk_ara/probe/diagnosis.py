"""Why a step failed and what to change: the causes administrators meet when a WebRTC phone does not register.

Each function turns one kind of failure into (server_said, cause, fix). With ``--database-url`` the
client's rows are read too, and ``database_hints`` compares them with what the server said.
"""
from __future__ import annotations

from typing import Any

from .network import CertificateInfo

DEFAULT_REALM = "asterisk"  # res_pjsip's default_realm when pjsip.conf [global] does not set one


def tcp_refused(host: str, port: int, secure: bool) -> tuple[str, str]:
    if secure:
        return (f"nothing accepts connections on {host}:{port}: Asterisk is not running, or its HTTPS server "
                "is not enabled on this address and port",
                f"http.conf needs tlsenable=yes and tlsbindaddr=0.0.0.0:{port} (asterisk-ara conf http); "
                "then `module reload http` and check `http show status` in the Asterisk CLI")
    return (f"nothing accepts connections on {host}:{port}: Asterisk is not running, or its HTTP server is not "
            "enabled on this address and port",
            f"http.conf needs enabled=yes, bindaddr=0.0.0.0 and bindport={port} (asterisk-ara conf http); "
            "then `module reload http` and check `http show status` in the Asterisk CLI")


def tcp_timeout(host: str, port: int, timeout: float) -> tuple[str, str]:
    return (f"no answer from {host}:{port} within {timeout:g} s: a firewall drops the packets, or the address "
            "is wrong",
            f"open TCP {port} between this machine and Asterisk (host firewall, cloud security group), "
            "and check the address")


def tls_verify_failed(code: int, host: str, cert: CertificateInfo | None, ca: str | None) -> tuple[str, str]:
    shown = f" (SANs: {', '.join(cert.sans) or 'none'})" if cert else ""
    if code in (62, 64):  # X509_V_ERR_HOSTNAME_MISMATCH, X509_V_ERR_IP_ADDRESS_MISMATCH
        if cert and not cert.sans:
            return (f"the certificate has no subjectAltName at all (X.509 v{cert.version}, as ast_tls_cert makes "
                    "them): browsers refuse it for any name",
                    "issue a certificate with a subjectAltName: asterisk-ara tls init --host NAME "
                    "(or tls renew), then restart Asterisk's HTTP server")
        what = "address" if code == 64 else "host name"
        option = f"--ip {host}" if code == 64 else f"--host {host}"
        return (f"the {what} {host} is not in the certificate{shown}; browsers refuse it",
                f"connect with a name the certificate lists, or add this {what} with a new certificate from the "
                f"same CA (phones keep trusting it): asterisk-ara tls renew --dir KEYS {option}, then restart "
                "Asterisk's HTTP server")
    if code in (10,):  # X509_V_ERR_CERT_HAS_EXPIRED
        when = f" on {cert.not_after}" if cert else ""
        return (f"the certificate expired{when}; browsers refuse it",
                "issue a new one from the same CA: asterisk-ara tls renew --dir KEYS, then restart Asterisk")
    if code == 9:  # X509_V_ERR_CERT_NOT_YET_VALID
        return ("the certificate is not valid yet: the clock of this machine or of the PBX is wrong",
                "set both clocks right (NTP), or issue a new certificate")
    trust = f"the CA in {ca}" if ca else "the system's trust store"
    issuer = f" (issuer: {cert.issuer})" if cert else ""
    return (f"the certificate chain is not trusted by {trust}{issuer}",
            "give the CA that issued Asterisk's certificate with --ca (ca.crt from asterisk-ara tls init); "
            "browsers need the same CA imported into their trust store")


def not_tls(host: str, port: int) -> tuple[str, str]:
    return (f"{host}:{port} does not speak TLS: it is probably the plain HTTP port (bindport)",
            "use ws:// for the plain port, or the TLS port from http.conf tlsbindaddr (8089 by default) for wss://")


def upgrade_unanswered(port: int, tls_version: str | None) -> tuple[str, str]:
    """The upgrade request got no HTTP answer (timeout or the connection closed)."""
    if tls_version == "TLSv1.3":
        # Measured on Asterisk 22.10.1: 12 of 2,000 TLS 1.3 connections, 0 of 2,600 without session tickets.
        return ("Asterisk's HTTPS server accepted TLS 1.3 but never answered the upgrade: it loses a request "
                "that arrives together with the handshake's session tickets (about 1 connection in 100)",
                "try again; for good, start Asterisk with OPENSSL_CONF=/etc/asterisk/asterisk-openssl.cnf "
                "(written by asterisk-ara conf write: no session tickets)")
    return (f"the server at port {port} did not complete an HTTP upgrade",
            "check the URL's port and path (Asterisk: /ws on http.conf's ports)")


def websocket_status(status: int, path: str) -> tuple[str, str]:
    if status == 404:
        return (f"Asterisk's HTTP server has no WebSocket at {path}: res_http_websocket is not loaded, or "
                "http.conf sets a prefix that moves /ws",
                "load it (modules.conf: load => res_http_websocket.so; `module show like websocket` in the CLI); "
                "with http.conf prefix=P the URL is /P/ws")
    if status == 400:
        # Measured: res_http_websocket answers 400 when no module serves the requested subprotocol.
        return (f"the WebSocket at {path} exists but nothing serves its subprotocol 'sip': "
                "res_pjsip_transport_websocket is not loaded",
                "load it (modules.conf: load => res_pjsip_transport_websocket.so, or `module load "
                "res_pjsip_transport_websocket.so` in the CLI)")
    if status in (401, 403):
        return (f"the HTTP server refused the upgrade at {path} with {status}: a proxy or http.conf setting asks "
                "for HTTP authentication", "connect to Asterisk directly, or allow the WebSocket path in the proxy")
    return (f"the HTTP upgrade at {path} was answered with {status} instead of 101 Switching Protocols",
            "check that the URL points at Asterisk's HTTP server (not a proxy or another web server) and that "
            "res_http_websocket and res_pjsip_transport_websocket are loaded")


def no_sip_subprotocol(path: str) -> tuple[str, str]:
    return (f"the WebSocket at {path} opened without the 'sip' subprotocol, so SIP will not be read there",
            "load res_pjsip_transport_websocket (it registers the 'sip' protocol with res_http_websocket)")


def register_status(status: int, realm: str | None, user: str, rows: bool = False) -> tuple[str, str]:
    if status == 401:
        return (f"Asterisk refused the digest answer (challenged with realm \"{realm}\"): the password is wrong, "
                "the stored md5_cred/password_digest was made for another realm, or no endpoint matches the "
                f"user {user} (Asterisk challenges unknown users too)",
                f"set the password again for this realm: asterisk-ara webrtc passwd {user} --realm {realm}"
                + ("" if rows else "; add --database-url to compare the stored rows"))
    if status == 403:
        return ("Asterisk forbids the registration: the aor's max_contacts is 0 or NULL (the usual cause), or an "
                "ACL refuses this address",
                f"asterisk-ara webrtc update {user} --max-contacts 5")
    if status == 404:
        return (f"no AOR named {user}: the endpoint's aors do not list it, or the aor row is missing or did not "
                "load",
                f"check `pjsip show aor {user}` in the Asterisk CLI; asterisk-ara webrtc show {user}")
    if status == 423:
        return ("the requested expiry is shorter than the aor's minimum_expiration", "raise --expires")
    return (f"Asterisk answered the REGISTER with {status}", "read Asterisk's log (`pjsip set logger on`)")


def no_answer(timeout: float, user: str) -> tuple[str, str]:
    return (f"no answer to REGISTER within {timeout:g} s: no endpoint or AOR {user} is loaded, or res_pjsip "
            "has no ws/wss transport",
            f"check `pjsip show endpoint {user}` and `pjsip show transports` in the Asterisk CLI; the realtime "
            "wiring in sorcery.conf/extconfig.conf (asterisk-ara conf realtime)")


def database_facts(url, user: str, password: str, challenged_realm: str | None, domain: str) -> dict[str, Any]:
    """What the client's rows say: endpoint, its aor and auth, as the registrar will use them.

    With the realm Asterisk challenged with, the stored credential is checked against the password:
    ``password_matches``, and when it does not, ``matches_realm``, a realm it does match (no secret is kept).
    """
    from ..dbapi import open_database
    from ..validation import decode_realtime

    with open_database(url) as db:
        endpoint = db.fetch_by_id("ps_endpoints", user)
        aor = db.fetch_by_id("ps_aors", user)
        auth_id = decode_realtime(endpoint.get("auth")) if endpoint and endpoint.get("auth") else None
        auth = db.fetch_by_id("ps_auths", auth_id) if auth_id else None
    facts: dict[str, Any] = {"database": url.masked(), "endpoint": endpoint is not None, "aor": aor is not None}
    if endpoint:
        facts.update(endpoint_aors=endpoint.get("aors"), endpoint_auth=endpoint.get("auth"),
                     webrtc=endpoint.get("webrtc"), context=endpoint.get("context"), allow=endpoint.get("allow"))
    if aor:
        facts["max_contacts"] = aor.get("max_contacts")
    if auth_id:
        facts["auth"] = auth is not None
    if auth:
        from ..credentials import credential_matches, credential_mode

        facts.update(auth_type=auth.get("auth_type"), credential=credential_mode(auth), realm=auth.get("realm"),
                     auth_username=auth.get("username"))
        username = auth.get("username") or user
        if challenged_realm is not None and facts["credential"]:
            facts["password_matches"] = credential_matches(auth, username, challenged_realm, password)
            if not facts["password_matches"]:
                # The realms a hash is usually made for: the column, Asterisk's default, the SIP domain.
                candidates = [r for r in (auth.get("realm"), DEFAULT_REALM, domain) if r and r != challenged_realm]
                facts["matches_realm"] = next(
                    (r for r in candidates if credential_matches(auth, username, r, password)), None)
    return facts


def rows_fix(facts: dict[str, Any], user: str) -> str | None:
    """The fix when the client's rows alone explain a refused REGISTER (no client at all), else None."""
    if not facts["endpoint"] and not facts["aor"]:
        return f"create the client: asterisk-ara webrtc add {user}"
    return None


def database_hints(facts: dict[str, Any], user: str, challenged_realm: str | None) -> list[str]:
    """Every mismatch between the rows and what registration needs; the first ones explain most failures."""
    hints = []
    if not facts["endpoint"]:
        hints.append(f"ps_endpoints has no row {user!r}: create the client (asterisk-ara webrtc add {user})")
    else:
        aors = [a.strip() for a in (facts.get("endpoint_aors") or "").split(",") if a.strip()]
        if user not in aors:
            hints.append(f"endpoint {user}'s aors is {facts.get('endpoint_aors')!r}: it must list {user!r}, the AOR "
                         "a phone registering as this user binds to")
        if not facts.get("endpoint_auth"):
            hints.append(f"endpoint {user} has no auth: Asterisk cannot check its password")
        elif not facts.get("auth"):
            hints.append(f"endpoint {user}'s auth {facts['endpoint_auth']!r} has no ps_auths row")
        if str(facts.get("webrtc") or "").lower() not in ("yes", "true", "on", "1"):
            hints.append(f"endpoint {user} has webrtc={facts.get('webrtc')!r}: it may register, but a browser's "
                         "call will fail without DTLS/ICE (asterisk-ara webrtc update --set endpoint.webrtc=yes)")
    if not facts["aor"]:
        hints.append(f"ps_aors has no row {user!r}: REGISTER for {user} finds no AOR")
    elif not facts.get("max_contacts"):
        hints.append(f"aor {user} has max_contacts={facts.get('max_contacts')!r}: Asterisk answers every REGISTER "
                     f"with 403 (asterisk-ara webrtc update {user} --max-contacts 5)")
    if facts.get("auth"):
        if facts.get("auth_username") not in (None, user):
            hints.append(f"auth {facts['endpoint_auth']} has username {facts['auth_username']!r}, not {user!r}: "
                         "the phone must authenticate with that username")
        if facts.get("credential") is None:
            hints.append(f"auth {facts['endpoint_auth']} holds no password, md5_cred or password_digest")
        elif challenged_realm is not None and facts.get("password_matches") is False:
            other = facts.get("matches_realm")
            if other:
                hints.append(f"the stored credential was hashed for realm {other!r} but Asterisk challenged with "
                             f"{challenged_realm!r}: set the password again for {challenged_realm!r} "
                             f"(asterisk-ara webrtc passwd {user} --realm {challenged_realm}), or set the auth's "
                             f"realm back to {other!r}")
            else:
                hints.append(f"the stored {facts['credential']} credential does not match this password for realm "
                             f"{challenged_realm!r}: the password is wrong (asterisk-ara webrtc passwd {user})")
    return hints
