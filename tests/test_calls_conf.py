"""conf dialplan, conf rtp, conf phone, conf http --phone and what quickstart writes for calls (issue 12).

That Asterisk runs these files and browsers call through them is proven in tests/live/test_browser_calls.py.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import pytest

from asterisk_ara.callconf import dialplan_conf, parse_port_range, rtp_conf
from asterisk_ara.errors import ValidationError

from .conftest import run_cli

ROOT = Path(__file__).resolve().parents[1]


def test_dialplan_has_echo_test_client_calls_and_hangup_for_the_context():
    text = dialplan_conf("phones", "700", 20)
    assert "[phones]\n" in text
    assert "exten => 700,1,Answer()" in text and "Echo()" in text
    assert "Dial(PJSIP/${EXTEN},20)" in text
    assert "exten => h,1," in text
    # Asterisk reads "X-]" as a range that swallows the "]": a "-" may only come first in the set.
    assert "-]" not in text
    # The pattern and the REGEX accept exactly the characters ids may have.
    regex = re.search(r'REGEX\("([^"]+)"', text)[1]
    for good in ("alice", "a.b-c_d+1", "600x"):
        assert re.fullmatch(regex, good)
    for bad in ("a b", "a;b", "a@b", "", "a/b"):
        assert not re.fullmatch(regex, bad)


def test_dialplan_has_a_keypad_test_and_ends_the_h_extension_itself():
    text = dialplan_conf("phones", "700", 20, "701")
    keypad = text[text.index("exten => 701,1,Answer()"):].split("\n\n")[0]
    assert "Read(DTMF_DIGITS,,0,,1,30)" in keypad and 'sent \\"${DTMF_DIGITS}\\"' not in keypad
    assert 'Verbose(1,asterisk-ara keypad test: ${CHANNEL} sent "${DTMF_DIGITS}")' in keypad
    assert "TryExec(SayDigits(${DTMF_DIGITS}))" in keypad and "Goto(read)" in keypad
    # "h" matches the client pattern too: without its own priority 2 the pattern's Hangup(1) would run there.
    assert text.endswith("exten => h,1,NoOp(call ended: ${HANGUPCAUSE})\n same => n,Hangup()\n")
    assert "--dtmf-exten 701" in text.splitlines()[0]


@pytest.mark.parametrize("args, message", [
    (("--context", "a;b"), "context"),
    (("--context", "general"), "context: 'general' cannot name a dialplan context"),
    (("--echo-exten", "6 00"), "echo-exten"),
    (("--echo-exten", "h"), "echo-exten: 'h' is an extension Asterisk reserves"),
    (("--ring-seconds", "1"), "ring-seconds: 1 is not between 5 and 600"),
    (("--dtmf-exten", "600"), "dtmf-exten: '600' is already the echo test's number"),
    (("--dtmf-exten", "t"), "dtmf-exten: 't' is an extension Asterisk reserves"),
])
def test_dialplan_refuses_bad_values_with_one_line(args, message):
    res = run_cli("conf", "dialplan", *args)
    assert res.exit_code == 1
    assert message in res.stderr and res.stderr.count("\n") == 1 and not res.stdout


def test_rtp_conf_turns_ice_on_with_the_port_range_and_stun():
    text = rtp_conf("12000-12100", "stun.example.org:19302")
    assert "rtpstart=12000\nrtpend=12100\n" in text
    assert "icesupport=yes\n" in text
    assert "stunaddr=stun.example.org:19302\n" in text
    assert "turn" not in text.replace("; TURN", "")
    assert "stunaddr=[2001:db8::1]:3478\n" in rtp_conf(stun="[2001:db8::1]")  # IPv6 keeps its brackets


@pytest.mark.parametrize("value", ["20000-10000", "80-90", "10000", "10000-70000", "a-b", "10000-10004"])
def test_rtp_port_range_is_checked(value):
    with pytest.raises(ValidationError, match="rtp-ports"):
        parse_port_range(value)


def test_turn_password_comes_from_a_file_or_env_never_argv(tmp_path):
    secret = tmp_path / "turn"
    secret.write_text("tUrN-s3cret\n")
    res = run_cli("conf", "rtp", "--turn", "turn.example.org", "--turn-user", "bob", "--turn-password-file",
                  str(secret))
    assert res.exit_code == 0, res
    assert "turnaddr=turn.example.org:3478\nturnusername=bob\nturnpassword=tUrN-s3cret\n" in res.stdout
    res = run_cli("conf", "rtp", "--turn", "turn.example.org", "--turn-user", "bob", "--turn-password-env", "TP",
                  env={**os.environ, "TP": "from-env"})
    assert "turnpassword=from-env\n" in res.stdout
    # No option takes the password itself; without one, TURN is refused.
    res = run_cli("conf", "rtp", "--turn", "turn.example.org", "--turn-user", "bob")
    assert res.exit_code == 1 and "turn: needs --turn-user and a password" in res.stderr
    res = run_cli("conf", "rtp", "--turn", "turn.example.org", "--turn-user", "bob", "--turn-password-env", "NOPE_X")
    assert res.exit_code != 0 and "--turn-password-env: environment variable NOPE_X is not set" in res.stderr
    assert "--turn-password " not in run_cli("conf", "rtp", "--help").stdout


def test_turn_credentials_cannot_inject_lines(tmp_path):
    with pytest.raises(ValidationError, match="turn password"):
        rtp_conf(turn="t.example.org", turn_user="bob", turn_password="x\nstunaddr=evil")
    with pytest.raises(ValidationError, match="turn-user"):
        rtp_conf(turn="t.example.org", turn_user="bob\r", turn_password="x")


def test_http_phone_enables_static_files():
    assert "enablestatic" not in run_cli("conf", "http").stdout
    assert "\nenablestatic=yes\n" in run_cli("conf", "http", "--phone").stdout


def test_conf_phone_writes_the_page_and_never_replaces_a_different_file(tmp_path):
    res = run_cli("conf", "phone", "--out", str(tmp_path), "--host", "pbx.example.com")
    assert res.exit_code == 0, res
    assert sorted(p.name for p in tmp_path.iterdir()) == ["asterisk-ara-phone.html", "jssip.LICENSE.txt",
                                                         "jssip.min.js"]
    page = tmp_path / "asterisk-ara-phone.html"
    html = page.read_text()
    # No CDN: the page loads only the library beside it, and its script fetches nothing from elsewhere.
    assert re.findall(r'\b(?:src|href)="([^"]*)"', html) == ["data:,", "jssip.min.js"]
    script = html.split('<script src="jssip.min.js"></script>')[1]
    assert not re.search(r"\bfetch\(|XMLHttpRequest|\bimport\(|<script src", script)
    assert "https://pbx.example.com:8089/static/asterisk-ara-phone.html" in res.stderr
    page.write_text("mine")
    res = run_cli("conf", "phone", "--out", str(tmp_path))
    assert res.exit_code == 1 and page.read_text() == "mine"
    assert run_cli("conf", "phone", "--out", str(tmp_path), "--force").exit_code == 0
    assert page.read_text() == html and (tmp_path / "asterisk-ara-phone.html.bak").read_text() == "mine"


def test_conf_phone_refuses_a_library_that_is_not_the_one_vendored(tmp_path, monkeypatch):
    import asterisk_ara.phone as phone
    from asterisk_ara.errors import UsageError

    monkeypatch.setattr(phone, "jssip_sha256", lambda: "0" * 64)
    with pytest.raises(UsageError, match="jssip.min.js does not match its recorded SHA-256"):
        phone.write_page(tmp_path)
    assert not (tmp_path / "jssip.min.js").exists()


def test_vendored_jssip_has_the_pinned_version_and_checksum(tmp_path):
    """The JsSIP bundle in the package is the one recorded (version, SHA-256), and conf phone copies it intact."""
    import asterisk_ara.phone as phone_files

    package = Path(phone_files.__file__).parent
    data = (package / phone_files.JSSIP).read_bytes()
    recorded = (package / phone_files.JSSIP_SHA256_FILE).read_text()
    assert recorded == f"{hashlib.sha256(data).hexdigest()}  {phone_files.JSSIP}\n"
    assert data.startswith(f"/*! JsSIP {phone_files.JSSIP_VERSION} | MIT licence".encode())
    assert f'version:"{phone_files.JSSIP_VERSION}"'.encode() in data  # JsSIP.version, from its package.json
    lock = json.loads((ROOT / "tools" / "jssip" / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/jssip"]["version"] == phone_files.JSSIP_VERSION
    licence = (package / phone_files.JSSIP_LICENCE).read_text()
    for bundled in ("jssip", "debug", "ms", "events", "sdp-transform"):
        assert re.search(rf"^{re.escape(bundled)} \S+ \(MIT\), bundled in jssip.min.js$", licence, re.M), bundled
    assert "Permission is hereby granted, free of charge" in licence
    res = run_cli("conf", "phone", "--out", str(tmp_path))
    assert res.exit_code == 0, res
    assert (tmp_path / phone_files.JSSIP).read_bytes() == data
    assert (tmp_path / phone_files.JSSIP_LICENCE).read_text() == licence
    page = (tmp_path / phone_files.PAGE).read_text()
    assert '<script src="jssip.min.js"></script>' in page


def test_phone_page_has_no_hand_written_sip():
    """All SIP is JsSIP's: the page builds and parses no SIP message and opens no WebSocket itself."""
    from asterisk_ara.phone import page

    script = page().split('<script src="jssip.min.js"></script>')[1]
    for marker in ("SIP/2.0", "\\r\\n", "new WebSocket", "Via:", "CSeq", "Call-ID", "branch=", "Authorization:",
                   "Authenticate:", "crypto.subtle", "nonce"):
        assert marker.lower() not in script.lower(), marker
    for api in ("new JsSIP.UA(", "new JsSIP.WebSocketInterface(", ".sendDTMF(", ".hold()", ".unhold()",
                ".refer(", ".answer(", ".terminate("):
        assert api in script, api


def test_phone_page_stores_the_credential_only_when_remember_is_ticked():
    from asterisk_ara.phone import page

    html = page()
    assert "sessionStorage" not in html and "document.cookie" not in html and "indexedDB" not in html
    assert html.count("localStorage.setItem(") == 1
    assert re.search(r'if \(\$\("remember"\)\.checked\) localStorage\.setItem\(', html)
    assert 'id="password" type="password"' in html


def test_quickstart_writes_dialplan_rtp_and_phone_and_says_how_to_use_them(tmp_path):
    url = f"sqlite:///{tmp_path / 'a.db'}"
    res = run_cli("--database-url", url, "--json", "quickstart", "--host", "pbx.example.com", "--out",
                  str(tmp_path / "out"), "--rtp-ports", "11000-11999", "--echo-exten", "700", cwd=tmp_path)
    assert res.exit_code == 0, res
    doc = json.loads(res.stdout)
    etc = tmp_path / "out" / "etc"
    assert doc["dialplan_include"] == "#include extensions_asterisk_ara.conf"
    assert "exten => 700,1,Answer()" in (etc / "extensions_asterisk_ara.conf").read_text()
    assert "rtpstart=11000\nrtpend=11999\n" in (etc / "rtp.conf").read_text()
    assert "enablestatic=yes" in (etc / "http.conf").read_text()
    assert doc["phone_url"] == "https://pbx.example.com:8089/static/asterisk-ara-phone.html"
    assert os.path.exists(doc["phone_page"])
    assert (doc["echo_test"], doc["dtmf_test"], doc["rtp_ports"]) == ("700", "601", "11000-11999")
    assert "exten => 601,1,Answer()" in (etc / "extensions_asterisk_ara.conf").read_text()
    assert {"asterisk-ara-phone.html", "jssip.min.js", "jssip.LICENSE.txt"} <= \
        {p.name for p in (tmp_path / "out" / "static-http").iterdir()}
    text = run_cli("--database-url", url, "quickstart", "--host", "pbx.example.com", "--out",
                   str(tmp_path / "out"), "--rtp-ports", "11000-11999", "--echo-exten", "700", cwd=tmp_path).stdout
    assert "#include extensions_asterisk_ara.conf" in text
    assert "UDP 11000-11999 (media)" in text
    assert "https://pbx.example.com:8089/static/asterisk-ara-phone.html" in text
    res = run_cli("--database-url", url, "--json", "quickstart", "--host", "pbx.example.com", "--out",
                  str(tmp_path / "out2"), "--no-phone", cwd=tmp_path)
    doc = json.loads(res.stdout)
    assert doc["phone_url"] is None and "enablestatic" not in (tmp_path / "out2/etc/http.conf").read_text()
