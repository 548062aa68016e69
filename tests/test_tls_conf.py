"""Issue 4: TLS files browsers accept, and the static Asterisk files, checked by parsing them back."""
from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import ExtendedKeyUsageOID

from .conftest import run_cli


def read_asterisk_conf(text: str) -> dict[str, list[tuple[str, str]]]:
    """Sections of an Asterisk config file: `key=value` and `key => value`, ';' comments, '\\;' escapes."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current = None
    for raw in text.splitlines():
        line = raw.replace("\\;", "\0").split(";", 1)[0].replace("\0", ";").strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections.setdefault(current, [])
            continue
        assert current is not None, f"option outside a section: {raw!r}"
        sep = "=>" if "=>" in line and line.index("=>") <= line.index("=") else "="
        key, value = line.split(sep, 1)
        sections[current].append((key.strip(), value.strip()))
    return sections


def opts(text: str, section: str) -> dict[str, str]:
    return dict(read_asterisk_conf(text)[section])


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    d = tmp_path_factory.mktemp("keys")
    res = run_cli("tls", "init", "--host", "pbx.example.com", "--ip", "192.0.2.10", "--dns", "localhost",
                  "--org", "My Organization", "--dir", str(d))
    assert res.exit_code == 0, res
    return d


def load(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


def test_tls_init_makes_browser_grade_certificates(keys):
    assert sorted(p.name for p in keys.iterdir()) == ["asterisk.crt", "asterisk.key", "asterisk.pem", "ca.crt", "ca.key"]
    ca, leaf = load(keys / "ca.crt"), load(keys / "asterisk.crt")
    assert ca.version == leaf.version == x509.Version.v3
    bc = ca.extensions.get_extension_for_class(x509.BasicConstraints)
    assert bc.critical and bc.value.ca
    ku = ca.extensions.get_extension_for_class(x509.KeyUsage).value
    assert ku.key_cert_sign and ku.crl_sign
    ca.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
    ca.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier)
    san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == ["pbx.example.com", "localhost"]
    assert [str(i) for i in san.get_values_for_type(x509.IPAddress)] == ["192.0.2.10"]
    assert ExtendedKeyUsageOID.SERVER_AUTH in leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert leaf.serial_number not in (0, 1) and leaf.serial_number != ca.serial_number
    assert (leaf.not_valid_after_utc - leaf.not_valid_before_utc).days in (397,)
    leaf.verify_directly_issued_by(ca)
    assert leaf.public_key().key_size == 2048
    for name in ("ca.key", "asterisk.key", "asterisk.pem"):
        assert mode(keys / name) == 0o600
    pem = (keys / "asterisk.pem").read_bytes()
    assert pem == (keys / "asterisk.key").read_bytes() + (keys / "asterisk.crt").read_bytes()


def test_openssl_accepts_chain_and_host(keys):
    ok = subprocess.run(["openssl", "verify", "-CAfile", keys / "ca.crt", keys / "asterisk.crt"], capture_output=True, text=True)
    assert ok.returncode == 0 and ": OK" in ok.stdout
    host = subprocess.run(["openssl", "x509", "-in", keys / "asterisk.crt", "-noout", "-checkhost", "pbx.example.com"],
                          capture_output=True, text=True)
    assert "does match certificate" in host.stdout and "NOT" not in host.stdout
    other = subprocess.run(["openssl", "x509", "-in", keys / "asterisk.crt", "-noout", "-checkhost", "evil.example.com"],
                           capture_output=True, text=True)
    assert "does NOT match" in other.stdout


def test_tls_check_clean_then_names_problems(keys, tmp_path):
    res = run_cli("tls", "check", "--dir", str(keys), "--host", "pbx.example.com")
    assert res.exit_code == 0, res
    assert "FAIL" not in res.stdout and "subjectAltName covers pbx.example.com" in res.stdout
    res = run_cli("tls", "check", "--dir", str(keys), "--host", "other.example.com")
    assert res.exit_code == 1 and "FAIL subjectAltName does not cover other.example.com" in res.stdout
    # A key that does not match, loose permissions, a foreign CA:
    other = tmp_path / "other"
    run_cli("tls", "init", "--host", "x.example", "--dir", str(other), check=True)
    broken = tmp_path / "broken"
    broken.mkdir()
    for name in ("ca.crt", "asterisk.crt"):
        (broken / name).write_bytes((keys / name).read_bytes())
    (broken / "asterisk.key").write_bytes((other / "asterisk.key").read_bytes())
    os.chmod(broken / "asterisk.key", 0o644)
    res = run_cli("tls", "check", "--dir", str(broken))
    assert res.exit_code == 1
    assert "FAIL asterisk.key does not match asterisk.crt" in res.stdout
    assert "FAIL asterisk.key mode 0644" in res.stdout
    (broken / "ca.crt").write_bytes((other / "ca.crt").read_bytes())
    assert "FAIL asterisk.crt is not signed by ca.crt" in run_cli("tls", "check", "--dir", str(broken)).stdout


def test_tls_refuses_overwrite_weak_keys_and_long_lives(keys, tmp_path):
    before = (keys / "ca.key").read_bytes()
    res = run_cli("tls", "init", "--host", "pbx.example.com", "--dir", str(keys))
    assert res.exit_code == 2 and "--force" in res.stderr and (keys / "ca.key").read_bytes() == before
    res = run_cli("tls", "init", "--host", "h", "--dir", str(tmp_path / "w"), "--key-type", "rsa1024")
    assert res.exit_code == 1 and "key-type: 'rsa1024'" in res.stderr and not (tmp_path / "w").exists()
    res = run_cli("tls", "init", "--host", "h", "--dir", str(tmp_path / "l"), "--days", "825")
    assert res.exit_code == 1 and "days: 825" in res.stderr


def test_key_types_and_encrypted_ca(tmp_path):
    pw = tmp_path / "capass"
    pw.write_text("a long ca passphrase\n")
    d = tmp_path / "ec"
    run_cli("tls", "init", "--host", "pbx", "--dir", str(d), "--key-type", "ec-p256", "--ca-passphrase-file", str(pw), check=True)
    assert load(d / "asterisk.crt").public_key().curve.name == "secp256r1"
    with pytest.raises(TypeError):  # encrypted: needs the passphrase
        serialization.load_pem_private_key((d / "ca.key").read_bytes(), None)
    serialization.load_pem_private_key((d / "ca.key").read_bytes(), b"a long ca passphrase")
    d2 = tmp_path / "r4"
    run_cli("tls", "init", "--host", "pbx", "--dir", str(d2), "--key-type", "rsa4096", check=True)
    assert load(d2 / "asterisk.crt").public_key().key_size == 4096
    # renew and client need the CA key, hence the passphrase
    assert run_cli("tls", "renew", "--dir", str(d)).exit_code == 2
    old = load(d / "asterisk.crt")
    run_cli("tls", "renew", "--dir", str(d), "--ca-passphrase-file", str(pw), "--days", "90", check=True)
    new = load(d / "asterisk.crt")
    assert new.serial_number != old.serial_number and new.subject == old.subject
    assert new.extensions.get_extension_for_class(x509.SubjectAlternativeName) == \
        old.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    assert (new.not_valid_after_utc - new.not_valid_before_utc).days == 90
    run_cli("tls", "client", "phone1", "--dir", str(d), "--ca-passphrase-file", str(pw), check=True)
    cert = load(d / "phone1.crt")
    assert ExtendedKeyUsageOID.CLIENT_AUTH in cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    cert.verify_directly_issued_by(load(d / "ca.crt"))
    assert mode(d / "phone1.key") == 0o600


def test_conf_http_and_pjsip():
    http = run_cli("conf", "http", "--tls-dir", "/etc/asterisk/keys", "--tls-port", "8443").stdout
    assert opts(http, "general") == {
        "enabled": "yes", "bindaddr": "0.0.0.0", "bindport": "8088", "tlsenable": "yes",
        "tlsbindaddr": "0.0.0.0:8443", "tlscertfile": "/etc/asterisk/keys/asterisk.crt",
        "tlsprivatekey": "/etc/asterisk/keys/asterisk.key"}
    for args, message in ((("--tls-dir", "keys"), "tls-dir: 'keys' is not an absolute path"),
                          (("--port", "70000"), "port: 70000 is not a port"),
                          (("--bindaddr", "nowhere"), "bindaddr: 'nowhere' is not an IP address")):
        res = run_cli("conf", "http", *args)
        assert res.exit_code == 1 and message in res.stderr
    pj = read_asterisk_conf(run_cli("conf", "pjsip").stdout)
    assert dict(pj["transport-wss"]) == {"type": "transport", "protocol": "wss", "bind": "0.0.0.0"}
    assert dict(pj["transport-ws"])["protocol"] == "ws"
    assert "transport-ws" not in read_asterisk_conf(run_cli("conf", "pjsip", "--no-ws").stdout)


def _realtime(url, *args):
    import json

    res = run_cli("--database-url", url, "--json", "conf", "realtime", *args)
    assert res.exit_code == 0, res
    return json.loads(res.stdout)


def test_realtime_postgresql_tcp_and_socket():
    files = _realtime("postgresql://asterisk:s3cret@db.example:5433/pbx")
    ext = read_asterisk_conf(files["extconfig.conf"])["settings"]
    assert ("ps_endpoints", "pgsql,pbx,asterisk_ara_ordered_ps_endpoints") in ext
    assert ("ps_contacts", "pgsql,pbx,asterisk_ara_ordered_ps_contacts") in ext
    assert opts(files["res_pgsql.conf"], "general") == {
        "hostname": "db.example", "port": "5433", "dbname": "pbx", "user": "asterisk", "password": "s3cret",
        "appname": "asterisk", "requirements": "warn", "order_multi_row_results_by_initial_column": "no"}
    sorcery = read_asterisk_conf(files["sorcery.conf"])
    assert dict(sorcery["res_pjsip"]) == {
        "endpoint": "realtime,ps_endpoints,allow_unqualified_fetch=no",
        "endpoint/cache": "memory_cache,full_backend_cache=yes,maximum_objects=250",
        "auth": "realtime,ps_auths,allow_unqualified_fetch=no", "aor": "realtime,ps_aors,allow_unqualified_fetch=no",
        "contact": "realtime,ps_contacts"}
    assert dict(sorcery["res_pjsip_endpoint_identifier_ip"]) == {"identify": "realtime,ps_endpoint_id_ips"}
    sock = opts(_realtime("postgresql://asterisk@/pbx?host=/var/run/postgresql")["res_pgsql.conf"], "general")
    assert sock["socket"] == "/var/run/postgresql" and "hostname" not in sock
    semi = opts(_realtime("postgresql://a:pa;ss@h/pbx")["res_pgsql.conf"], "general")
    assert semi["password"] == "pa;ss"
    assert "password=pa\\;ss" in _realtime("postgresql://a:pa;ss@h/pbx")["res_pgsql.conf"]
    res = run_cli("--database-url", "postgresql://a:two%20words@h/pbx", "conf", "realtime")
    assert res.exit_code == 1 and "quoting" in res.stderr and "two words" not in res.stderr


def test_realtime_cache_lines_precede_their_objects():
    sorcery = read_asterisk_conf(_realtime("postgresql://a@h/pbx", "--cache")["sorcery.conf"])["res_pjsip"]
    keys = [k for k, _ in sorcery]
    for obj in ("endpoint", "auth", "aor"):
        assert keys.index(f"{obj}/cache") == keys.index(obj) - 1
        assert dict(sorcery)[f"{obj}/cache"].startswith("memory_cache,")


def test_realtime_mariadb_odbc_and_mysql_drivers():
    files = _realtime("mysql://asterisk:pw@db.example/pbx")
    assert set(files) == {"extconfig.conf", "sorcery.conf", "res_odbc.conf", "odbc.ini", "res_config_odbc.conf"}
    assert ("ps_aors", "odbc,asterisk,asterisk_ara_ordered_ps_aors") in \
        read_asterisk_conf(files["extconfig.conf"])["settings"]
    odbc = opts(files["res_odbc.conf"], "asterisk")
    assert (odbc["enabled"], odbc["dsn"], odbc["username"], odbc["password"], odbc["pre-connect"]) == \
        ("yes", "asterisk", "asterisk", "pw", "yes")
    ini = files["odbc.ini"]
    assert "[asterisk]" in ini and "Driver = MariaDB Unicode" in ini and "Database = pbx" in ini
    my = _realtime("mysql://asterisk:pw@db.example/pbx", "--driver", "mysql")
    assert opts(my["res_config_mysql.conf"], "asterisk")["dbname"] == "pbx"
    assert ("ps_auths", "mysql,asterisk,ps_auths") in read_asterisk_conf(my["extconfig.conf"])["settings"]
    pg_odbc = _realtime("postgresql://a:pw@h/pbx", "--driver", "odbc")
    assert "Driver = PostgreSQL Unicode" in pg_odbc["odbc.ini"]
    assert run_cli("--database-url", "mysql://a@h/pbx", "conf", "realtime", "--driver", "pgsql").exit_code == 2


def test_realtime_sqlite_absolute_path_no_contacts(tmp_path):
    files = _realtime("sqlite:///relative.db")
    conf = opts(files["res_config_sqlite3.conf"], "asterisk")
    assert conf["dbfile"].startswith("/") and conf["dbfile"].endswith("/relative.db") and conf["batch"] == "0"
    assert "general" not in read_asterisk_conf(files["res_config_sqlite3.conf"])
    ext = dict(read_asterisk_conf(files["extconfig.conf"])["settings"])
    assert ext["ps_endpoints"] == "sqlite3,asterisk,ps_endpoints" and "ps_contacts" not in ext
    assert "contact" not in dict(read_asterisk_conf(files["sorcery.conf"])["res_pjsip"])
    assert "never deletes" in files["sorcery.conf"]


def test_modules():
    pg = read_asterisk_conf(run_cli("--database-url", "postgresql://a@h/d", "conf", "modules").stdout)["modules"]
    loads = [v for k, v in pg if k == "load"]
    for mod in ("res_config_pgsql.so", "res_sorcery_realtime.so", "res_crypto.so", "res_http_websocket.so",
                "res_pjsip_transport_websocket.so", "res_srtp.so", "res_pjsip.so", "chan_pjsip.so"):
        assert mod in loads
    odbc = read_asterisk_conf(run_cli("--database-url", "mysql://a@h/d", "conf", "modules").stdout)["modules"]
    assert [v for k, v in odbc if k == "preload"] == ["res_odbc_transaction.so", "res_odbc.so", "res_config_odbc.so"]
    # The complete file loads the same modules, and only those (autoload = no); codec_opus, which few builds
    # have, is a commented line in both.
    text = run_cli("--database-url", "postgresql://a@h/d", "conf", "modules", "--complete").stdout
    complete = read_asterisk_conf(text)["modules"]
    assert complete[0] == ("autoload", "no") and complete[1:] == pg
    assert ";load => codec_opus.so" in text


def test_conf_write_is_atomic_deterministic_and_careful(tmp_path):
    url = "postgresql://asterisk:pw@db.example/pbx"
    out = tmp_path / "etc"
    run_cli("--database-url", url, "conf", "write", "--out", str(out), "--tls-dir", "/etc/asterisk/keys", check=True)
    names = sorted(p.name for p in out.iterdir())
    assert names == ["asterisk-ara-database.conf", "asterisk-openssl.cnf", "extconfig.conf",
                     "extensions_asterisk_ara.conf", "http.conf", "modules.conf.snippet", "pg_service.conf", "pjsip.conf",
                     "res_pgsql.conf", "rtp.conf", "sorcery.conf"]
    assert mode(out / "res_pgsql.conf") == 0o640 and mode(out / "http.conf") == 0o644
    first = {n: (out / n).read_bytes() for n in names}
    res = run_cli("--database-url", url, "conf", "write", "--out", str(out), "--tls-dir", "/etc/asterisk/keys")
    assert res.exit_code == 0 and "unchanged" in res.stderr
    assert {n: (out / n).read_bytes() for n in names} == first
    # A different run elsewhere gives the same bytes (no timestamps).
    out2 = tmp_path / "etc2"
    run_cli("--database-url", url, "conf", "write", "--out", str(out2), "--tls-dir", "/etc/asterisk/keys", check=True)
    assert {n: (out2 / n).read_bytes() for n in names} == first
    # A differing file is kept, then replaced with --force (old one saved as .bak).
    (out / "http.conf").write_text("[general]\nenabled=no\n")
    res = run_cli("--database-url", url, "conf", "write", "--out", str(out), "--tls-dir", "/etc/asterisk/keys")
    assert res.exit_code == 1 and "kept" in res.stderr
    assert (out / "http.conf").read_text() == "[general]\nenabled=no\n"
    run_cli("--database-url", url, "conf", "write", "--out", str(out), "--tls-dir", "/etc/asterisk/keys", "--force", check=True)
    assert (out / "http.conf").read_bytes() == first["http.conf"]
    assert (out / "http.conf.bak").read_text() == "[general]\nenabled=no\n"
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    # --complete: the whole directory for an empty etc/asterisk; --out naming a file is said in words.
    full = tmp_path / "full"
    run_cli("--database-url", url, "conf", "write", "--out", str(full), "--complete", check=True)
    assert sorted(p.name for p in full.iterdir()) == sorted(
        [n for n in names if n != "modules.conf.snippet"] + ["modules.conf", "extensions.conf", "logger.conf"])
    res = run_cli("--database-url", url, "conf", "write", "--out", str(out / "http.conf"))
    assert res.exit_code == 2 and f"--out: {out / 'http.conf'} is a file; give a directory" in res.stderr


def _handshake(keys, name: str) -> None:
    """A TLS handshake with a server on the certificate in ``keys``, by a client that trusts only ca.crt and
    checks ``name`` as a browser does (raises when the certificate does not serve it)."""
    import socket
    import ssl
    import threading

    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(keys / "asterisk.crt", keys / "asterisk.key")
    client_ctx = ssl.create_default_context(cafile=str(keys / "ca.crt"))
    with socket.create_server(("127.0.0.1", 0)) as listener:
        def serve():
            conn, _ = listener.accept()
            try:
                with server_ctx.wrap_socket(conn, server_side=True):
                    pass
            except (ssl.SSLError, OSError):
                pass

        thread = threading.Thread(target=serve)
        thread.start()
        try:
            with socket.create_connection(listener.getsockname(), timeout=10) as raw:
                with client_ctx.wrap_socket(raw, server_hostname=name):
                    pass
        finally:
            thread.join(10)


def test_renew_adds_names_from_the_same_ca(tmp_path):
    """Issue 30: a name added with `tls renew` is served by a new certificate from the same CA: ca.crt and ca.key
    byte-identical, the old name still served, and a client trusting only the CA accepts both."""
    import ssl

    keys = tmp_path / "keys"
    run_cli("tls", "init", "--host", "pbx.example.com", "--dir", str(keys), check=True)
    ca = {n: (keys / n).read_bytes() for n in ("ca.crt", "ca.key")}
    with pytest.raises(ssl.SSLCertVerificationError):
        _handshake(keys, "phones.example.com")
    res = run_cli("--json", "tls", "renew", "--host", "phones.example.com", "--ip", "192.0.2.7", cwd=tmp_path)
    assert res.exit_code == 0, res  # found ./keys without --dir
    assert json.loads(res.stdout)["added_names"] == ["phones.example.com", "192.0.2.7"]
    assert {n: (keys / n).read_bytes() for n in ca} == ca
    for name in ("pbx.example.com", "phones.example.com"):
        _handshake(keys, name)
    assert run_cli("tls", "check", "--dir", str(keys), "--host", "192.0.2.7").exit_code == 0
    # Adding a name that is there adds nothing; the text says the CA stayed.
    res = run_cli("tls", "renew", "--dir", str(keys), "--dns", "pbx.example.com")
    assert res.exit_code == 0 and "now also serves" not in res.stderr
    res = run_cli("tls", "renew", "--dir", str(keys), "--dns", "*.example.com")
    assert "now also serves *.example.com; ca.crt is unchanged" in res.stderr
