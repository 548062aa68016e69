"""HTTP/SIP digest authentication (RFC 7616, RFC 3261) for the client side of a REGISTER.

Only what a SIP phone needs: parse a challenge, choose an algorithm, answer it with qop=auth.
"""
from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, field

#: Algorithms we can answer, strongest first (the order we prefer when a server offers several).
ALGORITHMS = {"SHA-256": hashlib.sha256, "MD5": hashlib.md5}

_PARAM = re.compile(r'\s*([A-Za-z0-9_-]+)\s*=\s*("((?:[^"\\]|\\.)*)"|[^,\s]*)\s*,?')


@dataclass(frozen=True)
class Challenge:
    realm: str
    nonce: str
    algorithm: str = "MD5"
    qop: tuple[str, ...] = ()
    opaque: str | None = None
    stale: bool = False
    params: dict[str, str] = field(default_factory=dict, compare=False)


def parse_challenge(header: str) -> Challenge | None:
    """A ``WWW-Authenticate: Digest ...`` value as a Challenge; None for other schemes."""
    scheme, _, rest = header.strip().partition(" ")
    if scheme.lower() != "digest":
        return None
    params: dict[str, str] = {}
    for match in _PARAM.finditer(rest):
        value = match.group(3) if match.group(3) is not None else match.group(2)
        params[match.group(1).lower()] = re.sub(r"\\(.)", r"\1", value)
    qop = tuple(q.strip() for q in params.get("qop", "").split(",") if q.strip())
    return Challenge(realm=params.get("realm", ""), nonce=params.get("nonce", ""),
                     algorithm=params.get("algorithm", "MD5").upper(), qop=qop, opaque=params.get("opaque"),
                     stale=params.get("stale", "").lower() == "true", params=params)


def choose(challenges: list[Challenge]) -> Challenge | None:
    """The challenge we answer: the strongest algorithm we support (plain or -sess)."""
    def rank(c: Challenge) -> int:
        base = c.algorithm.removesuffix("-SESS")
        return list(ALGORITHMS).index(base) if base in ALGORITHMS else len(ALGORITHMS)
    usable = sorted((c for c in challenges if rank(c) < len(ALGORITHMS)), key=rank)
    return usable[0] if usable else None


def response(challenge: Challenge, username: str, password: str, method: str, uri: str,
             cnonce: str, nc: int = 1) -> str:
    """The ``response`` value: RFC 7616 section 3.4.1 (qop=auth) or RFC 2617 without qop."""
    algorithm = challenge.algorithm
    session = algorithm.endswith("-SESS")
    h = ALGORITHMS[algorithm.removesuffix("-SESS")]

    def hexdigest(text: str) -> str:
        return h(text.encode("utf-8")).hexdigest()

    ha1 = hexdigest(f"{username}:{challenge.realm}:{password}")
    if session:
        ha1 = hexdigest(f"{ha1}:{challenge.nonce}:{cnonce}")
    ha2 = hexdigest(f"{method}:{uri}")
    if "auth" in challenge.qop:
        return hexdigest(f"{ha1}:{challenge.nonce}:{nc:08x}:{cnonce}:auth:{ha2}")
    return hexdigest(f"{ha1}:{challenge.nonce}:{ha2}")


def authorization(challenge: Challenge, username: str, password: str, method: str, uri: str,
                  nc: int = 1, cnonce: str | None = None) -> str:
    """The ``Authorization`` header value answering ``challenge``."""
    cnonce = cnonce or secrets.token_hex(8)
    parts = [f'username="{username}"', f'realm="{challenge.realm}"', f'nonce="{challenge.nonce}"',
             f'uri="{uri}"', f'response="{response(challenge, username, password, method, uri, cnonce, nc)}"',
             f"algorithm={challenge.algorithm}"]
    if "auth" in challenge.qop:
        parts += [f'cnonce="{cnonce}"', "qop=auth", f"nc={nc:08x}"]
    if challenge.opaque is not None:
        parts.append(f'opaque="{challenge.opaque}"')
    return "Digest " + ", ".join(parts)
