"""Issue 11: no input destroys a file, leaks a secret, injects a config line or slips past a rule.

Each class is tried on PostgreSQL, MariaDB and SQLite (the ``db`` fixture) where a database is
involved; every refusal is one line, a non-zero exit, and nothing changed (files byte for byte,
row counts).
"""
from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import refused_before_the_database, run_cli
from .test_webrtc import counts

PW = "correct-horse-battery"
SECRET = "S3cr3tXyZ"


def cli(db, *args, **kw):
    return run_cli("--database-url", db.url, *args, **kw)


def one_line_error(result, *needles, code=None):
    """The command failed with exactly one 'Error:' line (no traceback) holding every needle."""
    assert result.exit_code != 0, result
    if code is not None:
        assert result.exit_code == code, result
    assert "Traceback" not in result.stderr, result
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result
    for needle in needles:
        assert needle in lines[0], result
    return lines[0]


def snapshot(directory: Path) -> dict[str, tuple[bytes, int] | str]:
    """Every entry under ``directory``: bytes and mode of files, targets of symlinks."""
    out = {}
    for path in sorted(directory.rglob("*")):
        rel = str(path.relative_to(directory))
        if path.is_symlink():
            out[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            out[rel] = (path.read_bytes(), stat.S_IMODE(path.stat().st_mode))
    return out


def csv_file(tmp_path, text, name="users.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


# --- 1. never destroy what the tool did not create ----------------------------------------------

def test_passwords_out_never_replaces_and_never_deletes(db, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    users = csv_file(work, "id\nalice\nbob\n")
    out = work / "passwords.csv"
    first = cli(db, "import", str(users), "--passwords-out", str(out))
    assert first.exit_code == 0, first
    generated = out.read_bytes()
    assert len(generated.splitlines()) == 2 and stat.S_IMODE(out.stat().st_mode) == 0o600
    before, rows = snapshot(work), counts(db)
    # The re-run that used to delete the only copy of the passwords: refused before anything happens.
    again = cli(db, "import", str(users), "--passwords-out", str(out))
    one_line_error(again, str(out), "exists already", "--force", code=2)
    assert snapshot(work) == before and counts(db) == rows
    # A new path and a failing import (ids taken): the path is never created, no temporary file is left.
    fresh = work / "fresh.csv"
    failed = cli(db, "import", str(users), "--passwords-out", str(fresh))
    assert failed.exit_code == 1 and "already exists" in failed.stderr and "Traceback" not in failed.stderr
    assert snapshot(work) == before and counts(db) == rows
    # A dry run creates nothing either.
    dry = cli(db, "import", str(csv_file(work, "id\ncarol\n", "new.csv")), "--dry-run", "--passwords-out", str(fresh))
    assert dry.exit_code == 0, dry
    assert not fresh.exists() and not [p for p in work.iterdir() if p.name.startswith(".")]
    assert counts(db) == rows


def test_passwords_out_symlink_is_not_followed(db, tmp_path):
    precious = tmp_path / "precious.txt"
    precious.write_bytes(b"keep me\n")
    link = tmp_path / "out.csv"
    link.symlink_to(precious)
    dangling = tmp_path / "dangling.csv"
    dangling.symlink_to(tmp_path / "nowhere")
    users = csv_file(tmp_path, "id\nalice\n")
    before = snapshot(tmp_path)
    for target in (link, dangling):
        one_line_error(cli(db, "import", str(users), "--passwords-out", str(target)), "exists already", code=2)
    assert snapshot(tmp_path) == before and counts(db) == (0, 0, 0)
    # --force replaces the link itself, never the file it points to.
    forced = cli(db, "import", str(users), "--passwords-out", str(link), "--force")
    assert forced.exit_code == 0, forced
    assert precious.read_bytes() == b"keep me\n" and not link.is_symlink()
    assert link.read_text().startswith("alice,") and counts(db) == (1, 1, 1)


def test_export_refuses_an_existing_file(db, tmp_path):
    assert cli(db, "webrtc", "add", "alice", "--password-stdin", input=PW).exit_code == 0
    precious = tmp_path / "precious.csv"
    precious.write_bytes(b"mine\n")
    link = tmp_path / "link.csv"
    link.symlink_to(precious)
    before = snapshot(tmp_path)
    for target in (precious, link):
        one_line_error(cli(db, "export", str(target)), "exists already", code=2)
    assert snapshot(tmp_path) == before
    assert cli(db, "export", str(link), "--force").exit_code == 0
    assert precious.read_bytes() == b"mine\n" and link.read_text().startswith("id,")


def test_tls_init_never_replaces_a_users_file_and_writes_all_or_nothing(tmp_path):
    keys = tmp_path / "keys"
    keys.mkdir()
    (keys / "asterisk.key").write_bytes(b"the user's own key\n")
    before = snapshot(keys)
    res = run_cli("tls", "init", "--host", "pbx.example.com", "--dir", str(keys))
    one_line_error(res, "asterisk.key", "exists already", code=2)
    assert snapshot(keys) == before  # not even the CA was written


def test_conf_write_keeps_every_backup_and_fixes_a_secret_files_mode(tmp_path):
    url = "postgresql://asterisk:pw123456789@db.example/asterisk"
    out = tmp_path / "etc"
    assert run_cli("--database-url", url, "conf", "write", "--out", str(out)).exit_code == 0
    pgsql = out / "res_pgsql.conf"
    # Class 9: an identical file holding the password, but readable by all: the mode is fixed.
    os.chmod(pgsql, 0o644)
    again = run_cli("--database-url", url, "conf", "write", "--out", str(out))
    assert again.exit_code == 0 and stat.S_IMODE(pgsql.stat().st_mode) == 0o640, again
    # --force saves the old file; an older backup is never overwritten.
    (out / "http.conf.bak").write_bytes(b"older backup\n")
    (out / "http.conf").write_bytes(b"edited by hand\n")
    forced = run_cli("--database-url", url, "conf", "write", "--out", str(out), "--force")
    assert forced.exit_code == 0, forced
    assert (out / "http.conf.bak").read_bytes() == b"older backup\n"
    assert (out / "http.conf.bak.1").read_bytes() == b"edited by hand\n"


# --- 2. no config injection -----------------------------------------------------------------------

@pytest.mark.parametrize("url, field", [
    ("postgresql://u:x%0Ahostname%3Devil.example@127.0.0.1/db", "database URL password"),
    ("mysql://u%0D@127.0.0.1/db", "database URL user"),
    ("postgresql://u@127.0.0.1/db%09x", "database URL database"),
    ("postgresql://u@127.0.0.1/db?host=/run/pg%0Ax", "database URL query parameter host"),
    ("postgresql://u@127.0.0.1/a%2Cb", "','"),
    ("postgresql://u:%20pw@127.0.0.1/db", "blank"),
    ("sqlite:///tmp/x%00y.db", "database URL database"),
])
def test_conf_write_refuses_values_asterisk_would_read_differently(tmp_path, url, field):
    out = tmp_path / "etc"
    res = run_cli("--database-url", url, "conf", "write", "--out", str(out))
    line = one_line_error(res, field, code=1)
    assert "evil" not in line and not out.exists()
    one_line_error(run_cli("--database-url", url, "conf", "realtime"), field, code=1)


def test_conf_http_refuses_a_control_character_in_the_tls_dir():
    one_line_error(run_cli("conf", "http", "--tls-dir", "/etc/keys\ntlsenable=no"), "tls-dir", "\\n")


# --- 3. no secret in any message --------------------------------------------------------------------

SECRET_URLS = [
    f"u:{SECRET}@127.0.0.1/db",                                    # the scheme forgotten
    f"postgresql://u@127.0.0.1:1/db?password={SECRET}",             # password as a query parameter
    f"mysql://u:{SECRET}@127.0.0.1:1/db?sslpassword={SECRET}",      # unreachable server
    f"postgresql://u:{SECRET}@[::1/db",                            # unparsable
    f"postgresql://u:{SECRET}@127.0.0.1:99999/db",                 # bad port
    f"postgresql://u:{SECRET}%0A@127.0.0.1/db",                    # refused for a config file
]
COMMANDS = [
    ["db", "upgrade"], ["db", "current"], ["db", "check"], ["webrtc", "list"], ["webrtc", "show", "x"],
    ["webrtc", "add", "x"], ["webrtc", "remove", "x"], ["transport", "list"], ["export", "-"],
    ["conf", "realtime"], ["conf", "modules"], ["quickstart", "--host", "pbx.example.com"],
]


@pytest.mark.parametrize("url", SECRET_URLS)
def test_no_command_prints_a_secret(tmp_path, url):
    for args in COMMANDS:
        res = run_cli("--database-url", url, *args, cwd=tmp_path)
        # Messages never hold it; stdout only as the product of a success (conf realtime prints the
        # connection file, password included, for redirection).
        assert SECRET not in res.stderr, (args, res)
        assert SECRET not in res.stdout or (res.exit_code == 0 and args == ["conf", "realtime"]), (args, res)
        assert "Traceback" not in res.stderr, (args, res)
    res = run_cli("--database-url", url, "conf", "write", "--out", str(tmp_path / "etc"))
    assert SECRET not in res.stdout + res.stderr and "Traceback" not in res.stderr, res
    res = run_cli("--database-url", url, "import", str(csv_file(tmp_path, "id,password\na,xxxxxxxxxxxxxxxxx\n")))
    assert SECRET not in res.stdout + res.stderr and "Traceback" not in res.stderr, res


# --- 4. validate everything before the first write ---------------------------------------------------

@pytest.mark.parametrize("host, why", [
    ("a" * 64 + ".example.com", "label"),
    ("bad_name.example.com", "label"),
    ("-lead.example.com", "label"),
    (".".join(["abcdefghij"] * 24), "253"),
    ("256.1.1.1", "IP address"),
    ("pbx.example.com\n", "control"),
])
def test_tls_init_checks_the_host_before_writing(tmp_path, host, why):
    keys = tmp_path / "keys"
    one_line_error(run_cli("tls", "init", "--host", host, "--dir", str(keys)), "host", why, code=1)
    assert not keys.exists()


def test_a_long_host_name_goes_into_the_san_and_quickstart_then_works(tmp_path):
    from cryptography import x509

    host = ".".join(["abcdefghijklmnopqrst"] * 4) + ".example.com"  # 95 characters: too long for a CN
    keys = tmp_path / "asterisk" / "keys"
    res = run_cli("tls", "init", "--host", host, "--dir", str(keys))
    assert res.exit_code == 0, res
    cert = x509.load_pem_x509_certificate((keys / "asterisk.crt").read_bytes())
    assert cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value.get_values_for_type(
        x509.DNSName) == [host]
    assert run_cli("tls", "check", "--dir", str(keys), "--host", host).exit_code == 0
    db = f"sqlite:///{tmp_path / 'qs.db'}"
    qs = run_cli("--database-url", db, "quickstart", "--host", host, "--out", str(tmp_path / "asterisk"))
    assert qs.exit_code == 0, qs


def test_idna_host_is_converted_to_ascii(tmp_path):
    from cryptography import x509

    keys = tmp_path / "keys"
    assert run_cli("tls", "init", "--host", "bücher.example", "--dir", str(keys)).exit_code == 0
    cert = x509.load_pem_x509_certificate((keys / "asterisk.crt").read_bytes())
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value.get_values_for_type(x509.DNSName)
    assert names == ["xn--bcher-kva.example"]


def test_quickstart_checks_host_and_client_before_anything_is_made(tmp_path):
    db_file = tmp_path / "qs.db"
    for args, needle in ((["--host", "bad host"], "host"), (["--host", "pbx.example.com", "--client", "a;b"], "client")):
        res = run_cli("--database-url", f"sqlite:///{db_file}", "quickstart", *args, "--out", str(tmp_path / "a"))
        one_line_error(res, needle, code=1)
        assert not db_file.exists() and not (tmp_path / "a").exists()


def test_tls_renew_on_an_ast_tls_cert_v1_certificate(tmp_path):
    """ast_tls_cert signs the server certificate with `openssl x509 -req`: X.509 v1, no SAN."""
    from cryptography import x509

    keys = tmp_path / "keys"
    keys.mkdir()

    def openssl(*args):
        subprocess.run(["openssl", *args], cwd=keys, check=True, capture_output=True)

    openssl("req", "-new", "-x509", "-days", "365", "-nodes", "-newkey", "rsa:2048", "-keyout", "ca.key",
            "-out", "ca.crt", "-subj", "/CN=Asterisk Private CA/O=My Org")
    openssl("req", "-new", "-nodes", "-newkey", "rsa:2048", "-keyout", "asterisk.key", "-out", "asterisk.csr",
            "-subj", "/CN=pbx.example.com/O=My Org")
    openssl("x509", "-req", "-days", "365", "-in", "asterisk.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
            "-set_serial", "01", "-out", "asterisk.crt")
    old = x509.load_pem_x509_certificate((keys / "asterisk.crt").read_bytes())
    assert old.version == x509.Version.v1
    res = run_cli("tls", "renew", "--dir", str(keys))
    assert res.exit_code == 0, res
    new = x509.load_pem_x509_certificate((keys / "asterisk.crt").read_bytes())
    assert new.version == x509.Version.v3
    assert run_cli("tls", "check", "--dir", str(keys), "--host", "pbx.example.com").exit_code == 0


# --- 5. one rule, every door ---------------------------------------------------------------------------

@refused_before_the_database("args, needle", [
    (["--max-contacts", "0"], "max_contacts"),
    (["--set", "aor.max_contacts=0"], "aor.max_contacts"),
    (["--set", "aor.max_contacts="], "aor.max_contacts"),
    (["--set", "endpoint.allow=opus,nosuchcodec"], "endpoint.allow"),
    (["--set", "endpoint.allow="], "endpoint.allow"),
    (["--set", "endpoint.disallow=al"], "endpoint.disallow"),
    (["--context", "a", "--set", "endpoint.context=b"], "endpoint.context"),
    (["--codecs", "opus", "--set", "endpoint.allow=ulaw"], "endpoint.allow"),
])
def test_webrtc_add_and_update_share_the_rules(db, args, needle):
    one_line_error(cli(db, "webrtc", "add", "alice", *args, "--password-stdin", input=PW), needle, code=1)
    assert counts(db) == (0, 0, 0)
    assert cli(db, "webrtc", "add", "bob", "--password-stdin", input=PW).exit_code == 0
    before = [db.execute(f"SELECT * FROM {t}") for t in ("ps_endpoints", "ps_aors", "ps_auths")]
    update = [a for a in args if a != "--max-contacts"] if "--max-contacts" not in args else args
    one_line_error(cli(db, "webrtc", "update", "bob", *update), needle, code=1)
    assert [db.execute(f"SELECT * FROM {t}") for t in ("ps_endpoints", "ps_aors", "ps_auths")] == before


@refused_before_the_database("text, needle", [
    ("id,password,aor.max_contacts\nalice,correct-horse-1,0\n", "users.csv:2: aor.max_contacts"),
    ("id,password,aor.max_contacts\nalice,correct-horse-1,\n", "users.csv:2: aor.max_contacts"),
    ("id,password,max_contacts\nalice,correct-horse-1,0\n", "users.csv:2: max_contacts"),
    ("id,password,endpoint.allow\nalice,correct-horse-1,opus;ulaw\n", "users.csv:2: endpoint.allow"),
    ("id,password,codecs\nalice,correct-horse-1,nosuch\n", "users.csv:2: codecs"),
    ("id,password_digest\nalice,MD5:abc\n", "users.csv:2: password_digest"),
    ('id,password_digest\nalice,"MD5:' + "a" * 32 + ',MD5:' + "b" * 32 + '"\n', "users.csv:2: password_digest"),
    ("id,password,md5_cred\nalice,correct-horse-1," + "a" * 32 + "\n", "users.csv:2: password, md5_cred"),
    ("id,password,context,endpoint.context\nalice,correct-horse-1,a,b\n", "users.csv:1: header: endpoint.context"),
    ("id,password,credential\nalice," + ";" * 60 + ",plaintext\n", "users.csv:2: password"),
])
def test_csv_cells_pass_the_same_rules(db, tmp_path, text, needle):
    res = cli(db, "import", str(csv_file(tmp_path, text)))
    assert res.exit_code == 1 and "Traceback" not in res.stderr, res
    assert res.stderr.splitlines()[0].startswith(f"Error: {tmp_path / 'users.csv'}:") or needle.startswith("users")
    assert needle in res.stderr, res
    assert counts(db) == (0, 0, 0)


def test_plaintext_password_is_stored_encoded(db, tmp_path):
    res = cli(db, "import", str(csv_file(tmp_path, "id,password,credential\nalice,abc;def^ghi-jkl,plaintext\n")))
    assert res.exit_code == 0, res
    ph = "?" if db.dialect == "sqlite" else "%s"
    assert db.execute(f"SELECT password FROM ps_auths WHERE id = {ph}", ("alice",))[0][0] == "abc^3Bdef^5Eghi-jkl"


def test_transport_protocol_option_and_set_both_refused(db):
    one_line_error(cli(db, "transport", "add", "t1", "--protocol", "wss", "--set", "protocol=udp"),
                   "protocol", code=1)
    assert db.count("ps_transports") == 0


# --- 6. control characters and numbers -------------------------------------------------------------------

def test_trailing_newline_in_id_and_username_refused(db):
    one_line_error(cli(db, "webrtc", "add", "carol\n", "--password-stdin", input=PW), "id", "\\n", code=1)
    one_line_error(cli(db, "webrtc", "add", "carol", "--username", "carol\n", "--password-stdin", input=PW),
                   "username", code=1)
    assert counts(db) == (0, 0, 0)


@refused_before_the_database("cell, needle", [
    ("al\x00ice,x", "id"), ("alice,x\x00y", "endpoint.callerid"), ("alice,a\x1bb", "endpoint.callerid"),
])
def test_nul_and_control_characters_refused_in_csv(db, tmp_path, cell, needle):
    res = cli(db, "import", str(csv_file(tmp_path, f"id,endpoint.callerid\n{cell}\n")), "--passwords-out",
              str(tmp_path / "pw.csv"))
    assert res.exit_code == 1 and f"users.csv:2: {needle}" in res.stderr and "Traceback" not in res.stderr, res
    assert counts(db) == (0, 0, 0) and not (tmp_path / "pw.csv").exists()


@refused_before_the_database("value", [("nan",), ("inf",), ("-inf",), ("1e400",)])
def test_non_finite_floats_refused(db, tmp_path, value):
    res = cli(db, "import", str(csv_file(tmp_path, f"id,password,aor.qualify_timeout\nalice,correct-horse-1,{value}\n")))
    assert res.exit_code == 1 and "users.csv:2: aor.qualify_timeout" in res.stderr, res
    one_line_error(cli(db, "webrtc", "add", "bob", "--set", f"aor.qualify_timeout={value}", "--password-stdin",
                       input=PW), "aor.qualify_timeout", "finite", code=1)
    assert counts(db) == (0, 0, 0)


# --- 7. one line, never a traceback --------------------------------------------------------------------------

def test_password_not_utf8_is_one_line(db, tmp_path):
    bad = tmp_path / "pw"
    bad.write_bytes(b"\xff\xfepassword-long-enough\n")
    one_line_error(cli(db, "webrtc", "add", "alice", "--password-file", str(bad)), "--password-file", "UTF-8", code=2)
    proc = subprocess.run([sys.executable, "-m", "asterisk_ara", "--database-url", db.url, "webrtc", "add", "alice",
                           "--password-stdin"], input=b"\xffabcdefghijklmnop\n", capture_output=True)
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr
    assert proc.stderr.decode().strip().startswith("Error: --password-stdin") and proc.stderr.count(b"\n") == 1
    assert counts(db) == (0, 0, 0)


def test_overlong_org_and_client_name_are_one_line(tmp_path):
    keys = tmp_path / "keys"
    one_line_error(run_cli("tls", "init", "--host", "pbx.example.com", "--org", "O" * 65, "--dir", str(keys)),
                   "org", code=1)
    assert not keys.exists()
    assert run_cli("tls", "init", "--host", "pbx.example.com", "--dir", str(keys)).exit_code == 0
    before = snapshot(keys)
    one_line_error(run_cli("tls", "client", "c" * 65, "--dir", str(keys)), "name", code=1)
    assert snapshot(keys) == before


def test_case_only_duplicate_id_on_mariadb_is_a_file_line_error(mysql_db, tmp_path):
    run_cli("--database-url", mysql_db.url, "db", "upgrade", check=True)
    res = run_cli("--database-url", mysql_db.url, "import",
                  str(csv_file(tmp_path, "id,password\nAlice,correct-horse-1\nalice,correct-horse-2\n")))
    assert res.exit_code == 1 and "users.csv:3: id: 'alice' repeats line 2" in res.stderr, res
    assert "without regard to case" in res.stderr and "Traceback" not in res.stderr
    assert counts(mysql_db) == (0, 0, 0)
    assert run_cli("--database-url", mysql_db.url, "import",
                   str(csv_file(tmp_path, "id,password\nBob,correct-horse-1\n", "b.csv"))).exit_code == 0
    res = run_cli("--database-url", mysql_db.url, "import",
                  str(csv_file(tmp_path, "id,password\nbob,correct-horse-1\n", "c.csv")))
    assert res.exit_code == 1 and "c.csv:2: id: 'Bob' already exists" in res.stderr, res
    assert counts(mysql_db) == (1, 1, 1)
    # Upsert finds the same row whatever the case: it updates it, and never counts it as new.
    res = run_cli("--database-url", mysql_db.url, "--json", "import", "--mode", "upsert",
                  str(csv_file(tmp_path, "id,password\nbob,correct-horse-1\n", "d.csv")))
    assert res.exit_code == 0 and '"inserted": 0' in res.stdout, res
    assert counts(mysql_db) == (1, 1, 1)


# --- 9. small ones -------------------------------------------------------------------------------------------

def test_remove_after_unlinking_aors_and_auth_removes_them(db):
    assert cli(db, "webrtc", "add", "alice", "--password-stdin", input=PW).exit_code == 0
    assert cli(db, "webrtc", "update", "alice", "--set", "endpoint.aors=", "--set", "endpoint.auth=").exit_code == 0
    assert cli(db, "webrtc", "remove", "alice", "--yes").exit_code == 0
    assert counts(db) == (0, 0, 0)


# --- 8. schema commands ------------------------------------------------------------------------------------

def test_schema_commands_never_create_a_missing_sqlite_file(tmp_path):
    missing = tmp_path / "typo.db"
    for args in (["db", "current"], ["db", "check"], ["db", "downgrade", "base"]):
        one_line_error(run_cli("--database-url", f"sqlite:///{missing}", *args), "no such database file", code=1)
        assert not missing.exists()


def test_downgrade_base_keeps_rows_without_yes(db):
    assert cli(db, "webrtc", "add", "alice", "--password-stdin", input=PW).exit_code == 0
    one_line_error(cli(db, "db", "downgrade", "base"), "ps_", "rows", "--yes", code=2)
    assert counts(db) == (1, 1, 1)
    assert cli(db, "db", "downgrade", "base", "--yes").exit_code == 0
    assert "ps_endpoints" not in db.tables()


def test_downgrade_refuses_a_database_it_does_not_manage(empty_db):
    empty_db.run_script("CREATE TABLE ps_endpoints (id VARCHAR(40) PRIMARY KEY)")
    one_line_error(cli(empty_db, "db", "downgrade", "base"), "not managed", code=2)
    assert "ps_endpoints" in empty_db.tables()


def test_mariadb_upgrade_checks_view_names_before_the_first_create(mysql_db):
    mysql_db.run_script("CREATE VIEW ps_endpoints AS SELECT 1 AS id")
    one_line_error(cli(mysql_db, "db", "upgrade"), "ps_endpoints", "view", code=1)
    assert mysql_db.tables() == set()  # not one table left behind
    mysql_db.run_script("DROP VIEW ps_endpoints")
    assert cli(mysql_db, "db", "upgrade").exit_code == 0
