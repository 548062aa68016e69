"""Realtime transports, the sorcery memory cache, several Asterisk nodes on one database, and databases made
by Asterisk's own migrations (issue 10, part 2: 4-7)."""
from __future__ import annotations

import pytest

from ..conftest import DATA
from .asterisk import Asterisk, failure
from .conftest import new_id, start_pbx

pytestmark = pytest.mark.xdist_group("live-wiring")
PASSWORD = "correct-horse-battery-staple"


def add(pbx, *extra: str) -> str:
    client = new_id()
    pbx.ara("webrtc", "add", client, "--password-stdin", *extra, input=PASSWORD, check=True)
    return client


@pytest.mark.parametrize("name", ["pgsql", "odbc-mariadb"])
def test_transports_from_ps_transports(name, asterisk_binary, tmp_path_factory):
    gen = start_pbx(asterisk_binary, tmp_path_factory, name, realtime_transports=True, start=False)
    pbx = next(gen)
    try:
        assert "[transport-" not in (pbx.etc / "pjsip.conf").read_text()
        pbx.ara("transport", "add", "transport-wss", "--protocol", "wss", check=True)
        pbx.ara("transport", "add", "transport-ws", "--protocol", "ws", check=True)
        pbx.start()
        listed = pbx.cli("pjsip show transports")
        assert "transport-wss" in listed and "transport-ws " in listed
        assert pbx.settings("transport", "transport-wss")["protocol"] == "wss"
        client = add(pbx, "--transport", "transport-wss")
        assert pbx.settings("endpoint", client)["transport"] == "transport-wss"
        for secure in (False, True):
            code, report = pbx.probe(client, PASSWORD, secure=secure)
            assert code == 0, failure(report)
    finally:
        gen.close()


def test_cache_keeps_old_objects_until_expired(asterisk_binary, tmp_path_factory):
    for pbx in start_pbx(asterisk_binary, tmp_path_factory, "pgsql", cache=True):
        client = add(pbx)
        assert pbx.probe(client, PASSWORD)[0] == 0  # now endpoint, aor and auth are cached
        new_password = "a-brand-new-passphrase-42"
        pbx.ara("webrtc", "passwd", client, "--password-stdin", input=new_password, check=True)
        # The cached auth still holds the old hash: the old password works, the new one does not.
        assert pbx.probe(client, PASSWORD)[0] == 0
        assert pbx.probe(client, new_password)[0] == 1
        pbx.cli("sorcery memory cache expire res_pjsip/auth")
        assert pbx.probe(client, new_password)[0] == 0
        assert pbx.probe(client, PASSWORD)[0] == 1

        pbx.ara("webrtc", "remove", client, "--yes", check=True)
        assert pbx.probe(client, new_password)[0] == 0  # cached endpoint, aor and auth: still registers
        for cache in ("res_pjsip/endpoint", "res_pjsip/aor", "res_pjsip/auth"):
            pbx.cli(f"sorcery memory cache expire {cache}")
        code, report = pbx.probe(client, new_password)
        assert code == 1 and report["failed_step"] == "register"


def test_two_asterisk_nodes_share_one_postgresql_database(asterisk_binary, tmp_path_factory):
    for first in start_pbx(asterisk_binary, tmp_path_factory, "pgsql"):
        second = Asterisk(asterisk_binary, first.root.parent / "second", first.database_url)
        second.generate()
        second.start()
        try:
            client = add(first)
            for node in (first, second):
                code, report = node.probe(client, PASSWORD)
                assert code == 0, failure(report)
                assert node.settings("endpoint", client)["context"] == "default"
            first.ara("webrtc", "passwd", client, "--password-stdin", input="changed-once-for-both-nodes",
                      check=True)
            assert [node.probe(client, "changed-once-for-both-nodes")[0] for node in (first, second)] == [0, 0]
        finally:
            second.stop()


@pytest.mark.parametrize("name, dump", [("pgsql", "ara_head_postgresql.sql"), ("odbc-mariadb", "ara_head_mysql.sql")])
def test_database_made_by_asterisks_own_migrations(name, dump, asterisk_binary, tmp_path_factory):
    gen = start_pbx(asterisk_binary, tmp_path_factory, name, start=False, upgrade=False)
    pbx = next(gen)
    try:
        pbx.database.run_script((DATA / dump).read_text())
        adopted = pbx.ara("db", "upgrade", check=True)
        assert "2285f2ace275" in adopted.stdout + adopted.stderr
        pbx.start()
        client = add(pbx)
        code, report = pbx.probe(client, PASSWORD, secure=True)
        assert code == 0, failure(report)
    finally:
        gen.close()
