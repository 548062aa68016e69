"""Headless Chromium (Debian's, driven by Playwright) that trusts our CA the way a user makes it trust one.

The CA goes into an NSS database in a private HOME (what `certutil` or the browser's certificate
settings do on Linux); Chromium never gets --ignore-certificate-errors. Fake media devices play a tone.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

#: What Chromium needs here: fake devices instead of a microphone, the permission prompt answered yes,
#: audio playing without a click, and no calls home (this machine's network is closed).
CHROMIUM_ARGS = [
    "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
    "--autoplay-policy=no-user-gesture-required", "--no-sandbox", "--disable-gpu", "--disable-quic",
    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def find_chromium() -> str | None:
    for candidate in (os.environ.get("ASTERISK_ARA_TEST_CHROMIUM"), shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def require(what: str, found) -> None:
    if not found:
        reason = f"{what} not found (.ci/run installs it: apt-get install chromium libnss3-tools)"
        if os.environ.get("ASTERISK_ARA_REQUIRE_ASTERISK") == "1":
            pytest.fail(reason + "; ASTERISK_ARA_REQUIRE_ASTERISK=1 makes this a failure", pytrace=False)
        pytest.skip(reason)


def trusting_home(home: Path, ca: Path) -> Path:
    """A HOME whose NSS database trusts ``ca`` for web sites (as a user's imported CA)."""
    nssdb = home / ".pki" / "nssdb"
    nssdb.mkdir(parents=True, exist_ok=True)
    subprocess.run(["certutil", "-d", f"sql:{nssdb}", "-N", "--empty-password"], check=True, capture_output=True)
    subprocess.run(["certutil", "-d", f"sql:{nssdb}", "-A", "-t", "C,,", "-n", "asterisk-ara test CA", "-i", str(ca)],
                   check=True, capture_output=True)
    return home


class Phone:
    """One browser tab with the asterisk-ara phone page."""

    def __init__(self, page, url: str):
        self.page = page
        page.goto(url)  # raises on a certificate the browser does not trust

    def state(self) -> dict:
        return self.page.evaluate("() => JSON.parse(JSON.stringify(window.asteriskAraPhone))")

    def register(self, user: str, password: str, timeout: float = 20) -> None:
        self.page.fill("#user", user)
        self.page.fill("#password", password)
        self.page.click("#register")
        self.wait(lambda s: s["registration"].startswith("registered") or s["reason"], timeout)
        state = self.state()
        assert state["registration"].startswith("registered"), state["reason"] or state

    def call(self, number: str) -> None:
        self.page.fill("#number", number)
        self.page.click("#call")

    def wait(self, condition, timeout: float = 20) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            state = self.state()
            if condition(state) or time.monotonic() > deadline:
                return state
            time.sleep(0.1)

    def media_flows(self, seconds: float = 3.0) -> tuple[dict, dict]:
        """The stats at the start and end of ``seconds`` of a call."""
        first = self.wait(lambda s: s["stats"].get("packetsReceived", 0) > 0, 10)
        time.sleep(seconds)
        return first, self.state()
