"""A database outage while phones register and a call is up: what every REGISTER got, and how fast it mended.

Used by tests/live/test_outage.py (the generated setup, both databases) and bench/outage_bench.py (every setup).
Each phone registers again every ``interval`` seconds, each from its own thread, from before the database
stops until ``after`` seconds after it accepts connections again; one call to the echo test carries RTP all along.
"""
from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from .phone import Call, Phone, RegisterAnswer


@dataclass
class OutageReport:
    down_at: float = 0.0     # monotonic: the server was told to stop
    stopped_at: float = 0.0  # it had stopped
    up_at: float = 0.0       # it accepted connections again
    answers: dict[str, list[RegisterAnswer]] = field(default_factory=dict)
    call: Call | None = None
    #: what ran against the database while it was down (the tool's own commands), as (label, result)
    during: list = field(default_factory=list)

    def kinds(self, start: float, end: float) -> Counter:
        return Counter(a.kind for answers in self.answers.values() for a in answers if start <= a.at < end)

    @property
    def outage_kinds(self) -> Counter:
        """What REGISTERs answered between the stop and the moment the database was back."""
        return self.kinds(self.down_at, self.up_at)

    def recovery(self, user: str) -> float | None:
        """Seconds from the database being back to this phone's first successful registration."""
        ok = [a.at for a in self.answers[user] if a.at >= self.up_at and a.kind == "registered"]
        return min(ok) - self.up_at if ok else None

    def summary(self) -> str:
        recovered = [self.recovery(u) for u in self.answers]
        worst = "never" if None in recovered else f"{max(recovered):.2f} s"
        kinds = dict(sorted(self.outage_kinds.items()))
        line = (f"outage {self.up_at - self.down_at:.1f} s: REGISTER answers {kinds}; "
                f"every phone registered again within {worst} of the database being back")
        if self.call is not None:
            line += (f"; call: {'hung up' if self.call.bye_at else 'up'}, RTP echoed during the outage "
                     f"{self.call.packets_between(self.down_at, self.up_at)} of the "
                     f"{self.call.packets_between(self.down_at, self.up_at, sent=True)} packets we sent")
        return line


def _register_loop(phone: Phone, answers: list, stop: threading.Event, interval: float, offset: float,
                   start: threading.Event) -> None:
    start.wait()
    time.sleep(offset)
    while not stop.is_set():
        started = time.monotonic()
        answers.append(phone.register(timeout=4))
        stop.wait(max(0.0, interval - (time.monotonic() - started)))


def measure(server, phones: list[Phone], call: Call | None = None, outage: float = 10.0, after: float = 10.0,
            interval: float = 1.0, while_down=None, cold: list[Phone] = (), before_stop=None) -> OutageReport:
    """Stop ``server`` for ``outage`` seconds and start it again while ``phones`` keep registering.

    ``cold``: phones that first register once the server is stopping (Asterisk has not seen them since it
    started). ``before_stop``: a callable run just before the stop (e.g. start a write for it to cut off).
    ``while_down``: a callable run once the server has stopped (the tool's own commands), its return value
    kept in ``report.during``."""
    report = OutageReport(call=call)
    stop, warm_start, cold_start = threading.Event(), threading.Event(), threading.Event()
    threads = []
    everyone = [*phones, *cold]
    for n, phone in enumerate(everyone):
        report.answers[phone.user] = []
        threads.append(threading.Thread(target=_register_loop, daemon=True, name=f"reg-{phone.user}",
                                        args=(phone, report.answers[phone.user], stop, interval,
                                              interval * n / max(1, len(everyone)),
                                              cold_start if phone in cold else warm_start)))
    for thread in threads:
        thread.start()
    warm_start.set()
    try:
        time.sleep(interval * 1.5)  # every warm phone registered at least once before
        if before_stop is not None:
            before_stop()
        report.down_at = time.monotonic()
        cold_start.set()
        server.stop()
        report.stopped_at = time.monotonic()
        if while_down is not None:
            report.during = while_down()
        time.sleep(max(0.0, outage - (time.monotonic() - report.down_at)))
        server.start()
        report.up_at = time.monotonic()
        deadline = report.up_at + after
        while time.monotonic() < deadline:
            if all(report.recovery(p.user) is not None for p in everyone):
                break
            time.sleep(0.1)
    finally:
        stop.set()
        warm_start.set()
        cold_start.set()
        for thread in threads:
            thread.join(timeout=6)
    return report


PASSWORD = "correct-horse-battery-staple"


def per_database(group: str) -> list:
    """A module's bed fixture parameters: PostgreSQL (res_config_pgsql) and MariaDB (res_config_odbc), each in an
    xdist group of its own (``GROUP-pgsql``, ``GROUP-odbc``), so the two run on different workers."""
    import pytest

    return [pytest.param(("postgresql", None), marks=pytest.mark.xdist_group(f"{group}-pgsql"), id="pgsql"),
            pytest.param(("mysql", "odbc"), marks=pytest.mark.xdist_group(f"{group}-odbc"), id="odbc-mariadb")]


class Bed:
    """A private database server, ``phones`` clients, a ``caller`` (webrtc=no, for a plain-RTP call), and an
    Asterisk reading them with the files ``conf write`` generates (``extra``: more conf write options). With
    ``ami``, the node is known to `asterisk-ara ami` and ``late`` is added once Asterisk runs (it never registers
    before the outage), ``unseen`` before (Asterisk read its endpoint at start-up, not its auth and aor)."""

    def __init__(self, binary, root, dialect: str, driver: str | None, phones: int = 6, cache: bool = True,
                 ami: bool = True, extra: tuple[str, ...] = (), server=None):
        """``server``: a private server made by the caller (dbserver.SERVERS[dialect]() when None)."""
        from ..conftest import run_cli
        from .asterisk import Asterisk
        from .dbserver import SERVERS

        self.root = root
        self.server = server or SERVERS[dialect]()
        self.pbx = None
        try:
            self._start(run_cli, Asterisk, binary, root, driver, phones, cache, ami, extra)
        except BaseException:
            self.close()
            raise

    def _start(self, run_cli, Asterisk, binary, root, driver, phones, cache, ami, extra) -> None:
        self.server.start()
        self.url = self.server.create_database("ara")
        run_cli("--database-url", self.url, "db", "upgrade", check=True)
        self.ids = [f"p{i}" for i in range(phones)]
        (root / "phones.csv").write_text("id,password\n" + "".join(f"{i},{PASSWORD}\n" for i in self.ids + ["unseen"]))
        run_cli("--database-url", self.url, "import", str(root / "phones.csv"), check=True)
        run_cli("--database-url", self.url, "webrtc", "add", "caller", "--password-stdin", "--set",
                "endpoint.webrtc=no", input=PASSWORD, check=True)
        self.pbx = Asterisk(binary, root / "asterisk", self.url, driver, cache=cache, ami=ami, extra=extra)
        self.pbx.generate()
        self.pbx.start()
        if ami:
            run_cli("--database-url", self.url, "ami", "add", "pbx", "--host", "127.0.0.1", "--port",
                    str(self.pbx.ami_port), "--secret-env", "S", env={"S": self.pbx.ami_secret}, check=True)
        run_cli("--database-url", self.url, "webrtc", "add", "late", "--password-stdin", input=PASSWORD, check=True)

    def phones(self) -> tuple[list[Phone], list[Phone], Phone]:
        """(registered phones, cold phones: late and unseen, the caller)"""
        return ([Phone(self.pbx.port, i, PASSWORD) for i in self.ids],
                [Phone(self.pbx.port, u, PASSWORD) for u in ("late", "unseen")],
                Phone(self.pbx.port, "caller", PASSWORD))

    def close(self) -> None:
        if self.pbx is not None:
            self.pbx.stop()
        self.server.remove()
