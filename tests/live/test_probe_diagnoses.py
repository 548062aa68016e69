"""`probe` names the failing step, what Asterisk said, the cause and the fix; each failure caused for real
(issue 10, part 2: 8)."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from ..conftest import run_cli
from .asterisk import Asterisk, failure
from .conftest import new_id, start_pbx

pytestmark = pytest.mark.xdist_group("live-diagnoses")
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(scope="module")
def pbx(asterisk_binary, tmp_path_factory):
    yield from start_pbx(asterisk_binary, tmp_path_factory, "pgsql")


def add(pbx, *extra: str) -> str:
    client = new_id()
    pbx.ara("webrtc", "add", client, "--password-stdin", *extra, input=PASSWORD, check=True)
    return client


def failed(report: dict) -> dict:
    step = report["steps"][-1]
    assert not step["ok"] and report["failed_step"] == step["name"]
    return step


def test_success_reports_every_step(pbx):
    client = add(pbx)
    code, report = pbx.probe(client, PASSWORD, secure=True, rows=True)
    assert code == 0, failure(report)
    tls = report["steps"][1]["details"]
    assert tls["version"].startswith("TLSv1.") and tls["certificate"]["sans"] == ["DNS:localhost"]
    assert 390 <= tls["certificate"]["days_left"] <= 397
    assert report["database"]["max_contacts"] == 5 and report["hints"] == []
    assert all(step["seconds"] >= 0 for step in report["steps"])


def _comparable(text: str) -> str:
    """probe's text output with what differs from run to run made equal: times, ports, days left, the contact's
    random host, the expiry Asterisk granted, the database URL."""
    for pattern, same in ((r"\d+\.\d{3} s", "0.000 s"), (r"(localhost|127\.0\.0\.1):\d+", r"\1:PORT"),
                          (r"\d+ days left", "N days left"), (r"@[0-9a-f]+\.invalid", "@HOST.invalid"),
                          (r"registered for \d+ s", "registered for N s"), (r"expires \d+", "expires N"),
                          (r"rows in \S+:", "rows in DATABASE:")):
        text = re.sub(pattern, same, text)
    return text


def test_the_outputs_in_the_probe_how_to_are_what_probe_prints(pbx, tmp_path):
    """docs/how-to/probe.md shows probe's text output; here it is made again against a real Asterisk (issue 30)."""
    from ..test_docs import DOCS, shown_output

    page = DOCS / "how-to" / "probe.md"
    pbx.ara("webrtc", "add", "alice", "--password-stdin", input=PASSWORD, check=True)
    url = pbx.wss_url
    runs = {"probe-registered": pbx.ara("probe", url, "--user", "alice", "--password-stdin", "--ca", str(pbx.ca),
                                        input=PASSWORD),
            "probe-wrong-password": pbx.ara("probe", url, "--user", "alice", "--password-stdin", "--ca", str(pbx.ca),
                                            input=PASSWORD + "-wrong"),
            "probe-ip-mismatch": run_cli("probe", url.replace("localhost", "127.0.0.1"), "--user", "alice",
                                         "--password-stdin", "--ca", str(pbx.ca), input=PASSWORD)}
    for name, result in runs.items():
        assert result.exit_code == (0 if name == "probe-registered" else 1), result
        assert _comparable(result.stdout) == _comparable(shown_output(page, name)), \
            f"docs/how-to/probe.md ```text output:{name} differs from what probe printed:\n{result.stdout}"


def test_untrusted_ca(pbx, tmp_path):
    run_cli("tls", "init", "--host", "localhost", "--dir", str(tmp_path / "other"), check=True)
    code, report = pbx.probe(add(pbx), PASSWORD, secure=True, ca=tmp_path / "other" / "ca.crt")
    step = failed(report)
    assert code == 1 and step["name"] == "tls"
    assert "not trusted by the CA in" in step["cause"] and "--ca" in step["fix"]


def test_host_name_not_in_the_certificate(pbx):
    url = f"wss://127.0.0.1:{pbx.tls_port}/ws"
    code, report = pbx.probe(add(pbx), PASSWORD, url=url)
    step = failed(report)
    assert (code, step["name"]) == (1, "tls")
    assert "the address 127.0.0.1 is not in the certificate (SANs: DNS:localhost)" in step["cause"]
    assert "tls renew --dir KEYS --ip 127.0.0.1" in step["fix"]  # a new certificate from the same CA


def test_wss_to_the_plain_http_port(pbx):
    code, report = pbx.probe(add(pbx), PASSWORD, url=f"wss://localhost:{pbx.port}/ws")
    step = failed(report)
    assert (code, step["name"]) == (1, "tls")
    assert "does not speak TLS" in step["cause"] and "use ws://" in step["fix"]


def test_max_contacts_zero_set_by_sql_is_403(pbx):
    client = add(pbx)
    pbx.database.execute("UPDATE ps_aors SET max_contacts = 0 WHERE id = %s", (client,))
    code, report = pbx.probe(client, PASSWORD, rows=True)
    step = failed(report)
    assert (code, step["name"], step["server_said"]) == (1, "register", "403 Forbidden")
    assert "max_contacts is 0 or NULL" in step["cause"] and "--max-contacts" in step["fix"]
    assert any("max_contacts=0" in hint for hint in report["hints"])


def test_realm_mismatch_is_401_with_both_realms_named(pbx):
    # Hashed for the default realm "asterisk", then the realm column changed by hand: Asterisk challenges
    # with the auth's realm when it is set, and the stored md5_cred was not made for that one.
    client = add(pbx)
    pbx.database.execute("UPDATE ps_auths SET realm = 'pbx.example.com' WHERE id = %s", (client,))
    code, report = pbx.probe(client, PASSWORD, rows=True)
    step = failed(report)
    assert (code, step["name"], step["server_said"]) == (1, "register", "401 Unauthorized")
    assert 'realm "pbx.example.com"' in step["cause"]
    assert report["database"]["realm"] == "pbx.example.com" and report["database"]["password_matches"] is False
    assert any("hashed for realm 'asterisk' but Asterisk challenged with 'pbx.example.com'" in hint
               for hint in report["hints"]), report["hints"]


def test_asterisk_challenges_with_the_auths_realm(pbx):
    client = add(pbx, "--realm", "pbx.example.com")
    code, report = pbx.probe(client, PASSWORD)
    assert code == 0, failure(report)
    assert report["steps"][-2]["details"]["authentication"]["realm"] == "pbx.example.com"


def test_unknown_user(pbx):
    user = "nobody" + new_id()
    code, report = pbx.probe(user, PASSWORD, rows=True)
    step = failed(report)
    assert (code, step["name"], step["server_said"]) == (1, "register", "401 Unauthorized")
    assert any("ps_endpoints has no row" in hint for hint in report["hints"])
    # The fix says what the hint says (issue 30): create the client, not set its password.
    assert step["fix"] == f"create the client: asterisk-ara webrtc add {user}"


def test_missing_aor_row(pbx):
    client = add(pbx)
    pbx.database.execute("DELETE FROM ps_aors WHERE id = %s", (client,))
    code, report = pbx.probe(client, PASSWORD, rows=True)
    step = failed(report)
    assert (code, step["name"]) == (1, "register")
    assert step["server_said"] == "404 Not Found" and f"no AOR named {client}" in step["cause"]
    assert any(f"ps_aors has no row '{client}'" in hint for hint in report["hints"])


def test_sip_websocket_module_not_loaded_is_400(pbx):
    client = add(pbx)
    pbx.cli("module unload res_pjsip_transport_websocket.so")
    try:
        code, report = pbx.probe(client, PASSWORD)
    finally:
        pbx.cli("module load res_pjsip_transport_websocket.so")
    step = failed(report)
    assert (code, step["name"], step["server_said"]) == (1, "websocket", "400 Bad Request")
    assert "res_pjsip_transport_websocket is not loaded" in step["cause"]
    assert pbx.probe(client, PASSWORD)[0] == 0


def test_http_prefix_moves_the_websocket(asterisk_binary, tmp_path_factory):
    for pbx in start_pbx(asterisk_binary, tmp_path_factory, "pgsql", http_prefix="asterisk"):
        client = add(pbx)
        code, report = pbx.probe(client, PASSWORD)
        step = failed(report)
        assert (code, step["name"], step["server_said"]) == (1, "websocket", "404 Not Found")
        assert "prefix" in step["cause"] and "/P/ws" in step["fix"]
        code, report = pbx.probe(client, PASSWORD, url=f"ws://127.0.0.1:{pbx.port}/asterisk/ws")
        assert code == 0, failure(report)


def test_expired_certificate(asterisk_binary, tmp_path_factory):
    gen = start_pbx(asterisk_binary, tmp_path_factory, "pgsql", start=False)
    pbx = next(gen)
    try:
        _replace_with_expired_certificate(pbx)
        pbx.start()
        code, report = pbx.probe(add(pbx), PASSWORD, secure=True)
        step = failed(report)
        assert (code, step["name"]) == (1, "tls")
        assert "the certificate expired on" in step["cause"] and "tls renew" in step["fix"]
        assert step["details"]["certificate"]["days_left"] < 0
    finally:
        gen.close()


def _replace_with_expired_certificate(pbx: Asterisk) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    ca_cert = x509.load_pem_x509_certificate((pbx.keys / "ca.crt").read_bytes())
    ca_key = serialization.load_pem_private_key((pbx.keys / "ca.key").read_bytes(), None)
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
            .issuer_name(ca_cert.subject).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=30)).not_valid_after(now - dt.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    (pbx.keys / "asterisk.crt").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (pbx.keys / "asterisk.key").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))


def test_asterisk_stopped(pbx):
    """Last in this module: it stops the module's Asterisk."""
    client = add(pbx)
    pbx.stop()
    for secure in (True, False):
        code, report = pbx.probe(client, PASSWORD, secure=secure)
        step = failed(report)
        assert (code, step["name"]) == (1, "tcp")
        assert step["summary"].startswith("connection refused by")
        assert ("tlsenable=yes and tlsbindaddr" if secure else "bindport=") in step["fix"]

