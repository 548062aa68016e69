"""A SIP-over-WebSocket phone for the live tests: registers again and again, calls with plain RTP, hears BYE.

Built on the probe's own pieces (WebSocket, SIP messages, digest). Unlike ``Registration`` it keeps reading
in a thread, answers what Asterisk sends (OPTIONS, BYE), and tells apart what a REGISTER got: the kinds of
answer a phone acts on differently (``RegisterAnswer.kind``).
"""
from __future__ import annotations

import queue
import socket
import struct
import threading
import time
from dataclasses import dataclass, field

from asterisk_ara.probe import digest, sip
from asterisk_ara.probe.network import open_tcp, open_websocket


@dataclass
class RegisterAnswer:
    status: int | None          # the final status (None: no answer in time)
    after_digest: bool          # the final answer came to our digest answer
    contact_stored: bool        # a 200 whose Contact list holds ours
    seconds: float
    at: float = 0.0             # time.monotonic() when the answer came

    @property
    def kind(self) -> str:
        """registered | 200-without-our-contact | auth-failure (401/403 after the digest answer) | NNN | no-answer"""
        if self.status is None:
            return "no-answer"
        if self.status == 200:
            return "registered" if self.contact_stored else "200-without-our-contact"
        if self.after_digest and self.status in (401, 403):
            return "auth-failure"
        return str(self.status)


@dataclass
class Call:
    call_id: str
    from_tag: str
    to_tag: str | None = None
    branch: str = ""                                       # of the last INVITE (a non-2xx ACK reuses it)
    status: int | None = None
    rtp: socket.socket | None = None
    remote: tuple[str, int] | None = None
    received: list[float] = field(default_factory=list)   # monotonic arrival time of each RTP packet back
    sent: list[float] = field(default_factory=list)       # monotonic time each of ours left
    bye_at: float | None = None                            # when Asterisk hung up (BYE received)
    stop: threading.Event = field(default_factory=threading.Event)

    def packets_between(self, start: float, end: float, sent: bool = False) -> int:
        return sum(1 for t in (self.sent if sent else self.received) if start <= t < end)

    def longest_gap(self, start: float, end: float, sent: bool = False) -> float:
        """The longest time without a packet back (``sent``: without one of ours leaving) in [start, end)."""
        times = [start] + [t for t in (self.sent if sent else self.received) if start <= t < end] + [end]
        return max(b - a for a, b in zip(times, times[1:]))


class Phone:
    def __init__(self, port: int, user: str, password: str, host: str = "127.0.0.1", expires: int = 300):
        self.host, self.port, self.user, self.password = host, port, user, password
        self.ws = open_websocket(open_tcp(host, port, 5), host, port, "/ws", 5)
        self.reg = sip.Registration(user, host, secure=False, expires=expires)
        self.responses: queue.Queue = queue.Queue()
        self.calls: dict[str, Call] = {}
        self.closed = threading.Event()
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True, name=f"phone-{user}")
        self.reader.start()

    # -- transport -----------------------------------------------------------------------------
    def _read(self) -> None:
        while not self.closed.is_set():
            try:
                message = self.ws.recv(timeout=0.5)
            except TimeoutError:
                continue
            except Exception:  # noqa: BLE001 - the connection went away
                self.closed.set()
                return
            if isinstance(message, bytes):
                message = message.decode("utf-8", "replace")
            if message.startswith("SIP/2.0"):
                self.responses.put((time.monotonic(), message))
            else:
                try:
                    self._request(message)
                except Exception:  # noqa: BLE001 - closed while answering (an OPTIONS as close() began)
                    self.closed.set()
                    return

    def _request(self, message: str) -> None:
        first = message.split("\r\n", 1)[0]
        method = first.split(" ", 1)[0]
        call_id = _header(message, "call-id")
        if method == "BYE" and call_id in self.calls:
            self.calls[call_id].bye_at = time.monotonic()
            self.calls[call_id].stop.set()
        answer = sip.answer_request(message)
        if answer:
            self._send(answer)

    def _send(self, text: str) -> None:
        with self.lock:
            self.ws.send(text)

    def _response(self, call_id: str, cseq: int, timeout: float) -> tuple[float, sip.Response, str] | None:
        """The final response to our request (provisional ones skipped), with its raw text."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            try:
                at, text = self.responses.get(timeout=left)
            except queue.Empty:
                return None
            response = sip.parse(text)
            if response is None or _header(text, "call-id") != call_id or response.cseq[0] != cseq:
                continue
            if response.status >= 200:
                return at, response, text

    # -- registration ----------------------------------------------------------------------------
    def register(self, timeout: float = 5, expires: int | None = None) -> RegisterAnswer:
        started = time.monotonic()
        self._send(self.reg.register(expires=expires))
        got = self._response(self.reg.call_id, self.reg.cseq, timeout)
        if got is None:
            return RegisterAnswer(None, False, False, time.monotonic() - started, time.monotonic())
        at, response, _ = got
        after_digest = False
        if response.status == 401:
            offered = [digest.parse_challenge(h) for h in response.all("www-authenticate")]
            challenge = digest.choose([c for c in offered if c])
            answer = digest.authorization(challenge, self.user, self.password, "REGISTER", self.reg.request_uri)
            self._send(self.reg.register(expires=expires, authorization=answer))
            got = self._response(self.reg.call_id, self.reg.cseq, timeout)
            if got is None:
                return RegisterAnswer(None, True, False, time.monotonic() - started, time.monotonic())
            at, response, _ = got
            after_digest = True
        stored = response.status == 200 and any(
            self.reg.contact_host in str(c["uri"]) for c in response.contacts())
        return RegisterAnswer(response.status, after_digest, stored, at - started, at)

    # -- calls -----------------------------------------------------------------------------------
    def call(self, exten: str, timeout: float = 5) -> Call:
        """INVITE ``exten`` offering PCMU over plain RTP (the endpoint needs webrtc=no), then ACK and send
        20 ms packets until hung up; every packet that comes back is counted."""
        rtp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        rtp.bind(("127.0.0.1", 0))
        rtp.settimeout(0.2)
        call = Call(call_id=sip.token() + "@asterisk-ara.invalid", from_tag=sip.token(), rtp=rtp)
        self.calls[call.call_id] = call
        cseq, authorization = 1, None
        for _ in range(2):
            self._send(self._invite(call, exten, cseq, authorization))
            got = self._response(call.call_id, cseq, timeout)
            if got is None:
                raise AssertionError(f"INVITE {exten}: no final answer")
            _, response, text = got
            if response.status in (401, 407) and authorization is None:
                self._send(self._ack(call, exten, cseq, response))
                header = "www-authenticate" if response.status == 401 else "proxy-authenticate"
                challenge = digest.choose([c for c in map(digest.parse_challenge, response.all(header)) if c])
                authorization = (("Authorization" if response.status == 401 else "Proxy-Authorization"),
                                 digest.authorization(challenge, self.user, self.password, "INVITE",
                                                      f"sip:{exten}@{self.host}"))
                cseq += 1
                continue
            break
        call.status = response.status
        if response.status != 200:
            return call
        call.to_tag = _tag(response.first("to") or "")
        call.remote = _sdp_address(text.split("\r\n\r\n", 1)[-1])
        self._send(self._ack(call, exten, cseq, response))
        threading.Thread(target=_rtp_loop, args=(call,), daemon=True, name=f"rtp-{self.user}").start()
        return call

    def _invite(self, call: Call, exten: str, cseq: int, authorization) -> str:
        port = call.rtp.getsockname()[1]
        call.branch = f"z9hG4bK{sip.token()}"
        sdp = (f"v=0\r\no=- {port} 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
               f"m=audio {port} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n")
        lines = [f"INVITE sip:{exten}@{self.host} SIP/2.0",
                 f"Via: SIP/2.0/WS {self.reg.contact_host};branch={call.branch}",
                 "Max-Forwards: 70",
                 f"From: <sip:{self.user}@{self.host}>;tag={call.from_tag}",
                 f"To: <sip:{exten}@{self.host}>",
                 f"Call-ID: {call.call_id}", f"CSeq: {cseq} INVITE",
                 f"Contact: <{self.reg.contact_uri}>",
                 "Allow: INVITE,ACK,CANCEL,BYE,OPTIONS", "Content-Type: application/sdp"]
        if authorization:
            lines.append(f"{authorization[0]}: {authorization[1]}")
        return "\r\n".join(lines + [f"Content-Length: {len(sdp)}"]) + "\r\n\r\n" + sdp

    def _ack(self, call: Call, exten: str, cseq: int, response: sip.Response) -> str:
        branch = f"z9hG4bK{sip.token()}" if response.status < 300 else call.branch  # non-2xx: the INVITE's
        lines = [f"ACK sip:{exten}@{self.host} SIP/2.0",
                 f"Via: SIP/2.0/WS {self.reg.contact_host};branch={branch}",
                 "Max-Forwards: 70",
                 f"From: <sip:{self.user}@{self.host}>;tag={call.from_tag}",
                 f"To: {response.first('to')}",
                 f"Call-ID: {call.call_id}", f"CSeq: {cseq} ACK", "Content-Length: 0"]
        return "\r\n".join(lines) + "\r\n\r\n"

    def close(self) -> None:
        for call in self.calls.values():
            call.stop.set()
        self.closed.set()
        try:
            self.ws.close()
        except Exception:  # noqa: BLE001
            pass
        self.reader.join(timeout=2)


def _header(message: str, name: str) -> str | None:
    compact = {"call-id": "i"}.get(name)
    for line in message.split("\r\n\r\n", 1)[0].split("\r\n")[1:]:
        key, _, value = line.partition(":")
        if key.strip().lower() in (name, compact):
            return value.strip()
    return None


def _tag(header: str) -> str | None:
    _, _, rest = header.partition(";tag=")
    return rest.split(";")[0] or None


def _sdp_address(body: str) -> tuple[str, int] | None:
    address = port = None
    for line in body.splitlines():
        if line.startswith("c=IN IP4 "):
            address = line.split()[-1]
        elif line.startswith("m=audio "):
            port = int(line.split()[1])
    return (address, port) if address and port else None


def _rtp_loop(call: Call) -> None:
    """20 ms PCMU packets to Asterisk; what comes back (Echo) is timed."""
    seq, stamp, ssrc = 0, 0, 0x5EED
    payload = b"\xff" * 160
    next_send = time.monotonic()
    while not call.stop.is_set():
        now = time.monotonic()
        if now >= next_send and call.remote:
            call.rtp.sendto(struct.pack("!BBHII", 0x80, 0, seq & 0xFFFF, stamp & 0xFFFFFFFF, ssrc) + payload,
                            call.remote)
            call.sent.append(now)
            seq, stamp, next_send = seq + 1, stamp + 160, next_send + 0.02
        try:
            call.rtp.settimeout(max(0.001, next_send - time.monotonic()))
            data = call.rtp.recv(2048)
            if len(data) >= 12:
                call.received.append(time.monotonic())
        except (socket.timeout, BlockingIOError):
            pass
        except OSError:
            return
