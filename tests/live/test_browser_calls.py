"""Calls from headless Chromium with the phone page Asterisk serves, on quickstart's files (issue 12).

Per realtime driver: the page loads over HTTPS from Asterisk's static directory with a certificate the browser
was told to trust, registers over wss, calls the echo test (answered, DTLS connected, codec named, RTP
received for 3 s), two phones call each other, and a client with webrtc=no gets a reason on the page.
"""
from __future__ import annotations

import json
import os
import re
import shutil

import pytest

from ..conftest import make_database, run_cli
from .asterisk import Asterisk, Registration
from .browser import CHROMIUM_ARGS, FirefoxPhone, Phone, find_chromium, find_firefox, require, start_firefox, trusting_home
from .conftest import DRIVERS, new_id

pytestmark = pytest.mark.xdist_group("live-browser")
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(scope="module", params=["pgsql", "odbc-mariadb"])
def pbx(request, asterisk_binary, tmp_path_factory):
    """Asterisk on the files `quickstart` wrote, the phone page copied where its next steps say."""
    dialect, driver, _ = DRIVERS[request.param]
    root = tmp_path_factory.mktemp(f"browser-{request.param}")
    for db in make_database(dialect, root):
        pbx = Asterisk(asterisk_binary, root / "asterisk", db.url, driver)
        pbx.name = request.param
        res = run_cli("--database-url", db.url, "--json", "quickstart", "--host", "localhost", "--out",
                      str(pbx.root), "--bindaddr", "127.0.0.1", "--port", str(pbx.port), "--tls-port",
                      str(pbx.tls_port), check=True)
        pbx.quickstart = json.loads(res.stdout)
        pbx.write_own_files()
        shutil.copy(pbx.quickstart["phone_page"], pbx.static_dir)
        pbx.start()
        try:
            yield pbx
        finally:
            pbx.stop()


@pytest.fixture(scope="module")
def browser(pbx, tmp_path_factory):
    require("chromium", find_chromium())
    require("certutil", shutil.which("certutil"))
    from playwright.sync_api import sync_playwright

    home = trusting_home(tmp_path_factory.mktemp("chromium-home"), pbx.ca)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_chromium(), headless=True, args=CHROMIUM_ARGS,
                                    env={**os.environ, "HOME": str(home)})
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def phones(browser, pbx):
    context = browser.new_context()
    opened = []

    def open_phone(query: str = "") -> Phone:
        phone = Phone(context.new_page(), pbx.quickstart["phone_url"] + query)
        opened.append(phone)
        return phone

    yield open_phone
    context.close()


def client(pbx, *extra: str) -> str:
    name = new_id("c")
    pbx.ara("webrtc", "add", name, "--password-stdin", *extra, input=PASSWORD, check=True)
    return name


def test_page_loads_over_trusted_https_and_registers_over_wss(pbx, phones):
    assert pbx.quickstart["phone_url"].startswith(f"https://localhost:{pbx.tls_port}/static/")
    phone = phones()
    assert phone.page.input_value("#server") == pbx.wss_url
    phone.register(client(pbx), PASSWORD)


def echo_call(pbx, phone, browser: str) -> None:
    """Register, call the echo test: answered, DTLS connected, a codec named, audio both ways for 3 s."""
    phone.register(client(pbx), PASSWORD)
    phone.call(pbx.quickstart["echo_test"])
    state = phone.wait(lambda s: s["call"] == "in call" or s["reason"], 20)
    assert state["call"] == "in call", state["reason"]
    first, last = phone.media_flows(3.0)
    assert last["stats"]["dtls"] == "connected"
    assert last["stats"]["codec"].split("/")[0].lower() in ("opus", "pcmu"), last["stats"]
    assert last["stats"]["packetsReceived"] >= first["stats"]["packetsReceived"] + 100, (first, last)
    assert last["stats"]["packetsSent"] > first["stats"]["packetsSent"]
    print(f"{browser} echo call ({pbx.name}): {last['stats']['codec']}, ICE {last['stats'].get('ice')}, set up in "
          f"{state['setupMs']} ms; {(last['stats']['packetsReceived'] - first['stats']['packetsReceived']) / 3:.0f} "
          "packets/s received")


def test_echo_call_is_answered_with_dtls_and_audio_flows(pbx, phones, tmp_path):
    phone = phones()
    echo_call(pbx, phone, "chromium")
    phone.page.screenshot(path=str(tmp_path / "echo-call.png"), full_page=True)
    phone.page.click("#hangup")
    assert phone.wait(lambda s: s["call"] == "idle")["call"] == "idle"


def test_two_phones_call_each_other_with_media_both_ways(pbx, phones):
    alice, bob = client(pbx), client(pbx)
    caller, callee = phones(), phones("?autoanswer=1")
    caller.register(alice, PASSWORD)
    callee.register(bob, PASSWORD)
    caller.call(bob)
    for phone in (caller, callee):
        state = phone.wait(lambda s: s["call"] == "in call" or s["reason"], 20)
        assert state["call"] == "in call", state["reason"]
    for phone in (caller, callee):
        first, last = phone.media_flows(1.5)
        assert last["stats"]["dtls"] == "connected"
        assert last["stats"]["packetsReceived"] > first["stats"]["packetsReceived"], (first, last)
    callee.page.click("#hangup")  # a BYE from the called side ends the caller's call too
    assert caller.wait(lambda s: s["call"] == "idle")["call"] == "idle"
    # The client-id pattern was parsed as written (a "-" before "]" once made Asterisk warn and guess).
    assert not re.search(r"(WARNING|ERROR)\[\d+\]( \[C-\w+\])? pbx(_config)?\.c", pbx.log_tail(100000)), \
        [line for line in pbx.log_tail(100000).splitlines() if "pbx" in line and "WARNING" in line]


def test_client_without_webrtc_gets_no_media_and_the_page_says_why(pbx, phones):
    phone = phones()
    phone.register(client(pbx, "--set", "endpoint.webrtc=no"), PASSWORD)
    phone.call(pbx.quickstart["echo_test"])
    state = phone.wait(lambda s: s["reason"], 20)
    assert state["call"] == "idle"
    print("webrtc=no:", state["reason"])
    assert "webrtc=yes" in state["reason"], state
    assert phone.page.inner_text("#reason") == state["reason"]


def test_codecs_check_names_the_missing_opus_translator(pbx):
    """This build lacks codec_opus (as many do): the check says opus only passes through, ulaw transcodes."""
    name = client(pbx)
    res = pbx.ara("--json", "webrtc", "codecs", name, "--asterisk", str(pbx.binary), "--asterisk-config",
                  str(pbx.conf), check=True)
    doc = json.loads(res.stdout)
    assert doc["allow"] == ["opus", "ulaw"]
    support = {c["codec"]: c for c in doc["codecs"]}
    assert support["ulaw"]["transcodes"] is True
    assert support["opus"]["transcodes"] is False and "codec_opus not loaded" in support["opus"]["note"]
    assert "codec_opus.so" not in pbx.cli("module show like codec_opus")
    res = pbx.ara("webrtc", "codecs", name, "--asterisk", str(pbx.binary), "--asterisk-config", "/nonexistent.conf")
    assert res.exit_code == 1 and "cannot reach the running Asterisk" in res.stderr


def ringing(pbx, phones):
    """Two registered phones, the first calling the second, which rings (nobody answers yet)."""
    alice, bob = client(pbx), client(pbx)
    caller, callee = phones(), phones()
    caller.register(alice, PASSWORD)
    callee.register(bob, PASSWORD)
    caller.call(bob)
    assert callee.wait(lambda s: s["call"] == "incoming call")["call"] == "incoming call"
    return caller, callee


def test_caller_hangs_up_while_ringing_and_the_called_phone_stops_ringing(pbx, phones):
    caller, callee = ringing(pbx, phones)
    assert caller.wait(lambda s: s["call"] == "ringing")["call"] == "ringing"
    caller.page.click("#hangup")  # CANCEL: Asterisk cancels its INVITE to the called phone
    assert callee.wait(lambda s: s["call"] == "idle")["call"] == "idle"
    assert caller.state()["call"] == "idle" and not caller.state()["reason"]


def test_answer_button_then_the_caller_hangs_up(pbx, phones):
    caller, callee = ringing(pbx, phones)
    callee.page.click("#answer")
    for phone in (caller, callee):
        state = phone.wait(lambda s: s["call"] == "in call" or s["reason"])
        assert state["call"] == "in call", state["reason"]
    caller.page.click("#hangup")  # BYE from the caller
    assert callee.wait(lambda s: s["call"] == "idle")["call"] == "idle"


def test_page_answers_a_sha256_only_challenge(pbx, phones):
    """An auth offering only SHA-256 (RFC 7616): the page's digest code, not MD5, has to be right."""
    name = client(pbx, "--credential", "digest", "--set", "auth.supported_algorithms_uas=SHA-256")
    assert offered_algorithms(pbx, name) == ["SHA-256"]
    phones().register(name, PASSWORD)


def offered_algorithms(pbx, user: str) -> list[str]:
    """The digest algorithms Asterisk challenges an unauthenticated REGISTER of ``user`` with."""
    return [c.algorithm for c in Registration.challenge(pbx, user)]


@pytest.fixture(scope="module")
def firefox(pbx, tmp_path_factory):
    require("firefox", find_firefox())
    require("certutil", shutil.which("certutil"))
    process, marionette = start_firefox(tmp_path_factory.mktemp("firefox-home"), pbx.ca)
    try:
        yield marionette
    finally:
        process.kill()
        process.wait()


def test_firefox_registers_and_calls_the_echo_test(pbx, firefox):
    """The page in Firefox ESR too: trusted HTTPS, wss registration, echo call with DTLS and audio."""
    phone = FirefoxPhone(firefox, pbx.quickstart["phone_url"])
    echo_call(pbx, phone, "firefox")
    phone.click("#hangup")
    assert phone.wait(lambda s: s["call"] == "idle")["call"] == "idle"
