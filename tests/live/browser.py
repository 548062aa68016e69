"""Headless Chromium (Debian's, driven by Playwright) and Firefox ESR (through its own Marionette protocol) that
trust our CA the way a user makes a browser trust one.

The CA goes into an NSS database in a private HOME (what `certutil` or the browser's certificate
settings do on Linux); Chromium never gets --ignore-certificate-errors. Fake media devices play a tone.
"""
from __future__ import annotations

import contextlib
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


def find_browser(variable: str, *names: str) -> str | None:
    """$variable, else the first of ``names`` on PATH."""
    for candidate in (os.environ.get(variable), *map(shutil.which, names)):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def find_chromium() -> str | None:
    return find_browser("ASTERISK_ARA_TEST_CHROMIUM", "chromium", "chromium-browser")


def require(what: str, found) -> None:
    """A missing browser fails the test (never a skip): the calls are only proven when one runs."""
    if not found:
        pytest.fail(f"{what} not found: apt-get install chromium firefox-esr libnss3-tools (as .ci/run does)",
                    pytrace=False)


@contextlib.contextmanager
def chromium_trusting(home: Path, ca: Path):
    """Headless Chromium (Debian's, driven by Playwright) with a private HOME whose NSS database trusts ``ca``."""
    require("chromium", find_chromium())
    require("certutil", shutil.which("certutil"))
    from playwright.sync_api import sync_playwright

    trusting_home(home, ca)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_chromium(), headless=True, args=CHROMIUM_ARGS,
                                    env={**os.environ, "HOME": str(home)})
        try:
            yield browser
        finally:
            browser.close()


def trusting_home(home: Path, ca: Path) -> Path:
    """A HOME whose NSS database trusts ``ca`` for web sites (as a user's imported CA)."""
    nssdb = home / ".pki" / "nssdb"
    nssdb.mkdir(parents=True, exist_ok=True)
    subprocess.run(["certutil", "-d", f"sql:{nssdb}", "-N", "--empty-password"], check=True, capture_output=True)
    subprocess.run(["certutil", "-d", f"sql:{nssdb}", "-A", "-t", "C,,", "-n", "asterisk-ara test CA", "-i", str(ca)],
                   check=True, capture_output=True)
    return home



class Phone:
    """One browser tab with the asterisk-ara phone page; the same methods drive Chromium and Firefox."""

    def __init__(self, page, url: str):
        self.page = page
        page.goto(url)  # raises on a certificate the browser does not trust

    # -- what differs between the browsers --------------------------------------------------------------------
    def js(self, expression: str):
        """The value of a JavaScript expression in the page."""
        return self.page.evaluate(f"() => ({expression})")

    def click(self, selector: str) -> None:
        """A click as a user makes it, on an enabled control. Playwright's own wait for a "stable" element counts
        animation frames, which Chromium throttles in the tabs that are not in front: a second per click there."""
        self.until_enabled(selector)
        self.page.click(selector, force=True)

    def fill(self, selector: str, value: str) -> None:
        self.page.fill(selector, value)

    def select(self, selector: str, value: str) -> None:
        self.page.select_option(selector, value)

    # -- the same in both ----------------------------------------------------------------------------------------
    def until_enabled(self, selector: str, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while self.js(f"(e => !e || e.disabled)(document.querySelector({selector!r}))"):
            assert time.monotonic() < deadline, f"{selector} stayed disabled: {self.state()}"
            time.sleep(0.1)

    def state(self) -> dict:
        return self.js("JSON.parse(JSON.stringify(window.asteriskAraPhone))")

    def register(self, user: str, password: str, timeout: float = 20, expect_ok: bool = True) -> dict:
        self.fill("#user", user)
        self.fill("#password", password)
        self.click("#register")
        state = self.wait(lambda s: s["registration"].startswith("registered") or s["reason"], timeout)
        if expect_ok:
            assert state["registration"].startswith("registered"), state["reason"] or state
        return state

    def call(self, number: str) -> None:
        self.fill("#number", number)
        self.click("#call")

    def page_text(self, selector: str) -> str:
        return self.js(f"document.querySelector({selector!r}).textContent")

    def keys(self, digits: str) -> None:
        """Press keypad buttons, one by one."""
        for key in digits:
            self.click(f"#key-{ {'*': 'star', '#': 'hash'}.get(key, key)}")

    def wait(self, condition, timeout: float = 20) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            state = self.state()
            if condition(state) or time.monotonic() > deadline:
                return state
            time.sleep(0.1)

    def expect(self, condition, what: str, timeout: float = 20) -> dict:
        """Wait for ``condition``; fail with ``what`` and the page's state if it does not come."""
        state = self.wait(condition, timeout)
        assert condition(state), f"{what}: {state}"
        return state

    def in_call(self, timeout: float = 20) -> dict:
        state = self.wait(lambda s: s["call"] == "in call" or s["reason"], timeout)
        assert state["call"] == "in call", state["reason"] or state
        return state

    def media_flows(self, seconds: float = 3.0) -> tuple[dict, dict]:
        """The stats at the start and end of ``seconds`` of a call."""
        first = self.wait(lambda s: s["stats"].get("packetsReceived", 0) > 0, 10)
        time.sleep(seconds)
        return first, self.state()


def audio_flows_both_ways(*phones: Phone, seconds: float = 1.0) -> None:
    """Each phone receives and sends audio, measured over the same ``seconds`` (about 50 packets a second)."""
    for phone in phones:
        phone.expect(lambda s: s["stats"].get("packetsReceived", 0) > 0, "no audio arrives")
    first = [phone.state()["stats"] for phone in phones]
    time.sleep(seconds)
    for phone, before in zip(phones, first):
        after = phone.state()["stats"]
        assert after["line"] == before["line"], (before, after)
        assert after["packetsReceived"] > before["packetsReceived"] + 20 * seconds, (before, after)
        assert after["packetsSent"] > before["packetsSent"] + 20 * seconds, (before, after)


# --- Firefox, through its own remote protocol (Marionette), with no driver package ----------------------------

FIREFOX_PREFS = {
    # Fake devices and no permission prompt, as Chromium's --use-fake-*; audio plays without a click.
    "media.navigator.streams.fake": True, "media.navigator.permission.disabled": True,
    "media.autoplay.default": 0,
    # Measured: with the prompt disabled by this preference Firefox still hid its host addresses behind mDNS
    # .local names, which Asterisk cannot resolve: media went in but none came back (0 packets received).
    # Whether a user's granted microphone permission lifts the hiding was not checked here.
    "media.peerconnection.ice.obfuscate_host_addresses": False,
    # No first-run pages, updates or calls home (this machine's network is closed).
    "browser.shell.checkDefaultBrowser": False, "browser.startup.homepage_override.mstone": "ignore",
    "datareporting.policy.dataSubmissionEnabled": False, "toolkit.telemetry.reportingpolicy.firstRun": False,
    "app.update.disabledForTesting": True, "network.connectivity-service.enabled": False,
    "network.captive-portal-service.enabled": False, "browser.safebrowsing.update.enabled": False,
    "extensions.update.enabled": False, "browser.aboutwelcome.enabled": False,
}


def find_firefox() -> str | None:
    return find_browser("ASTERISK_ARA_TEST_FIREFOX", "firefox-esr", "firefox")


class Marionette:
    """The few Marionette commands the tests need: a length-prefixed JSON protocol on a local TCP port."""

    def __init__(self, port: int, timeout: float = 60):
        import socket

        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        self.buffer = b""
        self.next_id = 0
        self._read()  # the server's hello
        self.call("WebDriver:NewSession", {"capabilities": {"alwaysMatch": {"acceptInsecureCerts": False}}})

    def _read(self):
        import json

        while b":" not in self.buffer:
            self.buffer += self.sock.recv(65536)
        size, _, rest = self.buffer.partition(b":")
        while len(rest) < int(size):
            rest += self.sock.recv(65536)
        message, self.buffer = rest[:int(size)], rest[int(size):]
        return json.loads(message)

    def call(self, command: str, params: dict | None = None):
        import json

        self.next_id += 1
        data = json.dumps([0, self.next_id, command, params or {}]).encode()
        self.sock.sendall(str(len(data)).encode() + b":" + data)
        while True:
            reply = self._read()
            if reply[0] == 1 and reply[1] == self.next_id:
                if reply[2]:
                    raise RuntimeError(f"{command}: {reply[2]}")
                return reply[3]

    def run(self, script: str, *args):
        """JavaScript in the page: ``arguments`` are ``args``; returns what the script returns."""
        return self.call("WebDriver:ExecuteScript", {"script": script, "args": list(args)})["value"]


class FirefoxPhone(Phone):
    """The same phone page in Firefox: Phone's waiting and reading, driven through Marionette (one page at a time:
    each FirefoxPhone loads the page afresh in the session's one window)."""

    def __init__(self, marionette: Marionette, url: str):
        self.m = marionette
        self.m.call("WebDriver:Navigate", {"url": url})  # fails on a certificate Firefox does not trust

    def js(self, expression: str):
        return self.m.run(f"return ({expression});")

    def fill(self, selector: str, value: str) -> None:
        self.m.run("document.querySelector(arguments[0]).value = arguments[1];", selector, value)

    def select(self, selector: str, value: str) -> None:
        self.m.run("const e = document.querySelector(arguments[0]); e.value = arguments[1]; "
                   "e.dispatchEvent(new Event('change'));", selector, value)

    def click(self, selector: str) -> None:
        self.until_enabled(selector)
        self.m.run("document.querySelector(arguments[0]).click();", selector)

    def screenshot(self, path) -> None:
        import base64

        data = self.m.call("WebDriver:TakeScreenshot", {"full": True})["value"]
        Path(path).write_bytes(base64.b64decode(data))


@contextlib.contextmanager
def microphone_denied(marionette: Marionette, origin: str):
    """Firefox refuses ``origin`` the microphone, as after a user clicked "Block": the site permission set to deny
    (and the permission check that the test profile turns off turned on again)."""
    chrome = """
        const [origin, deny] = arguments;
        const principal = Services.scriptSecurityManager.createContentPrincipalFromOrigin(origin);
        Services.prefs.setBoolPref("media.navigator.permission.disabled", !deny);
        if (deny) Services.perms.addFromPrincipal(principal, "microphone", Services.perms.DENY_ACTION);
        else Services.perms.removeFromPrincipal(principal, "microphone");
    """
    marionette.call("Marionette:SetContext", {"value": "chrome"})
    try:
        marionette.run(chrome, origin, True)
    finally:
        marionette.call("Marionette:SetContext", {"value": "content"})
    try:
        yield
    finally:
        marionette.call("Marionette:SetContext", {"value": "chrome"})
        try:
            marionette.run(chrome, origin, False)
        finally:
            marionette.call("Marionette:SetContext", {"value": "content"})


def start_firefox(home: Path, ca: Path):
    """Firefox headless with a fresh profile that trusts ``ca``; returns (process, Marionette)."""
    import socket

    profile = home / "profile"
    profile.mkdir(parents=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    prefs = {**FIREFOX_PREFS, "marionette.port": port}
    import json

    (profile / "user.js").write_text("".join(f"user_pref({json.dumps(k)}, {json.dumps(v)});\n"
                                             for k, v in prefs.items()))
    subprocess.run(["certutil", "-d", f"sql:{profile}", "-N", "--empty-password"], check=True, capture_output=True)
    subprocess.run(["certutil", "-d", f"sql:{profile}", "-A", "-t", "C,,", "-n", "asterisk-ara test CA", "-i",
                    str(ca)], check=True, capture_output=True)
    # System access: microphone_denied sets a site permission from Firefox's chrome context, as its settings do.
    process = subprocess.Popen([find_firefox(), "--headless", "--marionette", "--remote-allow-system-access",
                                "--no-remote", "--profile",
                                str(profile), "about:blank"], env={**os.environ, "HOME": str(home)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        return process, Marionette(port)
    except BaseException:
        process.kill()
        process.wait()
        raise
