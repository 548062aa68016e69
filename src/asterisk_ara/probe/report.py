"""What a probe found: one Step per stage a browser goes through, in order."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

STEPS = ("tcp", "tls", "websocket", "register", "unregister")


@dataclass
class Step:
    name: str                      # one of STEPS
    ok: bool
    seconds: float
    summary: str                   # one line: what happened
    details: dict[str, Any] = field(default_factory=dict)
    server_said: str | None = None  # the server's own words when it refused (status line, TLS alert, ...)
    cause: str | None = None       # the likely cause, when the step failed
    fix: str | None = None         # what to change


@dataclass
class ProbeReport:
    url: str
    user: str
    domain: str
    steps: list[Step] = field(default_factory=list)
    database: dict[str, Any] | None = None   # what the client's rows say (with --database-url)
    hints: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.steps) and all(s.ok for s in self.steps) and any(s.name == "register" for s in self.steps)

    @property
    def failed(self) -> Step | None:
        return next((s for s in self.steps if not s.ok), None)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["ok"] = self.ok
        out["failed_step"] = self.failed.name if self.failed else None
        return out
