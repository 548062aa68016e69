"""Issue 3: WebRTC clients as realtime rows, on PostgreSQL, MariaDB and SQLite."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys

from .conftest import DATA, refused_before_the_database, run_cli

PW = "correct-horse-battery-9"
SEED_ENDPOINT = {"id": "webrtc_client", "aors": "webrtc_client", "auth": "webrtc_client", "webrtc": "yes",
                 "dtls_auto_generate_cert": "yes", "context": "default", "disallow": "all", "allow": "opus,ulaw"}
#: The tutorial's aor, qualified: Asterisk keeps the state of a client it reads after start only for a qualified aor.
SEED_AOR = {"id": "webrtc_client", "max_contacts": 5, "remove_existing": "yes", "qualify_frequency": 300}


def row(db, table, object_id):
    """The row's non-NULL columns, read with plain SQL (independent of the code under test)."""
    conn = db.connect()
    try:
        cur = conn.cursor()
        cur.execute(f"SELECT * FROM {table} WHERE id = {'?' if db.dialect == 'sqlite' else '%s'}", (object_id,))
        values = cur.fetchone()
        if values is None:
            return None
        return {d[0]: v for d, v in zip(cur.description, values) if v is not None}
    finally:
        conn.close()


def counts(db):
    """Rows in ps_endpoints, ps_aors and ps_auths, read over one connection."""
    return tuple(db.execute("SELECT (SELECT COUNT(*) FROM ps_endpoints), (SELECT COUNT(*) FROM ps_aors), "
                            "(SELECT COUNT(*) FROM ps_auths)")[0])


def add(db, *args, password=PW, **kw):
    extra = ("--password-stdin",) if password is not None else ()
    return run_cli("--database-url", db.url, "webrtc", "add", *args, *extra, input=password, **kw)


def md5(text):
    return hashlib.md5(text.encode()).hexdigest()


def test_default_rows_are_exactly_the_seed_objects(db):
    res = add(db, "webrtc_client")
    assert res.exit_code == 0, res
    assert row(db, "ps_endpoints", "webrtc_client") == SEED_ENDPOINT
    assert row(db, "ps_aors", "webrtc_client") == SEED_AOR
    assert row(db, "ps_auths", "webrtc_client") == {
        "id": "webrtc_client", "username": "webrtc_client", "auth_type": "md5", "realm": "asterisk",
        "md5_cred": md5(f"webrtc_client:asterisk:{PW}")}
    assert PW not in res.stdout + res.stderr


def test_digest_credential(db):
    assert add(db, "alice", "--credential", "digest", "--realm", "pbx.example.com").exit_code == 0
    ha1 = "alice:pbx.example.com:" + PW
    assert row(db, "ps_auths", "alice") == {
        "id": "alice", "username": "alice", "realm": "pbx.example.com",
        "password_digest": f"MD5:{md5(ha1)},SHA-256:{hashlib.sha256(ha1.encode()).hexdigest()}"}


def test_plaintext_credential_warns(db):
    res = add(db, "bob", "--credential", "plaintext", "--username", "bob100")
    assert res.exit_code == 0 and "plaintext" in res.stderr
    assert row(db, "ps_auths", "bob") == {"id": "bob", "username": "bob100", "auth_type": "userpass", "password": PW}


def test_generated_password_is_strong_printed_once_and_matches_the_hash(db):
    res = add(db, "carol", password=None)
    assert res.exit_code == 0, res
    lines = [line for line in res.stdout.splitlines() if line.startswith("password: ")]
    assert len(lines) == 1
    password = lines[0].split(": ", 1)[1]
    assert len(password) >= 24 and password.isalnum()
    assert row(db, "ps_auths", "carol")["md5_cred"] == md5(f"carol:asterisk:{password}")
    again = add(db, "dave", password=None)
    assert again.stdout != res.stdout


def test_password_from_file_and_env(db, tmp_path):
    f = tmp_path / "pw"
    f.write_text(PW + "\n")
    assert run_cli("--database-url", db.url, "webrtc", "add", "f1", "--password-file", str(f)).exit_code == 0
    assert row(db, "ps_auths", "f1")["md5_cred"] == md5(f"f1:asterisk:{PW}")
    res = run_cli("--database-url", db.url, "webrtc", "add", "e1", "--password-env", "SIP_PW", env={"SIP_PW": PW})
    assert res.exit_code == 0 and row(db, "ps_auths", "e1")["md5_cred"] == md5(f"e1:asterisk:{PW}")
    # There is no way to pass a password in argv.
    assert run_cli("--database-url", db.url, "webrtc", "add", "x1", "--password", PW).exit_code == 2


@refused_before_the_database("args, password, message", [
    (("a;b",), PW, "id: 'a;b' contains ';'"),
    (("a b",), PW, "contains ' '"),
    (("a@b",), PW, "contains '@'"),
    (("a:b",), PW, "contains ':'"),
    (("a/b",), PW, "use letters, digits and . _ - + only"),
    (("x" * 256,), PW, "longer than 255 characters"),
    (("u1", "--username", "u" * 41), PW, "username: " + repr("u" * 41) + " is longer than 40 characters"),
    (("u1", "--context", "c" * 41), PW, "context: " + repr("c" * 41) + " is longer than 40 characters"),
    (("u1", "--codecs", "opus,mp3"), PW, "codecs: 'mp3' is not a codec Asterisk knows"),
    (("u1", "--max-contacts", "0"), PW, "max_contacts: '0' must be at least 1"),
    (("u1", "--set", "endpoint.dtls_setup=sideways"), PW, "endpoint.dtls_setup: 'sideways' is not one of active, passive, actpass"),
    (("u1", "--set", "endpoint.direct_medai=no"), PW, "did you mean direct_media"),
    (("u1", "--set", "aor.qualify_frequency=often"), PW, "aor.qualify_frequency: 'often' is not a whole number"),
    (("u1", "--set", "endpoint.mailboxes=" + "m" * 300), PW, "endpoint.mailboxes: 'mmmmmmmmmm...' is longer than 40 characters"),
    (("u1", "--set", "auth.md5_cred=abc"), PW, "auth.md5_cred: set credentials with"),
    (("u1", "--credential", "sha512"), PW, "credential: 'sha512' is not one of md5, digest, plaintext"),
    (("u1",), "short", "password: shorter than 12 characters"),
    (("samesame12345",), "samesame12345", "password: equal to the username"),
])
def test_validation_errors_write_nothing(db, args, password, message):
    res = add(db, *args, password=password)
    assert res.exit_code == 1, res
    assert message in res.stderr
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr
    assert counts(db) == (0, 0, 0)


def test_weak_password_allowed_on_request(db):
    assert add(db, "weak", "--allow-weak-password", password="weak").exit_code == 0


def test_add_existing_id_changes_nothing(db):
    assert add(db, "webrtc_client").exit_code == 0
    before = row(db, "ps_auths", "webrtc_client")
    res = add(db, "webrtc_client", "--context", "other", password="another-password-123")
    assert res.exit_code == 1 and "already exists" in res.stderr
    assert row(db, "ps_auths", "webrtc_client") == before
    assert row(db, "ps_endpoints", "webrtc_client")["context"] == "default"


def test_two_concurrent_adds_of_one_id_exactly_one_wins(db):
    cmd = [sys.executable, "-m", "asterisk_ara", "--database-url", db.url, "webrtc", "add", "race", "--password-stdin"]
    procs = [subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(PW) for p in procs]
    codes = sorted(p.returncode for p in procs)
    assert codes == [0, 1], outs
    loser = next(err for p, (_, err) in zip(procs, outs) if p.returncode == 1)
    assert "already exists" in loser
    assert counts(db) == (1, 1, 1)


def test_json_output_shapes(db):
    res = run_cli("--database-url", db.url, "--json", "webrtc", "add", "j1")
    doc = json.loads(res.stdout)
    assert set(doc) == {"id", "username", "credential", "password", "password_generated", "node", "database"}
    assert doc["password_generated"] is True and len(doc["password"]) >= 24
    listed = json.loads(run_cli("--database-url", db.url, "webrtc", "list", "--json").stdout)
    assert listed == {"clients": [{"id": "j1", "username": "j1", "context": "default", "codecs": "opus,ulaw",
                                   "max_contacts": 5, "transport": None, "callerid": None, "credential": "md5",
                                   "node": None}], "total": 1, "offset": 0, "limit": None}
    shown = json.loads(run_cli("--database-url", db.url, "--json", "webrtc", "show", "j1").stdout)
    assert set(shown) == {"id", "credential", "node", "wss_url", "phone_url", "endpoint", "aor", "auth", "contacts"}
    assert shown["auth"]["md5_cred"] == "***" and shown["endpoint"] == {**SEED_ENDPOINT, "id": "j1", "aors": "j1", "auth": "j1"}
    secret = json.loads(run_cli("--database-url", db.url, "--json", "webrtc", "show", "j1", "--show-secrets").stdout)
    assert secret["auth"]["md5_cred"] == md5(f"j1:asterisk:{doc['password']}")


def test_update_and_passwd(db):
    assert add(db, "u1").exit_code == 0
    res = run_cli("--database-url", db.url, "webrtc", "update", "u1", "--context", "internal", "--codecs", "opus",
                  "--set", "endpoint.direct_media=no", "--set", "aor.qualify_frequency=30", "--callerid", "Alice <100>")
    assert res.exit_code == 0, res
    ep = row(db, "ps_endpoints", "u1")
    assert (ep["context"], ep["allow"], ep["direct_media"], ep["callerid"]) == ("internal", "opus", "no", "Alice <100>")
    assert row(db, "ps_aors", "u1")["qualify_frequency"] == 30
    bad = run_cli("--database-url", db.url, "webrtc", "update", "u1", "--context", "x" * 50, "--set", "aor.max_contacts=3")
    assert bad.exit_code == 1 and row(db, "ps_aors", "u1")["max_contacts"] == 5
    # Empty value clears a column back to Asterisk's default.
    assert run_cli("--database-url", db.url, "webrtc", "update", "u1", "--set", "endpoint.direct_media=").exit_code == 0
    assert "direct_media" not in row(db, "ps_endpoints", "u1")
    new_pw = "new-password-4567"
    assert run_cli("--database-url", db.url, "webrtc", "passwd", "u1", "--password-stdin", input=new_pw).exit_code == 0
    assert row(db, "ps_auths", "u1")["md5_cred"] == md5(f"u1:asterisk:{new_pw}")
    res = run_cli("--database-url", db.url, "webrtc", "passwd", "u1", "--credential", "digest")
    generated = res.stdout.split("password: ")[1].strip()
    auth = row(db, "ps_auths", "u1")
    assert "md5_cred" not in auth and "auth_type" not in auth
    assert auth["password_digest"].startswith(f"MD5:{md5('u1:asterisk:' + generated)},SHA-256:")
    assert run_cli("--database-url", db.url, "webrtc", "update", "nobody", "--context", "x").exit_code == 1


def test_remove_cleans_contacts_and_keeps_shared_objects(db):
    for cid in ("webrtc_client", "other"):
        assert add(db, cid).exit_code == 0
    ph = "?" if db.dialect == "sqlite" else "%s"
    for cid in ("webrtc_client^3B@abc", "webrtc_client;@def", "webrtcXclient^3B@zzz", "other^3B@x"):
        db.execute(f"INSERT INTO ps_contacts (id, uri) VALUES ({ph}, {ph})", (cid, "sip:x@192.0.2.1"))
    # A third endpoint sharing other's aor: removing it must keep that aor.
    assert add(db, "third", "--set", "endpoint.aors=other").exit_code == 0
    res = run_cli("--database-url", db.url, "webrtc", "remove", "webrtc_client")
    assert res.exit_code == 2 and "--yes" in res.stderr  # not a terminal: never removes silently
    assert run_cli("--database-url", db.url, "webrtc", "remove", "webrtc_client", "--yes").exit_code == 0
    assert row(db, "ps_endpoints", "webrtc_client") is None and row(db, "ps_aors", "webrtc_client") is None
    assert row(db, "ps_auths", "webrtc_client") is None
    assert sorted(r[0] for r in db.execute("SELECT id FROM ps_contacts")) == ["other^3B@x", "webrtcXclient^3B@zzz"]
    assert run_cli("--database-url", db.url, "webrtc", "remove", "third", "--yes").exit_code == 0
    assert row(db, "ps_aors", "other") is not None and db.count("ps_contacts") == 2
    assert run_cli("--database-url", db.url, "webrtc", "remove", "nobody", "--yes").exit_code == 1


def test_transports(db):
    res = run_cli("--database-url", db.url, "transport", "add", "transport-wss", "--protocol", "wss",
                  "--set", "cert_file=/etc/asterisk/keys/asterisk.crt", "--set", "tcp_keepalive_enable=yes")
    assert res.exit_code == 0, res
    assert "cannot reload" in res.stderr
    t = row(db, "ps_transports", "transport-wss")
    assert t["protocol"] == "wss" and t["bind"] == "0.0.0.0" and t["cert_file"] == "/etc/asterisk/keys/asterisk.crt"
    assert t["tcp_keepalive_enable"] in (True, 1)
    listed = json.loads(run_cli("--database-url", db.url, "--json", "transport", "list").stdout)
    assert [x["id"] for x in listed["transports"]] == ["transport-wss"]
    bad = run_cli("--database-url", db.url, "transport", "add", "t2", "--protocol", "sctp")
    assert bad.exit_code == 1 and "protocol: 'sctp'" in bad.stderr
    bad = run_cli("--database-url", db.url, "transport", "add", "t" * 41, "--protocol", "wss")
    assert bad.exit_code == 1 and "longer than 40" in bad.stderr
    assert run_cli("--database-url", db.url, "transport", "remove", "transport-wss").exit_code == 0
    assert db.count("ps_transports") == 0


def test_works_on_a_database_made_by_asterisks_own_tooling(pg_db):
    pg_db.run_script((DATA / "ara_head_postgresql.sql").read_text())
    res = add(pg_db, "webrtc_client")
    assert res.exit_code == 0, res
    assert row(pg_db, "ps_endpoints", "webrtc_client") == SEED_ENDPOINT
    assert pg_db.tables() >= {"alembic_version_config"} and "asterisk_ara_version" not in pg_db.tables()


def test_names_missing_columns_of_an_old_schema(pg_db):
    pg_db.run_script((DATA / "ara_head_postgresql.sql").read_text())
    pg_db.execute("ALTER TABLE ps_auths DROP COLUMN password_digest")
    res = add(pg_db, "old", "--credential", "digest")
    assert res.exit_code == 1 and "ps_auths lacks column(s) password_digest" in res.stderr
    assert counts(pg_db) == (0, 0, 0)


def test_no_schema_yet_says_what_to_do(tmp_path):
    res = run_cli("--database-url", f"sqlite:///{tmp_path / 'none.db'}", "webrtc", "add", "x", "--password-stdin", input=PW)
    assert res.exit_code == 1 and "db upgrade" in res.stderr


def test_list_pages_filters_and_counts(tmp_path):
    """Issue 30: `webrtc list --limit 10` prints 10 clients and the total; a pattern, --offset and --node narrow it;
    --registered says why it cannot work on SQLite (live: tests/live/test_asterisk_versions.py)."""
    from asterisk_ara import connect

    url = f"sqlite:///{tmp_path / 'a.db'}"
    run_cli("--database-url", url, "db", "upgrade", check=True)
    with connect(url) as ara, ara.transaction():
        for n in range(12):
            ara.add_webrtc_client(f"desk{n:02d}", "correct-horse-battery")
        ara.add_webrtc_client("lobby_1", "correct-horse-battery")
    res = run_cli("--database-url", url, "webrtc", "list", "--limit", "10")
    rows = [line.split()[0] for line in res.stdout.splitlines()[1:]]
    assert res.exit_code == 0 and rows == [f"desk{n:02d}" for n in range(10)]
    assert res.stderr == "1-10 of 13 WebRTC clients; next: --offset 10.\n"
    res = run_cli("--database-url", url, "webrtc", "list", "desk1?", "--offset", "1")
    assert [line.split()[0] for line in res.stdout.splitlines()[1:]] == ["desk11"]
    assert res.stderr == "2-2 of 2 WebRTC clients.\n"
    # '_' is a character of ids, not a LIKE wildcard; --json goes where users put it, after the command too.
    doc = json.loads(run_cli("--database-url", url, "webrtc", "list", "lobby_*", "--json").stdout)
    assert [c["id"] for c in doc["clients"]] == ["lobby_1"] and doc["total"] == 1
    assert json.loads(run_cli("--database-url", url, "webrtc", "list", "lobby?1", "--json").stdout)["total"] == 1
    assert json.loads(run_cli("--database-url", url, "webrtc", "list", "desk_1", "--json").stdout)["total"] == 0
    res = run_cli("--database-url", url, "--json", "webrtc", "list", "--node", "n1")
    assert res.exit_code == 1 and json.loads(res.stdout) == {
        "error": "node: no node 'n1' (asterisk-ara node list shows them)", "exit_code": 1}
    res = run_cli("--database-url", url, "webrtc", "list", "--registered")
    assert res.exit_code == 1 and "astdb, not in ps_contacts" in res.stderr
