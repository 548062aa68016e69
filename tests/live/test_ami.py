"""Issue 23, part 1: with --cache, every change reaches every running Asterisk at once (AMI), on two nodes
reading one PostgreSQL database; a node that cannot be reached is named, and `ami sync` catches it up."""
from __future__ import annotations

import time

import pytest

from .asterisk import Asterisk
from .conftest import new_id, start_pbx
from .phone import Phone
from ..conftest import run_cli

pytestmark = pytest.mark.xdist_group("live-ami")
PASSWORD = "correct-horse-battery-staple"
NEW_PASSWORD = "a-brand-new-passphrase-42"
WITHIN = 1.0  # seconds after the command returned, for Asterisk's BYE to arrive


@pytest.fixture(scope="module")
def nodes(asterisk_binary, tmp_path_factory):
    """Two Asterisk nodes with the sorcery memory cache and AMI, on one database, both known to `ami`."""
    for node1 in start_pbx(asterisk_binary, tmp_path_factory, "pgsql", cache=True, ami=True):
        node2 = Asterisk(asterisk_binary, tmp_path_factory.mktemp("pbx-node2") / "asterisk", node1.database_url,
                         cache=True, ami=True)
        node2.generate()
        node2.start()
        try:
            for name, node in (("node1", node1), ("node2", node2)):
                node.name = name
                add_node(node1, name, node.ami_port, node.ami_secret)
            yield node1, node2
        finally:
            node2.stop()


def add_node(pbx: Asterisk, name: str, port: int, secret: str, *extra: str):
    result = run_cli("--database-url", pbx.database_url, "ami", "add", name, "--host", "127.0.0.1", "--port",
                     str(port), "--secret-env", "AMI_SECRET", *extra, env={"AMI_SECRET": secret})
    assert result.exit_code == 0, result
    return result


def add(pbx: Asterisk, *extra: str) -> str:
    client = new_id("c")
    pbx.ara("webrtc", "add", client, "--password-stdin", *extra, input=PASSWORD, check=True)
    return client


def registers(node: Asterisk, client: str, password: str) -> str:
    phone = Phone(node.port, client, password)
    try:
        return phone.register().kind
    finally:
        phone.close()


def wait_for_media(call, packets: int = 10, timeout: float = 5) -> bool:
    """The echo sends our RTP back (it starts a moment after the answer)."""
    deadline = time.monotonic() + timeout
    while len(call.received) < packets and time.monotonic() < deadline:
        time.sleep(0.05)
    return len(call.received) >= packets


def test_new_password_is_refused_and_accepted_on_both_nodes_once_the_command_returns(nodes):
    client = add(nodes[0])
    for node in nodes:  # both cache the client's endpoint, auth and aor
        assert registers(node, client, PASSWORD) == "registered"
    changed = nodes[0].ara("webrtc", "passwd", client, "--password-stdin", input=NEW_PASSWORD)
    assert changed.exit_code == 0, changed
    assert "Told AMI target(s) node1, node2." in changed.stderr
    # The first try on each node, no waiting and no retry: the caches were expired before the command returned.
    got = {(node.name, pw): registers(node, client, pw) for node in nodes for pw in (PASSWORD, NEW_PASSWORD)}
    assert got == {("node1", PASSWORD): "auth-failure", ("node1", NEW_PASSWORD): "registered",
                   ("node2", PASSWORD): "auth-failure", ("node2", NEW_PASSWORD): "registered"}


def test_update_is_seen_on_both_nodes(nodes):
    client = add(nodes[0])
    for node in nodes:
        assert node.settings("endpoint", client)["allow"] == "(opus|ulaw)"
    nodes[0].ara("webrtc", "update", client, "--codecs", "ulaw", "--context", "sales", check=True)
    for node in nodes:
        settings = node.settings("endpoint", client)
        assert (settings["allow"], settings["context"]) == ("(ulaw)", "sales")


def test_a_new_client_is_loaded_into_both_nodes_caches(nodes):
    # Nothing to expire, but every node reads the client at once: it is served even if the database goes away
    # before the phone's first REGISTER.
    client = new_id("n")
    added = nodes[0].ara("webrtc", "add", client, "--password-stdin", input=PASSWORD)
    assert added.exit_code == 0 and "Told AMI target(s) node1, node2." in added.stderr, added
    for node in nodes:
        assert all(client in cached_ids(node, kind) for kind in ("endpoint", "auth", "aor"))
    assert [registers(node, client, PASSWORD) for node in nodes] == ["registered", "registered"]


def test_removed_client_loses_its_registration_and_its_call_within_a_second(nodes):
    client = add(nodes[0], "--set", "endpoint.webrtc=no")  # plain RTP: our test phone does no DTLS
    on1 = Phone(nodes[0].port, client, PASSWORD)
    on2 = Phone(nodes[1].port, client, PASSWORD)
    try:
        assert on1.register().kind == "registered"
        assert on2.register().kind == "registered"
        call = on2.call("600")  # the echo test, on the other node
        assert call.status == 200
        assert wait_for_media(call) and call.bye_at is None
        assert f"PJSIP/{client}-" in nodes[1].cli("core show channels concise")
        started = time.monotonic()
        removed = nodes[0].ara("webrtc", "remove", client, "--yes")
        returned = time.monotonic()
        assert removed.exit_code == 0 and "Told AMI target(s) node1, node2." in removed.stderr, removed
        # Asterisk hung the call up (its BYE came) by the time the command returned, or within the second.
        while call.bye_at is None and time.monotonic() - returned < WITHIN:
            time.sleep(0.02)
        assert call.bye_at is not None and call.bye_at - returned < WITHIN
        print(f"webrtc remove took {returned - started:.2f} s; the BYE came {call.bye_at - started:.2f} s after it "
              "started")
        assert f"PJSIP/{client}-" not in nodes[1].cli("core show channels concise")
        for node in nodes:
            assert client not in node.contacts()
        # The phones come straight back: the removed client is refused on both nodes.
        assert [on1.register().kind, on2.register().kind] == ["auth-failure", "auth-failure"]
    finally:
        on1.close()
        on2.close()


def test_an_unreachable_node_is_named_and_ami_sync_catches_it_up(nodes, tmp_path):
    node1, node2 = nodes
    client = add(node1)
    for node in nodes:
        assert registers(node, client, PASSWORD) == "registered"
    # node2 as the tool knows it is now at a port where nothing listens: it misses the change.
    run_cli("--database-url", node1.database_url, "ami", "remove", "node2", check=True)
    from .asterisk import free_port

    add_node(node1, "node2", free_port(), node2.ami_secret, "--no-check")
    try:
        changed = node1.ara("webrtc", "passwd", client, "--password-stdin", input=NEW_PASSWORD)
        assert changed.exit_code == 3, changed
        lines = changed.stderr.splitlines()
        assert "Told AMI target(s) node1." in lines
        missed = [line for line in lines if "node2" in line]
        assert len(missed) == 1 and "did not get it: cannot connect to 127.0.0.1:" in missed[0]
        assert missed[0].endswith("once it is reachable, run: asterisk-ara ami sync node2")
        # The database change stands; node1 sees it, node2 still serves its cached credential.
        assert registers(node1, client, NEW_PASSWORD) == "registered"
        assert registers(node2, client, PASSWORD) == "registered"
        assert registers(node2, client, NEW_PASSWORD) == "auth-failure"
    finally:
        run_cli("--database-url", node1.database_url, "ami", "remove", "node2", check=True)
        add_node(node1, "node2", node2.ami_port, node2.ami_secret)
    synced = run_cli("--database-url", node1.database_url, "ami", "sync", "node2")
    assert synced.exit_code == 0 and "Expired the endpoint, auth and aor caches of node2." in synced.stderr, synced
    assert registers(node2, client, NEW_PASSWORD) == "registered"
    assert registers(node2, client, PASSWORD) == "auth-failure"


def cached_ids(node: Asterisk, kind: str) -> set[str]:
    """The ids in a node's res_pjsip/<kind> memory cache."""
    lines = node.cli(f"sorcery memory cache dump res_pjsip/{kind}").splitlines()
    return {line.split()[0] for line in lines[3:] if line.strip() and not line.startswith(("-", "Total"))}


def _csv(path, ids, context) -> str:
    path.write_text("id,context\n" + "".join(f"{i},{context}\n" for i in ids))
    return str(path)


def test_import_expires_what_it_updated_and_beyond_the_limit_whole_caches(nodes, tmp_path):
    limit = 50  # instead of 5,000 (ami.changes.PER_OBJECT_LIMIT), to keep the test short
    node1, node2 = nodes
    keep, change = add(node1), add(node1)
    for node in nodes:
        assert registers(node, keep, PASSWORD) == "registered" and registers(node, change, PASSWORD) == "registered"
    upsert = node1.ara("import", _csv(tmp_path / "one.csv", [change], "office"), "--mode", "upsert")
    assert upsert.exit_code == 0 and "Told AMI target(s) node1, node2." in upsert.stderr, upsert
    for node in nodes:  # the changed endpoint was read anew; on-demand's endpoint cache is expired whole (it cannot
        # expire one object: docs/explanation/loading.md), the other client's auth stayed cached
        assert node.settings("endpoint", change)["context"] == "office"
        assert change in cached_ids(node, "endpoint") and keep in cached_ids(node, "auth")
    many = [new_id("b") for _ in range(limit + 1)]
    pw = tmp_path / "pw.csv"
    node1.ara("import", _csv(tmp_path / "many.csv", many, "default"), "--passwords-out", str(pw), check=True)
    bulk = run_cli("--database-url", node1.database_url, "import", _csv(tmp_path / "many2.csv", many, "bulk"),
                   "--mode", "upsert", env={"ASTERISK_ARA_AMI_PER_OBJECT_LIMIT": str(limit)})
    assert bulk.exit_code == 0, bulk
    for node in nodes:  # more than the limit changed: the whole endpoint cache went, then the import's were read
        assert keep not in cached_ids(node, "endpoint") and keep in cached_ids(node, "auth")
        assert set(many) <= cached_ids(node, "endpoint")
        assert node.settings("endpoint", many[0])["context"] == "bulk"
        assert registers(node, keep, PASSWORD) == "registered"


def test_conf_import_and_the_python_api_tell_the_nodes(nodes, tmp_path):
    import asterisk_ara

    node1, node2 = nodes
    client = add(node1)
    for node in nodes:
        assert registers(node, client, PASSWORD) == "registered"
    conf = tmp_path / "pjsip.conf"
    conf.write_text(f"[{client}]\ntype=aor\nmax_contacts=2\nremove_existing=yes\n")
    imported = node1.ara("conf", "import", str(conf), "--mode", "upsert", "--only", "aor")
    assert imported.exit_code == 0 and "Told AMI target(s) node1, node2." in imported.stderr, imported
    for node in nodes:
        assert node.settings("aor", client)["max_contacts"] == "2"
    # The Python API from a URL: each operation commits, then tells.
    with asterisk_ara.connect(node1.database_url) as ara:
        ara.set_password(client, NEW_PASSWORD)
    assert [registers(node, client, NEW_PASSWORD) for node in nodes] == ["registered", "registered"]
    # On the caller's own connection: nothing is told before the caller commits and asks.
    import psycopg

    conn = psycopg.connect(node1.database_url)
    try:
        ara = asterisk_ara.connect(conn)
        ara.set_password(client, PASSWORD)
        conn.commit()
        assert registers(node2, client, NEW_PASSWORD) == "registered"  # still cached
        outcome = ara.tell_asterisk()
        assert outcome.told == ["node1", "node2"] and outcome.missed == []
    finally:
        conn.close()
    assert [registers(node, client, PASSWORD) for node in nodes] == ["registered", "registered"]


def test_ami_list_show_never_show_the_secret(nodes):
    node1, node2 = nodes
    outputs = [run_cli("--database-url", node1.database_url, *args) for args in (
        ("ami", "list"), ("--json", "ami", "list"), ("ami", "show", "node2", "--check"),
        ("--json", "ami", "show", "node1", "--check"), ("webrtc", "list"))]
    assert all(o.exit_code == 0 for o in outputs), outputs
    text = "".join(o.stdout + o.stderr for o in outputs)
    assert "node1" in text and "reachable: True" in text
    assert node1.ami_secret not in text and node2.ami_secret not in text
    log = (node1.root / "log" / "messages.log").read_text() + (node2.root / "log" / "messages.log").read_text()
    assert node1.ami_secret not in log and node2.ami_secret not in log
