"""A small Asterisk Manager Interface client: the standard library's sockets and the AMI line protocol.

After a banner line (``Asterisk Call Manager/X.Y.Z``) every message is a block of ``Key: Value`` lines
ended by an empty line. We log in by MD5 challenge (``Challenge``, then ``Login`` with
``Key = md5(challenge + secret)``), so the secret itself never crosses the network, and with
``Events: off``, so Asterisk sends only answers to our actions.

No wait is unbounded: each message must be complete within ``timeout`` seconds of our starting to read it (a
peer that sends a byte a second without ever ending a message is cut there), and the whole session ends by
``deadline`` (monotonic), whatever the peer does. What a peer says is shown through ``printable``: its control
characters never reach the terminal. Asterisk runs the actions of one session
in order and answers each with its ``ActionID``: ``run`` writes a window of actions before reading their
answers, which is what makes expiring thousands of cache entries quick.
"""
from __future__ import annotations

import hashlib
import itertools
import socket
import time
from dataclasses import dataclass, field

from ..validation import printable

BANNER = "Asterisk Call Manager/"
#: Actions written before their answers are read: keeps both sides' socket buffers far from full.
WINDOW = 256


class AmiError(Exception):
    """The node could not be reached or refused us; the message is one line and never holds the secret."""


@dataclass
class Message:
    """One AMI message: its ``Key: Value`` lines in order (keys as sent)."""
    headers: list[tuple[str, str]] = field(default_factory=list)

    def get(self, key: str, default: str | None = None) -> str | None:
        key = key.lower()
        return next((v for k, v in self.headers if k.lower() == key), default)

    @property
    def ok(self) -> bool:
        return (self.get("Response") or "").lower() in ("success", "goodbye")

    @property
    def text(self) -> str:
        """The ``Message:`` header: Asterisk's own words for what happened (safe to print)."""
        return printable((self.get("Message") or "").strip())


@dataclass
class Answer:
    """The answer to one action: its response, and the events of a list response (``EventList: start``)."""
    response: Message
    events: list[Message] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.response.ok

    @property
    def text(self) -> str:
        return self.response.text


class AmiClient:
    """One logged-in AMI session; use as a context manager (it logs off and closes)."""

    def __init__(self, host: str, port: int, username: str, secret: str, timeout: float = 3.0,
                 deadline: float | None = None):
        self.host, self.port, self.username = host, port, username
        self._secret = secret
        self.timeout = timeout
        self.deadline = deadline if deadline is not None else time.monotonic() + 10 * timeout
        self._total = self.deadline - time.monotonic()
        self.sock: socket.socket | None = None
        self.version = ""  # from the banner, e.g. "Asterisk Call Manager/11.0.0"
        self._buffer = b""
        self._ids = itertools.count(1)

    @property
    def where(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    # -- session -------------------------------------------------------------------------------
    def __enter__(self) -> "AmiClient":
        self.connect()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def connect(self) -> "AmiClient":
        try:
            self.sock = socket.create_connection((self.host, self.port), timeout=self._wait(time.monotonic() +
                                                                                           self.timeout))
        except socket.timeout:
            raise AmiError(f"no answer from {self.where} within {self.timeout:g} s") from None
        except OSError as exc:
            raise AmiError(f"cannot connect to {self.where}: {exc.strerror or exc}") from None
        self.sock.settimeout(self.timeout)
        banner = self._readline()
        if not banner.startswith(BANNER):
            self.close()
            raise AmiError(f"{self.where} is not an Asterisk manager (it said {printable(repr(banner[:40]))})")
        self.version = banner
        challenge = self.action("Challenge", AuthType="MD5")
        if not challenge.ok or not challenge.response.get("Challenge"):
            self.close()
            raise AmiError(f"{self.where} refused the MD5 challenge: {challenge.text or 'no reason given'}")
        key = hashlib.md5((challenge.response.get("Challenge") + self._secret).encode("utf-8")).hexdigest()
        login = self.action("Login", AuthType="MD5", Username=self.username, Key=key, Events="off")
        if not login.ok:
            self.close()
            raise AmiError(f"{self.where} refused the login of {self.username!r} ({login.text or 'no reason given'}): "
                           "the user or secret differs from manager.conf, or its permit does not cover this address")
        return self

    def close(self) -> None:
        if self.sock is None:
            return
        try:
            self.sock.settimeout(1)
            self._send([("Logoff", {})])
        except OSError:
            pass
        finally:
            self.sock.close()
            self.sock = None

    # -- actions -------------------------------------------------------------------------------
    def action(self, name: str, **headers: str) -> Answer:
        return self.run([(name, headers)])[0]

    def run(self, actions: list[tuple[str, dict[str, str]]]) -> list[Answer]:
        """Send every action (in windows of WINDOW) and return their answers in the same order."""
        answers: list[Answer] = []
        for start in range(0, len(actions), WINDOW):
            window = actions[start:start + WINDOW]
            ids = self._send(window)
            answers.extend(self._collect(ids))
        return answers

    def _send(self, actions: list[tuple[str, dict[str, str]]]) -> list[str]:
        ids, chunks = [], []
        for name, headers in actions:
            action_id = f"ara-{next(self._ids)}"
            lines = [f"Action: {name}", f"ActionID: {action_id}"]
            for key, value in headers.items():
                value = str(value)
                if "\r" in value or "\n" in value:
                    raise AmiError(f"{key}: a line break cannot be sent in an AMI header")
                lines.append(f"{key}: {value}")
            chunks.append("\r\n".join(lines) + "\r\n\r\n")
            ids.append(action_id)
        self._write("".join(chunks).encode("utf-8"))
        return ids

    def _collect(self, ids: list[str]) -> list[Answer]:
        pending = {action_id: None for action_id in ids}
        lists: dict[str, Answer] = {}
        done: dict[str, Answer] = {}
        while len(done) < len(ids):
            message = self._read_message()
            action_id = message.get("ActionID")
            if action_id in lists:  # an event of a list answer, or its end
                lists[action_id].events.append(message)
                if (message.get("EventList") or "").lower() == "complete":
                    done[action_id] = lists.pop(action_id)
                continue
            if action_id not in pending or action_id in done or message.get("Response") is None:
                continue  # an event we did not ask for
            answer = Answer(message)
            if (message.get("EventList") or "").lower() == "start":
                lists[action_id] = answer
            else:
                done[action_id] = answer
        return [done[action_id] for action_id in ids]

    # -- bytes ---------------------------------------------------------------------------------
    def _write(self, data: bytes) -> None:
        try:
            self.sock.settimeout(self._wait(time.monotonic() + self.timeout))
            self.sock.sendall(data)
        except socket.timeout:
            raise AmiError(f"{self.where} stopped reading (timed out after {self.timeout:g} s)") from None
        except OSError as exc:
            raise AmiError(f"lost the connection to {self.where}: {exc.strerror or exc}") from None

    def _wait(self, message_deadline: float) -> float:
        """Seconds the next read may wait: within this message's time and the session's deadline."""
        now = time.monotonic()
        if now >= self.deadline:
            raise AmiError(f"{self.where} did not finish within {self._total:.0f} s (the deadline for telling "
                           "every node)")
        if now >= message_deadline:
            raise AmiError(f"{self.where} sent no complete answer within {self.timeout:g} s")
        return min(self.deadline, message_deadline) - now

    def _fill(self, message_deadline: float) -> None:
        try:
            self.sock.settimeout(self._wait(message_deadline))
            data = self.sock.recv(65536)
        except socket.timeout:
            self._wait(message_deadline)  # says which limit ran out
            raise AmiError(f"no answer from {self.where} within {self.timeout:g} s") from None
        except OSError as exc:
            raise AmiError(f"lost the connection to {self.where}: {exc.strerror or exc}") from None
        if not data:
            raise AmiError(f"{self.where} closed the connection")
        self._buffer += data

    def _readline(self) -> str:
        message_deadline = time.monotonic() + self.timeout
        while b"\r\n" not in self._buffer:
            self._fill(message_deadline)
        line, self._buffer = self._buffer.split(b"\r\n", 1)
        return line.decode("utf-8", "replace")

    def _read_message(self) -> Message:
        message_deadline = time.monotonic() + self.timeout
        while b"\r\n\r\n" not in self._buffer:
            self._fill(message_deadline)
        block, self._buffer = self._buffer.split(b"\r\n\r\n", 1)
        message = Message()
        for line in block.decode("utf-8", "replace").split("\r\n"):
            key, sep, value = line.partition(":")
            if sep:
                message.headers.append((key.strip(), value.strip()))
        return message
