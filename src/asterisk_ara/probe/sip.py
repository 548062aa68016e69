"""The few SIP messages a registering phone exchanges over a WebSocket (RFC 3261, RFC 7118)."""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

#: RFC 3261 compact header names, as a server may send them.
_COMPACT = {"m": "contact", "i": "call-id", "f": "from", "t": "to", "v": "via", "l": "content-length",
            "c": "content-type", "k": "supported", "e": "content-encoding", "s": "subject"}


@dataclass
class Response:
    status: int
    reason: str
    headers: list[tuple[str, str]] = field(default_factory=list)  # (lower-case name, value), in order

    def all(self, name: str) -> list[str]:
        return [v for k, v in self.headers if k == name]

    def first(self, name: str) -> str | None:
        values = self.all(name)
        return values[0] if values else None

    @property
    def cseq(self) -> tuple[int, str]:
        number, _, method = (self.first("cseq") or "0 ").partition(" ")
        return int(number or 0), method.strip()

    def contacts(self) -> list[dict[str, object]]:
        """Every Contact of the response as {uri, expires}: what the registrar now holds for the AOR."""
        out = []
        for header in self.all("contact"):
            for value in split_list(header):
                uri = value[value.find("<") + 1:value.find(">")] if "<" in value else value.split(";")[0]
                params = value[value.find(">") + 1:] if "<" in value else value[len(uri):]
                expires = re.search(r";\s*expires\s*=\s*(\d+)", params, re.I)
                out.append({"uri": uri.strip(), "expires": int(expires.group(1)) if expires else None})
        return out


def split_list(header: str) -> list[str]:
    """Split a comma-separated header value, ignoring commas inside <...> and quotes."""
    parts, depth, quoted, start = [], 0, False, 0
    for i, ch in enumerate(header):
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch == "<":
            depth += 1
        elif not quoted and ch == ">":
            depth -= 1
        elif ch == "," and not quoted and depth == 0:
            parts.append(header[start:i].strip())
            start = i + 1
    parts.append(header[start:].strip())
    return [p for p in parts if p]


def parse(message: str) -> Response | None:
    """A SIP response; None for a request (the server may send OPTIONS) or anything else."""
    head = message.split("\r\n\r\n", 1)[0]
    lines = head.split("\r\n")
    status = re.match(r"SIP/2\.0 (\d{3}) ?(.*)", lines[0])
    if not status:
        return None
    headers: list[tuple[str, str]] = []
    for line in lines[1:]:
        if line[:1] in (" ", "\t") and headers:  # folded continuation line
            headers[-1] = (headers[-1][0], headers[-1][1] + " " + line.strip())
            continue
        name, _, value = line.partition(":")
        name = name.strip().lower()
        headers.append((_COMPACT.get(name, name), value.strip()))
    return Response(int(status.group(1)), status.group(2).strip(), headers)


def token() -> str:
    return secrets.token_hex(8)


@dataclass
class Registration:
    """One phone's registration dialog: the same Call-ID and From tag for REGISTER and un-REGISTER."""
    user: str
    domain: str
    secure: bool
    expires: int = 60
    call_id: str = field(default_factory=lambda: token() + "@asterisk-ara.invalid")
    from_tag: str = field(default_factory=token)
    # A browser has no reachable address, so RFC 7118 clients put a random .invalid host in Contact.
    contact_host: str = field(default_factory=lambda: token() + ".invalid")
    cseq: int = 0

    @property
    def request_uri(self) -> str:
        return f"sip:{self.domain}"

    @property
    def contact_uri(self) -> str:
        return f"sip:{self.user}@{self.contact_host};transport=ws"

    def register(self, expires: int | None = None, authorization: str | None = None) -> str:
        self.cseq += 1
        expires = self.expires if expires is None else expires
        lines = [
            f"REGISTER {self.request_uri} SIP/2.0",
            f"Via: SIP/2.0/{'WSS' if self.secure else 'WS'} {self.contact_host};branch=z9hG4bK{token()}",
            "Max-Forwards: 70",
            f"From: <sip:{self.user}@{self.domain}>;tag={self.from_tag}",
            f"To: <sip:{self.user}@{self.domain}>",
            f"Call-ID: {self.call_id}",
            f"CSeq: {self.cseq} REGISTER",
            f"Contact: <{self.contact_uri}>;expires={expires}",
            f"Expires: {expires}",
            "Allow: INVITE,ACK,CANCEL,BYE,OPTIONS",
            "User-Agent: asterisk-ara probe",
        ]
        if authorization:
            lines.append(f"Authorization: {authorization}")
        lines.append("Content-Length: 0")
        return "\r\n".join(lines) + "\r\n\r\n"


def answer_request(message: str) -> str | None:
    """A 200 OK for a request the server sends us meanwhile (OPTIONS qualify), so it sees us alive."""
    first = message.split("\r\n", 1)[0]
    if first.startswith("SIP/2.0") or " SIP/2.0" not in first:
        return None
    method = first.split(" ", 1)[0]
    if method == "ACK":
        return None
    keep = ("via", "v", "from", "f", "to", "t", "call-id", "i", "cseq")
    head = message.split("\r\n\r\n", 1)[0].split("\r\n")[1:]
    copied = [line for line in head if line.split(":", 1)[0].strip().lower() in keep]
    copied = [line + (f";tag={token()}" if line.lower().startswith(("to:", "t:")) and ";tag=" not in line else "")
              for line in copied]
    return "\r\n".join(["SIP/2.0 200 OK", *copied, "Content-Length: 0"]) + "\r\n\r\n"
