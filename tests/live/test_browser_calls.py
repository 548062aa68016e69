"""The browser phone (JsSIP) in headless Chromium and Firefox, on the page and files quickstart writes (issue 24).

One Asterisk (PostgreSQL, res_config_pgsql) for the module, one Chromium and one Firefox; every test opens its own
pages. The page loads over HTTPS from Asterisk's static directory with a certificate the browsers were told to
trust, registers over wss, and does what a phone does: echo call with RTP both ways, calls between clients
answered by the button, hold and resume, keypad tones read by the dialplan, blind transfer, a second call,
reconnection after Asterisk restarts, and failures said in words. The echo call also runs on MariaDB through
res_config_odbc.
"""
from __future__ import annotations

import json
import re
import shutil
import time

import pytest

from asterisk_ara import phone as phone_files

from ..conftest import make_database
from .asterisk import Registration, quickstart_pbx
from .browser import FirefoxPhone, Phone, chromium_trusting, find_firefox, microphone_denied, require, start_firefox
from .conftest import DRIVERS, new_id

pytestmark = pytest.mark.xdist_group("live-browser")
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(scope="module")
def pbx(asterisk_binary, tmp_path_factory):
    root = tmp_path_factory.mktemp("browser-pgsql")
    for db in make_database("postgresql", root):
        pbx = quickstart_pbx(asterisk_binary, root, db.url, None, "pgsql")
        pbx.start()
        try:
            yield pbx
        finally:
            pbx.stop()


@pytest.fixture(scope="module")
def browser(pbx, tmp_path_factory):
    with chromium_trusting(tmp_path_factory.mktemp("chromium-home"), pbx.ca) as browser:
        yield browser


@pytest.fixture
def phones(browser, pbx):
    """Open Chromium phones (tabs of one context) on this module's Asterisk: ``phones("?autoanswer=1")``."""
    context = browser.new_context()
    context.set_default_timeout(10000)

    def open_phone(query: str = "", base: str | None = None) -> Phone:
        return Phone(context.new_page(), (base or pbx.quickstart["phone_url"]) + query)

    open_phone.context = context
    yield open_phone
    context.close()


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


@pytest.fixture
def fox(firefox, pbx):
    """The phone page in Firefox, loaded afresh (``fox("?autoanswer=1")``); left on a blank page afterwards."""
    def open_phone(query: str = "") -> FirefoxPhone:
        return FirefoxPhone(firefox, pbx.quickstart["phone_url"] + query)

    yield open_phone
    firefox.call("WebDriver:Navigate", {"url": "about:blank"})  # the page's pagehide unregisters


def client(pbx, *extra: str) -> str:
    name = new_id("c")
    pbx.ara("webrtc", "add", name, "--password-stdin", *extra, input=PASSWORD, check=True)
    return name


def registered(phone: Phone, pbx, *extra: str) -> str:
    name = client(pbx, *extra)
    phone.register(name, PASSWORD)
    return name


# -- Chromium ---------------------------------------------------------------------------------------------------

def test_page_loads_over_trusted_https_and_registers_over_wss(pbx, phones):
    assert pbx.quickstart["phone_url"].startswith(f"https://localhost:{pbx.tls_port}/static/")
    phone = phones()
    assert phone.page.input_value("#server") == pbx.wss_url
    state = phone.state()
    assert state["library"] == f"JsSIP {phone_files.JSSIP_VERSION}"
    # Everything the page loaded came from Asterisk itself (no CDN).
    loaded = phone.js("performance.getEntriesByType('resource').map(e => e.name)")
    assert loaded == [f"https://localhost:{pbx.tls_port}/static/{phone_files.JSSIP}"], loaded
    # Every control has a name a screen reader can say (a label, an aria-label or its text).
    unnamed = phone.js("[...document.querySelectorAll('input, select, button')].filter(e => !(e.labels && "
                       "e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim()).map(e => e.id)")
    assert unnamed == [], unnamed
    name = registered(phone, pbx)
    assert re.search(rf"^\s*Contact:\s+{name}/sip:", pbx.contacts(), re.M), pbx.contacts()
    assert not phone.js("localStorage.length") and phone.state()["remembered"] is False


def test_remember_keeps_the_credential_in_local_storage_only_when_ticked(pbx, phones):
    phone = phones()
    name = client(pbx)
    phone.page.check("#remember")
    phone.register(name, PASSWORD)
    stored = json.loads(phone.js("localStorage.getItem('asterisk-ara-phone')"))
    assert stored == {"server": pbx.wss_url, "user": name, "domain": "localhost", "password": PASSWORD}
    phone.page.reload()
    assert (phone.page.input_value("#user"), phone.page.input_value("#password")) == (name, PASSWORD)
    assert phone.page.is_checked("#remember") and phone.state()["remembered"] is True
    phone.click("#unregister")  # forgets, as the page says
    assert phone.js("localStorage.length") == 0 and not phone.page.is_checked("#remember")


def test_wrong_password_is_shown_as_such(pbx, phones):
    phone = phones()
    name = client(pbx)
    state = phone.register(name, "not-" + PASSWORD, expect_ok=False)
    assert state["registration"] == "not registered"
    assert state["reason"].startswith("Registration failed: 401 Unauthorized: wrong password (or user) for " + name)
    assert phone.page.inner_text("#reason") == state["reason"]
    assert state["connection"] == "disconnected"  # it stops: retrying the same password cannot help


def echo_call(pbx, phone, browser: str, seconds: float = 3.0) -> dict:
    """Register, call the echo test: answered, DTLS connected, a codec named, audio both ways for ``seconds``."""
    registered(phone, pbx)
    phone.call(pbx.quickstart["echo_test"])
    state = phone.in_call()
    first, last = phone.media_flows(seconds)
    assert last["stats"]["dtls"] == "connected"
    assert last["stats"]["codec"].split("/")[0].lower() in ("opus", "pcmu"), last["stats"]
    assert last["stats"]["packetsReceived"] >= first["stats"]["packetsReceived"] + 30 * seconds, (first, last)
    assert last["stats"]["packetsSent"] > first["stats"]["packetsSent"]
    rate = (last["stats"]["packetsReceived"] - first["stats"]["packetsReceived"]) / seconds
    print(f"{browser} echo call ({pbx.name}): {last['stats']['codec']}, ICE {last['stats'].get('ice')}, set up in "
          f"{state['setupMs']} ms; {rate:.0f} packets/s received")
    return last


def keypad_test(pbx, phone, digits: str, press=None) -> None:
    """Press ``digits`` then # on the keypad (or with ``press``, one key at a time) in a call to the keypad test:
    Asterisk's Read() gets them."""
    phone.expect(lambda s: s["stats"].get("dtls") == "connected", "no media in the keypad test's call")
    before = pbx.log_tail(100000).count("asterisk-ara keypad test:")
    for key in digits + "#":
        (press or phone.keys)(key)
    wanted = f'sent "{digits}"'
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        lines = [line for line in pbx.log_tail(100000).splitlines() if "asterisk-ara keypad test:" in line]
        if len(lines) > before:
            assert lines[-1].endswith(wanted), lines[-1]
            return
        time.sleep(0.1)
    raise AssertionError(f"Asterisk never read {digits!r}: {phone.state()}")


def test_echo_call_with_media_both_ways_and_keypad_tones_reach_asterisk(pbx, phones, tmp_path):
    phone = phones()
    phone.page.set_viewport_size({"width": 640, "height": 900})
    echo_call(pbx, phone, "chromium")
    phone.page.screenshot(path=str(tmp_path / "echo-call.png"), full_page=True)  # docs/images/phone-echo-call.png
    phone.click("#hangup")
    phone.expect(lambda s: s["call"] == "idle", "the echo call did not end")
    phone.call(pbx.quickstart["dtmf_test"])
    phone.in_call()
    keypad_test(pbx, phone, "123")  # RFC 4733, in the audio
    phone.click("#settings summary")
    phone.page.select_option("#dtmf-mode", "INFO")
    keypad_test(pbx, phone, "4*5")  # SIP INFO
    phone.page.locator("#key-hash").focus()
    keypad_test(pbx, phone, "6", phone.page.keyboard.press)  # the keyboard's keys work as the keypad's
    assert phone.state()["dtmfSent"] == "123#4*5#6#"
    phone.page.set_viewport_size({"width": 390, "height": 844})  # a phone's screen: nothing wider than it
    assert phone.js("document.documentElement.scrollWidth") <= 390
    assert phone.page_text("#tones") == "Tones sent: 123#4*5#6#"
    phone.page.locator("section:has(#pad)").screenshot(path=str(tmp_path / "keypad.png"))  # docs/images/phone-keypad.png
    phone.click("#hangup")
    phone.expect(lambda s: s["call"] == "idle", "the keypad call did not end")


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


def hold_and_resume(holder: Phone, held: Phone) -> None:
    """``holder`` puts the call on hold: both pages show it and no audio reaches the holder or leaves the held
    phone; then resumes, and audio flows both ways again."""
    for phone in (holder, held):
        phone.expect(lambda s: s["stats"].get("packetsReceived", 0) > 20, "no audio before the hold")
    holder.click("#hold")
    holder.expect(lambda s: s["hold"] == {"local": True, "remote": False}, "the holder's page does not show the hold")
    held.expect(lambda s: s["hold"] == {"local": False, "remote": True}, "the held page does not show the hold")
    time.sleep(0.5)  # packets already on their way, and figures of the moment before
    h0, d0 = holder.state(), held.state()
    time.sleep(1.0)
    h1, d1 = holder.state(), held.state()
    # In a call ~50 packets a second flow each way (20 ms of opus each); on hold, none (a stray one at most).
    assert h1["stats"]["packetsReceived"] - h0["stats"]["packetsReceived"] <= 3, (h0["stats"], h1["stats"])
    assert d1["stats"]["packetsSent"] - d0["stats"]["packetsSent"] <= 3, (d0["stats"], d1["stats"])
    assert holder.page_text("#callstate") == "on hold" and held.page_text("#callstate") == "held by the other side"
    holder.click("#hold")  # now "Resume"
    holder.expect(lambda s: s["hold"] == {"local": False, "remote": False}, "the holder's page still shows the hold")
    held.expect(lambda s: s["hold"] == {"local": False, "remote": False}, "the held page still shows the hold")
    audio_flows_both_ways(holder, held)


def mute_and_unmute(muter: Phone, listener: Phone) -> None:
    """Muted, ``muter`` sends silence: the sound energy arriving at ``listener`` stops growing; unmuted, it grows
    again (the fake microphones play a tone)."""
    def energy_in(seconds: float) -> float:
        time.sleep(0.6)  # what was already on its way, and the receiver's jitter buffer
        before = listener.state()["stats"]["audioEnergy"]
        time.sleep(seconds)
        return listener.state()["stats"]["audioEnergy"] - before

    listener.expect(lambda s: s["stats"].get("audioEnergy", 0) > 0, "no sound arrives")
    sound = energy_in(0.8)
    muter.click("#mute")
    muter.expect(lambda s: s["muted"], "the page does not show the mute")
    assert muter.page_text("#mute") == "Unmute"
    muted = energy_in(0.8)
    muter.click("#mute")
    muter.expect(lambda s: not s["muted"], "the page still shows the mute")
    unmuted = energy_in(0.8)
    print(f"sound energy in 0.8 s: {sound:.4f}, muted {muted:.6f}, unmuted again {unmuted:.4f}")
    # Muted is silence (a millionth of the sound here); unmuted, sound again. Under a busy machine the energy
    # counted in 0.8 s varies about twofold, hence a quarter, not a half.
    assert muted < sound / 20 and unmuted > sound / 4, (sound, muted, unmuted)


def test_call_answered_by_button_muted_held_and_resumed(pbx, phones):
    """The held client has moh_passthrough=yes: Asterisk passes the hold on to it instead of playing music."""
    caller, callee = phones(), phones()
    alice, bob = registered(caller, pbx), registered(callee, pbx, "--set", "endpoint.moh_passthrough=yes")
    caller.call(bob)
    ringing = callee.expect(lambda s: s["call"] == "incoming call" and s["ringing"], "no ringing")
    assert ringing["ringTone"] == "playing (running)" and ringing["peer"] == alice
    assert caller.expect(lambda s: s["call"] == "ringing", "the caller hears no ringing")["peer"] == bob
    callee.click("#answer")
    for phone in (caller, callee):
        phone.in_call()
    assert callee.state()["ringing"] is False
    audio_flows_both_ways(caller, callee)
    mute_and_unmute(caller, callee)
    hold_and_resume(caller, callee)
    callee.click("#hangup")  # a BYE from the called side ends the caller's call too
    caller.expect(lambda s: s["call"] == "idle", "the caller's call did not end")


def test_declined_call_and_a_call_cancelled_while_ringing(pbx, phones):
    caller, callee = phones(), phones()
    registered(caller, pbx)
    bob = registered(callee, pbx)
    caller.call(bob)
    callee.expect(lambda s: s["call"] == "incoming call", "the call does not ring")
    callee.click("#decline")
    state = caller.expect(lambda s: s["call"] == "idle" and s["reason"], "the caller is not told")
    assert state["reason"].startswith("Call failed: 486 Busy Here."), state["reason"]
    assert callee.state()["call"] == "idle" and not callee.state()["ringing"]
    caller.call(bob)
    callee.expect(lambda s: s["call"] == "incoming call", "the second call does not ring")
    caller.expect(lambda s: s["call"] == "ringing", "the caller hears no ringing")
    caller.click("#hangup")  # CANCEL: Asterisk cancels its INVITE to the called phone
    callee.expect(lambda s: s["call"] == "idle" and not s["ringing"], "the called phone rings on")
    assert caller.state()["call"] == "idle" and not caller.state()["reason"]


def blind_transfer(pbx, transferer: Phone, phones) -> None:
    """``transferer`` (registered) calls B, then transfers B to C (REFER): B and C talk, the transferer is free."""
    b_phone, c_phone = phones("?autoanswer=1"), phones("?autoanswer=1")
    b, c = registered(b_phone, pbx), registered(c_phone, pbx)
    transferer.call(b)
    transferer.in_call()
    b_phone.in_call()
    transferer.fill("#transfer-to", c)
    transferer.click("#transfer")
    c_state = c_phone.in_call()
    assert c_state["peer"] == b, c_state  # Asterisk dialled C for B, with B's caller id
    transferer.expect(lambda s: s["call"] == "idle" and s["transfer"] == f"transferred to {c}", "no transfer")
    assert not transferer.state()["reason"]
    audio_flows_both_ways(b_phone, c_phone)
    assert b_phone.state()["calls"] == 1  # B's call went on: the same call, now with C
    c_phone.click("#hangup")
    b_phone.expect(lambda s: s["call"] == "idle", "B's call did not end")


def test_blind_transfer_to_a_third_client(pbx, phones):
    phone = phones()
    registered(phone, pbx)
    blind_transfer(pbx, phone, phones)


def test_second_call_puts_the_first_on_hold(pbx, phones):
    phone, other = phones(), phones("?autoanswer=1")
    registered(phone, pbx)
    bob = registered(other, pbx)
    phone.call(pbx.quickstart["echo_test"])
    phone.in_call()
    phone.call(bob)
    state = phone.expect(lambda s: len(s["lines"]) == 2 and s["peer"] == bob and s["call"] == "in call",
                         "the second call was not answered")
    other.in_call()
    assert [(line["peer"], line["state"]) for line in state["lines"]] == [
        (pbx.quickstart["echo_test"], "on hold"), (bob, "in call")], state["lines"]
    audio_flows_both_ways(phone, other)
    phone.click("#hangup")  # the second call; the first stays on hold until resumed
    other.expect(lambda s: s["call"] == "idle", "the second call did not end")
    state = phone.expect(lambda s: len(s["lines"]) == 1, "the second call is still listed")
    assert (state["peer"], state["hold"]) == (pbx.quickstart["echo_test"], {"local": True, "remote": False})
    phone.click("#hold")  # "Resume"
    phone.expect(lambda s: s["hold"]["local"] is False, "the first call was not resumed")
    time.sleep(0.3)
    audio_flows_both_ways(phone)
    phone.click("#hangup")
    phone.expect(lambda s: s["call"] == "idle" and not s["lines"], "the first call did not end")


def test_client_without_webrtc_gets_no_media_and_the_page_says_why(pbx, phones):
    phone = phones()
    registered(phone, pbx, "--set", "endpoint.webrtc=no")
    phone.call(pbx.quickstart["echo_test"])
    state = phone.wait(lambda s: s["reason"], 20)
    assert state["call"] == "idle"
    print("webrtc=no:", state["reason"])
    assert state["reason"] == ("Call failed: 488 Not Acceptable Here. Asterisk did not accept the browser's media "
                               "offer (DTLS-SRTP, ICE, AVPF): the endpoint needs webrtc=yes."), state
    assert phone.page.inner_text("#reason") == state["reason"]


def test_digest_algorithms_jssip_cannot_answer_are_explained(pbx, phones):
    """JsSIP answers MD5 digests only, and only the last WWW-Authenticate of a 401: an auth offering only SHA-256
    (RFC 7616), or MD5 before SHA-256, gets an explanation; SHA-256 before MD5 registers."""
    for algorithms, expected in (("SHA-256", ["SHA-256"]), ("MD5,SHA-256", ["MD5", "SHA-256"])):
        name = client(pbx, "--credential", "digest", "--set", f"auth.supported_algorithms_uas={algorithms}")
        assert offered_algorithms(pbx, name) == expected
        state = phones().register(name, PASSWORD, expect_ok=False)
        assert state["reason"].startswith(
            "Registration failed: 401 Unauthorized: Asterisk's challenge asks for a SHA-256 digest, and JsSIP (this "
            "page's SIP library) answers MD5 digests only, and only the last challenge of a 401."), state
    name = client(pbx, "--credential", "digest", "--set", "auth.supported_algorithms_uas=SHA-256,MD5")
    assert offered_algorithms(pbx, name) == ["SHA-256", "MD5"]
    phones().register(name, PASSWORD)


def offered_algorithms(pbx, user: str) -> list[str]:
    """The digest algorithms Asterisk challenges an unauthenticated REGISTER of ``user`` with."""
    return [c.algorithm for c in Registration.challenge(pbx, user)]


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


def test_pages_register_again_by_themselves_after_asterisk_restarts(pbx, phones, fox):
    """The WebSocket drops when Asterisk restarts: JsSIP reconnects with back-off and registers again, and the page
    shows each step."""
    pages = {"chromium": phones(), "firefox": fox()}
    names = {browser: registered(page, pbx) for browser, page in pages.items()}
    stopped = time.monotonic()
    pbx.stop()
    for browser, page in pages.items():
        state = page.expect(lambda s: s["connection"] != "connected" and not s["registration"].startswith("registered"),
                            f"{browser} did not notice the dropped WebSocket", 10)
        assert "Connection to the server lost" in state["reason"], state
        assert re.fullmatch(r"disconnected: reconnecting|reconnecting \(attempt \d+\)", state["registration"]), state
    pbx.start()
    for browser, page in pages.items():
        state = page.expect(lambda s: s["registrations"] == 2 and s["registration"].startswith("registered"),
                            f"{browser} did not register again", 30 - (time.monotonic() - stopped))
        assert not state["reason"], state
        print(f"{browser}: registered again {time.monotonic() - stopped:.1f} s after Asterisk was stopped")
    contacts = pbx.contacts()
    for name in names.values():
        assert re.search(rf"^\s*Contact:\s+{name}/sip:", contacts, re.M), contacts


def test_echo_call_through_res_config_odbc_on_mariadb(asterisk_binary, pbx, phones, tmp_path):
    """The same call with the clients in MariaDB, read through res_config_odbc."""
    dialect, driver, _ = DRIVERS["odbc-mariadb"]
    for db in make_database(dialect, tmp_path):
        other = quickstart_pbx(asterisk_binary, tmp_path, db.url, driver, "odbc-mariadb", keys=pbx.keys)
        other.start()
        try:
            phone = phones(base=other.quickstart["phone_url"])
            echo_call(other, phone, "chromium", seconds=1.5)
        finally:
            other.stop()


# -- Firefox ----------------------------------------------------------------------------------------------------

def test_firefox_echo_call_and_keypad_tones(pbx, fox):
    """The page in Firefox ESR too: trusted HTTPS, wss registration, echo call with DTLS and audio, keypad tones."""
    phone = fox()
    echo_call(pbx, phone, "firefox")
    phone.click("#hangup")
    phone.expect(lambda s: s["call"] == "idle", "the echo call did not end")
    phone.call(pbx.quickstart["dtmf_test"])
    phone.in_call()
    keypad_test(pbx, phone, "789")
    phone.select("#dtmf-mode", "INFO")
    keypad_test(pbx, phone, "0")
    phone.click("#hangup")


def test_firefox_calls_a_phone_that_answers_then_mutes_holds_and_resumes(pbx, fox, phones):
    phone, other = fox(), phones()
    registered(phone, pbx)
    bob = registered(other, pbx, "--set", "endpoint.moh_passthrough=yes")
    phone.call(bob)
    other.expect(lambda s: s["call"] == "incoming call", "the called phone does not ring")
    other.click("#answer")
    for p in (phone, other):
        p.in_call()
    audio_flows_both_ways(phone, other)
    mute_and_unmute(phone, other)
    hold_and_resume(phone, other)
    phone.click("#hangup")
    other.expect(lambda s: s["call"] == "idle", "the called phone's call did not end")


def test_firefox_rings_answers_with_the_button_and_is_held(pbx, fox, phones):
    phone, other = fox(), phones()
    bob = registered(phone, pbx, "--set", "endpoint.moh_passthrough=yes")
    alice = registered(other, pbx)
    other.call(bob)
    state = phone.expect(lambda s: s["call"] == "incoming call" and s["ringing"], "Firefox does not ring")
    assert state["peer"] == alice and state["ringTone"].startswith("playing"), state
    phone.click("#answer")
    for p in (phone, other):
        p.in_call()
    hold_and_resume(other, phone)
    other.click("#hangup")
    phone.expect(lambda s: s["call"] == "idle", "Firefox's call did not end")


def test_firefox_blind_transfer(pbx, fox, phones):
    phone = fox()
    registered(phone, pbx)
    blind_transfer(pbx, phone, phones)


def test_firefox_wrong_password_and_refused_microphone_are_said_in_words(pbx, firefox, fox):
    phone = fox()
    name = client(pbx)
    state = phone.register(name, "wrong-" + PASSWORD, expect_ok=False)
    assert state["reason"].startswith(f"Registration failed: 401 Unauthorized: wrong password (or user) for {name}")
    origin = f"https://localhost:{pbx.tls_port}"
    with microphone_denied(firefox, origin):
        phone = fox()
        phone.register(name, PASSWORD)
        phone.call(pbx.quickstart["echo_test"])
        state = phone.expect(lambda s: s["reason"], "no reason given")
        assert state["reason"].startswith("Microphone refused: this page may not use the microphone"), state
        assert state["call"] == "idle" and not state["lines"]
