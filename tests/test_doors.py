"""Issue 31: the node, AMI and downgrade doors: nothing lost, nothing hung, nothing injected.

One test per class of defect, on PostgreSQL and MariaDB where a server is involved; Hypothesis where the input
space is wide (share names, URLs, AMI permits, AMI replies). The silent database under a running Asterisk is in
tests/live/test_silent_database.py; here the tool's own commands meet a server that accepts and never answers.
"""
from __future__ import annotations

import ipaddress
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from .conftest import Result, run_cli
from .test_hardening import one_line_error, snapshot

PW = "correct-horse-battery-9"
AMI_SECRET = "a-long-ami-secret-for-tests-7"
SERVERS = ["postgresql", "mysql"]


@pytest.fixture(params=SERVERS)
def server_db(request, tmp_path, _templates):
    yield from _templates.copy(request.param, tmp_path)


@pytest.fixture
def pg_head(tmp_path, _templates):
    """A PostgreSQL database at head."""
    yield from _templates.copy("postgresql", tmp_path)


def ara(db, *args, **kw):
    return run_cli("--database-url", db.url, *args, **kw)


# --- data destroyed without being asked ---------------------------------------------------------------------

def test_downgrade_refuses_to_drop_filled_tables_at_any_revision_and_head_changes_nothing(server_db):
    """A node with a SIP address and an AMI target fill the two tables and the columns a downgrade can drop. Each
    revision above base is refused, naming what is filled (the command line once, the API for the rest); head
    changes nothing, `db tune`'s indexes included; --yes drops what it was asked to and keeps the rest."""
    from asterisk_ara.ami.registry import add_target
    from asterisk_ara.dburl import parse
    from asterisk_ara.errors import UsageError
    from asterisk_ara.nodes.registry import add_node
    from asterisk_ara.schema import migrate
    from asterisk_ara.schema.tune import tune

    db = server_db
    url = parse(db.url)
    add_node(url, "n1", sip="127.0.0.1:5070")
    add_target(url, "pbx1", "127.0.0.1", 5038, "asterisk-ara", AMI_SECRET)
    tune(url)
    before = migrate.check(url)
    assert not before.problems and before.tuning, before
    one_line_error(ara(db, "db", "downgrade", "0001_ara_head"),
                   "downgrade to 0001_ara_head would drop tables or columns holding data",
                   "asterisk_ara_ami (1 rows)",
                   "asterisk_ara_nodes (1 rows)", "nothing was changed", "--yes")
    with pytest.raises(UsageError, match=r"downgrade to 0002_nodes would drop tables or columns holding data: "
                                         r"asterisk_ara_ami \(1 rows\), asterisk_ara_nodes.sip_host \(1 rows\), "
                                         r"asterisk_ara_nodes.sip_port \(1 rows\); nothing was changed \(add --yes"):
        migrate.downgrade(url, "0002_nodes")
    with pytest.raises(UsageError, match=r"downgrade to 0003_ami would drop tables or columns holding data: "
                                         r"asterisk_ara_nodes.sip_host \(1 rows\)"):
        migrate.downgrade(url, "0003_ami")
    assert migrate.check(url) == before
    migrate.downgrade(url, "head")
    # Nothing changed: the revision, the nodes, the AMI node, and the indexes of `db tune`.
    assert migrate.check(url) == before
    assert db.count("asterisk_ara_nodes") == 1 and db.count("asterisk_ara_ami") == 1
    migrate.downgrade(url, "0002_nodes", yes=True)
    assert "asterisk_ara_ami" not in db.tables() and db.count("asterisk_ara_nodes") == 1


def test_downgrade_and_node_remove_never_drop_an_object_the_tool_did_not_make(server_db):
    from asterisk_ara.dburl import parse
    from asterisk_ara.nodes.registry import add_node

    db = server_db
    add_node(parse(db.url), "n1")
    share = db.execute("SELECT share FROM asterisk_ara_nodes")[0][0]
    q = "`" if db.dialect == "mysql" else '"'
    db.execute(f"CREATE TABLE {q}{share}{q}.operator_notes (id INT)")
    for args, doing in ((("db", "downgrade", "base", "--yes"), "downgrade"),
                        (("node", "remove", "n1", "--yes"), "node remove n1")):
        refused = ara(db, *args)
        one_line_error(refused, doing, share, "operator_notes", "did not make", "nothing was changed")
        assert list(db.execute(f"SELECT COUNT(*) FROM {q}{share}{q}.operator_notes")) == [(0,)]
        assert db.count("asterisk_ara_nodes") == 1


# --- a command that never returns, after it committed ---------------------------------------------------------

class FakeAmi(threading.Thread):
    """A peer on 127.0.0.1 that says what ``script`` says, however slowly; it never ends on its own. An AMI node
    here, a database server that never answers below. ``connected``: when each connection came (monotonic)."""

    def __init__(self, script):
        super().__init__(daemon=True)
        self.script = script
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(8)
        self.port = self.server.getsockname()[1]
        self.connected: list[float] = []
        self.start()

    def run(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self.connected.append(time.monotonic())
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn) -> None:
        try:
            self.script(conn)
        except OSError:
            pass
        finally:
            conn.close()

    def close(self) -> None:
        self.server.close()


def _drip(conn) -> None:
    """The banner, then a byte a second, never a whole message."""
    conn.sendall(b"Asterisk Call Manager/11.0.0\r\n")
    for _ in range(120):
        conn.sendall(b"R")
        time.sleep(1)


class _Reader(threading.Thread):
    """A command's stream read as it comes: its first line, when it came, and when the stream ended."""

    def __init__(self, stream) -> None:
        super().__init__(daemon=True)
        self.stream, self.first, self.first_at, self.rest, self.ended_at = stream, "", None, "", None
        self.start()

    def run(self) -> None:
        self.first = self.stream.readline()
        self.first_at = time.monotonic()
        self.rest = self.stream.read()
        self.ended_at = time.monotonic()


def test_a_dripping_ami_node_holds_back_neither_a_password_nor_an_error_and_the_commands_end(pg_head, tmp_path):
    """What the user must see comes before any node is waited for: the password `webrtc add` generated, and the
    error of an import that failed after its commit (its passwords file was taken meanwhile: the line says where
    the passwords are). Both commands at once, told by one node that sends a byte a second."""
    ami = FakeAmi(_drip)
    target = tmp_path / "passwords.csv"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASTERISK_ARA_DATABASE")}

    def start(*args):
        return subprocess.Popen([sys.executable, "-m", "asterisk_ara", "--database-url", pg_head.url, *args],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=env)

    try:
        ara(pg_head, "ami", "add", "slow", "--host", "127.0.0.1", "--port", str(ami.port), "--secret-env", "S",
            "--no-check", env={"S": AMI_SECRET}, check=True)
        importing = start("import", "-", "--passwords-out", str(target))
        importing.stdin.write("id\nbob\n")
        importing.stdin.flush()
        deadline = time.monotonic() + 30  # held reading its CSV, its passwords staged beside the target
        while not list(tmp_path.glob(".passwords.csv.*")):
            assert importing.poll() is None and time.monotonic() < deadline, importing.communicate()
            time.sleep(0.05)
        target.write_text("taken meanwhile\n")
        adding = start("webrtc", "add", "alice")
        adding.stdin.close()
        importing.stdin.close()
        password, error = _Reader(adding.stdout), _Reader(importing.stderr)
        codes = (adding.wait(60), importing.wait(60))
        added_err = adding.stderr.read()
        password.join(10)
        error.join(10)
    finally:
        ami.close()
    assert password.first.startswith("password: ") and pg_head.count("ps_auths") == 2, (password.first, added_err)
    assert error.first.startswith("Error: the import was committed, but "), error.first
    assert "Traceback" not in error.rest, error.rest
    staged = error.first.rstrip().rsplit(" ", 1)[1]
    assert Path(staged).read_text().startswith("bob,"), staged
    # Each was on the screen while the node was still being waited for (3 s per message at most).
    for shown in (password, error):
        assert shown.ended_at - shown.first_at > 2, (shown.first, shown.first_at, shown.ended_at)
    assert codes == (3, 1), (codes, added_err, error.rest)
    for err in (added_err, error.rest):
        assert "did not get it" in err and "slow" in err and "Traceback" not in err, err


def test_ami_notification_of_every_node_ends_by_its_deadline():
    """Nodes that answer every message, just never finish (an endless list): the overall deadline ends it."""
    from asterisk_ara.ami import notify
    from asterisk_ara.ami.targets import Target

    def endless_list(conn) -> None:
        conn.sendall(b"Asterisk Call Manager/11.0.0\r\n")
        buf = b""
        while b"\r\n\r\n" not in buf:
            buf += conn.recv(4096)
        action_id = buf.split(b"ActionID: ")[1].split(b"\r\n")[0]
        conn.sendall(b"Response: Success\r\nActionID: " + action_id + b"\r\nEventList: start\r\n\r\n")
        for _ in range(200):
            conn.sendall(b"Event: Thing\r\nActionID: " + action_id + b"\r\n\r\n")
            time.sleep(0.5)

    peers = [FakeAmi(endless_list) for _ in range(3)]
    try:
        targets = [Target(f"n{i}", "127.0.0.1", p.port, "u", AMI_SECRET) for i, p in enumerate(peers)]
        started = time.monotonic()
        outcome = notify.send(targets, notify.sync_actions(), [], deadline=time.monotonic() + 1)
        took = time.monotonic() - started
    finally:
        for p in peers:
            p.close()
    assert took < 1 + 1.5 and not outcome.told and len(outcome.missed) == 3, (took, outcome)
    assert all("did not finish within 1 s" in m.reason for m in outcome.missed), outcome.missed
    assert notify.DEADLINE <= 30


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.binary(max_size=40) | st.sampled_from([b"\r\n", b"\r\n\r\n", b"Response: Success\r\n",
                                                          b"Challenge: 1234\r\n", b"\x1b[2J", b"Message: \x1b]0;x\x07"]),
                max_size=12))
def test_any_ami_reply_ends_in_an_answer_or_one_line_within_the_deadline(chunks):
    from asterisk_ara.ami.client import AmiClient, AmiError

    def reply(conn) -> None:
        conn.sendall(b"Asterisk Call Manager/11.0.0\r\n" + b"".join(chunks))
        time.sleep(3)

    peer = FakeAmi(reply)
    started = time.monotonic()
    try:
        with AmiClient("127.0.0.1", peer.port, "u", AMI_SECRET, timeout=0.1, deadline=time.monotonic() + 0.3):
            pass
    except AmiError as exc:
        text = str(exc)
        assert "\n" not in text and "\x1b" not in text and "\x07" not in text, text
    finally:
        peer.close()
    assert time.monotonic() - started < 1.3  # the deadline, and a busy machine's margin


# --- "atomically" that is not ----------------------------------------------------------------------------------

def test_conf_write_replaces_nothing_when_one_target_cannot_be_written(tmp_path):
    out = tmp_path / "etc"
    first = run_cli("conf", "write", "--out", str(out), check=True)
    assert first.exit_code == 0
    (out / "http.conf").write_text("; the administrator's own\n")
    (out / "rtp.conf").unlink()
    (out / "rtp.conf").mkdir()
    before = snapshot(out)
    for args in ((), ("--force",)):
        refused = run_cli("--database-url", "sqlite:///other.db", "conf", "write", "--out", str(out), *args,
                          cwd=tmp_path)
        one_line_error(refused, "rtp.conf", "not a regular file", "nothing was written")
        assert snapshot(out) == before
        assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no staged file left behind


# --- names Asterisk will not find ------------------------------------------------------------------------------

def test_a_mixed_case_share_is_refused_on_postgresql(pg_head):
    refused = ara(pg_head, "node", "add", "up", "--share", "Node_Up")
    one_line_error(refused, "share: 'Node_Up'", "folds that to 'node_up'")
    assert pg_head.count("asterisk_ara_nodes") == 0


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,70}", fullmatch=True))
def test_every_share_name_accepted_is_the_name_postgresql_will_look_up(name):
    from asterisk_ara.errors import ValidationError
    from asterisk_ara.nodes.names import check_identifier

    for dialect in ("postgresql", "mysql"):
        try:
            accepted = check_identifier(name, "share", dialect, unquoted=True)
        except ValidationError as exc:
            assert str(exc).startswith("share: ")
            continue
        # res_config_pgsql sends it unquoted: PostgreSQL looks up its lower-case form.
        assert dialect == "mysql" or accepted == accepted.lower()


# --- a setting injected into Asterisk's files ------------------------------------------------------------------

def test_a_single_host_url_cannot_inject_a_libpq_setting(tmp_path):
    refused = run_cli("--database-url", "postgresql://a:b@db.example.com%20sslmode=disable/x", "conf", "write",
                      "--out", str(tmp_path / "etc"))
    one_line_error(refused, "database URL host", "db.example.com sslmode=disable")
    assert not (tmp_path / "etc").exists() or not list((tmp_path / "etc").iterdir())


_HOST = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=30)


@settings(max_examples=300, deadline=None)
@given(host=_HOST, user=_HOST, database=_HOST)
def test_what_res_pgsql_conf_holds_reaches_libpq_as_exactly_those_settings(host, user, database):
    """Whatever a URL holds, the written file, put together as Asterisk puts it together, gives libpq exactly
    host, port, dbname, user, password and application_name, with the values the URL meant."""
    from asterisk_ara import confgen
    from asterisk_ara.dburl import DatabaseURL
    from asterisk_ara.errors import AraError
    from psycopg.conninfo import conninfo_to_dict

    db = DatabaseURL("postgresql", "psycopg", username=user, password="pw-1234", host=host, port=5432,
                     database=database)
    try:
        files = confgen.realtime(db, "pgsql").files
    except AraError:
        return
    settings_ = dict(line.split("=", 1) for line in files["res_pgsql.conf"].splitlines()
                     if "=" in line and not line.startswith(";"))
    conninfo = (f"host={settings_.get('hostname') or settings_['socket']} port={settings_['port']} "
                f"dbname={settings_['dbname']} user={settings_['user']} password={settings_['password']} "
                f"application_name={settings_['appname']}")
    parsed = conninfo_to_dict(conninfo)
    assert set(parsed) == {"host", "port", "dbname", "user", "password", "application_name"}
    assert (parsed["host"], parsed["dbname"], parsed["user"]) == (db.socket_dir or host, database, user)


# --- a secret in the server's log ------------------------------------------------------------------------------

def test_a_node_login_is_made_from_its_hash_and_logs_in_with_the_password(server_db):
    """The DDL never holds the password (so no server log can), and the server takes the hash: the login works."""
    from asterisk_ara.dbapi import connect
    from asterisk_ara.dburl import parse
    from asterisk_ara.nodes import share as shares

    db = server_db
    password = "Plain-Login-Password-4711"
    sent: list[str] = []
    conn = connect(parse(db.url))
    real_execute = conn.execute
    conn.execute = lambda sql, params=(): (sent.append(sql), real_execute(sql, params))[1]
    login = f"{parse(db.url).database}_hashtest"[:60]
    try:
        shares.create_share(conn, "hashn", "hashn", f"{login}_s", login, password)
        conn.conn.commit()
        assert sent and not any(password in sql for sql in sent), sent
        p = parse(db.url)
        as_login = connect(parse(f"{db.dialect}://{login}:{password}@{p.host}:{p.port}/"
                                 f"{p.database if db.dialect == 'postgresql' else login + '_s'}"))
        as_login.close()
    finally:
        shares.drop_share(conn, f"{login}_s", login)
        conn.conn.commit()
        conn.close()


def test_scram_verifier_matches_rfc_7677():
    """RFC 7677's example: password 'pencil', salt W22ZaJ0SNY7soEsUEjb6gQ==, 4096 iterations."""
    import base64

    from asterisk_ara.nodes.share import mysql_native_hash, scram_sha_256

    verifier = scram_sha_256("pencil", base64.b64decode("W22ZaJ0SNY7soEsUEjb6gQ=="))
    assert verifier == ("SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:"
                        "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=")
    assert mysql_native_hash("password") == "*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19"


# --- a permit wider than asked ---------------------------------------------------------------------------------

@pytest.mark.parametrize("permit, needles", [
    ("192.168.1.5/0", ["would open AMI to every address"]),
    ("10.9.8.7/8", ["has host bits set", "10.0.0.0/8"]),
    ("0.0.0.0/0", ["would open AMI to every address"]),
    ("::/0", ["would open AMI to every address"]),
])
def test_an_ami_permit_wider_than_asked_is_refused(tmp_path, permit, needles):
    refused = run_cli("conf", "write", "--out", str(tmp_path / "etc"), "--ami-permit", permit,
                      "--ami-secret-env", "S", env={"S": AMI_SECRET})
    one_line_error(refused, f"ami-permit: {permit!r}", *needles)
    assert not (tmp_path / "etc" / "manager.conf").exists()


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.ip_addresses(v=4).map(str), st.ip_addresses(v=6).map(str)), st.integers(0, 128))
def test_every_permit_written_is_exactly_the_network_given(address, prefix):
    from asterisk_ara.ami.manager_conf import check_permit
    from asterisk_ara.errors import ValidationError

    value = f"{address}/{prefix}"
    try:
        written = check_permit(value)
    except ValidationError as exc:
        try:
            meant = ipaddress.ip_network(value, strict=False)
        except ValueError:
            return  # no network at all (a prefix too long)
        assert meant.prefixlen == 0 or str(meant) in str(exc), exc
        return
    assert written == str(ipaddress.ip_network(value)) and ipaddress.ip_network(written).prefixlen > 0


# --- tracebacks and raw driver errors --------------------------------------------------------------------------

@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=40), st.from_regex(r"wss?://[\[\]:0-9a-z.%\x1b]{0,20}(:[0-9a-z]{0,7})?/ws",
                                                     fullmatch=True)))
def test_any_wss_url_is_accepted_or_refused_in_one_line(value):
    from asterisk_ara.errors import ValidationError
    from asterisk_ara.nodes.registry import check_wss_url

    try:
        check_wss_url(value)
    except ValidationError as exc:
        assert str(exc).startswith("wss-url: ") and "\x1b" not in str(exc)


def test_a_broken_wss_url_is_one_line(pg_head):
    one_line_error(ara(pg_head, "node", "add", "w1", "--wss-url", "wss://[::1"), "wss-url:", "not a WebSocket URL")


_WAITING_INSERTS = {
    "postgresql": "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND "
                  "wait_event_type = 'Lock' AND query LIKE 'INSERT INTO asterisk_ara_nodes%'",
    "mysql": "SELECT COUNT(*) FROM information_schema.processlist WHERE db = DATABASE() AND "
             "state LIKE 'Waiting for%' AND info LIKE 'INSERT INTO asterisk_ara_nodes%'",
}


def test_two_node_adds_of_one_name_at_once_leave_one_node_and_one_line(server_db):
    """Both commands are held at the contested point: the test locks the node table against writes (reads go on),
    so each passes its checks that the name, share and login are free and then waits at its INSERT; both are
    seen waiting, the lock goes, and one of them makes the node while the other finds it made."""
    db = server_db
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASTERISK_ARA_DATABASE")}
    holder = db.connect()
    try:
        if db.dialect == "postgresql":
            holder.autocommit = False
            holder.execute("LOCK TABLE asterisk_ara_nodes IN EXCLUSIVE MODE")  # SELECT passes, INSERT waits
        else:
            holder.cursor().execute("LOCK TABLES asterisk_ara_nodes READ")
        procs = [subprocess.Popen([sys.executable, "-m", "asterisk_ara", "--database-url", db.url, "node", "add",
                                   "twin"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
                 for _ in range(2)]
        deadline = time.monotonic() + 60
        while db.execute(_WAITING_INSERTS[db.dialect])[0][0] < 2:
            ended = [p for p in procs if p.poll() is not None]
            assert not ended and time.monotonic() < deadline, [p.communicate() for p in ended]
            time.sleep(0.05)
    finally:
        if db.dialect == "postgresql":
            holder.rollback()
        else:
            holder.cursor().execute("UNLOCK TABLES")
        holder.close()
    won, lost = sorted((Result(p.wait(60), *p.communicate()) for p in procs), key=lambda r: r.exit_code)
    assert won.exit_code == 0, (won, lost)
    refused = one_line_error(lost, "node add twin", "at the same time", "nothing was changed by this one")
    assert "uplicate" not in refused, lost  # not the driver's own words
    shown = ara(db, "--json", "node", "show", "twin", check=True).stdout
    assert '"share_exists": true' in shown and '"login_exists": true' in shown, shown
    assert not ara(db, "node", "check", "twin").exit_code
    assert db.count("asterisk_ara_nodes") == 1


def test_node_refresh_mends_a_lost_share_in_one_run(server_db):
    from asterisk_ara.dburl import parse
    from asterisk_ara.nodes.registry import add_node, check_node

    db, url = server_db, parse(server_db.url)
    add_node(url, "n1")
    share = db.execute("SELECT share FROM asterisk_ara_nodes")[0][0]
    db.execute(f'DROP SCHEMA "{share}" CASCADE' if db.dialect == "postgresql" else f"DROP DATABASE `{share}`")
    assert check_node(url, "n1")
    ara(db, "node", "refresh", "n1", check=True)
    assert check_node(url, "n1") == []


def test_control_characters_from_the_database_or_an_ami_peer_never_reach_the_terminal(pg_head):
    from asterisk_ara.dburl import parse
    from asterisk_ara.nodes.registry import add_node

    add_node(parse(pg_head.url), "n1", login=False)
    pg_head.execute("UPDATE asterisk_ara_nodes SET wss_url = %s", ("wss://x\x1b]0;owned\x07\x1b[2J/ws",))
    for args in (("node", "list"), ("node", "show", "n1")):
        shown = ara(pg_head, *args, check=True)
        assert "\x1b" not in shown.stdout + shown.stderr and "\\x1b" in shown.stdout, shown

    def hostile(conn) -> None:
        conn.sendall(b"Asterisk Call Manager/11.0.0\r\n")
        conn.recv(4096)
        conn.sendall(b"Response: Error\r\nActionID: ara-1\r\nMessage: \x1b[2J\x1b]0;owned\x07refused\r\n\r\n")
        time.sleep(2)

    peer = FakeAmi(hostile)
    try:
        added = ara(pg_head, "ami", "add", "evil", "--host", "127.0.0.1", "--port", str(peer.port), "--secret-env",
                    "S", env={"S": AMI_SECRET})
    finally:
        peer.close()
    assert added.exit_code != 0 and "\x1b" not in added.stderr and "\x07" not in added.stderr, added
    assert "refused" in added.stderr


def test_a_taken_login_points_at_login_name(server_db):
    from asterisk_ara.dburl import parse
    from asterisk_ara.nodes.registry import add_node

    db = server_db
    add_node(parse(db.url), "n1")
    taken = db.execute("SELECT login FROM asterisk_ara_nodes")[0][0]
    refused = ara(db, "node", "add", "n2", "--login-name", taken)
    one_line_error(refused, "login:", "--login-name")


# --- a database that answers nothing ---------------------------------------------------------------------------

@pytest.mark.parametrize("scheme", ["postgresql", "mysql"])
def test_the_tool_gives_up_on_a_silent_database_within_its_limit(scheme):
    """Two commands at once, each against a server of its own that never answers: the fast path (webrtc list) and
    SQLAlchemy's (db current). Each ends in one line within its limit (2 s here) of reaching the server; the
    time before that is the start-up, which a busy machine stretches."""
    quiet = threading.Event()  # a stalled server looks so to a new client: connected, and never a word
    servers = {args: FakeAmi(lambda conn: quiet.wait(60)) for args in (("webrtc", "list"), ("db", "current"))}
    ended = {}

    def run(args):
        result = run_cli("--database-url", f"{scheme}://u@127.0.0.1:{servers[args].port}/db", *args,
                         env={"ASTERISK_ARA_DB_TIMEOUT": "2"}, separate_process=True)
        ended[args] = (result, time.monotonic())

    try:
        threads = [threading.Thread(target=run, args=(args,)) for args in servers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        quiet.set()
        for server in servers.values():
            server.close()
    assert len(ended) == 2, ended
    for args, (result, at) in ended.items():
        one_line_error(result, "cannot connect to", f"127.0.0.1:{servers[args].port}")
        assert servers[args].connected, (args, result)
        waited = at - servers[args].connected[0]
        assert waited < 2 + 3, (args, waited)  # the limit, and a busy machine's margin
