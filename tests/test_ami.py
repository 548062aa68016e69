"""Issue 23, part 1 without a running Asterisk: the AMI nodes' table and commands, manager.conf, and what a
committed change does when a node cannot be reached (the live tests tell real nodes: tests/live/test_ami.py)."""
from __future__ import annotations

import os
import stat
import warnings

import pytest

import asterisk_ara
from asterisk_ara.ami.hook import NodesNotTold

from .conftest import raw_connection, refused_before_the_database, run_cli
from .live.asterisk import free_port

SECRET = "a-long-ami-secret-for-tests-7"
PASSWORD = "correct-horse-battery-staple"


def ami(db, *args, secret: str | None = SECRET, check: bool = False):
    env = {"AMI_SECRET": secret} if secret is not None else {}
    return run_cli("--database-url", db.url, "ami", *args, env=env, check=check)


def add_dead_node(db, name: str = "gone"):
    """A node whose port nothing listens on: every notification to it fails at once."""
    ami(db, "add", name, "--host", "127.0.0.1", "--port", str(free_port()), "--secret-env", "AMI_SECRET",
        "--no-check", check=True)


def test_add_list_show_remove_never_print_the_secret(db):
    add_dead_node(db, "pbx1")
    ami(db, "add", "pbx2", "--host", "pbx2.example.com", "--username", "ara", "--secret-env", "AMI_SECRET",
        "--no-check", check=True)
    listed = ami(db, "list", check=True)
    assert listed.stdout.splitlines()[1].split() == ["pbx2", "pbx2.example.com:5038", "ara"]
    shown = run_cli("--database-url", db.url, "--json", "ami", "show", "pbx2", check=True)
    assert '"host": "pbx2.example.com"' in shown.stdout and "secret" not in shown.stdout
    as_json = run_cli("--database-url", db.url, "--json", "ami", "list", check=True)
    checked = ami(db, "show", "pbx1", "--check")
    assert checked.exit_code == 1 and "reachable: False" in checked.stdout and "cannot connect" in checked.stdout
    everything = listed.stdout + listed.stderr + shown.stdout + as_json.stdout + checked.stdout + checked.stderr
    assert SECRET not in everything
    assert db.execute("SELECT secret FROM asterisk_ara_ami WHERE name = 'pbx2'")[0][0] == SECRET
    again = ami(db, "add", "pbx2", "--host", "h", "--secret-env", "AMI_SECRET", "--no-check")
    assert again.exit_code == 1 and "exists already" in again.stderr
    ami(db, "remove", "pbx2", check=True)
    gone = ami(db, "remove", "pbx2")
    assert gone.exit_code == 1 and gone.stderr == "Error: name: no AMI target 'pbx2' (asterisk-ara ami list shows them)\n"
    assert [r[0] for r in db.execute("SELECT name FROM asterisk_ara_ami")] == ["pbx1"]


@refused_before_the_database("args, secret, message", [
    (("--host", "h"), None, "secret: missing; give it with --secret-file, --secret-stdin or --secret-env"),
    (("--host", "h"), "short-secret", "secret: too weak: use at least 16 characters"),
    (("--host", "h", "--username", "pbx"), "pbx", "secret: too weak"),
    (("--host", "h"), "aaaaaaaaaaaaaaaaaaaa", "secret: too weak"),
    (("--host", "bad host"), SECRET, "host: 'bad host' is not a host name or IP address"),
    (("--host", "h", "--port", "80"), SECRET, "port: 80 is not a port Asterisk's manager can use (1024-65535)"),
    (("--host", "h", "--username", "a b"), SECRET, "username: 'a b' is not an AMI user name"),
])
def test_bad_input_is_one_line_and_nothing_is_saved(db, args, secret, message):
    extra = ("--secret-env", "AMI_SECRET") if secret is not None else ()
    result = ami(db, "add", "pbx1", *args, *extra, "--no-check", secret=secret)
    assert result.exit_code == 1 and result.stderr.startswith(f"Error: {message}"), result
    assert result.stderr.count("\n") == 1 and (secret is None or secret not in result.stderr)
    assert db.count("asterisk_ara_ami") == 0


def test_the_secret_never_comes_from_the_command_line(db):
    result = ami(db, "add", "pbx1", "--host", "h", "--secret", SECRET)
    assert result.exit_code == 2 and "No such option: --secret" in result.stderr


def test_check_refuses_a_node_that_does_not_answer(db):
    result = ami(db, "add", "pbx1", "--host", "127.0.0.1", "--port", str(free_port()), "--secret-env", "AMI_SECRET")
    assert result.exit_code == 1 and "cannot connect to 127.0.0.1:" in result.stderr
    assert "nothing was saved (--no-check saves it anyway)" in result.stderr
    assert db.count("asterisk_ara_ami") == 0


def test_a_database_without_the_table_says_how_to_create_it(pg_db):
    run_cli("--database-url", pg_db.url, "db", "upgrade", "0001_ara_head", check=True)
    result = run_cli("--database-url", pg_db.url, "ami", "list")
    assert result.exit_code == 1
    assert "has no table asterisk_ara_ami: run `asterisk-ara db upgrade` first" in result.stderr
    # Provisioning works there and tells no one (no nodes).
    run_cli("--database-url", pg_db.url, "webrtc", "add", "alice", "--password-stdin", input=PASSWORD, check=True)
    passwd = run_cli("--database-url", pg_db.url, "webrtc", "passwd", "alice", "--password-stdin", input=PASSWORD + "!")
    assert passwd.exit_code == 0 and "Told" not in passwd.stderr and "Warning" not in passwd.stderr


def test_a_committed_change_that_misses_a_node_names_it_and_exits_3(db):
    run_cli("--database-url", db.url, "webrtc", "add", "alice", "--password-stdin", input=PASSWORD, check=True)
    add_dead_node(db)
    before = db.execute("SELECT md5_cred FROM ps_auths WHERE id = 'alice'")
    changed = run_cli("--database-url", db.url, "webrtc", "passwd", "alice", "--password-stdin",
                      input="another-long-passphrase")
    assert changed.exit_code == 3, changed
    lines = changed.stderr.splitlines()
    assert lines[0] == "Password of alice changed."
    assert lines[1].startswith("Warning: the change is saved, but AMI target gone (127.0.0.1:")
    assert "did not get it: cannot connect to 127.0.0.1:" in lines[1]
    assert lines[1].endswith("once it is reachable, run: asterisk-ara ami sync gone") and len(lines) == 2
    assert db.execute("SELECT md5_cred FROM ps_auths WHERE id = 'alice'") != before  # the change stands
    synced = ami(db, "sync")
    assert synced.exit_code == 3 and "Error: AMI target gone (127.0.0.1:" in synced.stderr
    # A new client is loaded into every node's caches too: the node missed that as well.
    added = run_cli("--database-url", db.url, "webrtc", "add", "bob", "--password-stdin", input=PASSWORD)
    assert added.exit_code == 3 and "AMI target gone" in added.stderr and db.count("ps_endpoints") == 2


def test_removal_and_a_dry_run(db, tmp_path):
    run_cli("--database-url", db.url, "webrtc", "add", "alice", "--password-stdin", input=PASSWORD, check=True)
    add_dead_node(db)
    csv = tmp_path / "u.csv"
    csv.write_text("id,context\nalice,sales\n")
    dry = run_cli("--database-url", db.url, "import", str(csv), "--mode", "upsert", "--dry-run")
    assert dry.exit_code == 0 and "Warning" not in dry.stderr, dry  # nothing committed, nothing to tell
    removed = run_cli("--database-url", db.url, "webrtc", "remove", "alice", "--yes")
    assert removed.exit_code == 3 and "AMI target gone" in removed.stderr
    assert db.count("ps_endpoints") == 0


def test_python_api_warns_when_a_node_missed_a_change(db):
    add_dead_node(db)
    with asterisk_ara.connect(db.url) as ara:
        with pytest.warns(NodesNotTold) as caught:
            ara.add_webrtc_client("alice", PASSWORD)
        assert caught[0].filename == __file__  # the warning points at the caller's line
        with pytest.warns(NodesNotTold, match="AMI target gone .* did not get it"):
            ara.set_password("alice", "another-long-passphrase")


def test_notes_follow_the_callers_transaction(db):
    asterisk_ara.add_webrtc_client(asterisk_ara.parse_url(db.url), "alice", PASSWORD)
    add_dead_node(db)
    conn = raw_connection(db)
    try:
        ara = asterisk_ara.connect(conn)
        with pytest.raises(asterisk_ara.NotFoundError):
            ara.set_password("nobody", PASSWORD)
        assert not any(ara.db.pending.values())  # the failed operation's savepoint took its notes with it
        ara.update_webrtc_client("alice", context="sales")
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # nothing is told before the caller commits and asks
            conn.commit()
        with pytest.warns(NodesNotTold):
            outcome = ara.tell_asterisk()
        assert outcome.told == [] and [m.node for m in outcome.missed] == ["gone"]
        assert ara.tell_asterisk() is None
        ara.set_password("alice", "another-long-passphrase")
        conn.rollback()
        ara.forget_changes()
        assert ara.tell_asterisk() is None
    finally:
        conn.close()


def test_conf_write_manager_conf_least_privilege_mode_0640(tmp_path):
    out = tmp_path / "etc"
    written = run_cli("conf", "write", "--out", str(out), "--ami-permit", "192.0.2.0/24", "--ami-permit", "2001:db8::1",
                      "--ami-secret-env", "AMI_SECRET", env={"AMI_SECRET": "semi;colon-secret-12345"}, check=True)
    assert "semi" not in written.stdout + written.stderr
    conf = (out / "manager.conf").read_text()
    assert stat.S_IMODE(os.stat(out / "manager.conf").st_mode) == 0o640
    user = conf.split("[asterisk-ara]\n")[1]
    settings = [line for line in user.splitlines() if not line.startswith(";")]
    assert settings == ["secret = semi\\;colon-secret-12345", "deny = 0.0.0.0/0.0.0.0", "deny = ::/0",
                        "permit = 192.0.2.0/24", "permit = 2001:db8::1/128", "read = none", "write = system",
                        "writetimeout = 1000"]
    assert "enabled = yes\nport = 5038\nbindaddr = 0.0.0.0\nwebenabled = no\n" in conf
    # Without --ami-permit there is no manager.conf: an administrator's own is never replaced by accident.
    plain = tmp_path / "plain"
    run_cli("conf", "write", "--out", str(plain), check=True)
    assert not (plain / "manager.conf").exists()


@pytest.mark.parametrize("args, env, message", [
    (["--ami-permit", "10.0.0.0/8"], {}, "ami-secret: missing; give it with --ami-secret-file"),
    (["--ami-permit", "10.0.0.0/8", "--ami-secret-env", "S"], {"S": "Sh0rt-pw"}, "ami-secret: too weak"),
    (["--ami-secret-env", "S"], {"S": SECRET}, "ami-permit: give the network(s) asterisk-ara connects from"),
    (["--ami-permit", "everyone", "--ami-secret-env", "S"], {"S": SECRET}, "ami-permit: 'everyone' is not a network"),
    (["--ami-permit", "10.0.0.0/8", "--ami-port", "99", "--ami-secret-env", "S"], {"S": SECRET}, "ami-port: 99"),
])
def test_conf_write_refuses_weak_or_missing_ami_settings_and_writes_nothing(tmp_path, args, env, message):
    out = tmp_path / "etc"
    result = run_cli("conf", "write", "--out", str(out), *args, env=env)
    assert result.exit_code == 1 and result.stderr.startswith(f"Error: {message}"), result
    assert not out.exists() or not any(out.iterdir())
    assert all(v not in result.stderr for v in env.values())


def test_cache_keeps_objects_until_told_unless_given_a_lifetime():
    def cache_lines(*args):
        result = run_cli("--database-url", "postgresql://a@h/pbx", "--json", "conf", "realtime", "--cache", *args)
        assert result.exit_code == 0, result
        import json

        sorcery = json.loads(result.stdout)["sorcery.conf"]
        return [line for line in sorcery.splitlines() if "/cache=" in line]

    assert cache_lines("--load", "at-start") == [f"{t}/cache=memory_cache,expire_on_reload=yes"
                                                 for t in ("endpoint", "auth", "aor")]
    assert cache_lines("--load", "at-start", "--cache-lifetime", "900")[0] == (
        "endpoint/cache=memory_cache,object_lifetime_stale=300,object_lifetime_maximum=900,expire_on_reload=yes")
    # on-demand (the default): the endpoint cache also answers a read of every endpoint, bounded
    assert cache_lines() == ["endpoint/cache=memory_cache,full_backend_cache=yes,maximum_objects=250,"
                             "expire_on_reload=yes"] + [f"{t}/cache=memory_cache,expire_on_reload=yes"
                                                        for t in ("auth", "aor")]
    bad = run_cli("--database-url", "postgresql://a@h/pbx", "conf", "realtime", "--cache", "--cache-lifetime", "1")
    assert bad.exit_code == 1
    assert bad.stderr == "Error: cache-lifetime: 1 is not a number of seconds from 3 to 31536000\n"


def test_multi_host_urls_reach_libpq_and_conf_says_what_asterisk_can_do():
    from asterisk_ara.dburl import parse

    url = parse("postgresql://ara:s3cret@db1,db2:5433,[2001:db8::7]/pbx?target_session_attrs=read-write")
    assert (url.libpq_host, url.libpq_port) == ("db1,db2,2001:db8::7", ",5433,")
    assert url.masked() == "postgresql://ara:***@db1,db2:5433,[2001:db8::7]/pbx?target_session_attrs=read-write"
    same_port = "postgresql://ara@db1,db2/pbx?target_session_attrs=read-write"
    conf = run_cli("--database-url", same_port, "--json", "conf", "realtime")
    assert conf.exit_code == 0 and "hostname=db1,db2\\nport=5432\\n" in conf.stdout, conf
    assert "PGTARGETSESSIONATTRS=read-write" in conf.stderr and "follow target_session_attrs=read-write" in conf.stderr
    for args, message in [
        (("--database-url", "postgresql://ara@db1,db2:5433/pbx", "conf", "realtime"),
         "res_config_pgsql gives libpq one port for every host"),
        (("--database-url", same_port, "conf", "realtime", "--driver", "odbc"), "an ODBC DSN takes one server"),
        (("--database-url", "mysql://root@db1,db2/pbx", "conf", "realtime"), "only PostgreSQL (libpq) URLs may"),
        (("--database-url", "postgresql://ara@db1,:x/pbx", "db", "current"), "database URL"),
    ]:
        result = run_cli(*args)
        assert result.exit_code in (1, 2) and message in result.stderr and result.stderr.count("\n") == 1, result
