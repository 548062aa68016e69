"""A database that goes silent: how long the tool waits for it, and how it tells silence from slow work.

Two faults look alike from the client: the network drops the packets (a partition), or the server stalls while
its kernel still acknowledges (a process stopped, a full disk). TCP settings end only the first, and no
statement timeout runs on a stalled server, so the tool bounds every wait itself:

* Connecting, handshake included, takes at most ``timeout()`` seconds (libpq's ``connect_timeout``; PyMySQL's
  connect and read timeouts during the handshake).
* Once connected, every blocking read or write of a connection is watched. When one has waited ``timeout()``
  seconds with no byte, a *probe* opens a fresh connection and runs ``SELECT 1``, itself bounded by
  ``probe_timeout()``. A server that answers the probe is busy, not silent (a long CREATE INDEX, a row lock held
  by another session, the COMMIT of a large import): the wait goes on and is checked again later. A server that
  does not answer is silent: the waiting connection's socket is shut down and the command fails with one line.

So a command against a silent database fails within ``timeout() + 2 * probe_timeout()`` seconds of the silence
(25 s with the defaults), while work that makes progress is never cut. ``ASTERISK_ARA_DB_TIMEOUT`` (seconds)
changes the limit; a ``connect_timeout`` in a PostgreSQL URL is libpq's own and wins for connecting.
"""
from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
import weakref
from typing import Any

ENV_VAR = "ASTERISK_ARA_DB_TIMEOUT"
DEFAULT_TIMEOUT = 10.0
PROBE_TIMEOUT = 5.0


def timeout() -> float:
    """Seconds of silence before the tool looks whether the server is still there (and the connect limit)."""
    value = os.environ.get(ENV_VAR)
    if value:
        try:
            seconds = float(value)
        except ValueError:
            seconds = 0.0
        if 1 <= seconds <= 3600:
            return seconds
        from .errors import UsageError

        raise UsageError(f"{ENV_VAR}: {value!r} is not a number of seconds from 1 to 3600")
    return DEFAULT_TIMEOUT


def probe_timeout() -> float:
    return min(PROBE_TIMEOUT, timeout())


def silent_message(waited: float, probe: float) -> str:
    return (f"the database stopped answering: nothing for {waited:.0f} s, and a new connection got no answer "
            f"within {probe:.0f} s (the server is stalled or the network drops its packets)")


class Watch:
    """One connection's blocking I/O, as the watchdog sees it."""

    def __init__(self, probe, breaker) -> None:
        self.probe = probe          # () -> None, raises when the server does not answer
        self.breaker = breaker      # () -> None: shuts the stuck socket down
        self.since: float | None = None  # monotonic start of the blocking call in progress
        self.checked: float | None = None
        self.silent: str | None = None  # why the connection was given up

    @contextlib.contextmanager
    def blocking(self):
        self.since = self.checked = time.monotonic()
        _watchdog().wake()
        try:
            yield
        finally:
            self.since = None


class _Watchdog(threading.Thread):
    """One daemon thread per process for every watched connection (weakly held)."""

    def __init__(self) -> None:
        super().__init__(daemon=True, name="asterisk-ara-db-watchdog")
        self.watches: weakref.WeakSet[Watch] = weakref.WeakSet()
        self._event = threading.Event()
        self.lock = threading.Lock()

    def wake(self) -> None:
        self._event.set()

    def run(self) -> None:  # pragma: no cover - exercised through the tests of the commands
        while True:
            with self.lock:
                busy = [w for w in list(self.watches) if w.since is not None and w.silent is None]
            if not busy:
                self._event.wait()
                self._event.clear()
                continue
            limit = timeout()
            now = time.monotonic()
            for watch in busy:
                if watch.since is not None and now - watch.checked >= limit:
                    self._check(watch, now - watch.since)
            time.sleep(min(0.5, limit / 4))

    def _check(self, watch: Watch, waited: float) -> None:
        limit = probe_timeout()
        outcome: list[BaseException | None] = []
        probe = threading.Thread(target=lambda: outcome.append(_run(watch.probe)), daemon=True,
                                 name="asterisk-ara-db-probe")
        probe.start()
        probe.join(2 * limit)
        if outcome and outcome[0] is None:
            watch.checked = time.monotonic()  # alive and busy: look again after another full period
            return
        if watch.since is None:
            return  # the answer came meanwhile
        watch.silent = silent_message(waited, limit)
        with contextlib.suppress(Exception):
            watch.breaker()


def _run(probe) -> BaseException | None:
    try:
        probe()
        return None
    except BaseException as exc:  # noqa: BLE001 - any failure means "no answer"
        return exc


_dog: _Watchdog | None = None
_dog_lock = threading.Lock()


def _watchdog() -> _Watchdog:
    global _dog
    with _dog_lock:
        if _dog is None or not _dog.is_alive():
            _dog = _Watchdog()
            _dog.start()
        return _dog


def watch(probe, breaker) -> Watch:
    dog = _watchdog()
    w = Watch(probe, breaker)
    with dog.lock:
        dog.watches.add(w)
    return w


def _shutdown_fd(fd: int) -> None:
    """Shut a socket down by its descriptor (libpq's): the blocked read then ends with an error."""
    dup = socket.socket(fileno=os.dup(fd))
    try:
        dup.shutdown(socket.SHUT_RDWR)
    finally:
        dup.close()


# -- PostgreSQL (psycopg 3) -------------------------------------------------------------------------------
_pg_class = None


def postgresql_connect(params: dict[str, Any]) -> Any:
    """A psycopg connection whose every wait is watched; ``params`` as psycopg.connect takes them."""
    global _pg_class
    import psycopg

    if _pg_class is None:
        class WatchedConnection(psycopg.Connection):
            _ara_watch: Watch | None = None

            def wait(self, gen, *args, **kwargs):
                w = self._ara_watch
                if w is None:
                    return super().wait(gen, *args, **kwargs)
                try:
                    with w.blocking():
                        return super().wait(gen, *args, **kwargs)
                except psycopg.OperationalError:
                    if w.silent:
                        raise psycopg.OperationalError(w.silent) from None
                    raise

        _pg_class = WatchedConnection
    params = dict(params)
    params.setdefault("connect_timeout", max(1, round(timeout())))
    conn = _pg_class.connect(**params)
    probe_params = {**params, "connect_timeout": max(1, round(probe_timeout()))}

    def probe() -> None:
        with psycopg.connect(**probe_params, autocommit=True) as other:
            other.execute("SELECT 1")

    fd = conn.pgconn.socket
    conn._ara_watch = watch(probe, lambda: _shutdown_fd(fd))
    return conn


# -- MariaDB/MySQL (PyMySQL) ---------------------------------------------------------------------------------
_mysql_class = None
_preferred_tls = None  # PyMySQL's TLS context when no TLS option is given (see _create_ssl_ctx)


def mysql_connect(**params: Any) -> Any:
    """A PyMySQL connection: the handshake bounded like the connect, then every read and write watched."""
    global _mysql_class
    import pymysql
    from pymysql.connections import Connection

    if _mysql_class is None:
        class WatchedConnection(Connection):
            _ara_watch: Watch | None = None

            def connect(self, sock=None):
                # PyMySQL reads the server's greeting with read_timeout (none by default): a stalled server
                # would keep it forever. Bounded while connecting, then left to the watchdog.
                limit = self.connect_timeout
                self._read_timeout = self._write_timeout = limit
                super().connect(sock)
                self._read_timeout = self._write_timeout = None
                self._sock.settimeout(None)
                self._current_timeout = None

            def _create_ssl_ctx(self, sslp):
                # Without TLS options PyMySQL prefers TLS and makes a context per connection that loads the
                # system's CA certificates (about 19 ms of CPU) and then verifies nothing (no CA given: CERT_NONE).
                # The same unverified context serves every connection of the process.
                global _preferred_tls
                if sslp != {}:
                    return super()._create_ssl_ctx(sslp)
                if _preferred_tls is None:
                    _preferred_tls = super()._create_ssl_ctx(sslp)
                return _preferred_tls

            def _read_bytes(self, num_bytes):
                return self._watched(super()._read_bytes, num_bytes)

            def _write_bytes(self, data):
                return self._watched(super()._write_bytes, data)

            def _watched(self, call, arg):
                w = self._ara_watch
                if w is None:
                    return call(arg)
                try:
                    with w.blocking():
                        return call(arg)
                except pymysql.err.OperationalError:
                    if w.silent:
                        raise pymysql.err.OperationalError(2013, w.silent) from None
                    raise

        _mysql_class = WatchedConnection
    params.setdefault("connect_timeout", max(1, round(timeout())))
    conn = _mysql_class(**params)
    probe_params = {k: v for k, v in params.items() if k not in ("local_infile", "autocommit")}
    probe_params["connect_timeout"] = max(1, round(probe_timeout()))
    probe_params["read_timeout"] = probe_params["write_timeout"] = probe_timeout()

    def probe() -> None:
        other = pymysql.connect(**probe_params)
        try:
            other.cursor().execute("SELECT 1")
        finally:
            other.close()

    def breaker() -> None:
        sock = conn._sock
        if sock is not None:
            sock.shutdown(socket.SHUT_RDWR)

    conn._ara_watch = watch(probe, breaker)
    return conn
