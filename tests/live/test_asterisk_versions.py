"""Issue 25: a smoke test on every Asterisk release the project supports (the full live suite runs on 22).

Per release, one Asterisk on `quickstart`'s files reading PostgreSQL: clients with md5 and digest credentials
register over wss, Chromium loads the phone page Asterisk serves and calls the echo test with media both ways,
and a small pjsip.conf shows the same in `pjsip show` from the static file and from the rows `conf import`
wrote. One Chromium serves all releases (every instance gets the same test CA).

Each release is looked for at its install prefix (what ../shared/asterisk/install.sh uses), or at
$ASTERISK_ARA_TEST_ASTERISK_<MAJOR>, and must say it is that release (`asterisk -V`). A missing one is
skipped with its reason, and fails with ASTERISK_ARA_REQUIRE_ASTERISK=1 (set by .ci/run).
"""
from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from ..conftest import make_database, run_cli
from .asterisk import failure, quickstart_pbx
from .browser import Phone, chromium_trusting
from .conftest import missing_asterisk, new_id
from .test_pjsipconf import normalised

pytestmark = pytest.mark.xdist_group("live-versions")

#: The supported releases and where ../shared/asterisk/install.sh puts each. The docs (docs/index.md,
#: README.md) name these, and .ci/run installs each of them: tests/test_docs.py keeps the three in step.
SUPPORTED = {"20.20.1": "/opt/asterisk-20", "22.10.1": "/opt/asterisk", "23.4.1": "/opt/asterisk-23"}
PASSWORD = "correct-horse-battery-staple"

SMALL_PJSIP_CONF = """\
[desk](!)
type=endpoint
context=default
disallow=all
allow=g722
allow=ulaw
direct_media=no

[7001](desk)
aors=7001
auth=7001
callerid=Front desk <7001>
set_var=DEPT=front\\;desk

[7001]
type=aor
max_contacts=2
qualify_frequency=0

[7001]
type=auth
auth_type=userpass
username=7001
password=seven-zero-zero-one

[7001-site]
type=identify
endpoint=7001
match=198.51.100.7
"""
SHOWN = [("endpoint", "7001"), ("aor", "7001"), ("auth", "7001"), ("identify", "7001-site")]


def release_binary(version: str) -> Path | None:
    """The asterisk binary of exactly this release, or None."""
    override = os.environ.get(f"ASTERISK_ARA_TEST_ASTERISK_{version.split('.')[0]}")
    binary = Path(override) if override else Path(SUPPORTED[version]) / "sbin" / "asterisk"
    if not (binary.is_file() and os.access(binary, os.X_OK)):
        return None
    said = subprocess.run([str(binary), "-V"], capture_output=True, text=True, timeout=30).stdout.strip()
    return binary if said == f"Asterisk {version}" else None


@pytest.fixture(scope="module")
def test_ca(tmp_path_factory) -> Path:
    """One CA and server certificate for localhost, copied to every instance, so one browser trusts them all."""
    keys = tmp_path_factory.mktemp("versions-keys") / "keys"
    run_cli("tls", "init", "--host", "localhost", "--dir", str(keys), check=True)
    return keys


@pytest.fixture(scope="module", params=sorted(SUPPORTED, key=lambda v: tuple(map(int, v.split(".")))))
def pbx(request, test_ca, tmp_path_factory):
    """This release on the files `quickstart` wrote for PostgreSQL, the phone page where its next steps say."""
    version = request.param
    binary = release_binary(version)
    if binary is None:
        reason = (f"Asterisk {version} not found at {SUPPORTED[version]}/sbin/asterisk (run "
                  f"../shared/asterisk/install.sh {version}, or set ASTERISK_ARA_TEST_ASTERISK_{version.split('.')[0]})")
        missing_asterisk(reason)
    root = tmp_path_factory.mktemp(f"asterisk-{version}")
    for db in make_database("postgresql", root):
        pbx = quickstart_pbx(binary, root, db.url, None, version, keys=test_ca)  # keys that fit the host
        started = time.monotonic()
        pbx.start()
        print(f"Asterisk {version} booted in {time.monotonic() - started:.1f} s")
        try:
            yield pbx
        finally:
            pbx.stop()


@pytest.fixture(scope="module")
def chromium(test_ca, tmp_path_factory):
    with chromium_trusting(tmp_path_factory.mktemp("versions-chromium-home"), test_ca / "ca.crt") as browser:
        yield browser


def test_it_is_the_release_and_the_quickstart_client_registers_with_md5(pbx):
    assert pbx.cli("core show version").startswith(f"Asterisk {pbx.name} ")
    client = pbx.quickstart["client"]
    code, report = pbx.probe(client["id"], client["password"], secure=True)
    assert code == 0, failure(report)
    assert len(pbx.settings("auth", client["id"])["md5_cred"]) == 32
    # What webrtc=yes turns on, as this release read the rows.
    settings = pbx.settings("endpoint", client["id"])
    expected = {"webrtc": "yes", "media_encryption": "dtls", "ice_support": "true", "use_avpf": "true",
                "rtcp_mux": "true", "bundle": "true", "dtls_auto_generate_cert": "Yes"}
    assert {k: settings.get(k) for k in expected} == expected


def test_a_digest_client_registers(pbx):
    name = new_id("d")
    pbx.ara("webrtc", "add", name, "--password-stdin", "--credential", "digest", input=PASSWORD, check=True)
    code, report = pbx.probe(name, PASSWORD, secure=True)
    assert code == 0, failure(report)
    assert pbx.settings("auth", name)["password_digest"] != ""
    # A wrong password is refused: the digest is checked, not just present.
    code, report = pbx.probe(name, PASSWORD + "x", secure=True)
    assert code == 1 and [s["name"] for s in report["steps"] if not s["ok"]] == ["register"]


def test_chromium_calls_the_echo_test_with_media_both_ways(pbx, chromium):
    name = new_id("c")
    pbx.ara("webrtc", "add", name, "--password-stdin", input=PASSWORD, check=True)
    context = chromium.new_context()
    try:
        phone = Phone(context.new_page(), pbx.quickstart["phone_url"])  # trusted HTTPS from Asterisk itself
        phone.register(name, PASSWORD)
        phone.call(pbx.quickstart["echo_test"])
        first, last = phone.media_flows(2.0)  # waits for the first packets: the call was answered
        assert last["stats"]["dtls"] == "connected", last
        assert last["stats"]["packetsReceived"] >= first["stats"]["packetsReceived"] + 60, (first, last)
        assert last["stats"]["packetsSent"] > first["stats"]["packetsSent"], (first, last)
    finally:
        context.close()


def test_conf_import_shows_the_same_objects_as_the_static_file(pbx):
    site = pbx.root / "small-pjsip.conf"
    site.write_text(SMALL_PJSIP_CONF)
    res = pbx.ara("conf", "import", str(site))
    assert res.exit_code == 0, res
    imported = {key: normalised(key[0], pbx.cli(f"pjsip show {key[0]} {key[1]}")) for key in SHOWN}
    assert "DEPT" in imported[("endpoint", "7001")] and "front;desk" in imported[("endpoint", "7001")]
    code, report = pbx.probe("7001", "seven-zero-zero-one")
    assert code == 0, failure(report)

    # The same objects from the static file: quickstart's pjsip.conf (the transports) plus the small one,
    # with nothing mapped to the database.
    generated = {f: (pbx.etc / f).read_text() for f in ("pjsip.conf", "sorcery.conf")}
    pbx.stop()
    try:
        (pbx.etc / "pjsip.conf").write_text(generated["pjsip.conf"] + "\n" + SMALL_PJSIP_CONF)
        (pbx.etc / "sorcery.conf").write_text("; nothing mapped: every object comes from pjsip.conf\n")
        pbx.start()
        static = {key: normalised(key[0], pbx.cli(f"pjsip show {key[0]} {key[1]}")) for key in SHOWN}
        pbx.stop()
    finally:
        for f, text in generated.items():
            (pbx.etc / f).write_text(text)
    for key in SHOWN:
        assert "Unable to find" not in static[key] and static[key].strip(), key
        assert imported[key] == static[key], f"{key} differs:\n--- static\n{static[key]}\n--- imported\n{imported[key]}"
    pbx.start()  # as it was: on the database
