"""Two Asterisk nodes on one database (issue 22), through res_config_pgsql and through ODBC on MariaDB.

Each node runs on the files of `conf write --node NAME` (its views, its own login, its systemname): it
registers its own clients, refuses the other node's, sees a moved client at once, and a node that restarts
leaves the other node's registrations alone (Asterisk prunes, at boot, every contact of its systemname it can
see: through its view, only its own).
"""
from __future__ import annotations

import re

import pytest

from ..conftest import make_database, run_cli
from .asterisk import Asterisk, Registration, failure
from .conftest import DRIVERS

pytestmark = pytest.mark.xdist_group("live-nodes")
PASSWORD = "correct-horse-battery-staple"


class Cluster:
    def __init__(self, database, nodes: dict[str, Asterisk]):
        self.database = database
        self.nodes = nodes

    def ara(self, *args: str, input: str | None = None, check: bool = False):
        return run_cli("--database-url", self.database.url, *args, input=input, check=check)


@pytest.fixture(scope="module", params=["pgsql", "odbc-mariadb"])
def cluster(request, asterisk_binary, tmp_path_factory):
    dialect, driver, _ = DRIVERS[request.param]
    root = tmp_path_factory.mktemp(f"nodes-{request.param}")
    for database in make_database(dialect, root):
        cluster = Cluster(database, {})
        cluster.ara("db", "upgrade", check=True)
        for name in ("n1", "n2"):
            cluster.ara("node", "add", name, "--wss-url", f"wss://{name}.example.com:8089/ws", check=True)
        for client, node in (("a1", "n1"), ("a2", "n1"), ("a3", "n1"), ("b1", "n2"), ("b2", "n2")):
            cluster.ara("webrtc", "add", client, "--node", node, "--password-stdin", input=PASSWORD, check=True)
        for name in ("n1", "n2"):
            pbx = Asterisk(asterisk_binary, root / name, database.url, driver, node=name)
            pbx.name = f"{request.param}-{name}"
            pbx.generate()
            cluster.nodes[name] = pbx
        try:
            for pbx in cluster.nodes.values():
                pbx.start()
            yield cluster
        finally:
            for pbx in cluster.nodes.values():
                pbx.stop()


def refused(pbx: Asterisk, user: str) -> str:
    code, report = pbx.probe(user, PASSWORD)
    assert code == 1, report
    step = next(s for s in report["steps"] if not s["ok"])
    assert step["name"] == "register", failure(report)
    return step["summary"]


def test_each_node_registers_its_own_clients_and_refuses_the_others(cluster):
    n1, n2 = cluster.nodes["n1"], cluster.nodes["n2"]
    assert n1.registers("a1", PASSWORD) and n2.registers("b1", PASSWORD)
    assert "401" in refused(n1, "b1")
    assert "401" in refused(n2, "a1")
    assert "No matching endpoint found" in n1.log_tail(200)
    # Each Asterisk lists only its own share (on-demand: the endpoints used since it started), and finds only its
    # own clients by name.
    assert "a1" in n1.cli("pjsip show endpoints") and "b1" not in n1.cli("pjsip show endpoints")
    assert re.search(r"^\s*Aor:\s+b2\s", n2.cli("pjsip show aor b2"), re.M)
    assert not re.search(r"^\s*Aor:\s+a2\s", n2.cli("pjsip show aor a2"), re.M)


def test_a_moved_client_registers_on_its_new_node_at_once(cluster):
    n1, n2 = cluster.nodes["n1"], cluster.nodes["n2"]
    assert n1.registers("a2", PASSWORD)
    cluster.ara("webrtc", "update", "a2", "--node", "n2", check=True)
    assert n2.registers("a2", PASSWORD)
    # The old node refuses it: 401, or 500 while its on-demand endpoint cache still holds the endpoint (nodes told
    # over AMI expire it at once: docs/explanation/loading.md).
    assert re.search(r"\b(401|500)\b", refused(n1, "a2"))
    shown = cluster.ara("--json", "webrtc", "show", "a2", check=True).stdout
    assert '"node": "n2"' in shown and "wss://n2.example.com:8089/ws" in shown


def test_registrations_carry_the_node_and_a_restarted_node_keeps_the_others(cluster):
    n1, n2 = cluster.nodes["n1"], cluster.nodes["n2"]
    theirs = Registration(n2, "b2", PASSWORD)
    mine = Registration(n1, "a3", PASSWORD)
    try:
        rows = cluster.database.execute("SELECT id, reg_server FROM ps_contacts ORDER BY id")
        servers = {row[0].split("^3B")[0].split(";")[0]: row[1] for row in rows}
        assert servers == {"a3": "n1", "b2": "n2"}, rows
        n1.stop()
        n1.start()
        # n1 pruned what was its own at boot (a WebSocket registration cannot outlive a restart) and nothing else.
        rows = cluster.database.execute("SELECT reg_server FROM ps_contacts")
        assert [r[0] for r in rows] == ["n2"], rows
        assert "b2" in n2.contacts()
        assert n2.registers("b1", PASSWORD) and n1.registers("a1", PASSWORD)
    finally:
        theirs.close()
        mine.close()
