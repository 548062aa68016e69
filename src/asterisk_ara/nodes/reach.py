"""Whether one node can reach another for calls: the OPTIONS that node A's Asterisk sends node B, sent from here.

Over TCP to B's SIP address, From ``B~A`` (the name of B's trunk to A, by which B identifies A), answered with the
pair's secret when B challenges (``trunks``): a 200 means B's Asterisk listens there, has its trunk to A, and
checks the secret A sends. Each failure is one line naming the pair, what went wrong and the fix.
``asterisk-ara node check`` runs it for every pair of nodes (``check_pairs``; where AMI is set up, it also asks A's
own Asterisk where its trunk to B calls).
"""
from __future__ import annotations

import socket
import time
from dataclasses import asdict, dataclass
from typing import Any

from ..probe import digest, sip
from .names import trunk_id
from .trunks import NODE_REALM, pair_username

#: Seconds for the connection and for each answer: a node that takes longer fails calls the same way.
TIMEOUT = 3.0


@dataclass
class Reach:
    """One direction of one pair: ``caller`` calling ``callee``."""

    caller: str
    callee: str
    ok: bool
    summary: str
    fix: str | None = None
    milliseconds: float | None = None  # the round trip of the answered OPTIONS

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def line(self) -> str:
        return f"{self.caller} -> {self.callee}: {self.summary}" + (f"; {self.fix}" if self.fix else "")


def uri_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def options(caller: str, secret: str, callee: str, host: str, port: int, timeout: float = TIMEOUT) -> Reach:
    """OPTIONS to ``callee`` at host:port as node ``caller`` would send it (``secret``: the pair's)."""
    where = f"{uri_host(host)}:{port}"
    started = time.monotonic()
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
    except ConnectionRefusedError:
        return Reach(caller, callee, False, f"{callee}'s SIP address {where} refuses connections (its Asterisk is "
                     "stopped, or runs without the TCP transport for calls between nodes)",
                     f"start {callee}'s Asterisk on the files of: asterisk-ara conf write --node {callee}")
    except (socket.timeout, TimeoutError):
        return Reach(caller, callee, False, f"no answer from {callee}'s SIP address {where} within {timeout:g} s",
                     f"open TCP port {port} between the nodes, or correct the address: asterisk-ara node update "
                     f"{callee} --sip HOST:PORT")
    except OSError as exc:
        return Reach(caller, callee, False, f"cannot connect to {callee}'s SIP address {where} "
                     f"({exc.strerror or exc})", f"asterisk-ara node update {callee} --sip HOST:PORT")
    try:
        sock.settimeout(timeout)
        dialog = _Options(trunk_id(callee, caller), host, port, sock)
        first = dialog.send()
        if first is None:
            return dialog.silent(caller, callee, timeout)
        answer = first
        if first.status in (401, 407):
            challenges = [c for c in map(digest.parse_challenge, first.all(
                "www-authenticate" if first.status == 401 else "proxy-authenticate")) if c]
            challenge = digest.choose(challenges)
            if challenge is None or challenge.realm != NODE_REALM:
                realm = challenge.realm if challenge else "none"
                return Reach(caller, callee, False, f"{callee} does not know {caller} as a node (it challenged in "
                             f"realm {realm!r}, not {NODE_REALM!r}: it has no trunk {trunk_id(callee, caller)})",
                             f"write the trunks again: asterisk-ara node refresh {callee}")
            answer = dialog.send(digest.authorization(challenge, pair_username(caller, callee), secret, "OPTIONS",
                                                      dialog.uri), first.status)
            if answer is None:
                return dialog.silent(caller, callee, timeout)
            if answer.status in (401, 403, 407):
                return Reach(caller, callee, False, f"{callee} refuses {caller}'s credential ({answer.status} "
                             f"{answer.reason}): its Asterisk holds another secret for {trunk_id(callee, caller)}",
                             f"expire its cached trunk: asterisk-ara ami sync {callee} (or reload it)")
        milliseconds = round((time.monotonic() - started) * 1000, 1)
        if answer.status == 200:
            return Reach(caller, callee, True, f"{callee} answered at {where} ({milliseconds:g} ms)",
                         milliseconds=milliseconds)
        return Reach(caller, callee, False, f"{callee} answered {answer.status} {answer.reason} at {where}",
                     f"see {callee}'s Asterisk log", milliseconds)
    except OSError as exc:
        return Reach(caller, callee, False, f"the connection to {callee} at {where} failed ({exc.strerror or exc})",
                     f"is {callee}'s Asterisk running? asterisk-ara conf write --node {callee}")
    finally:
        sock.close()


class _Options:
    """One OPTIONS transaction (and its answer to a challenge) over a connected TCP socket, From ``from_user``."""

    def __init__(self, from_user: str, host: str, port: int, sock: socket.socket):
        self.from_user, self.sock = from_user, sock
        self.uri = f"sip:{uri_host(host)}:{port};transport=tcp"
        local, local_port = sock.getsockname()[:2]
        self.via_host = f"{uri_host(local)}:{local_port}"
        self.call_id, self.tag, self.cseq = sip.token() + "@asterisk-ara.invalid", sip.token(), 0
        self.buffer = b""

    def send(self, authorization: str | None = None, challenged_by: int = 401) -> sip.Response | None:
        self.cseq += 1
        lines = [f"OPTIONS {self.uri} SIP/2.0",
                 f"Via: SIP/2.0/TCP {self.via_host};branch=z9hG4bK{sip.token()};rport",
                 "Max-Forwards: 70",
                 f"From: <sip:{self.from_user}@{self.via_host.rsplit(':', 1)[0]}>;tag={self.tag}",
                 f"To: <{self.uri}>", f"Call-ID: {self.call_id}", f"CSeq: {self.cseq} OPTIONS",
                 "Accept: application/sdp", "User-Agent: asterisk-ara node check"]
        if authorization:
            lines.append(f"{'Authorization' if challenged_by == 401 else 'Proxy-Authorization'}: {authorization}")
        self.sock.sendall(("\r\n".join(lines + ["Content-Length: 0"]) + "\r\n\r\n").encode())
        return self._final()

    def _final(self) -> sip.Response | None:
        """The final answer to our request (provisional ones and requests skipped); None on timeout."""
        while True:
            message = self._message()
            if message is None:
                return None
            response = sip.parse(message)
            if response is not None and response.cseq[0] == self.cseq and response.status >= 200:
                return response

    def _message(self) -> str | None:
        """One SIP message from the stream (its Content-Length says where it ends)."""
        while b"\r\n\r\n" not in self.buffer:
            try:
                data = self.sock.recv(65536)
            except (socket.timeout, TimeoutError):
                return None
            if not data:
                raise ConnectionResetError("the other side closed the connection")
            self.buffer += data
        head, _, rest = self.buffer.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() in (b"content-length", b"l"):
                length = int(value.strip() or 0)
        while len(rest) < length:
            data = self.sock.recv(65536)
            if not data:
                raise ConnectionResetError("the other side closed the connection")
            rest += data
        self.buffer = rest[length:]
        return (head + b"\r\n\r\n" + rest[:length]).decode("utf-8", "replace")

    def silent(self, caller: str, callee: str, timeout: float) -> Reach:
        return Reach(caller, callee, False, f"{callee} accepted the connection but did not answer the OPTIONS "
                     f"within {timeout:g} s", f"is it {callee}'s Asterisk that listens at {self.uri}? asterisk-ara "
                     f"node update {callee} --sip HOST:PORT")


@dataclass
class _Side:
    name: str
    host: str
    port: int

    @property
    def contact(self) -> str:
        """The contact of the other nodes' trunks to this node, as Asterisk reads it (trunks.contact)."""
        return f"sip:{uri_host(self.host)}:{self.port};transport=tcp"


def check_pairs(url: Any, name: str | None = None) -> list[Reach]:
    """Every pair of nodes with SIP addresses, both ways (only those with ``name`` when given; none when it has no
    SIP address, as a node may: it then takes no part in calls between nodes): the OPTIONS of ``options``, plus, for a caller with an AMI target of the same name (asterisk-ara ami add), what its own
    Asterisk has loaded for the callee (PJSIPShowEndpoint: the trunk and the address it would call)."""
    from ..dbapi import open_database
    from ..errors import NotFoundError
    from .names import CLIENT_NODES, NODES, TRUNK_SEPARATOR

    with open_database(url) as db:
        if "sip_host" not in db.columns(NODES):
            return []
        rows = db.query(f"SELECT name, sip_host, sip_port FROM {NODES} ORDER BY name")
        secrets = dict(db.query(f"SELECT a.id, a.password FROM ps_auths a JOIN {CLIENT_NODES} c ON c.id = a.id "
                                f"WHERE c.id LIKE '%{TRUNK_SEPARATOR}%'"))
        from ..ami.targets import read_targets

        targets = {t.name: t for t in read_targets(db)}
    if name is not None and name not in {r[0] for r in rows}:
        raise NotFoundError(f"node: no node {name!r}")
    sides = [_Side(n, h, int(p)) for n, h, p in rows if h]
    pairs = [(a, b) for a in sides for b in sides if a is not b and name in (None, a.name, b.name)]

    def reach(pair: tuple[_Side, _Side]) -> Reach:
        a, b = pair
        secret = secrets.get(trunk_id(a.name, b.name))
        if secret is None:
            return Reach(a.name, b.name, False, f"{a.name} has no trunk {trunk_id(a.name, b.name)}",
                         f"write the trunks again: asterisk-ara node refresh {a.name}")
        return options(a.name, secret, b.name, b.host, b.port)

    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=min(16, len(pairs) or 1)) as pool:
        results = list(pool.map(reach, pairs))
        seen = list(pool.map(lambda a: _asterisk_has(targets[a.name], [b for x, b in pairs if x is a]),
                             [a for a in sides if a.name in targets and any(x is a for x, _ in pairs)]))
    asked = {key: problem for found in seen for key, problem in found.items()}
    for (a, b), reach in zip(pairs, results):
        if reach.ok and (a.name, b.name) in asked:
            problem = asked[(a.name, b.name)]
            if problem is None:
                reach.summary += f"; {a.name}'s Asterisk has the trunk to {b.name} at that address (AMI)"
            else:
                reach.ok, reach.summary, reach.fix = False, problem.summary, problem.fix
    return results


def _asterisk_has(target: Any, callees: list[_Side]) -> dict[tuple[str, str], Reach | None]:
    """What ``target``'s Asterisk (an AMI node named as the calling node) has loaded for each callee's trunk, by
    (caller, callee): a failed Reach where it is wrong or missing, None where it would call the right address."""
    from ..ami.client import AmiClient, AmiError

    caller = target.name
    try:
        with AmiClient(target.host, target.port, target.username, target.secret) as ami:
            answers = ami.run([("PJSIPShowEndpoint", {"Endpoint": trunk_id(caller, b.name)}) for b in callees])
    except AmiError as exc:
        return {(caller, b.name): Reach(caller, b.name, False, f"{caller}'s Asterisk cannot be asked over AMI "
                                        f"({exc})", f"is {caller}'s Asterisk running? asterisk-ara ami show {caller}")
                for b in callees}
    found: dict[tuple[str, str], Reach | None] = {}
    for callee, answer in zip(callees, answers):
        uris = [e.get("URI") for e in answer.events if e.get("Event") == "ContactStatusDetail"]
        if not answer.ok:
            found[(caller, callee.name)] = Reach(
                caller, callee.name, False, f"{caller}'s Asterisk has no trunk {trunk_id(caller, callee.name)} "
                f"({answer.text or 'not found'})", f"write the trunks again: asterisk-ara node refresh {caller}")
        elif callee.contact not in uris:
            found[(caller, callee.name)] = Reach(
                caller, callee.name, False, f"{caller}'s Asterisk would call {callee.name} at "
                f"{', '.join(u for u in uris if u) or 'no address'}, not {callee.contact}",
                f"expire its cached trunk: asterisk-ara ami sync {caller}")
        else:
            found[(caller, callee.name)] = None
    return found
